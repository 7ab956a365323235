/** Results tables as text: runs.csv, summary.csv, timing.csv, and the resolved scenario JSON. */

import { stringify } from 'csv-stringify/sync';
import { runColumns, summaryColumns, type Row, type ScenarioResults } from '../runner/index.js';
import type { Scenario } from '../scenario/index.js';

/**
 * A number as a CSV cell: integers as they are, other numbers with at most 10 significant
 * digits (enough for microsecond latencies, stable in text), NaN as an empty cell.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(10)));
}

/** CSV text of rows in the given column order. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
  const cells = rows.map((r) => columns.map((c) => {
    const v = r[c];
    return typeof v === 'number' ? formatNumber(v) : (v ?? '');
  }));
  return stringify([columns as string[], ...cells]);
}

/** runs.csv: one row per run. Byte-identical for the same scenario and seed, whatever the workers. */
export function runsCsv(results: ScenarioResults): string {
  return toCsv(runColumns(results.scenario), results.runs);
}

/** summary.csv: per pattern x sweep point, mean and 95% CI over replications. */
export function summaryCsv(results: ScenarioResults): string {
  return toCsv(summaryColumns(results.scenario), results.summary);
}

/** timing.csv: wall-clock figures per run (not reproducible, hence kept out of runs.csv). */
export function timingCsv(results: ScenarioResults): string {
  const rows: Row[] = results.results.map((r) => ({
    pattern: r.job.pattern,
    point: r.job.point.index,
    replication: r.job.replication,
    seed: r.job.seed,
    events: r.metrics.events ?? Number.NaN,
    wall_ms: Math.round(r.wallMs * 1000) / 1000,
    events_per_s: r.wallMs > 0 ? Math.round((r.metrics.events ?? 0) / (r.wallMs / 1000)) : Number.NaN,
  }));
  return toCsv(['pattern', 'point', 'replication', 'seed', 'events', 'wall_ms', 'events_per_s'], rows);
}

/** scenario.resolved.json: every input with defaults filled in, the runs' seeds, and the tool version. */
export function resolvedScenarioJson(scenario: Scenario, results: ScenarioResults | null, toolVersion: string): string {
  const seeds = results?.jobs.map((j) => ({ pattern: j.pattern, point: j.point.index, replication: j.replication, seed: j.seed, values: j.point.values })) ?? [];
  return `${JSON.stringify({ tool: 'fhir-workflow-sim', version: toolVersion, scenario, runs: seeds }, null, 2)}\n`;
}
