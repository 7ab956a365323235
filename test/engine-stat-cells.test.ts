import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Resource, Simulation, StatCells, TALLY_CELLS, TIME_WEIGHTED_CELLS, Tally, TimeWeighted } from '../src/engine/index.js';

describe('statistics in shared cells', () => {
  it('hands out disjoint runs of zeroed cells, starting a new slab when one is full', () => {
    const cells = new StatCells();
    const runs: { slab: Float64Array; at: number; n: number }[] = [];
    for (const n of [5, 15, 15, 40, 3, 100, 9000, 1, 20]) {
      const at = cells.take(n);
      runs.push({ slab: cells.slab, at, n });
      expect(at + n).toBeLessThanOrEqual(cells.slab.length);
      expect(Array.from(cells.slab.subarray(at, at + n)).every((x) => x === 0)).toBe(true);
      cells.slab.fill(7, at, at + n); // the owner writes its run
    }
    for (const a of runs) {
      for (const b of runs) {
        if (a === b || a.slab !== b.slab) continue;
        expect(a.at + a.n <= b.at || b.at + b.n <= a.at).toBe(true);
      }
    }
    expect(new Set(runs.map((r) => r.slab)).size).toBeGreaterThan(1);
  });

  it('tallies side by side in one slab record what each was given, as tallies of their own do', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.double({ min: -1e9, max: 1e9, noNaN: true })), { maxLength: 200 }), (obs) => {
        const cells = new StatCells();
        const at = [0, 1, 2].map(() => cells.take(TALLY_CELLS));
        for (const a of at) Tally.resetAt(cells.slab, a);
        const own = [new Tally(), new Tally(), new Tally()];
        for (const [k, x] of obs) {
          Tally.recordAt(cells.slab, at[k] as number, x);
          (own[k] as Tally).record(x);
        }
        for (let k = 0; k < 3; k++) {
          const view = Tally.over(cells.slab, at[k] as number);
          const o = own[k] as Tally;
          // Bit for bit: the same arithmetic in the same order.
          expect([view.count, view.mean, view.variance, view.min, view.max]).toEqual([o.count, o.mean, o.variance, o.min, o.max]);
        }
      }),
    );
  });

  it('keep Welford exact: a tally of its own matches the plain-number recurrence bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 100 }), (xs) => {
        const t = new Tally();
        let n = 0;
        let mean = 0;
        let m2 = 0;
        for (const x of xs) {
          t.record(x);
          n++;
          const d = x - mean;
          mean += d / n;
          m2 += d * (x - mean);
        }
        expect(t.mean).toBe(mean);
        expect(t.variance).toBe(n > 1 ? m2 / (n - 1) : 0);
        expect(t.sum).toBe(mean * n);
      }),
    );
  });

  it('time-weighted averages over cells read as ones of their own', () => {
    const cells = new StatCells();
    const at = cells.take(2 * TIME_WEIGHTED_CELLS);
    TimeWeighted.startAt(cells.slab, at, 10, 1);
    TimeWeighted.startAt(cells.slab, at + TIME_WEIGHTED_CELLS, 10, 0);
    const own = new TimeWeighted(10, 1);
    for (const [t, v] of [[20, 3], [25, 0], [40, 2]] as const) {
      TimeWeighted.updateAt(cells.slab, at, t, v);
      own.update(t, v);
    }
    const view = TimeWeighted.over(cells.slab, at);
    expect([view.value, view.max, view.mean(50)]).toEqual([own.value, own.max, own.mean(50)]);
    // (1*10 + 3*5 + 0*15 + 2*10) / 40
    expect(view.mean(50)).toBeCloseTo(45 / 40, 12);
    const other = TimeWeighted.over(cells.slab, at + TIME_WEIGHTED_CELLS);
    expect([other.value, other.max, other.mean(50)]).toEqual([0, 0, 0]);
    view.reset(50);
    expect([view.max, view.mean(60)]).toEqual([2, 2]);
  });

  it("a queue's statistics are views of its cells: they follow grants, waits and releases", () => {
    const sim = new Simulation();
    const r = new Resource(sim, 1, 'desk');
    const neighbour = new Resource(sim, 2, 'other');
    const done: number[] = [];
    const serve = (id: number): void => {
      sim.schedule(10, () => {
        done.push(id);
        r.release();
      });
    };
    r.request(serve, 1);
    r.request(serve, 2); // waits 10
    sim.run();
    expect(done).toEqual([1, 2]);
    expect([r.waits.count, r.waits.mean, r.waits.max]).toEqual([2, 5, 10]);
    expect(r.queueLength.max).toBe(1);
    expect(r.busy.mean(20)).toBe(1);
    expect(r.utilisation(40)).toBe(0.5);
    expect([neighbour.waits.count, neighbour.busy.max, neighbour.queueLength.max]).toEqual([0, 0, 0]);
    r.resetStatistics();
    expect([r.waits.count, r.busy.mean(30), r.queueLength.max]).toEqual([0, 0, 0]);
  });
});
