import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, RandomStreams, Simulation, createStream } from '../src/engine/index.js';
import { Broker, Filler, OrderLedger, Placer, type CancellationConfig, type Order, type PlacerConfig } from '../src/models/index.js';
import { c } from './support/world-config.js';

/** Runs one placer to `horizon`; returns the placement times and the cancellations it asked for. */
function runPlacer(seed: number, config: PlacerConfig, horizon: number, cancellation: CancellationConfig | null = null, closeAfter = Infinity): { placed: number[]; cancels: [number, number][] } {
  const sim = new Simulation();
  const ledger = new OrderLedger(0);
  const placer = new Placer(0, sim, ledger, config, cancellation, new RandomStreams(seed).scoped('placer/0'));
  const placed: number[] = [];
  const cancels: [number, number][] = [];
  placer.start({
    onOrder: (p, o) => {
      placed.push(sim.now);
      if (closeAfter < Infinity) sim.schedule(closeAfter, () => p.close(o));
    },
    onCancel: (_p, o) => cancels.push([o.id, sim.now - o.placedAt]),
  });
  sim.run({ until: horizon });
  expect(ledger.all().map((o) => o.placedAt)).toEqual(placed);
  return { placed, cancels };
}

describe('placer arrivals', () => {
  it('Poisson: mean count over 20 seeds within 3% of rate x horizon, exponential gaps (cv within 5% of 1)', () => {
    const mean = MINUTE;
    const horizon = 10 * HOUR;
    const gaps: number[] = [];
    let count = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { placed } = runPlacer(seed, { meanInterarrival: mean, arrivals: 'poisson' }, horizon);
      count += placed.length;
      for (let i = 1; i < placed.length; i++) gaps.push((placed[i] as number) - (placed[i - 1] as number));
    }
    // 20 x 600 expected orders: the total is Poisson(12,000), sd 110 (0.9%), so 3% is 3.3 sd.
    expect(Math.abs(count / 20 - horizon / mean) / (horizon / mean)).toBeLessThan(0.03);
    const m = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - m) ** 2, 0) / (gaps.length - 1));
    // The sample cv of 12,000 exponential gaps has a standard error of about 1.3%: 5% is ~4 of them.
    // Fixed-rate arrivals have cv 0, uniform gaps about 0.58.
    expect(Math.abs(sd / m - 1)).toBeLessThan(0.05);
  });

  it('fixed: equally spaced gaps of exactly the mean, starting at a random phase within one gap', () => {
    const starts = new Set<number>();
    for (let seed = 1; seed <= 5; seed++) {
      const { placed } = runPlacer(seed, { meanInterarrival: MINUTE, arrivals: 'fixed' }, HOUR);
      const first = placed[0] as number;
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(MINUTE);
      expect(placed).toEqual(Array.from({ length: 60 }, (_v, i) => first + i * MINUTE));
      starts.add(first);
    }
    expect(starts.size).toBe(5);
  });

  it('the same seed places at the same times; another placer index uses other streams', () => {
    expect(runPlacer(7, { meanInterarrival: MINUTE, arrivals: 'poisson' }, HOUR)).toEqual(runPlacer(7, { meanInterarrival: MINUTE, arrivals: 'poisson' }, HOUR));
    expect(runPlacer(7, { meanInterarrival: MINUTE, arrivals: 'poisson' }, HOUR).placed).not.toEqual(runPlacer(8, { meanInterarrival: MINUTE, arrivals: 'poisson' }, HOUR).placed);
  });

  it('cancels after the configured delay only orders still open; probability 0 never cancels', () => {
    const cancellation: CancellationConfig = { probability: 1, after: c(10 * MINUTE), ownership: 'placer' };
    const stillOpen = runPlacer(1, { meanInterarrival: MINUTE, arrivals: 'fixed' }, HOUR, cancellation);
    expect(stillOpen.cancels.length).toBeGreaterThanOrEqual(49);
    expect(stillOpen.cancels.every(([, after]) => after === 10 * MINUTE)).toBe(true);
    const closedEarly = runPlacer(1, { meanInterarrival: MINUTE, arrivals: 'fixed' }, HOUR, cancellation, 5 * MINUTE);
    expect(closedEarly.cancels).toEqual([]);
    expect(runPlacer(1, { meanInterarrival: MINUTE, arrivals: 'fixed' }, HOUR, { ...cancellation, probability: 0 }).cancels).toEqual([]);
  });

  it('firstArrival and maxOrders pin a tiny traced run', () => {
    expect(runPlacer(1, { meanInterarrival: MINUTE, arrivals: 'fixed', firstArrival: 5 * MINUTE, maxOrders: 3 }, HOUR).placed).toEqual([5, 6, 7].map((m) => m * MINUTE));
    expect(runPlacer(1, { meanInterarrival: MINUTE, arrivals: 'poisson', maxOrders: 0 }, HOUR).placed).toEqual([]);
  });

  it('rejects a non-positive mean interarrival', () => {
    expect(() => new Placer(0, new Simulation(), new OrderLedger(0), { meanInterarrival: 0, arrivals: 'poisson' }, null, new RandomStreams(1))).toThrow(RangeError);
  });
});

