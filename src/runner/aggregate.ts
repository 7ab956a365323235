/** Results of runs as rows: one per run (runs.csv), and one per pattern x sweep point over replications (summary.csv). */

import { Percentiles, SECOND } from '../engine/index.js';
import { LATENCY_MEASURES, METRIC_COLUMNS, type LatencyMeasure } from '../models/index.js';
import type { Scenario } from '../scenario/index.js';
import type { JobResult } from './run-job.js';

/** A row of a results table: column name -> value (NaN means "did not happen"). */
export type Row = Record<string, string | number>;

/** Columns of runs.csv, in order: identity, swept paths, metrics (DESIGN.md section 6). */
export function runColumns(scenario: Scenario): string[] {
  return ['scenario', 'pattern', 'point', 'replication', 'seed', ...Object.keys(scenario.sweep), ...METRIC_COLUMNS];
}

/** Columns of summary.csv: identity, swept paths, replications, then `<metric>_mean` and `<metric>_ci95`. */
export function summaryColumns(scenario: Scenario): string[] {
  const metrics = METRIC_COLUMNS.flatMap((m) => [`${m}_mean`, `${m}_ci95`]);
  return ['scenario', 'pattern', 'point', ...Object.keys(scenario.sweep), 'replications', ...metrics];
}

/** Puts results in job order (pattern, point, replication): the order never depends on which thread finished first. */
export function sortResults(results: readonly JobResult[], patternOrder: readonly string[]): JobResult[] {
  const rank = (p: string): number => patternOrder.indexOf(p);
  return [...results].sort((a, b) => rank(a.job.pattern) - rank(b.job.pattern) || a.job.point.index - b.job.point.index || a.job.replication - b.job.replication);
}

/** One runs.csv row per result. */
export function runRows(scenario: Scenario, results: readonly JobResult[]): Row[] {
  return results.map((r) => {
    const row: Row = { scenario: scenario.name, pattern: r.job.pattern, point: r.job.point.index, replication: r.job.replication, seed: r.job.seed };
    for (const path of Object.keys(scenario.sweep)) row[path] = sweptValue(r.job.point.values[path]);
    for (const m of METRIC_COLUMNS) row[m] = r.metrics[m] ?? Number.NaN;
    return row;
  });
}

/**
 * One summary row per pattern x sweep point: the mean of each metric over replications with
 * a 95% confidence half-width (Student t). Latency percentiles are not averaged: they are
 * read from the replications' histograms merged, i.e. percentiles of all the orders pooled;
 * the latency mean is pooled too (weighted by orders), the maximum is the largest.
 */
export function summaryRows(scenario: Scenario, results: readonly JobResult[]): Row[] {
  const groups = new Map<string, JobResult[]>();
  for (const r of results) {
    const key = `${r.job.pattern}/${r.job.point.index}`;
    const g = groups.get(key) ?? [];
    g.push(r);
    groups.set(key, g);
  }
  const rows: Row[] = [];
  for (const group of groups.values()) {
    const first = group[0] as JobResult;
    const row: Row = { scenario: scenario.name, pattern: first.job.pattern, point: first.job.point.index };
    for (const path of Object.keys(scenario.sweep)) row[path] = sweptValue(first.job.point.values[path]);
    row.replications = group.length;
    for (const m of METRIC_COLUMNS) {
      const values = group.map((r) => r.metrics[m] ?? Number.NaN);
      row[`${m}_mean`] = mean(values);
      row[`${m}_ci95`] = ci95(values);
    }
    for (const measure of LATENCY_MEASURES) pooledLatency(row, measure, group);
    rows.push(row);
  }
  return rows;
}

function pooledLatency(row: Row, measure: LatencyMeasure, group: readonly JobResult[]): void {
  const merged = new Percentiles();
  let total = 0;
  let weighted = 0;
  let max = Number.NaN;
  for (const r of group) {
    const count = merged.mergeEncoded(r.histograms[measure]);
    const m = r.metrics[`latency_${measure}_mean_s`] ?? Number.NaN;
    if (count > 0 && !Number.isNaN(m)) {
      total += count;
      weighted += m * count;
    }
    const x = r.metrics[`latency_${measure}_max_s`] ?? Number.NaN;
    if (!Number.isNaN(x)) max = Number.isNaN(max) ? x : Math.max(max, x);
  }
  const prefix = `latency_${measure}`;
  row[`${prefix}_mean_s_mean`] = total > 0 ? weighted / total : Number.NaN;
  for (const p of [50, 95, 99] as const) {
    row[`${prefix}_p${p}_s_mean`] = merged.count > 0 ? Math.min(merged.valueAt(p) / SECOND, max) : Number.NaN;
  }
  row[`${prefix}_max_s_mean`] = max;
}

/** A swept value as a cell: numbers stay numbers, anything else is its JSON text. */
function sweptValue(v: unknown): string | number {
  return typeof v === 'number' ? v : typeof v === 'string' ? v : JSON.stringify(v);
}

/** Mean of the values that are numbers (NaN if none). */
export function mean(values: readonly number[]): number {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    s += v;
    n++;
  }
  return n > 0 ? s / n : Number.NaN;
}

/** Half-width of the 95% confidence interval of the mean (NaN with fewer than two values). */
export function ci95(values: readonly number[]): number {
  const xs = values.filter((v) => !Number.isNaN(v));
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return tQuantile975(n - 1) * Math.sqrt(ss / (n - 1) / n);
}

const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** The 97.5% quantile of Student's t with `df` degrees of freedom. */
export function tQuantile975(df: number): number {
  if (df <= 30) return T975[df - 1] as number;
  // Cornish-Fisher expansion around the normal quantile; within 0.001 for df > 30.
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

/** One pattern's simulation throughput over its jobs (wall time of world.run only). */
export interface PatternThroughput {
  pattern: string;
  jobs: number;
  events: number;
  runMs: number;
}

/** Events and simulation time summed per pattern, in `patternOrder` (results arrive in any order). */
export function throughputByPattern(results: readonly JobResult[], patternOrder: readonly string[]): PatternThroughput[] {
  const byPattern = new Map<string, PatternThroughput>();
  for (const r of results) {
    let t = byPattern.get(r.job.pattern);
    if (t === undefined) {
      t = { pattern: r.job.pattern, jobs: 0, events: 0, runMs: 0 };
      byPattern.set(r.job.pattern, t);
    }
    t.jobs++;
    t.events += r.metrics.events ?? 0;
    t.runMs += r.wallMs;
  }
  return patternOrder.flatMap((p) => byPattern.get(p) ?? []);
}
