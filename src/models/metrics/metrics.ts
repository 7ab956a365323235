/** The flat record of one run (DESIGN.md section 5), read from what the models counted. */

import { SECOND } from '../../engine/index.js';
import { LARGE_BACKLOG, type BacklogPollStats } from '../polling/poll-stats.js';
import { SERVER_ROLES, type ServerRole } from '../server/server-config.js';
import { INTERACTION_KINDS } from '../network/interaction.js';
import { groupFigures, type GroupFigure } from './group-figures.js';
import { hourlyFigures } from './hourly-figures.js';
import { outageFigures } from './outage-figures.js';
import { LATENCY_MEASURES, type LatencyMeasure, type LatencyStats } from './order-ledger.js';
import type { World } from '../world.js';

/** Metric columns of runs.csv, in order (after the identifying and swept columns). */
export const METRIC_COLUMNS: readonly string[] = [
  'placers', 'fillers',
  'orders_placed', 'orders_completed', 'orders_rejected', 'orders_cancelled', 'orders_failed', 'orders_open',
  'interactions_total', 'interactions_per_order',
  ...INTERACTION_KINDS.map((k) => `interactions_${k}`),
  'bytes_total', 'bytes_per_order',
  ...INTERACTION_KINDS.map((k) => `bytes_${k}`),
  'polls', 'polls_empty',
  'backlog_polls', 'backlog_poll_open_mean', 'backlog_poll_open_max', 'backlog_poll_messages_mean', 'backlog_poll_bytes_mean', `backlog_poll_bytes_${LARGE_BACKLOG}_open_mean`,
  'notifications_sent', 'notifications_lost', 'notifications_recovered', 'notifications_late',
  'etag_conflicts', 'claim_attempts', 'lost_updates', 'updates_refused',
  ...LATENCY_MEASURES.flatMap((m) => ['mean', 'p50', 'p95', 'p99', 'max'].map((s) => `latency_${m}_${s}_s`)),
  'orders_peak_hour', 'interactions_peak_hour', 'interactions_quiet_hour', 'latency_overhead_p95_peak_hour_s',
  'outage_requests_dropped', 'orders_caught_by_outage', 'orders_delayed_by_outage', 'outage_recovery_s', 'rate_limited',
  'server_utilization_max', 'server_queue_wait_mean_s', 'server_queue_max',
  ...SERVER_ROLES.flatMap((r) => [`server_${r}_utilization`, `server_${r}_queue_wait_mean_s`, `server_${r}_requests`]),
  'events',
];

/** One run's metrics: every column of METRIC_COLUMNS (NaN where a measure never happened). */
export type RunMetrics = Record<string, number>;

/** A run's results: the metrics row and the latency histograms (encoded) for merging across replications. */
export interface RunOutcome {
  metrics: RunMetrics;
  histograms: Record<LatencyMeasure, string>;
  /** Further counts that are not runs.csv columns but explain it (retries, duplicates, ...). */
  extra: Record<string, number>;
  /** Per group of placers and fillers (groups.csv). */
  groups: GroupFigure[];
}

