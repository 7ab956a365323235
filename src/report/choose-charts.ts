/** Which charts a scenario gets: the comparison charts always, and for each swept path the metrics that path moves. */

import { messagesByKindChart, outcomesChart } from './breakdown-charts.js';
import type { Chart } from './chart.js';
import { latencyChart } from './latency-chart.js';
import { METRICS, type MetricKey } from './metrics.js';
import type { ReportData } from './report-data.js';
import { sweepChart } from './sweep-charts.js';
import { tradeOffByPointChart, tradeOffChart } from './trade-off-chart.js';

/** Every sweep is charted against these: the two costs the report is about. */
const ALWAYS: readonly MetricKey[] = ['messages', 'e2eP95'];

/**
 * The further metrics a swept path is expected to move, most specific first: an exact
 * path, then a prefix ending in a dot. The first match wins.
 */
const SWEEP_METRICS: readonly [string, readonly MetricKey[]][] = [
  ['polling.phase', ['conflicts', 'emptyPolls']],
  ['polling.', ['emptyPolls', 'receiptP95']],
  ['statusQuery.', ['emptyPolls', 'utilization']],
  ['fillers.count', ['conflicts', 'claims', 'utilization']],
  ['fillers.', ['conflicts', 'completedShare']],
  ['placers.', ['utilization', 'queueWait']],
  ['server.', ['utilization', 'queueWait']],
  ['network.', ['failed', 'completedShare']],
  ['discovery', ['receiptP95', 'emptyPolls', 'notifications']],
  ['subscription.', ['notifications', 'receiptP95', 'bytes']],
  ['bytes.', ['bytes']],
  ['cancellation.', ['cancelled', 'conflicts']],
  ['broker.', ['conflicts', 'completedShare']],
  ['messaging.', ['failed', 'completedShare', 'bytes']],
];

/** The metrics charted against `path`: the headline pair, then what the path is known to move. */
export function sweepMetrics(path: string): MetricKey[] {
  const match = SWEEP_METRICS.find(([p]) => (p.endsWith('.') ? path.startsWith(p) : path === p));
  return [...ALWAYS, ...(match?.[1] ?? [])];
}

/**
 * The charts of a scenario's results, in report order: the trade-off (and, with a sweep,
 * one per point), each swept path against its metrics, then the per-pattern breakdowns of
 * messages, latency and outcomes. Charts with nothing to show are left out: a metric that is
 * zero everywhere (no ETag conflicts without open Tasks) beyond the headline pair, or a
 * swept path with a single value.
 */
export function chooseCharts(data: ReportData): Chart[] {
  if (data.rows.length === 0) return [];
  const charts: (Chart | null)[] = [tradeOffChart(data), tradeOffByPointChart(data)];
  for (const axis of data.axes) {
    for (const key of sweepMetrics(axis.path)) charts.push(sweepChart(data, axis, METRICS[key], !ALWAYS.includes(key)));
  }
  charts.push(messagesByKindChart(data), latencyChart(data, 'e2e'), latencyChart(data, 'receipt'), outcomesChart(data));
  return charts.filter((c): c is Chart => c !== null);
}
