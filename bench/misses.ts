/**
 * Where an event's cache misses are, by JavaScript function: callgrind (valgrind) counts each
 * instruction's misses, node's `--perf-basic-prof` map names the compiled code each instruction
 * is in. Two runs of one pattern of scale.yaml (to 60 and to 100 simulated minutes), and per
 * function the difference over the events between: the steady state (bench/README.md, "cost").
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COUNTED_CHILD, COUNTED_NODE_FLAGS, LL, childEvents, requireValgrind } from './cost.js';

/** One function's share of an event's cost. */
export interface MissFigure {
  bench: 'misses';
  pattern: string;
  /** The function (as node's map names it, without its tier mark and the path to dist/); node's own code as `(native) symbol`, code neither names `(unnamed)`. */
  function: string;
  ll_misses_per_event: number;
  instructions_per_event: number;
}

/** Compiled code by address, from a perf map (`start size name` in hex, a line each). */
export class CodeMap {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly names: string[] = [];

  constructor(text: string) {
    const rows = text
      .split('\n')
      .map((line) => line.split(' '))
      .filter((p) => p.length >= 3)
      .map((p) => ({ start: parseInt(p[0] as string, 16), size: parseInt(p[1] as string, 16), name: cleanName(p.slice(2).join(' ')) }))
      .sort((a, b) => a.start - b.start);
    for (const r of rows) {
      this.starts.push(r.start);
      this.ends.push(r.start + r.size);
      this.names.push(r.name);
    }
  }

  nameAt(address: number): string | null {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= address) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && address < (this.ends[hi] as number) ? (this.names[hi] as string) : null;
  }
}

/** A map entry's name without its kind and tier marks (`JS:*`) and the path up to the project's `dist/` or `src/`. */
function cleanName(name: string): string {
  return name.replace(/^(JS|Builtin|BytecodeHandler|RegExp|Handler|Stub):[*~^+]?/, '').replace(/file:\/\/\/.*?\/(dist|src)\//, '');
}

/**
 * The two horizons whose difference is measured: from the first hour on, when most placers have
 * placed their first order (which makes their random streams and pollers) and the compiler has
 * done most of its work.
 */
export const SHORT = '60min';
export const LONG = '100min';

/** Code neither the map nor callgrind names. */
const UNNAMED = '(unnamed)';

/**
 * Sums a callgrind file (`--dump-instr=yes`) by the function `map` names at each instruction:
 * last-level misses (reads and writes) and instructions. The cost line after `calls=` is the
 * call's inclusive cost, counted where it is spent instead, so it is skipped. Code the map does
 * not name (node's own: the collector, the runtime, the C++ of builtins) goes by the symbol
 * callgrind gives it (`fn=`), marked `(native)`; JIT code callgrind names by address only.
 */
export function missesByFunction(callgrind: string, map: CodeMap): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  let col: Record<string, number> = {};
  let address = 0;
  let skip = false;
  const symbols = new Map<string, string>();
  let native = UNNAMED;
  for (const line of callgrind.split('\n')) {
    if (line.startsWith('fn=')) {
      native = nativeName(line.slice(3), symbols);
      continue;
    }
    // A callee's name may be given first here; `fn=` then names it by id alone.
    if (line.startsWith('cfn=')) {
      nativeName(line.slice(4), symbols);
      continue;
    }
    if (line.startsWith('events:')) {
      col = Object.fromEntries(line.split(/\s+/).slice(1).map((e, i) => [e, i]));
      continue;
    }
    if (line.startsWith('calls=')) {
      skip = true;
      continue;
    }
    const c = line.charAt(0);
    if (!(c === '+' || c === '-' || c === '*' || (c >= '0' && c <= '9'))) continue;
    const f = line.split(' ');
    const a = f[0] as string;
    if (a.startsWith('0x')) address = parseInt(a, 16);
    else if (c === '+') address += Number(a.slice(1));
    else if (c === '-') address -= Number(a.slice(1));
    if (skip) {
      skip = false;
      continue;
    }
    const v = (e: string): number => Number(f[2 + (col[e] as number)] ?? 0);
    const name = map.nameAt(address) ?? native;
    const sum = out.get(name) ?? [0, 0];
    sum[0] += v('DLmr') + v('DLmw');
    sum[1] += v('Ir');
    out.set(name, sum);
  }
  return out;
}

/** The name of callgrind's `fn=(id) name` or `fn=(id)` (compressed: the name given with the id's first use, in a `fn=` or a `cfn=` line). */
function nativeName(spec: string, symbols: Map<string, string>): string {
  const m = /^(\(\d+\))\s*(.*)$/.exec(spec);
  const [id, given] = m === null ? ['', spec] : [m[1] as string, m[2] as string];
  if (given !== '') symbols.set(id, given);
  const name = given !== '' ? given : (symbols.get(id) ?? '');
  return name === '' || name.startsWith('0x') ? UNNAMED : `(native) ${name}`;
}

function profileRun(scenario: string, pattern: string, horizon: string, dir: string): Promise<{ events: number; by: Map<string, [number, number]> }> {
  const out = join(dir, `${pattern}-${horizon}.callgrind`);
  const args = ['--tool=callgrind', '--cache-sim=yes', '--dump-instr=yes', LL, `--callgrind-out-file=${out}`, process.execPath, '--perf-basic-prof', ...COUNTED_NODE_FLAGS, COUNTED_CHILD, scenario, pattern, horizon, '10min'];
  return new Promise((resolve, reject) => {
    execFile('valgrind', args, { encoding: 'utf8', maxBuffer: 1 << 24 }, (err, stdout) => {
      if (err !== null) return reject(new Error(`callgrind run of ${pattern} to ${horizon} failed: ${err.message}`));
      const events = childEvents(stdout);
      const text = readFileSync(out, 'utf8');
      const pid = /^pid: (\d+)/m.exec(text)?.[1];
      const map = new CodeMap(readFileSync(`/tmp/perf-${pid}.map`, 'utf8'));
      rmSync(`/tmp/perf-${pid}.map`, { force: true });
      resolve({ events, by: missesByFunction(text, map) });
    });
  });
}

/** The `top` functions with the most last-level misses an event in `pattern`'s steady state. */
export async function runMissesBench(scenario: string, pattern: string, top: number): Promise<MissFigure[]> {
  requireValgrind('misses');
  const dir = mkdtempSync(join(tmpdir(), 'fwsim-misses-'));
  try {
    const [short, long] = await Promise.all([profileRun(scenario, pattern, SHORT, dir), profileRun(scenario, pattern, LONG, dir)]);
    const n = long.events - short.events;
    const figures: MissFigure[] = [];
    for (const [name, [m, ir]] of long.by) {
      const [m0, ir0] = short.by.get(name) ?? [0, 0];
      figures.push({ bench: 'misses', pattern, function: name, ll_misses_per_event: Number(((m - m0) / n).toFixed(2)), instructions_per_event: Math.round((ir - ir0) / n) });
    }
    return figures.sort((a, b) => b.ll_misses_per_event - a.ll_misses_per_event).slice(0, top);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
