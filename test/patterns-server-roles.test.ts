import { describe, expect, it } from 'vitest';
import { SECOND } from '../src/engine/index.js';
import { FhirServer, SERVER_ROLES, World, collectRunOutcome, type Attempt, type NetworkTracer, type ServerRole } from '../src/models/index.js';
import { PATTERN_IDS, patterns, tinyWorldConfig, type PatternId } from '../src/patterns/index.js';

/** The roles each pattern's servers play in the tiny world (host: intermediary). */
const ROLES: Record<PatternId, readonly ServerRole[]> = {
  A: ['placer', 'filler'],
  B: ['intermediary'],
  C: ['intermediary'],
  D: ['placer', 'filler'],
  E: ['intermediary'],
  F: ['filler'],
  G: ['broker'],
  H: ['placer', 'filler'],
  I: ['filler'],
};

/** Counts the request attempts sent to FHIR servers, by role, and when. */
class RequestsByRole implements NetworkTracer {
  readonly sent: { role: ServerRole; at: number }[] = [];
  request(attempt: Attempt, now: number): void {
    const target = attempt.exchange.target;
    if (target instanceof FhirServer) this.sent.push({ role: target.role, at: now });
  }
  response(): void {}
}

describe('per-role server load in runs.csv', () => {
  it.each(PATTERN_IDS)('%s: every request that reached a server counted once under its role; absent roles empty', (id) => {
    const config = tinyWorldConfig();
    const world = new World(config);
    const tracer = new RequestsByRole();
    world.network.tracer = tracer;
    patterns[id].setup(world);
    world.run();
    const m = collectRunOutcome(world).metrics;
    expect([...new Set(world.servers.map((s) => s.role))].sort()).toEqual([...ROLES[id]].sort());
    for (const role of SERVER_ROLES) {
      // No loss, no queue to speak of: a request is served 40 ms after it is sent, unless the horizon comes first.
      const served = tracer.sent.filter((r) => r.role === role && r.at < config.horizon - SECOND).length;
      expect(m[`server_${role}_requests`], role).toBe(served);
      if (ROLES[id].includes(role)) {
        expect(served, role).toBeGreaterThan(0);
        expect(m[`server_${role}_utilization`], role).toBeGreaterThan(0);
        expect(m[`server_${role}_utilization`], role).toBeLessThanOrEqual(m.server_utilization_max as number);
        expect(m[`server_${role}_queue_wait_mean_s`], role).toBeGreaterThanOrEqual(0);
      } else {
        expect(m[`server_${role}_utilization`], role).toBeNaN();
        expect(m[`server_${role}_queue_wait_mean_s`], role).toBeNaN();
      }
    }
    const utilizations = SERVER_ROLES.map((r) => m[`server_${r}_utilization`] as number).filter((u) => !Number.isNaN(u));
    expect(Math.max(...utilizations)).toBe(m.server_utilization_max);
  });

  it('queue wait and requests leave out notification dispatches and requests dropped unexecuted', () => {
    // C: the intermediary's workers also dispatch notifications; those are work, not requests served.
    const world = new World(tinyWorldConfig());
    patterns.C.setup(world);
    world.run();
    const q = world.serverNamed('intermediary');
    const m = collectRunOutcome(world).metrics;
    expect(q.workers.granted).toBeGreaterThan(q.requestWaits.count);
    expect(m.server_intermediary_requests).toBe(q.requestWaits.count);
    // Each dispatch (handshake or notification) is one unit of worker time and one message out.
    const dispatches = (m.interactions_notification as number) + (m.interactions_handshake as number) + (m.interactions_heartbeat as number);
    expect(dispatches).toBeGreaterThan(0);
    expect(q.workers.granted - q.requestWaits.count).toBe(dispatches + q.abandoned);
  });
});
