import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '../bench/local-redis.js';
import { QUEUE_NAME } from '../src/runner/queue/index.js';
import { CLI, ROOT, fwsim } from './support/cli.js';
import { GOLDEN_ARGS } from './support/golden.js';
import { SHORT_LOCKS, exitCode, startWorker, type WorkerProcess } from './support/queue-worker.js';

/** Keys (pattern/point/replication) of the results in a journal, header left out. */
function journalKeys(dir: string): string[] {
  const path = join(dir, 'jobs.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line) => {
    const r = JSON.parse(line) as { job: { pattern: string; point: { index: number }; replication: number } };
    return `${r.job.pattern}/${r.job.point.index}/${r.job.replication}`;
  });
}

/** How many jobs of each state BullMQ holds on database `db`. */
async function queueCounts(redis: LocalRedis, db: number): Promise<Record<string, number>> {
  const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port, db, maxRetriesPerRequest: null } });
  try {
    return await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
  } finally {
    await queue.close();
  }
}

/** Expects `files` of two results folders to be byte-identical. */
function expectSameFiles(a: string, b: string, files: readonly string[]): void {
  for (const f of files) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
}

let redis: LocalRedis;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  redis = await startLocalRedis();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await redis?.stop();
});

describe('fwsim run --queue with two fwsim worker processes, one killed with SIGKILL mid-job', () => {
  it('runs every job, collects each result once, and writes the runs.csv and summary.csv of a local run', async () => {
    const url = `${redis.url}/1`;
    // E's runs take a second or more, so the kill lands well inside the first one.
    const args = [...GOLDEN_ARGS, '--patterns', 'E'];
    const out = mkdtempSync(join(tmpdir(), 'fwsim-queue-kill-'));
    const doomed = startWorker(url, SHORT_LOCKS);
    const survivor = startWorker(url, SHORT_LOCKS);
    workers.push(doomed, survivor);
    const client = spawn(process.execPath, [CLI, 'run', ...args, '--queue', url, '--out', join(out, 'queue'), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let clientErr = '';
    client.stderr.on('data', (c: Buffer) => (clientErr += c.toString()));
    const done = exitCode(client);

    // Killed while its first job runs: the job holds a lock nobody renews any more.
    const orphan = await doomed.nthStarted(1);
    await doomed.stop('SIGKILL');
    expect(doomed.log()).not.toContain(`done ${orphan}`);

    expect(await done, clientErr).toBe(0);
    // BullMQ's stalled check on the survivor put the job back, and the survivor ran it.
    expect(survivor.log()).toMatch(new RegExp(`stalled ${orphan}: `));
    expect(survivor.started()).toContain(orphan);
    // Each of the 18 jobs collected exactly once.
    const keys = journalKeys(join(out, 'queue', 'default'));
    expect(keys).toHaveLength(18);
    expect(new Set(keys).size).toBe(18);
    // Nothing left on the queue: collected jobs are removed, none failed or waits.
    expect(await queueCounts(redis, 1)).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 });

    const local = fwsim(['run', ...args, '--out', join(out, 'local'), '--workers', '2', '--quiet']);
    expect(local.status, local.stderr).toBe(0);
    expectSameFiles(join(out, 'queue', 'default'), join(out, 'local', 'default'), ['runs.csv', 'summary.csv']);
    await survivor.stop();
  }, 300_000);
});

describe('fwsim run --queue --resume', () => {
  it('collects the jobs that finished while no client waited, without running them again, and writes the files of a local run', async () => {
    const url = `${redis.url}/2`;
    // Groups, so groups.csv is compared too.
    const args = ['scenarios/regional-lab-network.yaml', '--set', 'horizon=2h', '--set', 'warmup=15min', '--replications', '2', '--patterns', 'A,C,E,G'];
    const out = mkdtempSync(join(tmpdir(), 'fwsim-queue-resume-'));
    const dir = join(out, 'queue', 'regional-lab-network');
    const worker = startWorker(url);
    workers.push(worker);

    const first = spawn(process.execPath, [CLI, 'run', ...args, '--queue', url, '--out', join(out, 'queue'), '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    const firstDone = exitCode(first);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (journalKeys(dir).length >= 3 || first.exitCode !== null) {
          clearInterval(timer);
          first.kill('SIGINT');
          resolve();
        }
      }, 10);
    });
    expect(await firstDone).toBe(130);
    const kept = journalKeys(dir).length;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(24);

    const resumed = fwsim(['run', ...args, '--queue', url, '--out', join(out, 'queue'), '--quiet', '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    const keys = journalKeys(dir);
    expect(keys).toHaveLength(24);
    expect(new Set(keys).size).toBe(24);
    // Queueing the same jobs again added none twice: each ran once in all.
    expect(worker.started()).toHaveLength(24);
    expect(new Set(worker.started()).size).toBe(24);

    const local = fwsim(['run', ...args, '--out', join(out, 'local'), '--workers', '2', '--quiet']);
    expect(local.status, local.stderr).toBe(0);
    expectSameFiles(dir, join(out, 'local', 'regional-lab-network'), ['runs.csv', 'summary.csv', 'groups.csv']);
    await worker.stop();
  }, 300_000);
});
