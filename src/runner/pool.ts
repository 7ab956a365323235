/** Runs jobs on a piscina pool of worker threads; results come back in any order and are put in job order later. */

import { setFlagsFromString } from 'node:v8';
import type { Scenario } from '../scenario/index.js';
import { describeJob, type Job } from './jobs.js';
import type { JobResult } from './run-job.js';
import { runJob } from './run-job.js';
import type { WorkerTask } from './worker.js';

/** A job that threw (an exception or a violated invariant). */
export interface JobFailure {
  job: Job;
  /** "pattern E, sweep point 2 (fillers.count=5), replication 3, seed 123: <error>" */
  message: string;
}

/** Options of {@link runJobs}. */
export interface PoolOptions {
  /** Worker threads (>= 1). */
  workers: number;
  /**
   * CPU cores the run may use (the caller knows the machine; unset: not known). When the
   * workers take every core, V8 compiles optimised code on each worker's own thread instead
   * of in the background, where it would only compete with the other workers' jobs.
   */
  cores?: number;
  /** Old-generation heap of each thread, MB (see {@link JobPoolOptions.heapMb}). */
  heapMb?: number;
  /** The jobs' worlds are small: collect their heaps tighter (see {@link JobPoolOptions.smallWorlds}). */
  smallWorlds?: boolean;
  /** Aborting stops queued jobs; those already finished are kept. */
  signal?: AbortSignal;
  /** Called as each job finishes, in completion order. */
  onResult?: (result: JobResult) => void;
  /** Called as each job fails. */
  onFailure?: (failure: JobFailure) => void;
}

/** What a pool run produced. */
export interface PoolOutcome {
  results: JobResult[];
  failures: JobFailure[];
  /** True if the signal stopped it before every job ran. */
  aborted: boolean;
}

/** Options of {@link createJobPool}. */
export interface JobPoolOptions {
  /** Worker threads (>= 1). */
  threads: number;
  /** Threads started at once (default: all of them). */
  minThreads?: number;
  /** CPU cores the process may use (see {@link PoolOptions.cores}). */
  cores?: number;
  /** Old-generation heap of each thread, MB (unset: V8's default, about 4 GB on a 64-bit machine). */
  heapMb?: number;
  /**
   * Every job's world is small (see `smallWorlds` in run-scenario.ts): the threads get
   * {@link SMALL_WORLD_YOUNG_GENERATION_MB} and the process's old generations grow only
   * {@link SMALL_WORLD_HEAP_GROWING_PERCENT}% past their live heaps before V8 collects them.
   */
  smallWorlds?: boolean;
}

/** Worker threads that run one job each at a time; shared by local runs and queue workers. */
export interface JobPool {
  /** Runs `job` of `scenario` on a free thread. Rejects with the job's own error if it throws. */
  run(scenario: Scenario, job: Job, signal?: AbortSignal): Promise<JobResult>;
  /** Stops the threads (jobs still running are abandoned). */
  destroy(): Promise<void>;
}

/**
 * Each worker thread's young generation, in MB: three semi-spaces of 16 MB, V8's own default
 * (the main thread's, and a queue worker's). 96 MB (32 MB semi-spaces) was chosen when each
 * message made several objects; measured against it since (2026-12-07, 2 threads, alternating,
 * results identical): scale.yaml 62.9/62.5 -> 63.8/62.5 s, peak RSS 727/756 -> 677/613 MB;
 * default.yaml 65.7/64.4 -> 65.9/64.8 s, 372/377 -> 292/276 MB (bench/README.md, national).
 */
export const WORKER_YOUNG_GENERATION_MB = 48;

/**
 * A worker thread's young generation, MB, when every world of the run is small, and how far
 * (percent) an old generation then grows past what its last full collection left live before
 * V8 collects it again (V8's own factor is 1.1 to 4 times, chosen for throughput: a small world's
 * old space reached twice its live heap). Measured with `fwsim run`, 2 threads (2026-12-07,
 * bench/README.md, national): scale.yaml 60.6/69.5 s, 649,228/624,384 KB -> 67.1/62.0 s,
 * 490,352/481,268 KB; default.yaml 56.6 s, 287,340 KB -> 55.0 s, 203,624 KB. Large worlds keep
 * V8's settings: D at half the national day took 22% longer with the growth at 20% (marking a
 * heap of 700 MB again and again as it grows) and 10% longer with this young generation.
 */
export const SMALL_WORLD_YOUNG_GENERATION_MB = 24;
export const SMALL_WORLD_HEAP_GROWING_PERCENT = 20;

/** V8's default old-generation heap of a thread on a 64-bit machine, about 4 GB. */
export const DEFAULT_HEAP_MB = 4096;

