import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exponential, Lognormal, MILLISECOND, MINUTE, SECOND } from '../src/engine/index.js';
import { World, collectRunOutcome, type WorldConfig } from '../src/models/index.js';
import { PATTERN_IDS, patterns, tinyWorldConfig } from '../src/patterns/index.js';

/** Small random worlds covering every knob the patterns react to. */
const smallWorld = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  placers: fc.integer({ min: 1, max: 3 }),
  fillers: fc.integer({ min: 1, max: 3 }),
  capacity: fc.integer({ min: 1, max: 3 }),
  accept: fc.constantFrom(1, 0.7, 0.3),
  loss: fc.constantFrom(0, 0.05, 0.2),
  discovery: fc.constantFrom('poll' as const, 'subscription' as const),
  payload: fc.constantFrom('empty' as const, 'id-only' as const, 'full-resource' as const),
  subscriptionLoss: fc.constantFrom(0, 0.3),
  batch: fc.constantFrom(0, 5 * SECOND),
  heartbeat: fc.constantFrom(0, 2 * MINUTE),
  host: fc.constantFrom('placer' as const, 'intermediary' as const),
  cancel: fc.constantFrom(0, 0.5),
  ownership: fc.constantFrom('auto' as const, 'placer' as const, 'filler' as const),
  ifMatch: fc.boolean(),
  statusQuery: fc.constantFrom(0, 90 * SECOND),
  via: fc.constantFrom('search' as const, 'operation' as const),
  mode: fc.constantFrom('sync' as const, 'async' as const),
  selection: fc.constantFrom('preference' as const, 'round-robin' as const, 'least-loaded' as const),
  conflictStatus: fc.constantFrom(409 as const, 412 as const),
  aligned: fc.boolean(),
});

function configOf(w: fc.Arbitrary<unknown> extends never ? never : ReturnType<typeof smallWorld.generate>['value']): WorldConfig {
  const base = tinyWorldConfig();
  return tinyWorldConfig({
    seed: w.seed,
    horizon: 90 * MINUTE,
    warmup: 10 * MINUTE,
    placers: { count: w.placers, meanInterarrival: 4 * MINUTE, arrivals: 'poisson' },
    fillers: { count: w.fillers, capacity: w.capacity, processing: new Lognormal(6 * MINUTE, 0.8), acceptProbability: w.accept },
    network: { latency: new Lognormal(40 * MILLISECOND, 0.6), loss: w.loss, timeout: 2 * SECOND, retries: 2 },
    server: { ...base.server, host: w.host, conflictStatus: w.conflictStatus, serviceTime: { ...base.server.serviceTime, search: new Exponential(15 * MILLISECOND) } },
    discovery: w.discovery,
    polling: { interval: MINUTE, jitter: w.aligned ? 0 : 0.2, phase: w.aligned ? 'aligned' : 'random' },
    subscription: { payload: w.payload, matchDelay: 0, batchInterval: w.batch, loss: w.subscriptionLoss, retries: 1, heartbeat: w.heartbeat },
    messaging: { mode: w.mode, ackTimeout: 10 * SECOND, retries: 2, progress: true },
    service: { mode: w.mode },
    broker: { selection: w.selection, assignTimeout: 3 * MINUTE },
    cancellation: { probability: w.cancel, after: new Exponential(5 * MINUTE), ownership: w.ownership },
    clients: { ifMatch: w.ifMatch },
    statusQuery: { interval: w.statusQuery, via: w.via },
  });
}

describe('invariants hold in random small worlds, for every pattern', () => {
  it.each(PATTERN_IDS)('%s', (id) => {
    fc.assert(
      fc.property(smallWorld, (w) => {
        const world = new World(configOf(w));
        patterns[id].setup(world);
        // Throws on any violated invariant: illegal Task transition, second owner, second
        // outcome, cancelling a completed order, or a message neither received, lost nor in flight.
        world.run();
        const m = collectRunOutcome(world).metrics;
        const outcomes = (m.orders_completed as number) + (m.orders_rejected as number) + (m.orders_cancelled as number) + (m.orders_failed as number) + (m.orders_open as number);
        expect(outcomes).toBe(m.orders_placed);
        const t = world.traffic;
        expect(t.sent).toBe(t.delivered + t.lost + t.inFlight);
        const measuredOverhead: number[] = [];
        for (const o of world.ledger.orders()) {
          if (o.outcomeKnownAt >= 0) expect(o.outcomeKnownAt).toBeGreaterThanOrEqual(o.placedAt);
          if (o.outcome === 'completed') {
            expect(o.finishedAt).toBeGreaterThanOrEqual(o.placedAt);
            if (o.outcomeKnownAt >= 0) expect(o.outcomeKnownAt).toBeGreaterThanOrEqual(o.finishedAt);
          }
          // A placer never believes something other than what happened.
          if (o.outcomeKnownAt >= 0) expect(o.outcome).not.toBe('open');
          // Every pattern's work goes through a filler job, so end to end splits exactly into
          // the job's slot wait, its processing, and what the pattern adds (never negative).
          if (o.outcome === 'completed' && o.outcomeKnownAt >= 0) {
            const e2e = o.outcomeKnownAt - o.placedAt;
            const slotWait = o.jobStartedAt - o.jobQueuedAt;
            const processing = o.jobEndedAt - o.jobStartedAt;
            const overhead = e2e - processing - slotWait;
            expect(o.jobEndedAt).toBeGreaterThanOrEqual(0);
            expect(slotWait).toBeGreaterThanOrEqual(0);
            expect(processing).toBeGreaterThanOrEqual(0);
            expect(overhead).toBeGreaterThanOrEqual(0);
            expect(overhead).toBeLessThanOrEqual(e2e);
            expect(overhead + processing + slotWait).toBe(e2e);
            if (o.measured) measuredOverhead.push(overhead);
          }
        }
        // The ledger's overhead statistics are exactly those orders' overheads.
        const overhead = world.ledger.latency.overhead.tally;
        expect(overhead.count).toBe(world.ledger.latency.e2e.tally.count);
        expect(overhead.count).toBe(measuredOverhead.length);
        if (overhead.count > 0) {
          expect(overhead.max).toBe(Math.max(...measuredOverhead));
          expect(overhead.min).toBe(Math.min(...measuredOverhead));
          expect(m.latency_overhead_max_s as number).toBeLessThanOrEqual(m.latency_e2e_max_s as number);
          expect(m.latency_overhead_mean_s as number).toBeLessThanOrEqual(m.latency_e2e_mean_s as number);
        } else {
          expect(m.latency_overhead_p95_s).toBeNaN();
        }
        for (const s of world.servers) expect(s.store.fullScans).toBe(0);
      }),
      { numRuns: 25 },
    );
  });
});
