/** The short table printed after a run: per pattern (and sweep point) the headline figures, and where the files are. */

import { hasGroups } from '../report/tables.js';
import type { ScenarioResults } from '../runner/index.js';

/**
 * Prints one line per pattern x sweep point: messages per order, overhead p95 (what the pattern
 * adds to end-to-end latency; processing is the same in every pattern), conflicts, outcomes.
 */
export function printRunTable(results: ScenarioResults, folder: string, charts = true): void {
  const swept = Object.keys(results.scenario.sweep);
  const head = ['pattern', ...swept, 'msgs/order', 'overhead p95 (s)', 'conflicts', 'completed', 'open'];
  const rows = results.summary.map((r) => [
    String(r.pattern),
    ...swept.map((p) => String(r[p])),
    fmt(r.interactions_per_order_mean as number, 1),
    fmt(r.latency_overhead_p95_s_mean as number, 1),
    fmt(r.etag_conflicts_mean as number, 1),
    fmt(r.orders_completed_mean as number, 0),
    fmt(r.orders_open_mean as number, 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(`${results.scenario.name}: ${results.results.length} runs (means over ${results.scenario.replications} replications)`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  for (const f of results.failures) console.log(`FAILED ${f.message}`);
  const groups = hasGroups(results.scenario) ? ' groups.csv,' : '';
  console.log(`results: ${folder}/ (runs.csv, summary.csv,${groups} timing.csv, scenario.resolved.json${charts ? ', charts/, report.html' : ''})`);
}

function fmt(x: number, digits: number): string {
  return Number.isNaN(x) ? '-' : x.toFixed(digits);
}