/** Reads the world's statistics after `world.run()`. */
export function collectRunOutcome(world: World): RunOutcome {
  const m: RunMetrics = {};
  const outcomes = world.ledger.countOutcomes();
  const t = world.traffic;
  m.placers = world.placers.length;
  m.fillers = world.fillers.length;
  m.orders_placed = world.ledger.measuredCount;
  m.orders_completed = outcomes.completed;
  m.orders_rejected = outcomes.rejected;
  m.orders_cancelled = outcomes.cancelled;
  m.orders_failed = outcomes.failed;
  m.orders_open = outcomes.open;
  m.interactions_total = t.total;
  m.interactions_per_order = outcomes.completed > 0 ? t.total / outcomes.completed : Number.NaN;
  for (const k of INTERACTION_KINDS) m[`interactions_${k}`] = t.count(k);
  m.bytes_total = t.totalBytes;
  m.bytes_per_order = outcomes.completed > 0 ? t.totalBytes / outcomes.completed : Number.NaN;
  INTERACTION_KINDS.forEach((k, i) => {
    m[`bytes_${k}`] = t.bytes[i] as number;
  });
  m.polls = world.pollStats.polls;
  m.polls_empty = world.pollStats.empty;
  writeBacklogPolls(m, world.backlogPolls);
  m.notifications_sent = world.notificationStats.sent;
  m.notifications_lost = world.notificationStats.lost;
  m.notifications_recovered = world.notificationStats.recovered;
  m.notifications_late = world.notificationStats.late;
  const hours = hourlyFigures(world);
  m.orders_peak_hour = hours.ordersPeakHour;
  m.interactions_peak_hour = hours.interactionsPeakHour;
  m.interactions_quiet_hour = hours.interactionsQuietHour;
  m.latency_overhead_p95_peak_hour_s = hours.overheadP95PeakHour;
  const outages = outageFigures(world);
  m.outage_requests_dropped = Number.isNaN(outages.caught) ? Number.NaN : t.outageDrops;
  m.orders_caught_by_outage = outages.caught;
  m.orders_delayed_by_outage = outages.delayed;
  m.outage_recovery_s = outages.recoverySeconds;
  m.rate_limited = t.rateLimited;
  let conflicts = 0;
  let claims = 0;
  let lost = 0;
  let refused = 0;
  let utilMax = 0;
  let queueMax = 0;
  let waitSum = 0;
  let waitCount = 0;
  for (const s of world.servers) {
    conflicts += s.store.stats.conflicts;
    claims += s.store.stats.claimAttempts;
    lost += s.store.stats.lostUpdates;
    refused += s.store.stats.refused;
    utilMax = Math.max(utilMax, s.workers.utilisation());
    queueMax = Math.max(queueMax, s.workers.queueLength.max);
    waitSum += s.workers.waits.sum;
    waitCount += s.workers.waits.count;
  }
  m.etag_conflicts = conflicts;
  m.claim_attempts = claims;
  m.lost_updates = lost;
  m.updates_refused = refused;
  for (const measure of LATENCY_MEASURES) {
    const s = world.ledger.latency[measure];
    writeLatency(m, measure, s);
  }
  m.server_utilization_max = utilMax;
  m.server_queue_wait_mean_s = waitCount > 0 ? waitSum / waitCount / SECOND : 0;
  m.server_queue_max = queueMax;
  for (const role of SERVER_ROLES) writeRoleLoad(m, role, world);
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
    notification_events_received: world.notificationStats.received,
    message_resends: world.messagingStats.resends,
    message_duplicates: world.messagingStats.duplicates,
    messages_abandoned: world.messagingStats.abandoned,
    declines: world.ledger.declines,
    declines_busy: world.fillers.reduce((n, f) => n + f.busyRefusals, 0),
  };
  return { metrics: m, histograms, extra, groups: groupFigures(world) };
}

/**
 * Polls that list the placer's open orders (B's `based-on` polls): how many they list and what
 * one costs on the wire, and what one listing 500 or more costs (NaN where none did).
 */
function writeBacklogPolls(m: RunMetrics, b: BacklogPollStats): void {
  const per = (x: number, n: number): number => (n > 0 ? x / n : Number.NaN);
  m.backlog_polls = b.polls;
  m.backlog_poll_open_mean = per(b.listed, b.polls);
  m.backlog_poll_open_max = b.polls > 0 ? b.listedMax : Number.NaN;
  m.backlog_poll_messages_mean = per(b.interactions, b.polls);
  m.backlog_poll_bytes_mean = per(b.bytes, b.polls);
  m[`backlog_poll_bytes_${LARGE_BACKLOG}_open_mean`] = per(b.largeBytes, b.largePolls);
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

/**
 * The load on the servers playing `role`. Utilisation is the largest over them, as
 * `server_utilization_max`: a role is as congested as its busiest server, and a mean over
 * twenty placer servers would hide the one that queues. Queue wait is the mean over every
 * request those servers served, and requests is their count; both leave out the servers' own
 * notification dispatches and requests dropped unexecuted (see `FhirServer.requestWaits`).
 * With no server of the role, utilisation and wait did not happen (NaN) and requests is 0;
 * with servers that served nothing, the wait is NaN too.
 */
function writeRoleLoad(m: RunMetrics, role: ServerRole, world: World): void {
  let servers = 0;
  let util = 0;
  let waitSum = 0;
  let requests = 0;
  for (const s of world.servers) {
    if (s.role !== role) continue;
    servers++;
    util = Math.max(util, s.workers.utilisation());
    waitSum += s.requestWaits.sum;
    requests += s.requestWaits.count;
  }
  m[`server_${role}_utilization`] = servers > 0 ? util : Number.NaN;
  m[`server_${role}_queue_wait_mean_s`] = requests > 0 ? waitSum / requests / SECOND : Number.NaN;
  m[`server_${role}_requests`] = requests;
}
