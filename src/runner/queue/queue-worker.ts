/** A queue worker: takes fwsim runs from BullMQ on Redis, runs each on a thread of its own pool, and sends back the encoded result. */

import { setTimeout as delay } from 'node:timers/promises';
import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { describeJob, type Job } from '../jobs.js';
import { encodeJobResult } from '../job-result-codec.js';
import { createJobPool, machineShareMb } from '../pool.js';
import type { QueueAddress } from './address.js';
import { redisOptions } from './connection.js';
import { acceptQueuedJob, JobRefusal, QUEUE_NAME, type QueuedJob } from './payload.js';

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  address: QueueAddress;
  /** This fwsim's version: jobs queued by another are refused. */
  toolVersion: string;
  /** Runs at once, each on its own thread (>= 1). */
  concurrency: number;
  /** CPU cores of this machine (see `createJobPool`). */
  cores?: number;
  /**
   * Bytes of memory of this machine. The threads start before any job is seen, so each gets
   * its share of nine tenths of it as its heap ceiling (when that is above V8's default): a
   * queued national-scale world needs more than the default, and a ceiling is not an allocation.
   */
  memory?: number;
  /** How this worker is named in logs, refusals and BullMQ's `processedBy` (e.g. host#pid). */
  name: string;
  /**
   * How long a job's lock lasts unless renewed, ms (BullMQ's default 30000). The worker renews
   * it every half of that while the job runs; a worker that dies stops renewing, and the job
   * goes back to the queue once the lock has expired and a stalled check has seen it.
   */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died, ms (BullMQ's default 30000). */
  stalledIntervalMs?: number;
  /** Times a job may go back to the queue after its worker died before it fails (BullMQ's default 1). */
  maxStalledCount?: number;
  /** What the worker did, for its log. */
  onEvent?: (event: QueueWorkerEvent) => void;
}

/** Something a queue worker did. */
export type QueueWorkerEvent =
  | { kind: 'started'; id: string; job: Job }
  | { kind: 'done'; id: string; job: Job; wallMs: number }
  | { kind: 'failed'; id: string; job: Job; message: string }
  | { kind: 'refused'; id: string; message: string }
  | { kind: 'stalled'; id: string }
  | { kind: 'error'; message: string };

/** A running queue worker. */
export interface QueueWorker {
  readonly name: string;
  /**
   * Stops taking jobs. Without `force`, waits for the runs in progress to finish and send their
   * results; with it, abandons them (their locks expire and other workers run them again).
   * Resolves even when Redis is gone.
   */
  close(force?: boolean): Promise<void>;
}

/**
 * Starts a worker on the queue at `address`. Runs execute on `concurrency` worker threads, so
 * this thread stays free to renew the jobs' locks however long a run takes: a busy worker is
 * never mistaken for a dead one. A run that throws fails its job with the run's error (a
 * simulation is deterministic, so it is not retried); a refused job fails with the reason.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const heapMb = machineShareMb(options.memory, options.concurrency);
  const pool = await createJobPool({
    threads: options.concurrency,
    ...(options.cores !== undefined ? { cores: options.cores } : {}),
    ...(heapMb !== undefined ? { heapMb } : {}),
  });
  const emit = (e: QueueWorkerEvent): void => options.onEvent?.(e);
  // Runs in progress, and who waits for there to be none (see close).
  let running = 0;
  const onIdle: (() => void)[] = [];
  const idle = (): Promise<void> => (running === 0 ? Promise.resolve() : new Promise((resolve) => onIdle.push(resolve)));
  const processor = async (bull: BullJob<QueuedJob, string>): Promise<string> => {
    running++;
    try {
      return await runQueued(bull);
    } finally {
      if (--running === 0) for (const resolve of onIdle.splice(0)) resolve();
    }
  };
  const runQueued = async (bull: BullJob<QueuedJob, string>): Promise<string> => {
    const id = bull.id ?? '?';
    let accepted;
    try {
      accepted = acceptQueuedJob(bull.data, options.toolVersion, options.name);
    } catch (e) {
      if (!(e instanceof JobRefusal)) throw e;
      emit({ kind: 'refused', id, message: e.message });
      // Unrecoverable: failed at once, whatever attempts the job allows, so the client hears why.
      throw new UnrecoverableError(e.message);
    }
    const { scenario, job } = accepted;
    emit({ kind: 'started', id, job });
    try {
      const result = await pool.run(scenario, job);
      emit({ kind: 'done', id, job, wallMs: result.wallMs });
      return encodeJobResult(result);
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      emit({ kind: 'failed', id, job, message: `${describeJob(job)}: ${message}` });
      // The bare error, as a local run reports it after the job's name.
      throw new Error(message);
    }
  };
  const worker = new Worker<QueuedJob, string>(QUEUE_NAME, processor, {
    connection: redisOptions(options.address),
    name: options.name,
    concurrency: options.concurrency,
    ...(options.lockDurationMs !== undefined ? { lockDuration: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs !== undefined ? { stalledInterval: options.stalledIntervalMs } : {}),
    ...(options.maxStalledCount !== undefined ? { maxStalledCount: options.maxStalledCount } : {}),
    autorun: false,
  });
  // Without a listener an 'error' event would end the process; a lost Redis is retried instead.
  worker.on('error', (e: Error) => emit({ kind: 'error', message: e.message }));
  // One stalled check can name a job twice; it is one event.
  const stalledNow = new Set<string>();
  worker.on('stalled', (jobId: string) => {
    if (stalledNow.has(jobId)) return;
    stalledNow.add(jobId);
    setImmediate(() => stalledNow.delete(jobId));
    emit({ kind: 'stalled', id: jobId });
  });
  await worker.waitUntilReady();
  void worker.run().catch((e: unknown) => emit({ kind: 'error', message: (e as Error).message ?? String(e) }));
  return {
    name: options.name,
    close: async (force = false) => {
      // BullMQ's close waits for Redis to say goodbye, and with Redis gone it waits for ever:
      // give a polite close 5 s once the runs in progress are over (2 s when forced), then drop
      // the connections. Results it could not send are lost with their locks: other workers
      // run those jobs again.
      const closed = worker.close(force).then(() => true, () => true);
      const done = await Promise.race([closed, (force ? Promise.resolve() : idle()).then(() => delay(force ? 2000 : 5000, false))]);
      if (!done) await Promise.race([worker.disconnect().catch(() => undefined), delay(1000)]);
      await pool.destroy();
    },
  };
}