describe('filler', () => {
  const make = (capacity: number, acceptProbability = 1, seed = 1): { sim: Simulation; filler: Filler; ledger: OrderLedger } => {
    const sim = new Simulation();
    const ledger = new OrderLedger(0);
    const filler = new Filler(0, sim, ledger, { capacity, processing: c(10 * MINUTE), acceptProbability });
    return { sim, filler, ledger };
  };

  it('capacity queues jobs: 2 slots, 5 jobs of 10 min at 0 and one at 25 min (exact trace)', () => {
    const { sim, filler, ledger } = make(2);
    const done: [number, number][] = [];
    const orders = Array.from({ length: 6 }, () => ledger.place(0, 0));
    for (const o of orders.slice(0, 5)) filler.perform(o, (x: Order) => done.push([x.id, sim.now / MINUTE]));
    sim.schedule(25 * MINUTE, () => filler.perform(orders[5] as Order, (x: Order) => done.push([x.id, sim.now / MINUTE])));
    sim.run();
    expect(done).toEqual([[0, 10], [1, 10], [2, 20], [3, 20], [4, 30], [5, 35]]);
    expect(filler.slots.waits.max).toBe(20 * MINUTE);
    expect(filler.slots.inUse).toBe(0);
  });

  it('aborting a running job frees its slot at once and never calls done', () => {
    const { sim, filler, ledger } = make(1);
    const events: string[] = [];
    const log = (what: string) => (o: Order) => events.push(`${what} ${o.id} @${sim.now / MINUTE}`);
    const [a, b] = [ledger.place(0, 0), ledger.place(0, 0)];
    const jobA = filler.perform(a as Order, log('done'), log('start'));
    filler.perform(b as Order, log('done'), log('start'));
    sim.schedule(4 * MINUTE, () => expect(filler.abort(jobA)).toBe(true));
    sim.run();
    expect(events).toEqual(['start 0 @0', 'start 1 @4', 'done 1 @14']);
    expect(filler.abort(jobA)).toBe(false);
    expect(filler.slots.inUse).toBe(0);
  });

  it('aborting a waiting job gives its slot back as soon as it gets one; a finished job cannot be aborted', () => {
    const { sim, filler, ledger } = make(1);
    const events: string[] = [];
    const log = (what: string) => (o: Order) => events.push(`${what} ${o.id} @${sim.now / MINUTE}`);
    const [a, b, c3] = [ledger.place(0, 0), ledger.place(0, 0), ledger.place(0, 0)];
    const jobA = filler.perform(a as Order, log('done'), log('start'));
    const jobB = filler.perform(b as Order, log('done'), log('start'));
    filler.perform(c3 as Order, log('done'), log('start'));
    sim.schedule(MINUTE, () => expect(filler.abort(jobB)).toBe(true));
    sim.run();
    // The slot is released before `done` runs, so the next job starts first in the same instant.
    expect(events).toEqual(['start 0 @0', 'start 2 @10', 'done 0 @10', 'done 2 @20']);
    expect(filler.abort(jobA)).toBe(false);
    expect(filler.slots.inUse).toBe(0);
  });

  it("a finished job's handle does not reach the job that takes its row next", () => {
    const { sim, filler, ledger } = make(1);
    const events: string[] = [];
    const log = (what: string) => (o: Order) => events.push(`${what} ${o.id} @${sim.now / MINUTE}`);
    const [a, b] = [ledger.place(0, 0), ledger.place(0, 0)];
    const jobA = filler.perform(a as Order, log('done'));
    let jobB = -1;
    sim.schedule(15 * MINUTE, () => {
      jobB = filler.perform(b as Order, log('done'));
      // A's row serves B now; A's handle is stale, B's is live.
      expect(jobB).not.toBe(jobA);
      expect(filler.abort(jobA)).toBe(false);
    });
    sim.run();
    expect(events).toEqual(['done 0 @10', 'done 1 @25']);
    expect(filler.abort(jobB)).toBe(false);
  });

  it('reserving slots for claims: never more than capacity', () => {
    const { sim, filler, ledger } = make(2);
    expect([filler.tryReserve(), filler.tryReserve(), filler.tryReserve()]).toEqual([true, true, false]);
    expect(filler.hasFreeSlot).toBe(false);
    // A lost claim gives its slot back; a won claim works in its reserved slot and frees it when done.
    filler.unreserve();
    expect(filler.hasFreeSlot).toBe(true);
    let finished = -1;
    filler.performReserved(ledger.place(0, 0), () => (finished = sim.now));
    expect(filler.slots.inUse).toBe(1);
    sim.run();
    expect(finished).toBe(10 * MINUTE);
    expect(filler.slots.inUse).toBe(0);
  });

  it('accepts the configured share of orders (0.3 over 20,000 orders, within 4 sd), and always the same answer for the same order', () => {
    const { filler, ledger } = make(1, 0.3);
    const keys = createStream(7, 'keys');
    const orders = Array.from({ length: 20_000 }, () => ledger.place(0, 0, (keys.double() * 0x100000000) | 0));
    const yes = orders.filter((o) => filler.wantsOrder(o)).length;
    // Binomial sd: sqrt(0.3 x 0.7 / 20,000) = 0.0032.
    expect(Math.abs(yes / 20_000 - 0.3)).toBeLessThan(4 * 0.0032);
    expect(orders.filter((o) => filler.wantsOrder(o)).length).toBe(yes);
    // Another filler decides independently of this one (about 0.3 x 0.3 say yes to both).
    const other = new Filler(1, new Simulation(), ledger, filler.config);
    const both = orders.filter((o) => filler.wantsOrder(o) && other.wantsOrder(o)).length;
    expect(Math.abs(both / 20_000 - 0.09)).toBeLessThan(4 * Math.sqrt((0.09 * 0.91) / 20_000));
    expect(orders.slice(0, 100).every((o) => make(1, 1).filler.wantsOrder(o))).toBe(true);
    const never = make(1, 0).filler;
    expect(orders.slice(0, 100).some((o) => never.wantsOrder(o))).toBe(false);
  });

  it('declines are counted by the ledger; a probability outside [0, 1] is refused', () => {
    const { filler, ledger } = make(1);
    filler.decline(ledger.place(0, 0));
    expect(ledger.declines).toBe(1);
    expect(() => make(1, 1.5)).toThrow(RangeError);
  });
});

