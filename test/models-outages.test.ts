import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/engine/index.js';
import { World, collectRunOutcome, type OutageConfig } from '../src/models/index.js';
import { patterns, type PatternId } from '../src/patterns/index.js';
import { scenarioProblems } from './support/scenario-problems.js';
import { c, worldConfig } from './support/world-config.js';

// An outage is simulated, not assumed: a down server answers nothing (clients time out and
// retry, pollers catch up afterwards), its own notification work waits for it, and a down
// endpoint refuses deliveries (the server retries or gives up; the subscriber recovers).

function run(id: PatternId, outages: OutageConfig[], overrides: Parameters<typeof worldConfig>[0] = {}): World {
  const w = new World(worldConfig({
    horizon: 4 * HOUR,
    warmup: 0,
    placers: { count: 20, meanInterarrival: 10 * MINUTE, arrivals: 'poisson' },
    fillers: { count: 4, capacity: 40, processing: c(10 * MINUTE), acceptProbability: 1 },
    outages,
    ...overrides,
  }));
  patterns[id].setup(w);
  w.run();
  return w;
}

const intermediaryDown: OutageConfig = { kind: 'server', target: 'intermediary', at: HOUR, for: 30 * MINUTE };

/**
 * Orders placed well before the outage (their work, 10 min, was over) or after it complete; an
 * order placed in it fails (its create timed out on every retry: 4 attempts in 40 s); one in
 * flight when it struck completes or fails (a result it could not deliver); none is left open.
 */
function expectOutcomes(w: World): void {
  let failed = 0;
  for (const o of w.ledger.orders()) {
    if (o.placedAt >= 3 * HOUR) continue;
    const during = o.placedAt >= HOUR && o.placedAt < HOUR + 30 * MINUTE - 40_000_000;
    const clear = o.placedAt < HOUR - 15 * MINUTE || o.placedAt >= HOUR + 30 * MINUTE;
    if (during) expect(o.outcome, `order ${o.id} placed in the outage`).toBe('failed');
    else if (clear) expect(o.outcome, `order ${o.id}`).toBe('completed');
    else expect(['completed', 'failed'], `order ${o.id}`).toContain(o.outcome);
    if (o.outcome === 'failed') failed++;
  }
  expect(failed).toBeGreaterThan(5);
}

describe('outages', () => {
  it('B: the intermediary down for 30 min drops what reaches it; a write that cannot get through within its retries fails, the rest catch up', () => {
    const w = run('B', [intermediaryDown]);
    const m = collectRunOutcome(w).metrics;
    expect(m.outage_requests_dropped).toBeGreaterThan(50);
    expectOutcomes(w);
    // Caught: those placed during it (2 per min) and those open at its start.
    expect(m.orders_caught_by_outage).toBeGreaterThan(10);
    expect(m.orders_delayed_by_outage).toBeGreaterThan(0);
    expect(m.orders_delayed_by_outage).toBeLessThanOrEqual(m.orders_caught_by_outage as number);
    expect(m.outage_recovery_s).toBeGreaterThan(0);
    // Nothing was answered while it was down.
    const q = w.serverNamed('intermediary');
    expect(q.outages?.isDown(HOUR + MINUTE)).toBe(true);
    expect(q.outages?.isDown(HOUR + 30 * MINUTE)).toBe(false);
  });

  it('the same world without the outage: no drops, and the outage columns are empty (not zero)', () => {
    const m = collectRunOutcome(run('B', [])).metrics;
    expect([m.outage_requests_dropped, m.orders_caught_by_outage, m.orders_delayed_by_outage, m.outage_recovery_s].every(Number.isNaN)).toBe(true);
    expect(collectRunOutcome(run('B', [intermediaryDown])).metrics.latency_overhead_max_s).toBeGreaterThan(m.latency_overhead_max_s as number);
  });

  it('C: notifications wait while the server is down and go out when it is back; every order placed before 3 h completes', () => {
    const w = run('C', [intermediaryDown], { subscription: { payload: 'id-only', matchDelay: 0, batchInterval: 0, loss: 0, retries: 3, heartbeat: 0 } });
    const m = collectRunOutcome(w).metrics;
    expect(m.outage_requests_dropped).toBeGreaterThan(0);
    expectOutcomes(w);
    expect(m.orders_delayed_by_outage).toBeGreaterThan(0);
  });

  it('time to recover counts catching up, not the 10 min of work that follows: under two poll intervals after the end, in B and C', () => {
    const sub = { subscription: { payload: 'id-only' as const, matchDelay: 0, batchInterval: 0, loss: 0, retries: 3, heartbeat: 0 } };
    for (const [id, extra] of [['B', {}], ['C', sub]] as const) {
      const m = collectRunOutcome(run(id, [intermediaryDown], extra)).metrics;
      expect(m.orders_delayed_by_outage, id).toBeGreaterThan(0);
      expect(m.outage_recovery_s, id).toBeGreaterThanOrEqual(0);
      expect(m.outage_recovery_s, id).toBeLessThan(120);
    }
  });

  it("C: the fillers' endpoints down for 30 min refuse deliveries; the server gives up on some, the fillers recover them by search at the next notification", () => {
    const w = run('C', [{ kind: 'endpoint', target: 'fillers', at: HOUR, for: 30 * MINUTE }], { subscription: { payload: 'id-only', matchDelay: 0, batchInterval: 0, loss: 0, retries: 2, heartbeat: 0 } });
    const m = collectRunOutcome(w).metrics;
    expect(m.outage_requests_dropped).toBeGreaterThan(0);
    expect((m.notifications_lost as number) + (m.notifications_recovered as number)).toBeGreaterThan(0);
    for (const o of w.ledger.orders()) if (o.placedAt < 3 * HOUR) expect(o.outcome, `order ${o.id}`).toBe('completed');
    // The placers' endpoints were never down: the intermediary itself answered throughout.
    expect(w.serverNamed('intermediary').outages).toBeNull();
  });

  it('an actor outage hits that actor only: filler/1\'s own server in D', () => {
    const w = run('D', [{ kind: 'server', target: 'filler/1', at: HOUR, for: 30 * MINUTE }]);
    expect(w.serverNamed('filler/1/fhir').outages).not.toBeNull();
    expect(w.serverNamed('filler/0/fhir').outages).toBeNull();
    expect(collectRunOutcome(w).metrics.outage_requests_dropped).toBeGreaterThan(0);
  });

  it('scenario files: an outage names one server or endpoint that exists', () => {
    const problems = (text: string): string => scenarioProblems(text, 'o.yaml');
    expect(problems('name: o\noutages: [{ server: intermediary, at: 2h, for: 20min }]\n')).toBe('');
    expect(problems('name: o\noutages: [{ server: intermediary, endpoint: placers, at: 2h, for: 20min }]\n')).toBe('o.yaml:2 outages[0]: expected exactly one of server or endpoint');
    expect(problems('name: o\noutages: [{ server: intermediate, at: 2h, for: 20min }]\n')).toBe('o.yaml:2 outages[0].server: expected intermediary, placer, filler, broker or an actor such as filler/2, got "intermediate"');
    expect(problems('name: o\nfillers: { count: 5 }\noutages:\n  - { server: filler/7, at: 2h, for: 20min }\n')).toBe('o.yaml:4 outages[0].server: expected one of filler/0 .. filler/4 (there are 5 fillers), got "filler/7"');
    expect(problems('name: o\noutages: [{ endpoint: placers, at: 2h, for: 0s }]\n')).toMatch(/outages\[0\]\.for: expected a duration > 0/);
  });
});
