/** The flat record of one run (DESIGN.md section 5), read from what the models counted. */

import { SECOND } from '../engine/index.js';
import { INTERACTION_KINDS } from './interaction.js';
import { LATENCY_MEASURES, type LatencyMeasure, type LatencyStats } from './order-ledger.js';
import type { World } from './world.js';

/** Metric columns of runs.csv, in order (after the identifying and swept columns). */
export const METRIC_COLUMNS: readonly string[] = [
  'placers', 'fillers',
  'orders_placed', 'orders_completed', 'orders_rejected', 'orders_cancelled', 'orders_failed', 'orders_open',
  'interactions_total', 'interactions_per_order',
  ...INTERACTION_KINDS.map((k) => `interactions_${k}`),
  'polls', 'polls_empty', 'notifications_sent', 'notifications_lost', 'notifications_recovered',
  'etag_conflicts', 'claim_attempts', 'lost_updates',
  ...LATENCY_MEASURES.flatMap((m) => ['mean', 'p50', 'p95', 'p99', 'max'].map((s) => `latency_${m}_${s}_s`)),
  'server_utilization_max', 'server_queue_wait_mean_s', 'server_queue_max', 'events',
];

/** One run's metrics: every column of METRIC_COLUMNS (NaN where a measure never happened). */
export type RunMetrics = Record<string, number>;

/** A run's results: the metrics row and the latency histograms (encoded) for merging across replications. */
export interface RunOutcome {
  metrics: RunMetrics;
  histograms: Record<LatencyMeasure, string>;
  /** Further counts that are not runs.csv columns but explain it (retries, duplicates, ...). */
  extra: Record<string, number>;
}

/** Reads the world's statistics after `world.run()`. */
export function collectRunOutcome(world: World): RunOutcome {
  const m: RunMetrics = {};
  const cfg = world.config;
  const outcomes = world.ledger.countOutcomes();
  const t = world.traffic;
  m.placers = cfg.placers.count;
  m.fillers = cfg.fillers.count;
  m.orders_placed = world.ledger.measuredCount;
  m.orders_completed = outcomes.completed;
  m.orders_rejected = outcomes.rejected;
  m.orders_cancelled = outcomes.cancelled;
  m.orders_failed = outcomes.failed;
  m.orders_open = outcomes.open;
  m.interactions_total = t.total;
  m.interactions_per_order = outcomes.completed > 0 ? t.total / outcomes.completed : Number.NaN;
  for (const k of INTERACTION_KINDS) m[`interactions_${k}`] = t.count(k);
  m.polls = world.pollStats.polls;
  m.polls_empty = world.pollStats.empty;
  m.notifications_sent = world.notificationStats.sent;
  m.notifications_lost = world.notificationStats.lost;
  m.notifications_recovered = world.notificationStats.recovered;
  let conflicts = 0;
  let claims = 0;
  let lost = 0;
  let utilMax = 0;
  let queueMax = 0;
  let waitSum = 0;
  let waitCount = 0;
  for (const s of world.servers) {
    conflicts += s.store.stats.conflicts;
    claims += s.store.stats.claimAttempts;
    lost += s.store.stats.lostUpdates;
    utilMax = Math.max(utilMax, s.workers.utilisation());
    queueMax = Math.max(queueMax, s.workers.queueLength.max);
    waitSum += s.workers.waits.sum;
    waitCount += s.workers.waits.count;
  }
  m.etag_conflicts = conflicts;
  m.claim_attempts = claims;
  m.lost_updates = lost;
  for (const measure of LATENCY_MEASURES) {
    const s = world.ledger.latency[measure];
    writeLatency(m, measure, s);
  }
  m.server_utilization_max = utilMax;
  m.server_queue_wait_mean_s = waitCount > 0 ? waitSum / waitCount / SECOND : 0;
  m.server_queue_max = queueMax;
  m.events = world.sim.eventsExecuted;
  const histograms = Object.fromEntries(LATENCY_MEASURES.map((x) => [x, world.ledger.latency[x].histogram.encode()])) as Record<LatencyMeasure, string>;
  const extra: Record<string, number> = {
    retries: t.retries,
    timed_out: t.timedOut,
    messages_lost: t.lost,
    late_responses: t.lateResponses,
    duplicate_creates: t.duplicateCreates,
    local_calls: t.local,
    polls_skipped: world.pollStats.skipped,
    notification_failed_attempts: world.notificationStats.failedAttempts,
    message_resends: world.messagingStats.resends,
    message_duplicates: world.messagingStats.duplicates,
    messages_abandoned: world.messagingStats.abandoned,
    declines: world.ledger.declines,
    declines_busy: world.fillers.reduce((n, f) => n + f.busyRefusals, 0),
  };
  return { metrics: m, histograms, extra };
}

function writeLatency(m: RunMetrics, measure: LatencyMeasure, s: LatencyStats): void {
  const n = s.tally.count;
  const h = s.histogram;
  const sec = (us: number): number => (n > 0 ? us / SECOND : Number.NaN);
  m[`latency_${measure}_mean_s`] = sec(s.tally.mean);
  // A histogram answers with the top of the percentile's bucket, which can exceed the exact maximum.
  const max = s.tally.max;
  m[`latency_${measure}_p50_s`] = sec(Math.min(h.valueAt(50), max));
  m[`latency_${measure}_p95_s`] = sec(Math.min(h.valueAt(95), max));
  m[`latency_${measure}_p99_s`] = sec(Math.min(h.valueAt(99), max));
  m[`latency_${measure}_max_s`] = sec(s.tally.max);
}
