/** A scenario as a list of jobs: one run per pattern x sweep point x replication, each with its own seed. */

import { createStream } from '../engine/index.js';
import { PATTERN_IDS, type PatternId } from '../patterns/index.js';
import { sweepPoints, type Scenario, type SweepPoint } from '../scenario/index.js';

/** One run to do. */
export interface Job {
  pattern: PatternId;
  point: SweepPoint;
  replication: number;
  /** The run's seed, derived from (scenario seed, point, replication) only: every pattern of a point shares it. */
  seed: number;
}

/** Which patterns a scenario runs, in catalogue order. */
export function scenarioPatterns(s: Scenario): PatternId[] {
  if (s.patterns === 'all') return [...PATTERN_IDS];
  const wanted = new Set(s.patterns);
  return PATTERN_IDS.filter((p) => wanted.has(p));
}

/**
 * The seed of one run. It depends on nothing but the scenario seed, the sweep point and the
 * replication, never on job order, worker count or which runs were skipped, so any subset of
 * runs can be redone and gives the same rows. It does not depend on the pattern: every
 * pattern of a point and replication sees the same order arrivals, routing, processing times
 * and business decisions (common random numbers), so differences between patterns are the
 * patterns', not noise of the draw.
 */
export function runSeed(seed: number, point: number, replication: number): number {
  return Math.floor(createStream(seed, `run/${point}/${replication}`).double() * 2 ** 31);
}

/** Every job of the scenario, ordered by pattern, then sweep point, then replication. */
export function expandJobs(s: Scenario): Job[] {
  const jobs: Job[] = [];
  const points = sweepPoints(s);
  for (const pattern of scenarioPatterns(s)) {
    for (const point of points) {
      for (let r = 1; r <= s.replications; r++) jobs.push({ pattern, point, replication: r, seed: runSeed(s.seed, point.index, r) });
    }
  }
  return jobs;
}

/** A stable key naming a job (for resuming and messages). */
export function jobKey(j: { pattern: string; point: { index: number } | number; replication: number }): string {
  return `${j.pattern}/${typeof j.point === 'number' ? j.point : j.point.index}/${j.replication}`;
}

/** How a job is named in error messages. */
export function describeJob(j: Job): string {
  const at = Object.entries(j.point.values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return `pattern ${j.pattern}, sweep point ${j.point.index}${at !== '' ? ` (${at})` : ''}, replication ${j.replication}, seed ${j.seed}`;
}
