/** The headline metrics of the charts and rankings: which summary column, how to name it, its unit, and which way is better. */

import { ci95Of, meanOf, type SummaryPoint } from './summary-data.js';

/** A metric as the report shows it. */
export interface Metric {
  /** Short key, used in chart file names (`e2e-p95`). */
  key: string;
  /** What it is, in words (`end-to-end p95 latency`). */
  label: string;
  /** Its unit, for axis titles (`s`, `messages`). */
  unit: string;
  /** The question a chart of it answers, for titles. */
  question: string;
  better: 'lower' | 'higher';
  /** Mean over replications at a point (NaN: did not happen). */
  value(p: SummaryPoint): number;
  /** 95% confidence half-width (NaN: fewer than two replications, or a derived figure). */
  ci(p: SummaryPoint): number;
}

/** A metric read straight from a summary column. */
function column(key: string, metric: string, label: string, unit: string, question: string, better: 'lower' | 'higher' = 'lower'): Metric {
  return { key, label, unit, question, better, value: (p) => meanOf(p, metric), ci: (p) => ci95Of(p, metric) };
}

/** Every metric the report can chart or rank, by key. */
export const METRICS = {
  messages: column('messages', 'interactions_per_order', 'messages per completed order', 'messages', 'How many messages does one completed order cost?'),
  e2eP95: column('e2e-p95', 'latency_e2e_p95_s', 'end-to-end p95 latency', 's', 'How long until the placer knows the outcome (95th percentile)?'),
  overheadP95: column(
    'overhead-p95',
    'latency_overhead_p95_s',
    'overhead p95 latency',
    's',
    'How much latency does the pattern itself add (95th percentile)?',
  ),
  receiptP95: column('receipt-p95', 'latency_receipt_p95_s', 'p95 latency to filler receipt', 's', 'How long until the filler sees the order (95th percentile)?'),
  bytes: {
    key: 'bytes',
    label: 'kilobytes per completed order',
    unit: 'kB',
    question: 'How many bytes cross the network for one completed order?',
    better: 'lower',
    value: (p) => meanOf(p, 'bytes_per_order') / 1000,
    ci: (p) => ci95Of(p, 'bytes_per_order') / 1000,
  },
  outageDropped: column('outage-dropped', 'outage_requests_dropped', 'requests lost to outages', 'requests', 'How many requests did down servers and endpoints not answer?'),
  outageCaught: column('outage-caught', 'orders_caught_by_outage', 'orders caught by outages', 'orders', 'How many orders were open during an outage?'),
  outageDelayed: column('outage-delayed', 'orders_delayed_by_outage', 'orders delayed by outages', 'orders', 'How many orders did an outage make late?'),
  outageRecovery: column('outage-recovery', 'outage_recovery_s', 'time to recover after the outage', 's', 'How long after the outage was communication still catching up?'),
  ordersPeakHour: column('orders-peak-hour', 'orders_peak_hour', 'orders placed in the busiest hour', 'orders', 'How many orders arrive in the busiest clock hour?', 'higher'),
  messagesPeakHour: column('messages-peak-hour', 'interactions_peak_hour', 'messages in the busiest hour', 'messages', 'How many messages cross the network in the busiest clock hour?'),
  messagesQuietHour: column('messages-quiet-hour', 'interactions_quiet_hour', 'messages in the quietest hour', 'messages', 'How many messages cross the network in the quietest clock hour?'),
  overheadP95PeakHour: column('overhead-p95-peak-hour', 'latency_overhead_p95_peak_hour_s', 'overhead p95 of the busiest hour\'s orders', 's', 'How much latency does the pattern add to orders of the busiest hour (95th percentile)?'),
  emptyPolls: column('empty-polls', 'polls_empty', 'empty polls per run', 'polls', 'How many polls come back empty?'),
  conflicts: column('etag-conflicts', 'etag_conflicts', 'ETag conflicts per run', '412/409 answers', 'How many writes collide (ETag conflicts)?'),
  claims: column('claim-attempts', 'claim_attempts', 'claim attempts per run', 'attempts', 'How many claims are attempted?'),
  utilization: {
    key: 'server-utilization',
    label: 'utilisation of the busiest server',
    unit: '% of workers busy',
    question: 'How busy does the busiest server get?',
    better: 'lower',
    value: (p) => 100 * meanOf(p, 'server_utilization_max'),
    ci: (p) => 100 * ci95Of(p, 'server_utilization_max'),
  },
  queueWait: column('queue-wait', 'server_queue_wait_mean_s', 'mean server queueing delay', 's', 'How long do requests queue at the servers?'),
  failed: column('failed', 'orders_failed', 'failed orders per run', 'orders', 'How many orders fail?'),
  cancelled: column('cancelled', 'orders_cancelled', 'cancelled orders per run', 'orders', 'How many orders end cancelled?'),
  notifications: column('notifications', 'notifications_sent', 'notifications sent per run', 'notifications', 'How many notifications are sent?'),
  completedShare: {
    key: 'completed-share',
    label: 'orders completed',
    unit: '% of measured orders',
    question: 'What share of orders completes within the horizon?',
    better: 'higher',
    value: (p) => {
      const placed = meanOf(p, 'orders_placed');
      return placed > 0 ? (100 * meanOf(p, 'orders_completed')) / placed : Number.NaN;
    },
    ci: () => Number.NaN,
  },
} satisfies Record<string, Metric>;

