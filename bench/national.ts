/**
 * The national bench: each pattern of scenarios/national.yaml (or a fraction of its placers and
 * fillers) in a fresh process; its speed, peak memory, and what one stored (finished) order and
 * one in-flight (open) order cost in heap (V8's heap and the typed arrays' backing stores),
 * fitted over the samples the child takes every 2 simulated hours: heap = base + stored x
 * B_stored + in_flight x B_in_flight (least squares; the daily profile moves the open orders
 * up and down while the finished ones only grow, so the two are told apart).
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WORKER_YOUNG_GENERATION_MB } from '../src/runner/index.js';

/** One line of results/bench/national.csv. */
export interface NationalFigure {
  bench: 'national';
  pattern: string;
  fraction: number;
  placers: number;
  fillers: number;
  orders: number;
  events: number;
  wall_s: number;
  events_per_s: number;
  rss_mb: number;
  /** Fitted heap bytes per finished order held, and per open order. */
  bytes_per_stored_order: number;
  bytes_per_in_flight_order: number;
  /** Fitted heap of the world with no orders, MB. */
  base_mb: number;
  /** Heap at the last sample, MB. */
  heap_last_mb: number;
}

interface Sample { hour: number; heap_mb: number; stored: number; in_flight: number }

const CHILD = fileURLToPath(new URL('./national-child.js', import.meta.url));

/** Runs each pattern at `fraction` of the country, one fresh process each. */
export function runNationalBench(patterns: readonly string[], fraction: number, report: (f: NationalFigure) => void): NationalFigure[] {
  const out: NationalFigure[] = [];
  for (const pattern of patterns) {
    // A world of the whole country is several GB: give the child's heap room, and the young
    // generation of fwsim's worker threads (pool.ts, WORKER_YOUNG_GENERATION_MB), whose GC cost it shares.
    const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16000', `--max-semi-space-size=${WORKER_YOUNG_GENERATION_MB / 3}`, CHILD, pattern, String(fraction)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`national ${pattern}: exit ${r.status}: ${r.stderr}`);
    const c = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Omit<NationalFigure, 'bench' | 'bytes_per_stored_order' | 'bytes_per_in_flight_order' | 'base_mb' | 'heap_last_mb'> & { samples: Sample[] };
    const fit = fitHeap(c.samples);
    const f: NationalFigure = {
      bench: 'national', pattern, fraction, placers: c.placers, fillers: c.fillers, orders: c.orders, events: c.events,
      wall_s: c.wall_s, events_per_s: c.events_per_s, rss_mb: c.rss_mb,
      bytes_per_stored_order: Math.round(fit.stored), bytes_per_in_flight_order: Math.round(fit.inFlight), base_mb: Math.round(fit.base / 1e6),
      heap_last_mb: Math.round(c.samples[c.samples.length - 1]?.heap_mb ?? Number.NaN),
    };
    report(f);
    out.push(f);
  }
  return out;
}

/** Least squares of heap bytes on (1, stored, in flight). */
export function fitHeap(samples: readonly Sample[]): { base: number; stored: number; inFlight: number } {
  // Normal equations X'X b = X'y for X = [1, stored, in_flight].
  const m = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const v = [0, 0, 0];
  for (const s of samples) {
    const x = [1, s.stored, s.in_flight];
    const y = s.heap_mb * 1e6;
    for (let i = 0; i < 3; i++) {
      v[i] = (v[i] as number) + (x[i] as number) * y;
      for (let j = 0; j < 3; j++) (m[i] as number[])[j] = ((m[i] as number[])[j] as number) + (x[i] as number) * (x[j] as number);
    }
  }
  const [base, stored, inFlight] = solve3(m, v);
  return { base, stored, inFlight };
}

/** Solves a 3x3 linear system by Cramer's rule. */
function solve3(a: number[][], b: number[]): [number, number, number] {
  const det = (m: number[][]): number =>
    (m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!)) - (m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!)) + (m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!));
  const d = det(a);
  const col = (k: number): number[][] => a.map((row, i) => row.map((x, j) => (j === k ? (b[i] as number) : x)));
  return [det(col(0)) / d, det(col(1)) / d, det(col(2)) / d];
}
