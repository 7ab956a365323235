/**
 * What one event costs, counted rather than timed: instructions and cache misses of each pattern
 * on scale.yaml, by cachegrind (valgrind), so that a change can be judged on a shared machine
 * whose timings move by 10% between runs of one build (bench/README.md, "cost").
 */

import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_YOUNG_GENERATION_MB } from '../src/runner/index.js';

/** One pattern's cost per event in its steady state: the difference of a long and a short run, over the events between them. */
export interface CostFigure {
  bench: 'cost';
  pattern: string;
  /** Events of the long run beyond the short one: what the figures are per. */
  events: number;
  instructions_per_event: number;
  /** Last-level cache misses (reads and writes) with an 8 MB, 16-way last level. */
  ll_misses_per_event: number;
  d1_misses_per_event: number;
  /** The same, of the compiled JavaScript alone (code cachegrind knows no name of). */
  jit_instructions_per_event: number;
  jit_ll_misses_per_event: number;
  /** The same, of V8's garbage collector (scavenges, marking, sweeping, write barriers). */
  gc_instructions_per_event: number;
  gc_ll_misses_per_event: number;
}

/** The two horizons whose difference is measured (the scenario's warm-up is set to 10 minutes in both). */
export const SHORT = '11min';
export const LONG = '80min';
/** The simulated last level: 8 MB, 16-way, 64-byte lines (a stand-in for this EPYC's share of L3). */
export const LL = '--LL=8388608,16,64';
const GC = /Scaveng|Marking|MarkCompact|Sweep|Evacuat|RecordWrite|IteratePointers|MemoryChunk|Heap::/;

/** The program counted: one pattern to a horizon, printing its events (cost-child.ts). */
export const COUNTED_CHILD = fileURLToPath(new URL('./cost-child.js', import.meta.url));

/**
 * Node's flags for a counted run. Optimising compiles in line: under valgrind a background
 * compiler thread gets so little time that hot code stays in the baseline tier (D: 16,000
 * instructions an event instead of 8,000). The collector on the main thread too: its concurrent
 * marking made its counts vary by 6%. The young generation of fwsim's workers for large worlds.
 */
export const COUNTED_NODE_FLAGS = ['--no-concurrent-recompilation', '--single-threaded-gc', `--max-semi-space-size=${WORKER_YOUNG_GENERATION_MB / 3}`];

/** Throws unless valgrind can be run. */
export function requireValgrind(part: string): void {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(`bench ${part} counts with valgrind: apt-get install -y valgrind`);
  }
}

/** The events a counted child reported (its last line of output). */
export function childEvents(stdout: string): number {
  return (JSON.parse(stdout.trim().split('\n').pop() as string) as { events: number }).events;
}

/** Counts of one cachegrind run: totals, and those of compiled JavaScript and of the collector; Ir, D1 misses (rd + wr), LL misses (rd + wr). */
interface Counts {
  events: number;
  total: [number, number, number];
  jit: [number, number, number];
  gc: [number, number, number];
}

/** Sums a cachegrind output file per function into the three groups (columns Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw). */
export function countsOf(text: string, events: number): Counts {
  const c: Counts = { events, total: [0, 0, 0], jit: [0, 0, 0], gc: [0, 0, 0] };
  let group: 'jit' | 'gc' | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) {
      const name = line.slice(3);
      group = name === '???' ? 'jit' : GC.test(name) ? 'gc' : null;
      continue;
    }
    const ch = line.charCodeAt(0);
    if (!(ch >= 48 && ch <= 57)) continue;
    const v = line.split(' ').map(Number);
    const add: [number, number, number] = [v[1] ?? 0, (v[5] ?? 0) + (v[8] ?? 0), (v[6] ?? 0) + (v[9] ?? 0)];
    for (let k = 0; k < 3; k++) {
      c.total[k] = (c.total[k] as number) + (add[k] as number);
      if (group !== null) c[group][k] = (c[group][k] as number) + (add[k] as number);
    }
  }
  return c;
}

/** Runs the child for `pattern` to `horizon` under cachegrind; resolves with its counts. */
function countRun(scenario: string, pattern: string, horizon: string, dir: string): Promise<Counts> {
  const out = join(dir, `${pattern}-${horizon}.cg`);
  const args = ['--tool=cachegrind', '--cache-sim=yes', LL, `--cachegrind-out-file=${out}`, process.execPath, ...COUNTED_NODE_FLAGS, COUNTED_CHILD, scenario, pattern, horizon, '10min'];
  return new Promise((resolve, reject) => {
    execFile('valgrind', args, { encoding: 'utf8', maxBuffer: 1 << 24 }, (err, stdout) => {
      if (err !== null) return reject(new Error(`cachegrind run of ${pattern} to ${horizon} failed: ${err.message}`));
      resolve(countsOf(readFileSync(out, 'utf8'), childEvents(stdout)));
    });
  });
}

/** Each pattern's steady-state cost per event (its short and long runs side by side, one per core). */
export async function runCostBench(scenario: string, patterns: readonly string[], onFigure: (f: CostFigure) => void): Promise<CostFigure[]> {
  requireValgrind('cost');
  const dir = mkdtempSync(join(tmpdir(), 'fwsim-cost-'));
  const figures: CostFigure[] = [];
  try {
    for (const pattern of patterns) {
      const [short, long] = await Promise.all([countRun(scenario, pattern, SHORT, dir), countRun(scenario, pattern, LONG, dir)]);
      const n = long.events - short.events;
      const per = (group: 'total' | 'jit' | 'gc', k: number, digits: number): number => Number((((long[group][k] as number) - (short[group][k] as number)) / n).toFixed(digits));
      const f: CostFigure = {
        bench: 'cost',
        pattern,
        events: n,
        instructions_per_event: per('total', 0, 0),
        ll_misses_per_event: per('total', 2, 2),
        d1_misses_per_event: per('total', 1, 1),
        jit_instructions_per_event: per('jit', 0, 0),
        jit_ll_misses_per_event: per('jit', 2, 2),
        gc_instructions_per_event: per('gc', 0, 0),
        gc_ll_misses_per_event: per('gc', 2, 2),
      };
      onFigure(f);
      figures.push(f);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