/** Metric keys of {@link METRICS}. */
export type MetricKey = keyof typeof METRICS;

/** The metrics ranked in the report, in order. */
export const RANKED_METRICS: readonly MetricKey[] = ['messages', 'bytes', 'e2eP95', 'completedShare', 'conflicts', 'utilization', 'queueWait'];

/** `end-to-end p95 latency (s)`: label and unit for an axis. */
export function axisTitle(m: Metric): string {
  // `messages per completed order (messages)` says it twice.
  return m.label.split(' ').includes(m.unit) ? m.label : `${m.label} (${m.unit})`;
}

/** Orders `rows` best first by `m`; rows where it did not happen (NaN) go last, ties keep their order. */
export function rankBy<T extends SummaryPoint>(rows: readonly T[], m: Metric): T[] {
  const sign = m.better === 'lower' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, v: m.value(r), i }))
    .sort((a, b) => {
      const an = Number.isNaN(a.v);
      const bn = Number.isNaN(b.v);
      if (an || bn) return an === bn ? a.i - b.i : an ? 1 : -1;
      return sign * (a.v - b.v) || a.i - b.i;
    })
    .map((x) => x.r);
}

/** A value for text: 3 significant digits, thousands without exponent, `-` for NaN. */
export function formatValue(x: number): string {
  if (Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(2);
}

/** `12.3 ± 0.4` (or `12.3` without a CI, or when every replication gave the same value). */
export function formatWithCi(value: number, ci: number): string {
  return Number.isFinite(ci) && ci > 0 && !Number.isNaN(value) ? `${formatValue(value)} ± ${formatValue(ci)}` : formatValue(value);
}

/**
 * A pattern's headline figures at one point, with their CI half-widths: messages per
 * completed order, end-to-end p95 (what the placer lives with, and what a latency budget is
 * about), and overhead p95 (what the pattern adds on top of the work; the trade-off's axis).
 */
export interface PatternFigure {
  pattern: string;
  messages: number;
  messagesCi: number;
  p95: number;
  p95Ci: number;
  overheadP95: number;
  overheadP95Ci: number;
}

/** The headline figures of a summary row (NaN where the pattern completed no order). */
export function patternFigure(r: SummaryPoint): PatternFigure {
  return {
    pattern: r.pattern,
    messages: METRICS.messages.value(r),
    messagesCi: METRICS.messages.ci(r),
    p95: METRICS.e2eP95.value(r),
    p95Ci: METRICS.e2eP95.ci(r),
    overheadP95: METRICS.overheadP95.value(r),
    overheadP95Ci: METRICS.overheadP95.ci(r),
  };
}

/** True when messages and end-to-end p95 exist, so the pattern can be ranked by them. */
export function hasBothFigures(f: PatternFigure): boolean {
  return Number.isFinite(f.messages) && Number.isFinite(f.p95);
}

/** True when messages and overhead p95 exist, so the pattern can be placed on the trade-off. */
export function hasTradeOffFigures(f: PatternFigure): boolean {
  return Number.isFinite(f.messages) && Number.isFinite(f.overheadP95);
}