describe('broker choices (exact)', () => {
  it('preference: fillers in index order, skipping those tried; -1 when all were tried', () => {
    const b = new Broker(3, { selection: 'preference', assignTimeout: MINUTE });
    expect([b.choose([]), b.choose([0]), b.choose([0, 2]), b.choose([0, 1, 2])]).toEqual([0, 1, 1, -1]);
    expect(b.choose([])).toBe(0);
  });

  it('round-robin: rotates across orders and skips tried fillers', () => {
    const b = new Broker(3, { selection: 'round-robin', assignTimeout: MINUTE });
    expect([0, 1, 2, 3].map(() => b.choose([]))).toEqual([0, 1, 2, 0]);
    // The cursor is at 1; filler 1 was tried, so 2, and the rotation continues from there.
    expect(b.choose([1])).toBe(2);
    expect(b.choose([])).toBe(0);
    expect(b.choose([0, 1, 2])).toBe(-1);
  });

  it('least-loaded: fewest open assignments, ties to the lowest index; released never goes below 0', () => {
    const b = new Broker(3, { selection: 'least-loaded', assignTimeout: MINUTE });
    expect(b.choose([])).toBe(0);
    b.assigned(0);
    b.assigned(0);
    b.assigned(1);
    expect(b.choose([])).toBe(2);
    expect(b.choose([2])).toBe(1);
    b.released(0);
    b.released(0);
    b.released(0);
    expect(Array.from(b.load)).toEqual([0, 1, 0]);
    expect(b.choose([])).toBe(0);
  });

  it('least-loaded (property): the same choice as scanning every filler, ties to the lowest index, tried ones skipped', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('assigned' as const), filler: fc.nat(40) }),
      fc.record({ kind: fc.constant('released' as const), filler: fc.nat(40) }),
      fc.record({ kind: fc.constant('choose' as const), tried: fc.uniqueArray(fc.nat(40), { maxLength: 6 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 37 }), fc.array(op, { maxLength: 300 }), (n, ops) => {
        const b = new Broker(n, { selection: 'least-loaded', assignTimeout: MINUTE });
        const load = new Array<number>(n).fill(0);
        for (const o of ops) {
          if (o.kind === 'choose') {
            const tried = new Set(o.tried.filter((i) => i < n));
            let best = -1;
            for (let i = 0; i < n; i++) if (!tried.has(i) && (best < 0 || (load[i] as number) < (load[best] as number))) best = i;
            expect(b.choose([...tried])).toBe(best);
          } else if (o.filler < n) {
            if (o.kind === 'assigned') {
              b.assigned(o.filler);
              load[o.filler]!++;
            } else {
              b.released(o.filler);
              load[o.filler] = Math.max(0, (load[o.filler] as number) - 1);
            }
          }
        }
        expect(Array.from(b.load)).toEqual(load);
      }),
      { numRuns: 300 },
    );
  });

  it('needs at least one filler', () => {
    expect(() => new Broker(0, { selection: 'preference', assignTimeout: MINUTE })).toThrow(RangeError);
  });
});
