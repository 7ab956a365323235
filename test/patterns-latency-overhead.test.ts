import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/engine/index.js';
import { collectRunOutcome } from '../src/models/index.js';
import { PATTERN_IDS, patterns, tinyWorldConfig, traceOneOrder } from '../src/patterns/index.js';

// One order in the tiny world: a free slot, so no slot wait, and 600 s of processing in every
// pattern. Overhead is then exactly end to end less 600 s: what the pattern's messages,
// polls and notifications add. Random-world properties are in patterns-invariants.test.ts.

describe('latency overhead: end to end less processing and slot wait', () => {
  it.each(PATTERN_IDS)('%s: one order, overhead = e2e - 600 s, in the order and in runs.csv', (id) => {
    const t = traceOneOrder(patterns[id]);
    const o = t.order;
    expect(o.outcome).toBe('completed');
    expect(o.jobStartedAt - o.jobQueuedAt).toBe(0);
    expect(o.jobEndedAt - o.jobStartedAt).toBe(10 * MINUTE);
    const e2e = o.outcomeKnownAt - o.placedAt;
    const m = collectRunOutcome(t.world).metrics;
    expect(m.latency_overhead_max_s).toBe((e2e - 10 * MINUTE) / SECOND);
    expect(m.latency_overhead_mean_s).toBe(m.latency_overhead_max_s);
    expect(m.latency_overhead_max_s).toBeGreaterThan(0);
    expect(m.latency_e2e_max_s).toBe(e2e / SECOND);
  });

  it('A by hand: the POST reaches the filler at 1.040 s, its event reaches the placer 40 ms after the work: 80 ms', () => {
    const m = collectRunOutcome(traceOneOrder(patterns.A).world).metrics;
    expect(m.latency_overhead_p50_s).toBeCloseTo(0.08, 9);
    expect(m.latency_e2e_p50_s).toBeCloseTo(600.08, 9);
  });

  it('a wait for a busy slot is not overhead: two orders on a one-slot filler, the second waits 600 s less 60 s', () => {
    // Orders at 1 s and 61 s; the second is queued at 61.040 s and starts when the first ends at 601.040 s.
    const base = tinyWorldConfig();
    const t = traceOneOrder(patterns.A, tinyWorldConfig({ placers: { ...base.placers, meanInterarrival: MINUTE, maxOrders: 2 } }));
    const [first, second] = t.world.ledger.all();
    expect(first?.outcome).toBe('completed');
    expect(second?.outcome).toBe('completed');
    const s = second as NonNullable<typeof second>;
    expect(s.jobStartedAt - s.jobQueuedAt).toBe(540 * SECOND);
    const m = collectRunOutcome(t.world).metrics;
    expect(m.latency_overhead_max_s).toBeCloseTo(0.08, 9);
    expect(m.latency_e2e_max_s).toBeCloseTo(1140.08, 9);
  });
});
