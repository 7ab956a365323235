/**
 * `npm run bench -- [part ...] [--json] [--runs N] [--national F]`: runs benchmark parts and reports figures
 * (never pass/fail). Writes results/bench/<part>.csv. Parts: engine, store, scale, ladder, workers, queue, startup, national,
 * and, not in the default set (they need valgrind and take minutes to half an hour), cost (an event's
 * instructions and cache misses, by cachegrind) and misses (an event's misses by function, `--pattern P`).
 */

import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { runEngineBench, type EngineFigure } from './engine.js';
import { runStoreBench, type StoreFigure } from './store.js';
import { runLadderBench, runScaleBench, runWholeScale, runWorkersBench, type WorkersFigure, type WorkersPatternFigure, type WorldFigure } from './world.js';
import { runQueueBench, type QueueFigure } from './queue.js';
import { runStartupBench, type StartupFigure } from './startup.js';
import { runNationalBench, type NationalFigure } from './national.js';
import { LONG as COST_LONG, SHORT as COST_SHORT, runCostBench, type CostFigure } from './cost.js';
import { LONG as MISSES_LONG, SHORT as MISSES_SHORT, runMissesBench, type MissFigure } from './misses.js';
import { scalingCharts } from './scaling-chart.js';
import { renderPng, renderSvg } from '../src/report/render.js';
import { chartFontFiles } from '../src/cli/fonts.js';
import { PATTERN_IDS } from '../src/patterns/index.js';

const PARTS = ['engine', 'store', 'scale', 'ladder', 'workers', 'queue', 'startup', 'national', 'cost', 'misses'] as const;
type Part = (typeof PARTS)[number];
/** What a bare `npm run bench` runs: every part but the counted ones. */
const DEFAULT_PARTS: readonly Part[] = PARTS.filter((p) => p !== 'cost' && p !== 'misses');

function parseArgs(argv: string[]): { parts: Part[]; json: boolean; runs: number; out: string; national: number; pattern: string } {
  const parts: Part[] = [];
  let json = false;
  let pattern = 'D';
  let runs = 5;
  let out = 'results/bench';
  let national = 0.1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--json') json = true;
    else if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--out') out = argv[++i] ?? out;
    else if (a === '--national') national = Number(argv[++i]);
    else if (a === '--pattern') pattern = argv[++i] ?? '';
    else if ((PARTS as readonly string[]).includes(a)) parts.push(a as Part);
    else {
      console.error(`bench: unknown argument '${a}'; expected one of ${PARTS.join(', ')}, --json, --runs N, --out DIR, --national F, --pattern P`);
      process.exit(2);
    }
  }
  if (!(Number.isInteger(runs) && runs >= 3)) {
    console.error(`bench: --runs must be an integer >= 3 (medians of fewer runs are noise here), got ${runs}`);
    process.exit(2);
  }
  if (!(national > 0 && national <= 1)) {
    console.error(`bench: --national must be a fraction in (0, 1], got ${national}`);
    process.exit(2);
  }
  if (!(PATTERN_IDS as readonly string[]).includes(pattern)) {
    console.error(`bench: --pattern must be one of ${PATTERN_IDS.join(', ')}, got '${pattern}'`);
    process.exit(2);
  }
  return { parts: parts.length > 0 ? parts : [...DEFAULT_PARTS], json, runs, out, national, pattern };
}