/** Each of `threads` threads' share of nine tenths of `memory`, in MB, when above V8's default (else undefined: the default is kept). */
export function machineShareMb(memory: number | undefined, threads: number): number | undefined {
  if (memory === undefined) return undefined;
  const share = Math.floor((memory * 0.9) / Math.max(1, threads) / 2 ** 20);
  return share > DEFAULT_HEAP_MB ? share : undefined;
}

/** Starts a pool of worker threads running {@link runJob} (src/runner/worker.ts); piscina is loaded here, when threads are wanted. */
export async function createJobPool(options: JobPoolOptions): Promise<JobPool> {
  const { Piscina } = await import('piscina');
  const fromSource = import.meta.url.endsWith('.ts');
  // Read by V8 when each worker's isolate starts, so it is set for this pool's workers only.
  // With a core idle, background compilation is free; with none, it cost 2.5 s of CPU and 5%
  // of the wall time on 2 cores (bench/README.md, workers). Results are the same either way.
  // V8 warns that flags changed at run time may misbehave: this one only decides whether a new
  // isolate gets a background compiler, and the workers bench flips it ten times a run. (GC
  // flags are another matter: flipping --single-threaded-gc this way aborts the process.)
  if (options.cores !== undefined) setFlagsFromString(options.threads >= options.cores ? '--no-concurrent-recompilation' : '--concurrent-recompilation');
  // Read by V8 whenever a full collection sets the next one's limit, in every isolate of the
  // process (0 is V8's own choice): set for each pool, so a later pool of large worlds resets it.
  setFlagsFromString(`--heap-growing-percent=${options.smallWorlds === true ? SMALL_WORLD_HEAP_GROWING_PERCENT : 0}`);
  const young = options.smallWorlds === true ? SMALL_WORLD_YOUNG_GENERATION_MB : WORKER_YOUNG_GENERATION_MB;
  const pool = new Piscina<WorkerTask, JobResult>({
    filename: new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href,
    minThreads: options.minThreads ?? options.threads,
    maxThreads: options.threads,
    // One job per thread at a time: jobs are CPU-bound.
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxYoungGenerationSizeMb: young, ...(options.heapMb !== undefined ? { maxOldGenerationSizeMb: options.heapMb } : {}) },
    ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  return {
    run: (scenario, job, signal) => pool.run({ scenario, job }, signal !== undefined ? { signal } : {}),
    destroy: () => pool.destroy(),
  };
}

/**
 * Runs jobs one after the other on this thread: for a small run, starting a worker thread
 * and loading the simulator into it again takes longer than the run. Same results, same
 * failures as {@link runJobs}; an abort is seen between jobs.
 */
export async function runJobsHere(scenario: Scenario, jobs: readonly Job[], options: Omit<PoolOptions, 'workers' | 'cores'>): Promise<PoolOutcome> {
  const results: JobResult[] = [];
  const failures: JobFailure[] = [];
  for (const job of jobs) {
    if (options.signal?.aborted === true) break;
    try {
      const r = runJob(scenario, job, () => performance.now());
      results.push(r);
      options.onResult?.(r);
    } catch (e) {
      const failure = { job, message: `${describeJob(job)}: ${(e as Error).message ?? String(e)}` };
      failures.push(failure);
      options.onFailure?.(failure);
    }
    // Let a Ctrl-C (or anything else waiting) be handled between jobs.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { results, failures, aborted: options.signal?.aborted === true && results.length + failures.length < jobs.length };
}

/**
 * Runs every job on `workers` threads. A failing job does not stop the others; it is
 * reported with its pattern, point, replication and seed.
 */
export async function runJobs(scenario: Scenario, jobs: readonly Job[], options: PoolOptions): Promise<PoolOutcome> {
  const pool = await createJobPool({
    threads: options.workers,
    minThreads: Math.min(options.workers, Math.max(1, jobs.length)),
    ...(options.cores !== undefined ? { cores: options.cores } : {}),
    ...(options.heapMb !== undefined ? { heapMb: options.heapMb } : {}),
    ...(options.smallWorlds !== undefined ? { smallWorlds: options.smallWorlds } : {}),
  });
  const results: JobResult[] = [];
  const failures: JobFailure[] = [];
  let aborted = false;
  try {
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const r = await pool.run(scenario, job, options.signal);
          results.push(r);
          options.onResult?.(r);
        } catch (e) {
          if (options.signal?.aborted === true) {
            aborted = true;
            return;
          }
          const failure = { job, message: `${describeJob(job)}: ${(e as Error).message ?? String(e)}` };
          failures.push(failure);
          options.onFailure?.(failure);
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
  return { results, failures, aborted: aborted || options.signal?.aborted === true };
}
