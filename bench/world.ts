/** End-to-end benchmarks: the scale scenario per pattern, a ladder of world sizes, and the worker speed-up. */

import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PATTERN_IDS } from '../src/patterns/index.js';
import { parseScenario } from '../src/scenario/index.js';
import { WORKER_YOUNG_GENERATION_MB, runScenario, scenarioPatterns, throughputByPattern, type PatternThroughput } from '../src/runner/index.js';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One pattern's run at one size. */
export interface WorldFigure {
  bench: 'scale' | 'ladder';
  pattern: string;
  placers: number;
  fillers: number;
  orders: number;
  messages: number;
  events: number;
  setup_s: number;
  wall_s: number;
  events_per_s: number;
  rss_mb: number;
  /** Issue 18's target per worker: 2M events/s at scale.yaml, 3M on the default scenario. */
  target_events_per_s: number;
}

/** Issue 18's targets per worker, for every pattern: 2 million events per second at scale.yaml, 3 million on the default scenario. */
const TARGET_EVENTS_PER_S = 2_000_000;
const TARGET_DEFAULT_EVENTS_PER_S = 3_000_000;

const child = fileURLToPath(new URL('./world-child.js', import.meta.url));

function runChild(args: string[]): Omit<WorldFigure, 'bench' | 'target_events_per_s'> {
  // Each run in a fresh process: a clean heap and a true peak RSS.
  // The young generation of fwsim's worker threads for large worlds (three semi-spaces), and V8's
  // own heap growth: throughput figures. `fwsim run` collects small worlds tighter (pool.ts,
  // SMALL_WORLD_YOUNG_GENERATION_MB); runWholeScale below goes through it.
  const out = execFileSync(process.execPath, [`--max-semi-space-size=${WORKER_YOUNG_GENERATION_MB / 3}`, child, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as Omit<WorldFigure, 'bench' | 'target_events_per_s'>;
}

/** The whole scale scenario as `fwsim run` runs it: every pattern on `workers` threads of one process. */
export interface WholeScenarioFigure {
  bench: 'scale-all';
  scenario: string;
  workers: number;
  runs: number;
  failures: number;
  events: number;
  wall_s: number;
  events_per_s: number;
  rss_mb: number;
  target_wall_s: number;
  target_rss_mb: number;
}

/** Runs scenarios/scale.yaml whole on `workers` threads in a fresh process. */
export function runWholeScale(workers: number): WholeScenarioFigure {
  const script = fileURLToPath(new URL('./scenario-child.js', import.meta.url));
  const out = execFileSync(process.execPath, [script, 'scenarios/scale.yaml', String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const f = JSON.parse(out) as Omit<WholeScenarioFigure, 'bench' | 'events_per_s' | 'target_wall_s' | 'target_rss_mb'>;
  return { bench: 'scale-all', ...f, events_per_s: Math.round(f.events / f.wall_s), target_wall_s: 25, target_rss_mb: 500 }; // issue 18 (November's issue asked < 90 s, < 2 GiB)
}

/** scenarios/scale.yaml, every pattern, one replication each (single thread per pattern). */
export function runScaleBench(onFigure: (f: WorldFigure) => void): WorldFigure[] {
  return PATTERN_IDS.map((p) => {
    const f: WorldFigure = { bench: 'scale', ...runChild(['scenarios/scale.yaml', p]), target_events_per_s: TARGET_EVENTS_PER_S };
    onFigure(f);
    return f;
  });
}

/** The scale scenario's world at 100, 1,000 and 10,000 placers (fillers a tenth), every pattern. */
export function runLadderBench(sizes: readonly number[], onFigure: (f: WorldFigure) => void): WorldFigure[] {
  const out: WorldFigure[] = [];
  for (const p of PATTERN_IDS) {
    for (const n of sizes) {
      const f: WorldFigure = { bench: 'ladder', ...runChild(['scenarios/scale.yaml', p, String(n)]), target_events_per_s: TARGET_EVENTS_PER_S };
      onFigure(f);
      out.push(f);
    }
  }
  return out;
}

/** Wall time of a whole scenario on 1 and on N worker threads, measured in this process, median of `runs`. */
export interface WorkersFigure {
  bench: 'workers';
  scenario: string;
  runs: number;
  jobs: number;
  wall_1_s: number;
  workers: number;
  wall_n_s: number;
  /** Events of the whole scenario (every run), and the wall time and throughput on `workers` threads. */
  events: number;
  wall_s: number;
  events_per_s: number;
  /** Peak resident memory of this process (both modes ran in it). */
  rss_mb: number;
  speedup: number;
  target_speedup: number;
  /** Sum of the jobs' simulation wall times (world.run only), 1 thread then N: how much slower a job runs beside others. */
  job_run_1_s: number;
  job_run_n_s: number;
  /** CPU time of the whole process (every thread: workers, GC helpers, compiler, main). */
  cpu_1_s: number;
  cpu_n_s: number;
}

/** Events per second of each pattern's jobs on one worker thread (simulation time only), from the 1-thread run of the median. */
export interface WorkersPatternFigure {
  bench: 'workers-pattern';
  scenario: string;
  pattern: string;
  jobs: number;
  events: number;
  run_s: number;
  /** The same as `run_s`: simulation time of the pattern's jobs on one worker thread. */
  wall_s: number;
  events_per_s: number;
  /** Not measured per pattern (the jobs share their worker thread's heap): always null. */
  rss_mb: null;
  target_events_per_s: number;
}

interface Timed {
  wall: number;
  cpu: number;
  jobs: number;
  events: number;
  jobRun: number;
  perPattern: PatternThroughput[];
}

export async function runWorkersBench(file: string, workers: number, repetitions: number, onFigure: (f: WorkersFigure | WorkersPatternFigure) => void): Promise<{ speedup: WorkersFigure; patterns: WorkersPatternFigure[] }> {
  const scenario = parseScenario(readFileSync(file, 'utf8'), file);
  const time = async (n: number): Promise<Timed> => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const result = await runScenario(scenario, { workers: n, cores: availableParallelism() });
    const c = process.cpuUsage(c0);
    const perPattern = throughputByPattern(result.results, scenarioPatterns(scenario));
    const jobRun = perPattern.reduce((sum, p) => sum + p.runMs, 0);
    const events = perPattern.reduce((sum, p) => sum + p.events, 0);
    return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, jobs: result.results.length, events, jobRun: jobRun / 1000, perPattern };
  };
  const ones: Timed[] = [];
  const ns: Timed[] = [];
  // Alternate so both see the same machine load.
  for (let i = 0; i < repetitions; i++) {
    ones.push(await time(1));
    ns.push(await time(workers));
  }
  const median = (xs: Timed[]): Timed => [...xs].sort((a, b) => a.wall - b.wall)[Math.floor(xs.length / 2)] as Timed;
  const one = median(ones);
  const n = median(ns);
  const round = (x: number): number => Math.round(x * 100) / 100;
  const f: WorkersFigure = {
    bench: 'workers', scenario: scenario.name, runs: repetitions, jobs: one.jobs,
    wall_1_s: round(one.wall), workers, wall_n_s: round(n.wall),
    events: one.events, wall_s: round(n.wall), events_per_s: Math.round(n.events / n.wall), rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    speedup: one.wall / n.wall, target_speedup: 1.8,
    job_run_1_s: round(one.jobRun), job_run_n_s: round(n.jobRun), cpu_1_s: round(one.cpu), cpu_n_s: round(n.cpu),
  };
  onFigure(f);
  const patterns: WorkersPatternFigure[] = one.perPattern.map((p) => ({
    bench: 'workers-pattern', scenario: scenario.name, pattern: p.pattern, jobs: p.jobs, events: p.events, run_s: round(p.runMs / 1000),
    wall_s: round(p.runMs / 1000), events_per_s: Math.round(p.events / (p.runMs / 1000)), rss_mb: null, target_events_per_s: TARGET_DEFAULT_EVENTS_PER_S,
  }));
  for (const x of patterns) onFigure(x);
  return { speedup: f, patterns };
}
