import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../bench/local-redis.js';
import type { PatternId } from '../src/patterns/index.js';
import { expandJobs, parseQueueAddress, runJobs, scenarioHash } from '../src/runner/index.js';
import { JOB_NAME, QUEUE_NAME, queueJobId, queuedJob, runJobsOnQueue, type QueuedCounts } from '../src/runner/queue/index.js';
import { parseScenario } from '../src/scenario/index.js';
import { startWorker, type WorkerProcess } from './support/queue-worker.js';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const scenario = parseScenario('name: f\nhorizon: 30min\nwarmup: 0s\nreplications: 2\npatterns: [A]\nplacers: {count: 2}\n', 'f.yaml');
const jobs = expandJobs(scenario);

let redis: LocalRedis;
let worker: WorkerProcess;
/** The database the worker listens on; the enqueue test uses another, where no worker listens. */
const WORKED = 3;
beforeAll(async () => {
  redis = await startLocalRedis();
  worker = startWorker(`${redis.url}/${WORKED}`);
});
afterAll(async () => {
  await worker?.stop('SIGKILL');
  await redis?.stop();
});

const connection = (db: number) => ({ host: '127.0.0.1', port: redis.port, db, maxRetriesPerRequest: null });

describe('queued jobs that fail', () => {
  it('a run that throws is reported with its pattern, point, replication and seed, as locally; the other runs finish', async () => {
    // A job naming a pattern that does not exist throws inside the worker's thread.
    const broken = { ...jobs[0]!, pattern: 'Z' as PatternId, seed: 99 };
    const out = await runJobsOnQueue(scenario, [broken, ...jobs], { address: parseQueueAddress(`${redis.url}/${WORKED}`), toolVersion: VERSION, sweepMs: 500 });
    expect(out.results).toHaveLength(jobs.length);
    expect(out.failures).toHaveLength(1);
    expect(out.failures[0]!.message).toMatch(/^pattern Z, sweep point 0, replication 1, seed 99: \S/);
    expect(out.aborted).toBe(false);
    // Word for word what a local run reports.
    const local = await runJobs(scenario, [broken], { workers: 1 });
    expect(out.failures[0]!.message).toBe(local.failures[0]!.message);
  });

  it('a worker refuses a job queued by another fwsim version, saying why, at once (no retries, no stall loop)', async () => {
    const out = await runJobsOnQueue(scenario, jobs.slice(0, 1), { address: parseQueueAddress(`${redis.url}/${WORKED}`), toolVersion: '0.0.0-other', sweepMs: 500 });
    expect(out.results).toHaveLength(0);
    expect(out.failures.map((f) => f.message)).toEqual([
      expect.stringMatching(new RegExp(`^pattern A, sweep point 0, replication 1, seed ${jobs[0]!.seed}: refused by worker \\S+#\\d+: it runs fwsim ${VERSION.replace(/\./g, '\\.')} and the job was queued by fwsim 0\\.0\\.0-other`)),
    ]);
    const queue = new Queue(QUEUE_NAME, { connection: connection(WORKED) });
    const failed = await queue.getJob(queueJobId('0.0.0-other', scenarioHash(scenario), jobs[0]!));
    expect(failed?.attemptsMade).toBe(1);
    await queue.close();
    expect(worker.log()).toMatch(/refused v0\.0\.0-other-/);
  });

  it('a worker refuses a job whose scenario hashes differently where it runs, saying why', async () => {
    const queue = new Queue(QUEUE_NAME, { connection: connection(WORKED) });
    const job = jobs[1]!;
    const id = queueJobId(VERSION, '0123456789abcdef', job);
    await queue.add(JOB_NAME, queuedJob(scenario, '0123456789abcdef', job, VERSION), { jobId: id });
    // Its state is polled: a QueueEvents listener can miss an event sent before it reads the stream.
    while ((await queue.getJobState(id)) !== 'failed') await delay(50);
    const failed = await queue.getJob(id);
    expect(failed?.failedReason).toMatch(new RegExp(`^refused by worker \\S+: the queued scenario hashes to ${scenarioHash(scenario)} here, not 0123456789abcdef as queued`));
    expect(failed?.attemptsMade).toBe(1);
    await queue.close();
  });
});

describe('queueing the same jobs again', () => {
  it('adds none twice: a job id names one run', async () => {
    // A database no worker listens on, so the jobs stay where they were put.
    const idle = 4;
    const enqueueAndLeave = async (): Promise<QueuedCounts | undefined> => {
      const stop = new AbortController();
      let counts: QueuedCounts | undefined;
      const out = await runJobsOnQueue(scenario, jobs, {
        address: parseQueueAddress(`${redis.url}/${idle}`), toolVersion: VERSION, signal: stop.signal,
        onQueued: (c) => {
          counts = c;
          stop.abort();
        },
      });
      expect(out.aborted).toBe(true);
      return counts;
    };
    expect(await enqueueAndLeave()).toEqual({ added: jobs.length, present: 0, finished: 0 });
    expect(await enqueueAndLeave()).toEqual({ added: 0, present: jobs.length, finished: 0 });
    const queue = new Queue(QUEUE_NAME, { connection: connection(idle) });
    expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: jobs.length, active: 0, completed: 0, failed: 0 });
    await queue.close();
  });
});
