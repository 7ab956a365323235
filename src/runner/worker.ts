/** The piscina worker: runs one job per task and returns its result (plain data, structured-cloned back). */

import { performance } from 'node:perf_hooks';
import type { Scenario } from '../scenario/index.js';
import type { Job } from './jobs.js';
import { runJob, type JobResult } from './run-job.js';

/** A task sent to a worker. */
export interface WorkerTask {
  scenario: Scenario;
  job: Job;
}

export default function work(task: WorkerTask): JobResult {
  return runJob(task.scenario, task.job, () => performance.now());
}
