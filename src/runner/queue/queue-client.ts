/** The client side of a queued run: puts a scenario's jobs on the queue (idempotently), waits for workers anywhere to run them, and collects each result once. */

import { setTimeout as delay } from 'node:timers/promises';
import { Queue, QueueEvents } from 'bullmq';
import type { Scenario } from '../../scenario/index.js';
import { describeJob, jobKey, type Job } from '../jobs.js';
import { decodeJobResult } from '../job-result-codec.js';
import type { JobFailure, PoolOutcome } from '../pool.js';
import type { JobResult } from '../run-job.js';
import type { JobCallbacks, JobExecutor } from '../run-scenario.js';
import { scenarioHash } from '../scenario-hash.js';
import type { QueueAddress } from './address.js';
import { checkQueueReachable, redisOptions } from './connection.js';
import { JOB_NAME, QUEUE_NAME, queuedJob, queueJobId } from './payload.js';

/** Options of {@link runJobsOnQueue}. */
export interface QueueRunOptions extends JobCallbacks {
  address: QueueAddress;
  /** This fwsim's version: part of every job id, and workers of another version refuse the jobs. */
  toolVersion: string;
  /**
   * How often the jobs not yet heard of are looked up, ms (default 5000). Results normally
   * arrive as BullMQ events; the look-up catches any event missed (a reconnect, a trimmed
   * event stream) and puts back a job someone removed.
   */
  sweepMs?: number;
  /** Things worth telling while waiting: no worker is listening, Redis was lost. */
  onNotice?: (text: string) => void;
  /** Called once every job is on the queue: how many were added, and how many were there already (waiting or running, or finished and collected now). */
  onQueued?: (counts: QueuedCounts) => void;
}

/** What queueing a run's jobs found. */
export interface QueuedCounts {
  /** Jobs added (new, or failed before and added anew). */
  added: number;
  /** Jobs already waiting or running, from an earlier client of the same scenario. */
  present: number;
  /** Jobs that had finished while no client waited, collected at once. */
  finished: number;
}

/** Jobs looked up or added per round trip. */
const CHUNK = 500;

/** How long finished jobs nobody collected stay in Redis (then BullMQ drops them). */
const KEEP = { age: 7 * 24 * 3600 };

/**
 * Runs `jobs` on whatever `fwsim worker` processes listen on the queue at `options.address`,
 * and resolves when each has a result or a failure (or the signal aborts the wait).
 *
 * Each job is added under its id ({@link queueJobId}): a job already there is not added again,
 * one that finished while no client waited is collected as it is, one that failed is removed
 * and added anew (a new run tries it again, as a local run would). A result is accepted once,
 * journaled through `onResult`, then removed from Redis. A worker that dies mid-job leaves its
 * lock to expire; BullMQ's stalled check on the other workers puts the job back on the queue.
 * Aborting leaves the jobs on the queue: the workers go on, and a `--resume` collects them.
 * Throws a `QueueUnreachableError` before adding anything if Redis does not answer.
 */
