/** Hand-made results for the report tests: a scenario and summary rows with chosen figures, written exactly as `fwsim run` writes them. */

import { METRIC_COLUMNS } from '../../src/models/index.js';
import { resolvedScenarioJson, toCsv } from '../../src/report/tables.js';
import type { ResultsText } from '../../src/report/report-data.js';
import { summaryColumns, type Row } from '../../src/runner/index.js';
import { parseScenario, type Scenario } from '../../src/scenario/index.js';

/** One summary row: the pattern, its swept values, and the metric means (and CIs) that matter to a test; the rest are empty. */
export interface HandRow {
  pattern: string;
  point?: number;
  swept?: Record<string, string | number>;
  replications?: number;
  /** `<metric>` -> mean, or [mean, ci95]. */
  metrics: Record<string, number | [number, number]>;
}

/**
 * A plausible row: orders, messages by kind, latencies; override what the test is about.
 * Overhead p95 is a tenth of end-to-end p95 (the rest being the work), so both rank alike.
 */
export function plausible(messages: number, p95: number, extra: Record<string, number | [number, number]> = {}): Record<string, number | [number, number]> {
  return {
    orders_placed: 100,
    orders_completed: 90,
    orders_rejected: 2,
    orders_cancelled: 0,
    orders_failed: 0,
    orders_open: 8,
    interactions_total: 90 * messages,
    interactions_per_order: messages,
    interactions_create: 180,
    interactions_search: Math.max(0, 90 * messages - 180),
    polls: 500,
    polls_empty: 300,
    etag_conflicts: 0,
    claim_attempts: 0,
    latency_receipt_p50_s: 0.05,
    latency_receipt_p95_s: 0.1,
    latency_receipt_p99_s: 0.2,
    latency_e2e_p50_s: p95 / 2,
    latency_e2e_p95_s: p95,
    latency_e2e_p99_s: p95 * 1.2,
    latency_overhead_p50_s: p95 / 20,
    latency_overhead_p95_s: p95 / 10,
    latency_overhead_p99_s: p95 / 8,
    server_utilization_max: 0.25,
    server_queue_wait_mean_s: 0.001,
    ...extra,
  };
}

/** The text of summary.csv and scenario.resolved.json for `yaml` and the rows given. */
export function resultsText(yaml: string, rows: readonly HandRow[]): ResultsText & { scenario: Scenario } {
  const scenario = parseScenario(yaml, 'test.yaml');
  const csvRows: Row[] = rows.map((r) => {
    const row: Row = { scenario: scenario.name, pattern: r.pattern, point: r.point ?? 0, replications: r.replications ?? 3 };
    for (const [k, v] of Object.entries(r.swept ?? {})) row[k] = v;
    for (const m of METRIC_COLUMNS) {
      const v = r.metrics[m];
      row[`${m}_mean`] = v === undefined ? Number.NaN : Array.isArray(v) ? v[0] : v;
      row[`${m}_ci95`] = v === undefined ? Number.NaN : Array.isArray(v) ? v[1] : 0;
    }
    return row;
  });
  return { scenario, summaryCsv: toCsv(summaryColumns(scenario), csvRows), resolvedScenarioJson: resolvedScenarioJson(scenario, null, '0.0.0-test') };
}
