import { describe, expect, it } from 'vitest';
import { Constant, MINUTE, Uniform } from '../src/engine/index.js';
import { World, collectRunOutcome, type FhirResource } from '../src/models/index.js';
import { BUSINESS, TASK_CODE, patterns, tinyWorldConfig, type PatternId } from '../src/patterns/index.js';

/** Many orders, most cancelled at a random moment around the end of their 5 min of work. */
function racingWorld(id: PatternId, ownership: 'placer' | 'filler', seed: number): World {
  const base = tinyWorldConfig();
  const world = new World(tinyWorldConfig({
    seed,
    horizon: 6 * 60 * MINUTE,
    placers: { count: 3, meanInterarrival: 6 * MINUTE, arrivals: 'poisson' },
    fillers: { count: 2, capacity: 4, processing: new Constant(5 * MINUTE), acceptProbability: 1 },
    polling: { ...base.polling, interval: 20 * 1_000_000, phase: 'random', jitter: 0.1 },
    cancellation: { probability: 0.7, after: new Uniform(0, 8 * MINUTE), ownership },
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
          for (const order of world.ledger.orders) {
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
});