export async function runJobsOnQueue(scenario: Scenario, jobs: readonly Job[], options: QueueRunOptions): Promise<PoolOutcome> {
  await checkQueueReachable(options.address);
  const hash = scenarioHash(scenario);
  const waiting = new Map<string, Job>();
  for (const job of jobs) waiting.set(queueJobId(options.toolVersion, hash, job), job);
  const results: JobResult[] = [];
  const failures: JobFailure[] = [];
  const notice = (text: string): void => options.onNotice?.(text);
  const connection = redisOptions(options.address);
  const queue = new Queue(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  let outage = false;
  const onError = (e: Error): void => {
    if (outage) return;
    outage = true;
    notice(`lost the queue's Redis at ${options.address.display} (${e.message}); retrying (Ctrl-C keeps the finished runs)`);
  };
  queue.on('error', onError);
  events.on('error', onError);

  let wake = (): void => {};
  const settled = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const signal = options.signal;
  const maybeDone = (): void => {
    if (waiting.size === 0 || signal?.aborted === true) wake();
  };
  signal?.addEventListener('abort', maybeDone, { once: true });

  const fail = (id: string, reason: string): void => {
    const job = waiting.get(id);
    if (job === undefined) return;
    waiting.delete(id);
    const failure = { job, message: `${describeJob(job)}: ${explainFailure(reason)}` };
    failures.push(failure);
    options.onFailure?.(failure);
    maybeDone();
  };
  const complete = (id: string, returnvalue: unknown): void => {
    const job = waiting.get(id);
    if (job === undefined) return;
    let result: JobResult;
    try {
      result = decodeJobResult(String(returnvalue));
    } catch (e) {
      fail(id, `its worker sent back a result that cannot be read (${(e as Error).message})`);
      return;
    }
    if (jobKey(result.job) !== jobKey(job) || result.job.seed !== job.seed) {
      fail(id, `its worker sent back the result of another run (${describeJob(result.job)})`);
      return;
    }
    waiting.delete(id);
    results.push(result);
    options.onResult?.(result);
    maybeDone();
    // Journaled by onResult: Redis need not keep it.
    queue.remove(id).catch(() => undefined);
  };
  events.on('completed', ({ jobId, returnvalue }) => complete(jobId, returnvalue));
  events.on('failed', ({ jobId, failedReason }) => fail(jobId, failedReason));

  const add = async (ids: readonly string[]): Promise<void> => {
    if (ids.length === 0) return;
    await queue.addBulk(ids.map((id) => ({
      name: JOB_NAME,
      data: queuedJob(scenario, hash, waiting.get(id) as Job, options.toolVersion),
      // One attempt: a run that throws throws again (it is deterministic).
      opts: { jobId: id, attempts: 1, removeOnComplete: KEEP, removeOnFail: KEEP },
    })));
  };
  /** Looks at the jobs still awaited: settles those that finished, adds those that are not there (or failed before, when `retryFailed`). */
  const look = async (retryFailed: boolean): Promise<QueuedCounts> => {
    const counts = { added: 0, present: 0, finished: 0 };
    const ids = [...waiting.keys()];
    for (let i = 0; i < ids.length && signal?.aborted !== true; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const states = await Promise.all(chunk.map((id) => queue.getJobState(id)));
      const missing: string[] = [];
      for (const [k, id] of chunk.entries()) {
        const state = states[k];
        if (!waiting.has(id)) continue;
        if (state === 'unknown') missing.push(id);
        else if (state === 'completed' || state === 'failed') {
          const found = await queue.getJob(id);
          if (found === undefined) missing.push(id);
          else if (state === 'completed') {
            counts.finished++;
            complete(id, found.returnvalue);
          } else if (retryFailed) {
            await found.remove();
            missing.push(id);
          } else fail(id, found.failedReason);
        } else counts.present++;
      }
      await add(missing);
      counts.added += missing.length;
    }
    if (outage) notice(`reached the queue's Redis at ${options.address.display} again`);
    outage = false;
    return counts;
  };

  // Waits on Redis (which may be away) end when the user gives up, not only when Redis answers.
  const givenUp = new Promise<undefined>((resolve) => {
    if (signal?.aborted === true) resolve(undefined);
    signal?.addEventListener('abort', () => resolve(undefined), { once: true });
  });
  // A look the user gave up on may still fail as the connections close: that is no news then.
  const lookUnlessGivenUp = async (first: boolean): Promise<QueuedCounts | undefined> => {
    try {
      if (first) await events.waitUntilReady();
      return await look(first);
    } catch (e) {
      if (signal?.aborted === true) return undefined;
      throw e;
    }
  };
  try {
    const queued = await Promise.race([lookUnlessGivenUp(true), givenUp]);
    if (queued !== undefined) options.onQueued?.(queued);
    if (waiting.size > 0 && signal?.aborted !== true && (await Promise.race([queue.getWorkersCount().catch(() => 1), givenUp])) === 0) {
      notice(`no worker is taking jobs from ${options.address.display} yet: start \`fwsim worker --queue ${options.address.display}\` on any machine with fwsim ${options.toolVersion}`);
    }
    maybeDone();
    const stop = new AbortController();
    void settled.then(() => stop.abort());
    while (!stop.signal.aborted) {
      await delay(options.sweepMs ?? 5000, undefined, { signal: stop.signal }).catch(() => undefined);
      if (!stop.signal.aborted) await Promise.race([lookUnlessGivenUp(false), givenUp]);
    }
  } finally {
    signal?.removeEventListener('abort', maybeDone);
    await closeAll([events, queue]);
  }
  return { results, failures, aborted: signal?.aborted === true && waiting.size > 0 };
}

/** {@link runJobsOnQueue} as the executor `runScenario` takes. */
export function queueExecutor(options: Omit<QueueRunOptions, keyof JobCallbacks>): JobExecutor {
  return (scenario, jobs, callbacks) => runJobsOnQueue(scenario, jobs, { ...options, ...callbacks });
}

/** BullMQ's reason, with what it means when the job's workers kept dying. */
function explainFailure(reason: string): string {
  return /stalled more than allowable limit/.test(reason)
    ? `${reason} (the workers running it stopped, more often than their --max-stalled allows: killed, out of memory, or cut off from Redis)`
    : reason;
}

/** Closes BullMQ connections; if Redis is gone, gives up waiting for a polite goodbye after 2 s and drops them. */
async function closeAll(parts: readonly (Queue | QueueEvents)[]): Promise<void> {
  const polite = Promise.allSettled(parts.map((p) => p.close()));
  const gone = await Promise.race([polite.then(() => false), delay(2000, true)]);
  if (gone) await Promise.allSettled(parts.map((p) => p.disconnect()));
}