function writeCsv(dir: string, name: string, rows: object[]): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.csv`);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, stringify(rows as Record<string, unknown>[], { header: true }));
  renameSync(tmp, path);
  return path;
}

function printEngineHuman(f: EngineFigure): void {
  const rate = `${(f.events_per_s / 1e6).toFixed(2)}M ev/s`.padStart(13);
  const target = f.target_events_per_s === null ? '' : `  target ${(f.target_events_per_s / 1e6).toFixed(0)}M: ${f.events_per_s >= f.target_events_per_s ? 'met' : 'MISSED'}`;
  console.log(`${f.model.padEnd(8)}${f.layer.padEnd(10)}${(f.rng ? 'rng' : 'pre').padEnd(5)}${rate}  x${f.vs_reference.toFixed(2)} of reference  x${f.vs_simpy} SimPy  check ${f.check}${target}`);
}

function printStoreHuman(f: StoreFigure): void {
  if (f.case === 'build') {
    console.log(`build: ${f.stored.toLocaleString('en-US')} resources, ${f.calls.toLocaleString('en-US')} versions committed in ${f.wall_s.toFixed(1)} s (${f.per_call_us.toFixed(2)} us each); RSS ${f.rss_mb} MB after GC`);
    console.log(`${'case'.padEnd(17)}${'returned'.padStart(9)}${'examined'.padStart(10)}${'us/call'.padStart(10)}${'calls/s'.padStart(12)}${'RSS MB'.padStart(8)}`);
    return;
  }
  const target = f.target_us === null ? '' : `  target < ${f.target_us} us: ${f.per_call_us < f.target_us ? 'met' : 'MISSED'}`;
  console.log(`${f.case.padEnd(17)}${String(f.returned).padStart(9)}${(f.examined === null ? '-' : String(f.examined)).padStart(10)}${f.per_call_us.toFixed(2).padStart(10)}${f.calls_per_s.toLocaleString('en-US').padStart(12)}${String(f.rss_mb).padStart(8)}${target}`);
}

function printWorldHuman(f: WorldFigure): void {
  console.log(`${f.pattern}  ${String(f.placers).padStart(6)} placers ${String(f.fillers).padStart(5)} fillers ${String(f.orders).padStart(7)} orders ${String(f.events).padStart(9)} events  ${f.wall_s.toFixed(2).padStart(7)} s  ${(f.events_per_s / 1e6).toFixed(2)}M ev/s  peak RSS ${f.rss_mb} MB`);
}

function printWorkersHuman(f: WorkersFigure | WorkersPatternFigure): void {
  if (f.bench === 'workers-pattern') {
    console.log(`  ${f.pattern}: ${String(f.jobs).padStart(4)} jobs ${String(f.events).padStart(10)} events ${f.run_s.toFixed(2).padStart(7)} s  ${(f.events_per_s / 1e6).toFixed(2)}M ev/s per worker (target ${f.target_events_per_s / 1e6}M: ${f.events_per_s >= f.target_events_per_s ? 'met' : 'MISSED'})`);
    return;
  }
  console.log(`${f.scenario}: ${f.jobs} runs; median of ${f.runs}: ${f.wall_1_s.toFixed(2)} s on 1 thread, ${f.wall_n_s.toFixed(2)} s on ${f.workers}: ${f.speedup.toFixed(2)}x (target ${f.target_speedup}x: ${f.speedup >= f.target_speedup ? 'met' : 'MISSED'})`);
  console.log(`  sum of job simulation times ${f.job_run_1_s.toFixed(2)} s on 1 thread, ${f.job_run_n_s.toFixed(2)} s on ${f.workers}; process CPU ${f.cpu_1_s.toFixed(2)} s (${(f.cpu_1_s / f.wall_1_s).toFixed(2)} cores busy) and ${f.cpu_n_s.toFixed(2)} s (${(f.cpu_n_s / f.wall_n_s).toFixed(2)} cores)`);
  console.log(`  events per second of each pattern on one worker thread (${f.scenario} scenario, simulation time only):`);
}

function printNationalHuman(f: NationalFigure): void {
  console.log(`${f.pattern}: ${f.placers.toLocaleString('en-US')} placers, ${f.orders.toLocaleString('en-US')} orders, ${(f.events / 1e6).toFixed(1)}M events in ${f.wall_s.toFixed(1)} s (${(f.events_per_s / 1e6).toFixed(2)}M/s), peak RSS ${f.rss_mb} MB; heap per stored order ${f.bytes_per_stored_order} B, per in-flight order ${f.bytes_per_in_flight_order} B, base ${f.base_mb} MB`);
}

function printCostHuman(f: CostFigure): void {
  const n = (x: number): string => x.toLocaleString('en-US');
  console.log(`${f.pattern}: ${n(f.instructions_per_event)} instructions, ${f.ll_misses_per_event} last-level misses, ${f.d1_misses_per_event} L1 misses an event (${n(f.events)} events); compiled JavaScript ${n(f.jit_instructions_per_event)} and ${f.jit_ll_misses_per_event}, garbage collector ${n(f.gc_instructions_per_event)} and ${f.gc_ll_misses_per_event}`);
}

function printMissHuman(f: MissFigure): string {
  return `${f.ll_misses_per_event.toFixed(2).padStart(6)} misses ${String(f.instructions_per_event).padStart(6)} instructions  ${f.function}`;
}

function printStartupHuman(f: StartupFigure): void {
  const sim = f.case.startsWith('fwsim run') ? ` = ${f.simulation_s.toFixed(3)} s simulation + ${f.overhead_s.toFixed(2)} s around it` : '';
  console.log(`${f.case.padEnd(22)} median of ${f.runs}: ${f.wall_s.toFixed(2)} s${sim}`);
}

function printQueueHuman(f: QueueFigure): void {
  console.log(`${f.scenario}: ${f.jobs} runs; median of ${f.runs}: ${f.local_1_thread_s.toFixed(2)} s on 1 local thread, through the queue ${f.queue_1_process_s.toFixed(2)} s on 1 worker process, ${f.queue_2_processes_s.toFixed(2)} s on 2: ${f.speedup.toFixed(2)}x; 1 process / 1 local thread ${f.queue_overhead.toFixed(2)}x; same rows every time: ${f.same_rows ? 'yes' : 'NO'}; load ${f.load_before} before, ${f.load_after} after`);
}

const args = parseArgs(process.argv.slice(2));
for (const part of args.parts) {
  if (part === 'engine') {
    if (!args.json) console.log(`engine: median of ${args.runs} runs after 2 warm-ups, one process per model/layer; 'pre' = variates pre-generated, 'rng' = sampled live`);
    const figures = runEngineBench(args.runs, (f) => (args.json ? console.log(JSON.stringify(f)) : printEngineHuman(f)));
    const path = writeCsv(args.out, 'engine', figures);
    if (!args.json) console.log(`wrote ${path}`);
  } else if (part === 'store') {
    if (!args.json) console.log(`store: 2,000,000 resources in one fresh process; per case the median of ${args.runs} repetitions of 10,000 calls after 2 warm-ups`);
    const figures = runStoreBench(args.runs, (f) => (args.json ? console.log(JSON.stringify(f)) : printStoreHuman(f)));
    const path = writeCsv(args.out, 'store', figures);
    if (!args.json) console.log(`wrote ${path}`);
  } else if (part === 'scale') {
    if (!args.json) console.log('scale: scenarios/scale.yaml, one replication per pattern, each in a fresh process (one thread)');
    const figures = runScaleBench((f) => (args.json ? console.log(JSON.stringify(f)) : printWorldHuman(f)));
    const total = figures.reduce((s, f) => s + f.wall_s + f.setup_s, 0);
    if (!args.json) console.log(`all patterns: ${total.toFixed(1)} s on one thread; peak RSS ${Math.max(...figures.map((f) => f.rss_mb))} MB`);
    const scalePath = writeCsv(args.out, 'scale', figures);
    if (!args.json) console.log(`wrote ${scalePath}`);
    const whole = runWholeScale(2);
    if (args.json) console.log(JSON.stringify(whole));
    else console.log(`whole scenario as fwsim run does it, 2 worker threads: ${whole.wall_s} s (target < ${whole.target_wall_s} s: ${whole.wall_s < whole.target_wall_s ? 'met' : 'MISSED'}), peak RSS ${whole.rss_mb} MB (target < ${whole.target_rss_mb} MB: ${whole.rss_mb < whole.target_rss_mb ? 'met' : 'MISSED'}), ${whole.failures} failed runs`);
    const wholePath = writeCsv(args.out, 'scale-all', [whole]);
    if (!args.json) console.log(`wrote ${wholePath}`);
  } else if (part === 'ladder') {
    if (!args.json) console.log('ladder: the scale world at 100, 1,000 and 10,000 placers (fillers a tenth), every pattern, fresh process each');
    const figures = runLadderBench([100, 1000, 10000], (f) => (args.json ? console.log(JSON.stringify(f)) : printWorldHuman(f)));
    const ladderPath = writeCsv(args.out, 'ladder', figures);
    if (!args.json) console.log(`wrote ${ladderPath}`);
    // The scaling curves as charts (same renderer and fonts as the report; writeCsv made the folder).
    const fonts = chartFontFiles();
    for (const chart of scalingCharts(figures, new Date().toISOString().slice(0, 10))) {
      const svg = await renderSvg(chart);
      writeFileSync(join(args.out, `${chart.name}.svg`), svg);
      writeFileSync(join(args.out, `${chart.name}.png`), renderPng(svg, fonts));
      if (!args.json) console.log(`wrote ${join(args.out, `${chart.name}.svg`)} and .png`);
    }
  } else if (part === 'workers') {
    const f = await runWorkersBench('scenarios/default.yaml', 2, args.runs, (x) => (args.json ? console.log(JSON.stringify(x)) : printWorkersHuman(x)));
    const paths = [writeCsv(args.out, 'workers', [f.speedup]), writeCsv(args.out, 'workers-patterns', f.patterns)];
    if (!args.json) for (const path of paths) console.log(`wrote ${path}`);
  } else if (part === 'national') {
    // The whole country with --national 1; a tenth by default (the whole is several GB a world).
    if (!args.json) console.log(`national: scenarios/national.yaml at ${args.national} of its placers and fillers, each pattern in a fresh process, heap sampled every 2 simulated hours`);
    const figures = runNationalBench(PATTERN_IDS, args.national, (x) => (args.json ? console.log(JSON.stringify(x)) : printNationalHuman(x)));
    const path = writeCsv(args.out, 'national', figures);
    if (!args.json) console.log(`wrote ${path}`);
  } else if (part === 'cost') {
    if (!args.json) console.log(`cost: scenarios/scale.yaml, each pattern to ${COST_SHORT} and to ${COST_LONG} (simulated) under cachegrind (8 MB last level), per event between the two`);
    const figures = await runCostBench('scenarios/scale.yaml', PATTERN_IDS, (x) => (args.json ? console.log(JSON.stringify(x)) : printCostHuman(x)));
    const path = writeCsv(args.out, 'cost', figures);
    if (!args.json) console.log(`wrote ${path}`);
  } else if (part === 'misses') {
    if (!args.json) console.log(`misses: scenarios/scale.yaml, pattern ${args.pattern} to ${MISSES_SHORT} and to ${MISSES_LONG} (simulated) under callgrind, last-level misses an event by function between the two`);
    const figures = await runMissesBench('scenarios/scale.yaml', args.pattern, 40);
    for (const f of figures) console.log(args.json ? JSON.stringify(f) : printMissHuman(f));
    const path = writeCsv(args.out, `misses-${args.pattern}`, figures);
    if (!args.json) console.log(`wrote ${path}`);
  } else if (part === 'startup') {
    if (!args.json) console.log('startup: the built CLI in fresh processes (a 3 ms run of one pattern), alternating with bare node');
    const cli = fileURLToPath(new URL('../../../dist/bundle/main.js', import.meta.url));
    if (!existsSync(cli)) throw new Error(`startup times the built CLI, ${cli}: run npm run build first`);
    const figures = runStartupBench(cli, Math.max(args.runs, 9), (x) => (args.json ? console.log(JSON.stringify(x)) : printStartupHuman(x)));
    const path = writeCsv(args.out, 'startup', figures);
    if (!args.json) console.log(`wrote ${path}`);
  } else if (part === 'queue') {
    if (!args.json) console.log('queue: scenarios/default.yaml through BullMQ on a local redis-server, 1 and 2 worker processes (one thread each), and 1 local thread, alternating');
    const f = await runQueueBench('scenarios/default.yaml', args.runs, (x) => (args.json ? console.log(JSON.stringify(x)) : printQueueHuman(x)));
    const path = writeCsv(args.out, 'queue', [f]);
    if (!args.json) console.log(`wrote ${path}`);
  }
}
