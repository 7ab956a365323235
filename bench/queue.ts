/**
 * The queue bench: a scenario's jobs through BullMQ on a local redis-server, run by 1 and by 2
 * worker processes (one thread each), against the same scenario on one local thread; the
 * three alternate, median of N. Results must be the same rows every time.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { runsCsv } from '../src/report/tables.js';
import { runScenario } from '../src/runner/index.js';
import { parseQueueAddress, queueExecutor } from '../src/runner/queue/index.js';
import { parseScenario, type Scenario } from '../src/scenario/index.js';
import { startLocalRedis } from './local-redis.js';

/** One line of results/bench/queue.csv. */
export interface QueueFigure {
  bench: 'queue';
  scenario: string;
  runs: number;
  jobs: number;
  /** Median wall seconds, scenario start to the last result collected (no report), of ... */
  local_1_thread_s: number;
  queue_1_process_s: number;
  queue_2_processes_s: number;
  /** queue 1 process / queue 2 processes. */
  speedup: number;
  /** queue 1 process / local 1 thread: what going through Redis costs. */
  queue_overhead: number;
  /** The same runs.csv from all three every time. */
  same_rows: boolean;
  events: number;
  wall_s: number;
  events_per_s: number;
  rss_mb: number;
  /** 1-minute load average before and after (a shared machine). */
  load_before: number;
  load_after: number;
}

const CHILD = fileURLToPath(new URL('./queue-worker-child.js', import.meta.url));

/** Starts a worker process and resolves once it listens. */
function startWorkerProcess(url: string, version: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, url, version], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout?.once('data', () => resolve(child));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`queue worker exited (${code}) before it was ready`)));
  });
}

async function stopWorkerProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Runs the bench on `file`; `onFigure` gets the one figure. */
export async function runQueueBench(file: string, repetitions: number, onFigure: (f: QueueFigure) => void): Promise<QueueFigure> {
  const scenario: Scenario = parseScenario(readFileSync(file, 'utf8'), file);
  const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
  const loadBefore = loadavg()[0] as number;
  const redis = await startLocalRedis();
  const address = parseQueueAddress(redis.url);
  const admin = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null });
  const rows = new Set<string>();
  let events = 0;
  let jobs = 0;
  const timed = async (how: 'local' | 1 | 2): Promise<number> => {
    await admin.flushdb();
    const workers = how === 'local' ? [] : await Promise.all(Array.from({ length: how }, () => startWorkerProcess(redis.url, version)));
    const t0 = performance.now();
    const results = await runScenario(scenario, how === 'local' ? { workers: 1 } : { execute: queueExecutor({ address, toolVersion: version }) });
    const wall = (performance.now() - t0) / 1000;
    await Promise.all(workers.map(stopWorkerProcess));
    if (results.failures.length > 0) throw new Error(`queue bench: ${results.failures.length} runs failed, e.g. ${results.failures[0]?.message}`);
    rows.add(runsCsv(results));
    jobs = results.results.length;
    events = results.results.reduce((sum, r) => sum + (r.metrics.events ?? 0), 0);
    return wall;
  };
  const local: number[] = [];
  const one: number[] = [];
  const two: number[] = [];
  try {
    // Alternate so all three see the same machine load.
    for (let i = 0; i < repetitions; i++) {
      local.push(await timed('local'));
      one.push(await timed(1));
      two.push(await timed(2));
    }
  } finally {
    admin.disconnect();
    await redis.stop();
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const round = (x: number): number => Math.round(x * 100) / 100;
  const f: QueueFigure = {
    bench: 'queue', scenario: scenario.name, runs: repetitions, jobs,
    local_1_thread_s: round(median(local)), queue_1_process_s: round(median(one)), queue_2_processes_s: round(median(two)),
    speedup: round(median(one) / median(two)), queue_overhead: round(median(one) / median(local)),
    same_rows: rows.size === 1,
    events, wall_s: round(median(two)), events_per_s: Math.round(events / median(two)), rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    load_before: round(loadBefore), load_after: round(loadavg()[0] as number),
  };
  onFigure(f);
  return f;
}
