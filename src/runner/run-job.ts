/** Runs one job: builds the world of its sweep point, wires its pattern, simulates, and reads the metrics. */

import { World, collectRunOutcome, type RunOutcome } from '../models/index.js';
import { patterns } from '../patterns/index.js';
import { scenarioAt, toWorldConfig, type Scenario } from '../scenario/index.js';
import type { Job } from './jobs.js';

/** A finished job. */
export interface JobResult extends RunOutcome {
  job: Job;
  /** Wall-clock milliseconds of the simulation (timing only: never in runs.csv). */
  wallMs: number;
}

/**
 * Runs `job` of `scenario` to the horizon. Everything it depends on is in its arguments, so
 * the result is the same in any thread, in any order. `now` supplies wall-clock time for the
 * timing figure only (the caller owns the clock).
 */
export function runJob(scenario: Scenario, job: Job, now: () => number): JobResult {
  const world = new World(toWorldConfig(scenarioAt(scenario, job.point), job.seed));
  patterns[job.pattern].setup(world);
  const t0 = now();
  world.run();
  const wallMs = now() - t0;
  const outcome = collectRunOutcome(world);
  world.dispose();
  return { job, wallMs, ...outcome };
}
