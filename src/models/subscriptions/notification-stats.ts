/** What subscriptions delivered: notifications sent and lost by servers, events received, late or recovered by subscribers. */

/**
 * Notification counters (read by metrics). Each event a subscriber learns of by number is
 * counted once: `received` (arrived before anything made it look missing), `late` (found
 * missing, fetched by search, then arrived after all) or `recovered` (found missing and not
 * arrived by the end). So without a warm-up, once a heartbeat or a later notification has
 * revealed every gap, `received + late + recovered` is the number of events the servers
 * numbered; at the horizon `recovered` can still hold events whose delivery is being retried.
 *
 * `lost` is the server's view and counts notifications, not events: all its delivery
 * attempts failed. With a reliable network and no batching a failed attempt is never
 * processed, so then `recovered` equals the events of lost notifications, i.e. `lost`, once
 * the gaps are revealed. A lost network acknowledgement makes the server count as lost a
 * notification that arrived (`lost` > `recovered`); batching puts several events in one.
 */
export class NotificationStats {
  /** Event notifications dispatched (each may carry several events in batch mode). */
  sent = 0;
  /** Event notifications whose every delivery attempt failed. */
  lost = 0;
  /** Events a subscriber found missing (gap in event numbers), recovered by a search, and never received. */
  recovered = 0;
  /** Events a subscriber found missing and recovered by a search, whose notification then arrived after all. */
  late = 0;
  /** Events that arrived in a notification before any gap made the subscriber count them missing. */
  received = 0;
  /** Delivery attempts that failed. */
  failedAttempts = 0;
  /**
   * Counting period, advanced by each reset: an event recovered before the warm-up that
   * arrives after it is neither un-recovered nor late in the measured period.
   */
  period = 0;

  reset(): void {
    this.sent = 0;
    this.lost = 0;
    this.recovered = 0;
    this.late = 0;
    this.received = 0;
    this.failedAttempts = 0;
    this.period++;
  }
}
