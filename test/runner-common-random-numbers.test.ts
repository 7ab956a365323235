import { describe, expect, it } from 'vitest';
import { World } from '../src/models/index.js';
import { PATTERN_IDS, patterns } from '../src/patterns/index.js';
import { expandJobs } from '../src/runner/index.js';
import { parseScenario, scenarioAt, toWorldConfig } from '../src/scenario/index.js';

// Common random numbers: every pattern of a sweep point and replication runs with the same
// seed, and the randomness of the world's demand (arrivals, routing, each order's processing
// time and each filler's business decision about it) comes from streams that no pattern
// consumes differently. So the same orders arrive at the same times everywhere, and each
// order that is worked on takes the same time whichever pattern carried it.
const scenario = parseScenario(`
name: crn
seed: 5
horizon: 3h
warmup: 0s
replications: 2
placers: { count: 6, orderRate: 6/h }
fillers: { count: 3, capacity: 4, processing: { lognormal: { mean: 10min, cv: 0.6 } }, acceptProbability: 0.8 }
sweep: { fillers.count: [2, 3] }
`, 'crn.yaml');

describe('common random numbers across the patterns of a sweep point', () => {
  const jobs = expandJobs(scenario);

  it('every pattern of a point and replication gets the same seed; points and replications differ', () => {
    const seeds = new Map<string, Set<number>>();
    for (const j of jobs) {
      const k = `${j.point.index}/${j.replication}`;
      seeds.set(k, (seeds.get(k) ?? new Set()).add(j.seed));
    }
    expect([...seeds.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set([...seeds.values()].map((s) => [...s][0])).size).toBe(seeds.size);
  });

  it('the same order ids arrive at the same times from the same placers, and take the same work, in every pattern', () => {
    for (const point of [0, 1]) {
      const runs = PATTERN_IDS.map((id) => {
        const job = jobs.find((j) => j.pattern === id && j.point.index === point && j.replication === 1);
        if (job === undefined) throw new Error(`no job for ${id}`);
        const w = new World(toWorldConfig(scenarioAt(scenario, job.point), job.seed));
        patterns[id].setup(w);
        w.run();
        return { id, orders: w.ledger.all() };
      });
      const [first] = runs;
      if (first === undefined) throw new Error('no runs');
      expect(first.orders.length).toBeGreaterThan(80);
      const arrivals = (o: (typeof first.orders)[number]): string => `${o.id}@${o.placedAt} by ${o.placer}`;
      const work = new Map<number, number>();
      for (const r of runs) {
        expect(r.orders.map(arrivals), `pattern ${r.id}`).toEqual(first.orders.map(arrivals));
        for (const o of r.orders) {
          if (o.jobEndedAt < 0) continue;
          const took = o.jobEndedAt - o.jobStartedAt;
          const seen = work.get(o.id);
          if (seen === undefined) work.set(o.id, took);
          else expect(took, `order ${o.id} in pattern ${r.id}`).toBe(seen);
        }
      }
      expect(work.size).toBeGreaterThan(60);
    }
  });
});
