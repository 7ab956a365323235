/** Runs a whole scenario: expands jobs, skips those already done, runs the rest in parallel, aggregates. */

import { jobKey, expandJobs, scenarioPatterns, type Job } from './jobs.js';
import type { Scenario } from '../scenario/index.js';
import { runRows, sortResults, summaryRows, type Row } from './aggregate.js';
import { DEFAULT_HEAP_MB, machineShareMb, runJobs, runJobsHere, type JobFailure, type PoolOutcome } from './pool.js';
import { estimateWork, type WorkEstimate } from '../scenario/index.js';
import type { JobResult } from './run-job.js';

/** What an executor is told while it runs jobs. */
export interface JobCallbacks {
  /** Aborting stops waiting for the jobs not yet finished; those finished are kept. */
  signal?: AbortSignal;
  /** Called as each job finishes, in completion order. */
  onResult?: (result: JobResult) => void;
  /** Called as each job fails, named by its pattern, sweep point, replication and seed. */
  onFailure?: (failure: JobFailure) => void;
}

/**
 * Where jobs run: threads of this process ({@link runJobs}, the default) or workers reached
 * through a queue (`queueExecutor`). Whatever runs them, each job gives the same result, so
 * the rows and files made from the results are the same.
 */
export type JobExecutor = (scenario: Scenario, jobs: readonly Job[], callbacks: JobCallbacks) => Promise<PoolOutcome>;

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Worker threads (default 1); unused with `execute`. */
  workers?: number;
  /** CPU cores the run may use: with a worker on each, V8 compiles on the workers' own threads (see `runJobs`); unset: V8's defaults. */
  cores?: number;
  /** Bytes of memory the run may use (the machine's): a world larger than a thread's default heap gets a larger one, within it. */
  memory?: number;
  /** Where the jobs run (default: `workers` threads of this process). */
  execute?: JobExecutor;
  /** Results of an interrupted run of the same scenario: their jobs are not run again. */
  previous?: readonly JobResult[];
  signal?: AbortSignal;
  onResult?: (result: JobResult, done: number, total: number) => void;
  onFailure?: (failure: JobFailure) => void;
}

/** Everything a scenario run produced. */
export interface ScenarioResults {
  scenario: Scenario;
  jobs: Job[];
  /** Finished jobs in job order (previous ones included). */
  results: JobResult[];
  failures: JobFailure[];
  /** Stopped by the signal before all jobs ran. */
  aborted: boolean;
  /** runs.csv rows, in job order. */
  runs: Row[];
  /** summary.csv rows, in pattern x point order. */
  summary: Row[];
}

/** Events of a run below which one job is run on this thread rather than a worker thread's. */
const SMALL_RUN_EVENTS = 2_000_000;

/**
 * Whether to run `jobs` jobs here: one small job (a worker thread would load the simulator
 * again before starting it, and the worker's larger young generation only pays off in
 * large runs).
 */
function runsHere(work: WorkEstimate, jobs: number): boolean {
  return jobs === 1 && work.eventsPerRun < SMALL_RUN_EVENTS;
}

/**
 * The heap each of `workers` threads gets: V8's default unless the scenario's estimated world
 * (`work`, see `estimateWork`) needs more, then that and a quarter more, but never more than the
 * threads' share of nine tenths of `memory` (a national day's world of a Task pattern holds
 * some 4.5 GB; a thread that runs out of heap kills the run).
 */
export function threadHeapMb(work: WorkEstimate, workers: number, memory: number | undefined): number | undefined {
  const wanted = Math.ceil((work.memoryPerRun * 1.25) / 2 ** 20);
  if (wanted <= DEFAULT_HEAP_MB || memory === undefined) return undefined;
  return Math.min(wanted, machineShareMb(memory, workers) ?? DEFAULT_HEAP_MB);
}

/** Estimated bytes of a run's world (see `estimateWork`) up to which it counts as small. */
export const SMALL_WORLD_BYTES = 1e9;

/**
 * Whether every world of a scenario (`work`, see `estimateWork`) is small enough to have its
 * heap collected tighter (see `SMALL_WORLD_YOUNG_GENERATION_MB` in pool.ts): estimated at most
 * {@link SMALL_WORLD_BYTES}, as scale.yaml (about 0.5 GB) and default.yaml are; a national day
 * (about 5 GB) is not.
 */
export function smallWorlds(work: WorkEstimate): boolean {
  return work.memoryPerRun <= SMALL_WORLD_BYTES;
}

/**
 * Runs `scenario`. Rows depend only on the scenario: the same with 1 or N workers, in any
 * completion order, and whether jobs came from `previous` or were run now.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions = {}): Promise<ScenarioResults> {
  const jobs = expandJobs(scenario);
  const wanted = new Map(jobs.map((j) => [jobKey(j), j]));
  // A previous result counts only if it is the same job with the same seed.
  const kept = (options.previous ?? []).filter((r) => wanted.get(jobKey(r.job))?.seed === r.job.seed);
  const done = new Set(kept.map((r) => jobKey(r.job)));
  const todo = jobs.filter((j) => !done.has(jobKey(j)));
  let finished = kept.length;
  const work = estimateWork(scenario);
  const execute: JobExecutor = options.execute ?? (runsHere(work, todo.length)
    ? (sc, js, callbacks) => runJobsHere(sc, js, callbacks)
    : (sc, js, callbacks) => {
        const workers = Math.max(1, options.workers ?? 1);
        const heapMb = threadHeapMb(work, workers, options.memory);
        return runJobs(sc, js, {
          workers,
          ...(options.cores !== undefined ? { cores: options.cores } : {}),
          ...(heapMb !== undefined ? { heapMb } : {}),
          smallWorlds: smallWorlds(work),
          ...callbacks,
        });
      });
  const outcome = todo.length === 0
    ? { results: [], failures: [], aborted: false }
    : await execute(scenario, todo, {
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        onResult: (r) => options.onResult?.(r, ++finished, jobs.length),
        ...(options.onFailure !== undefined ? { onFailure: options.onFailure } : {}),
      });
  const results = sortResults([...kept, ...outcome.results], scenarioPatterns(scenario));
  return {
    scenario,
    jobs,
    results,
    failures: outcome.failures,
    aborted: outcome.aborted,
    runs: runRows(scenario, results),
    summary: summaryRows(scenario, results),
  };
}
