import { describe, expect, it } from 'vitest';
import { Constant, MINUTE, Uniform } from '../src/engine/index.js';
import { World, collectRunOutcome, type FhirResource } from '../src/models/index.js';
import { BUSINESS, TASK_CODE, patterns, tinyWorldConfig, type PatternId } from '../src/patterns/index.js';

/** Many orders, most cancelled at a random moment around the end of their 5 min of work. */
function racingWorld(id: PatternId, ownership: 'auto' | 'placer' | 'filler', seed: number, ifMatch = true): World {
  const base = tinyWorldConfig();
  const world = new World(tinyWorldConfig({
    seed,
    horizon: 6 * 60 * MINUTE,
    placers: { count: 3, meanInterarrival: 6 * MINUTE, arrivals: 'poisson' },
    fillers: { count: 2, capacity: 4, processing: new Constant(5 * MINUTE), acceptProbability: 1 },
    polling: { ...base.polling, interval: 20 * 1_000_000, phase: 'random', jitter: 0.1 },
    cancellation: { probability: 0.7, after: new Uniform(0, 8 * MINUTE), ownership },
    clients: { ifMatch },
  }), { keepHistory: true });
  patterns[id].setup(world);
  world.run();
  return world;
}

function historyOf(world: World, task: FhirResource): FhirResource[] {
  const store = world.serverNamed(task.ref.slice(0, task.ref.indexOf('/Task/'))).store;
  const out: FhirResource[] = [];
  for (let v = 1; v <= task.versionId; v++) out.push(store.vread('Task', task.id, v) as FhirResource);
  return out;
}

describe('K: cancellation racing with progress and completion', () => {
  for (const id of ['D', 'E', 'F', 'G'] as const) {
    for (const ownership of ['placer', 'filler'] as const) {
      it(`${id}, ${ownership}-owned: never cancels a completed Task; outcomes agree with the Tasks`, () => {
        let cancelled = 0;
        let completed = 0;
        for (let seed = 1; seed <= 3; seed++) {
          const world = racingWorld(id, ownership, seed);
          const tasks = world.servers.flatMap((s) => s.store.search({ type: 'Task' }).resources);
          for (const task of tasks) {
            const statuses = historyOf(world, task).map((v) => v.status);
            const done = statuses.indexOf('completed');
            if (done >= 0) expect(statuses.slice(done).every((s) => s === 'completed')).toBe(true);
          }
          for (const order of world.ledger.orders()) {
            const mine = tasks.filter((t) => t.order === order.id && t.code !== TASK_CODE.abort);
            if (order.outcome === 'completed') {
              expect(mine.some((t) => t.status === 'completed')).toBe(true);
              expect(mine.some((t) => t.status === 'cancelled' && t.businessStatus === BUSINESS.cancelledByPlacer)).toBe(false);
            }
            if (order.outcome === 'cancelled') {
              expect(order.cancelRequested).toBe(true);
              expect(mine.some((t) => t.status === 'completed')).toBe(false);
              expect(mine.some((t) => t.status === 'cancelled' || (t.status === 'failed' && t.businessStatus === BUSINESS.cancelledAsRequested))).toBe(true);
            }
          }
          const m = collectRunOutcome(world).metrics;
          cancelled += m.orders_cancelled as number;
          completed += m.orders_completed as number;
        }
        // The race really happened both ways.
        expect(cancelled).toBeGreaterThan(10);
        expect(completed).toBeGreaterThan(10);
      });
    }
  }

  it('a filler-owned Task in progress ends failed "cancelled as requested"; one not started ends cancelled', () => {
    const world = racingWorld('F', 'filler', 1);
    const tasks = world.servers.flatMap((s) => s.store.search({ type: 'Task' }).resources).filter((t) => t.code !== TASK_CODE.abort);
    const failedAsRequested = tasks.filter((t) => t.status === 'failed' && t.businessStatus === BUSINESS.cancelledAsRequested);
    expect(failedAsRequested.length).toBeGreaterThan(0);
    for (const t of failedAsRequested) expect(historyOf(world, t).map((v) => v.status)).toContain('in-progress');
    const aborts = world.servers.flatMap((s) => s.store.search({ type: 'Task' }).resources).filter((t) => t.code === TASK_CODE.abort);
    expect(aborts.length).toBeGreaterThan(0);
    // Each abort was answered: accepted (honoured) or rejected (too late).
    for (const a of aborts) expect(['accepted', 'rejected']).toContain(a.status);
  });

  it('placer-owned cancels meet conflicts when the filler moved the Task on first, and re-read', () => {
    const world = racingWorld('E', 'placer', 2);
    expect(collectRunOutcome(world).metrics.etag_conflicts).toBeGreaterThan(0);
  });

  it('by default (auto) the filler owns D and F Tasks (the placer asks with an abort Task) and the placer owns E and G Tasks (it PUTs them cancelled)', () => {
    for (const id of ['D', 'E', 'F', 'G'] as const) {
      const world = racingWorld(id, 'auto', 1);
      const tasks = world.servers.flatMap((s) => s.store.search({ type: 'Task' }).resources);
      const aborts = tasks.filter((t) => t.code === TASK_CODE.abort).length;
      const putByPlacer = tasks.filter((t) => t.status === 'cancelled' && t.businessStatus === BUSINESS.cancelledByPlacer).length;
      const fillerOwned = id === 'D' || id === 'F';
      expect({ id, aborts: aborts > 0, putByPlacer: putByPlacer > 0 }).toEqual({ id, aborts: fillerOwned, putByPlacer: !fillerOwned });
    }
  });

  it('clients without If-Match: cancels and progress overwrite each other (lost updates), a server refuses the illegal ones (422); with If-Match neither happens', () => {
    for (const id of ['D', 'E', 'F', 'G'] as const) {
      let lost = 0;
      let refused = 0;
      for (let seed = 1; seed <= 3; seed++) {
        const blind = collectRunOutcome(racingWorld(id, 'placer', seed, false)).metrics;
        const careful = collectRunOutcome(racingWorld(id, 'placer', seed, true)).metrics;
        lost += blind.lost_updates as number;
        refused += blind.updates_refused as number;
        expect([careful.lost_updates, careful.updates_refused]).toEqual([0, 0]);
        // Every order still ends in one outcome.
        const ends = ['orders_completed', 'orders_cancelled', 'orders_failed', 'orders_rejected', 'orders_open'] as const;
        expect(ends.reduce((sum, k) => sum + (blind[k] as number), 0)).toBe(blind.orders_placed);
      }
      // F's filler moves its own Task on at once, so a placer's stale view is nearly always of a
      // Task that has finished since: refused, not lost. Elsewhere both happen.
      expect({ id, lost: lost > 0, refused: refused > 0 }).toEqual({ id, lost: id !== 'F', refused: true });
    }
  });
});
