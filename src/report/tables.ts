/** Results tables as text: runs.csv, summary.csv, timing.csv, and the resolved scenario JSON. */

import { stringify } from 'csv-stringify/sync';
import { runColumns, summaryColumns, type Row, type ScenarioResults } from '../runner/index.js';
import { profileReport, withProfile, type Scenario } from '../scenario/index.js';

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

/** Columns of groups.csv after the run's identity and swept values. */
export const GROUP_COLUMNS = [
  'group_kind', 'group', 'actors', 'orders', 'orders_completed', 'completed_share_pct', 'latency_overhead_mean_s', 'latency_overhead_p95_s',
  'interactions', 'interactions_per_order', 'bytes', 'bytes_per_order',
] as const;

/** Whether the scenario lists groups (placers or fillers as a list): then groups.csv is written. */
export function hasGroups(scenario: Scenario): boolean {
  return Array.isArray(scenario.placers) || Array.isArray(scenario.fillers);
}

/**
 * groups.csv: one row per run and group of placers or fillers, in job order then the
 * scenario's group order: orders placed (placers) or taken on (fillers), completed, the share of
 * all completed orders, the overhead of the group's completed orders, and the group's own
 * traffic (what its actors sent and were delivered) in interactions and bytes.
 */
export function groupsCsv(results: ScenarioResults): string {
  const swept = Object.keys(results.scenario.sweep);
  const rows: Row[] = results.results.flatMap((r) => r.groups.map((g) => {
    const row: Row = { scenario: results.scenario.name, pattern: r.job.pattern, point: r.job.point.index, replication: r.job.replication, seed: r.job.seed };
    for (const p of swept) row[p] = r.job.point.values[p] as Row[string];
    Object.assign(row, {
      group_kind: g.kind, group: g.group, actors: g.actors, orders: g.orders, orders_completed: g.completed,
      completed_share_pct: g.completedShare, latency_overhead_mean_s: g.overheadMean, latency_overhead_p95_s: g.overheadP95,
      interactions: g.interactions, interactions_per_order: g.interactionsPerOrder, bytes: g.bytes, bytes_per_order: g.bytesPerOrder,
    });
    return row;
  }));
  return toCsv(['scenario', 'pattern', 'point', 'replication', 'seed', ...swept, ...GROUP_COLUMNS], rows);
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

/**
 * scenario.resolved.json: every input with defaults filled in (a server profile's values
 * too, and which of them the profile supplied), the runs' seeds, and the tool version. When
 * `server.profile` is swept, what the profile fills differs by point: those fields stay out of
 * the scenario (so it still runs as it ran) and `profile.swept` gives them per profile.
 */
export function resolvedScenarioJson(scenario: Scenario, results: ScenarioResults | null, toolVersion: string): string {
  const seeds = results?.jobs.map((j) => ({ pattern: j.pattern, point: j.point.index, replication: j.replication, seed: j.seed, values: j.point.values })) ?? [];
  const resolved = scenario.sweep['server.profile'] !== undefined ? scenario : withProfile(scenario);
  return `${JSON.stringify({ tool: 'fhir-workflow-sim', version: toolVersion, scenario: resolved, profile: profileReport(scenario), runs: seeds }, null, 2)}\n`;
}
