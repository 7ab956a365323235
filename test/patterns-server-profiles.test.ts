import { describe, expect, it } from 'vitest';
import { MINUTE } from '../src/engine/index.js';
import { MessageTrace, World, collectRunOutcome } from '../src/models/index.js';
import { patterns, type PatternId } from '../src/patterns/index.js';
import { parseScenario, toWorldConfig } from '../src/scenario/index.js';

// What a profile changes shows in a run: the statuses the server answers, and whether a
// notification survives an endpoint that is down for a while.

function run(pattern: PatternId, text: string): { world: World; trace: MessageTrace } {
  const world = new World(toWorldConfig(parseScenario(text, 'p.yaml'), 7));
  const trace = new MessageTrace();
  world.network.tracer = trace;
  patterns[pattern].setup(world);
  world.run();
  return { world, trace };
}

/** E with three fillers polling in step: their claims on each open Task collide. */
const contention = (profile: string): string => `name: e
horizon: 1h
warmup: 0s
placers: { count: 1, orderRate: 6/h, arrivals: fixed }
fillers: { count: 3, acceptProbability: 1, processing: 1min }
polling: { interval: 1min, jitter: 0, phase: aligned }
server: { profile: ${profile} }
`;

/** C with orders every 30 s and the filler's notification endpoint down from 10 to 12 min. */
const endpointDown = (profile: string): string => `name: c
horizon: 40min
warmup: 0s
placers: { count: 1, orderRate: 2/min, arrivals: fixed }
fillers: { count: 1, capacity: 200, acceptProbability: 1, processing: 1min }
outages: [{ endpoint: fillers, at: 10min, for: 2min }]
server: { profile: ${profile} }
`;

describe('server profiles in a run', () => {
  it.each([
    ['hapi', 409, 412],
    ['medplum', 412, 409],
    ['generic', 412, 409],
  ] as const)('%s: a claim over a stale version is answered %i', (profile, status, never) => {
    const { world, trace } = run('E', contention(profile));
    const claims = trace.lines.filter((l) => l.text.startsWith('PUT Task/') && l.text.includes('If-Match'));
    const conflicts = claims.filter((l) => l.status === status).length;
    expect(conflicts).toBeGreaterThan(0);
    expect(claims.some((l) => l.status === never)).toBe(false);
    // Counted as conflicts whichever status carries them.
    expect(collectRunOutcome(world).metrics.etag_conflicts).toBe(conflicts);
  });

  it('hapi: matching runs on a 5 s schedule, so a notification leaves at a multiple of 5 s', () => {
    const { trace } = run('C', endpointDown('hapi'));
    // Before the outage every notification gets through at its first attempt.
    const sent = trace.lines.filter((l) => l.kind === 'notification' && l.sentAt < 10 * MINUTE).map((l) => l.sentAt);
    expect(sent.length).toBeGreaterThan(20);
    // Dispatch work (2 ms) after the batch tick.
    for (const t of sent) expect(t % 5_000_000).toBe(2000);
  });

  it('hapi gives up a notification whose endpoint stays down 2 min; medplum delivers it after backing off; both recover every order', () => {
    const hapi = run('C', endpointDown('hapi'));
    const medplum = run('C', endpointDown('medplum'));
    const h = collectRunOutcome(hapi.world).metrics;
    const m = collectRunOutcome(medplum.world).metrics;
    // HAPI tries for about a minute: events from 10:00 to about 11:00 are lost, the subscriber
    // finds the gap at the next notification and recovers them by search.
    expect(h.notifications_lost).toBeGreaterThan(0);
    expect(h.notifications_recovered).toBeGreaterThan(0);
    // Medplum's doubling waits outlast the outage: nothing is lost (events may arrive out of order).
    expect(m.notifications_lost).toBe(0);
    expect(medplum.world.notificationStats.failedAttempts).toBeGreaterThan(0);
    // Every notification refused in the outage is delivered after it by a later attempt with
    // Medplum; with HAPI some never are.
    const refusedThenDelivered = (t: MessageTrace): [number, number] => {
      const toFiller = t.lines.filter((l) => l.kind === 'notification' && l.to === 'filler/0/notifications');
      const refused = new Set(toFiller.filter((l) => l.status === 503).map((l) => l.text));
      const delivered = new Set(toFiller.filter((l) => l.status === 200 && l.sentAt >= 12 * MINUTE && refused.has(l.text)).map((l) => l.text));
      return [refused.size, delivered.size];
    };
    const [refusedM, deliveredM] = refusedThenDelivered(medplum.trace);
    expect(refusedM).toBeGreaterThan(0);
    expect(deliveredM).toBe(refusedM);
    const [refusedH, deliveredH] = refusedThenDelivered(hapi.trace);
    expect(deliveredH).toBeLessThan(refusedH);
    for (const w of [hapi.world, medplum.world]) {
      for (const o of w.ledger.orders()) if (o.placedAt < 30 * MINUTE) expect(o.outcome, `order ${o.id}`).toBe('completed');
    }
  });
});
