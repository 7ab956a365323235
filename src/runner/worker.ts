/** The piscina worker: runs one job per task and returns its result (plain data, structured-cloned back). */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { performance } from 'node:perf_hooks';
import type { Scenario } from '../scenario/index.js';
import type { Job } from './jobs.js';
import { runJob, type JobResult } from './run-job.js';

/** A task sent to a worker. */
export interface WorkerTask {
  scenario: Scenario;
  job: Job;
}

/** Events above which a finished world is collected at once (see below). */
const LARGE_RUN_EVENTS = 1_000_000;

// A full collection on demand. Exposed through a fresh context so the process needs no
// --expose-gc flag; used only to give back a large finished world's memory.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as (() => void) | undefined;

export default function work(task: WorkerTask): JobResult {
  const result = runJob(task.scenario, task.job, () => performance.now());
  // A world of millions of events leaves hundreds of MB of garbage. Collected now, while the
  // other threads run, it does not pile up under the next job's world: the process's peak
  // memory is then about the sum of the worlds running, not of those that ran.
  if ((result.metrics.events ?? 0) > LARGE_RUN_EVENTS) collect?.();
  return result;
}
