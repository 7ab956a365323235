/** What pollers count: polls, empty ones and skipped ticks; and what a poll that lists a client's open orders costs, by how many it lists (the seed's "500 open orders" limitation of B). */

/** Poll counters (read by metrics). */
export class PollStats {
  polls = 0;
  /** Polls that returned nothing. */
  empty = 0;
  /** Ticks skipped because the previous poll had not finished. */
  skipped = 0;

  reset(): void {
    this.polls = 0;
    this.empty = 0;
    this.skipped = 0;
  }
}

/** Polls listing at least this many open orders are the seed's "500 open orders" case. */
export const LARGE_BACKLOG = 500;

/**
 * Polls whose query lists the poller's open orders (a B placer's
 * `DiagnosticReport?based-on=<ref>,...`): how many each listed, and what it cost on the wire
 * (its searches and pages, requests and responses, as the network counted them). The cost
 * of one such poll over {@link LARGE_BACKLOG} or more open orders is kept apart, so a run
 * whose backlog reaches it tells what the seed warns of without extrapolating.
 */
export class BacklogPollStats {
  /** Polls that listed at least one open order. */
  polls = 0;
  /** Open orders listed, summed over those polls. */
  listed = 0;
  /** The most open orders one poll listed. */
  listedMax = 0;
  /** Interactions (search and page attempts) of those polls. */
  interactions = 0;
  /** Bytes on the wire of those polls. */
  bytes = 0;
  /** Polls that listed {@link LARGE_BACKLOG} or more, and their bytes. */
  largePolls = 0;
  largeBytes = 0;

  /** One finished poll that listed `listed` open orders and cost `interactions` and `bytes`. */
  record(listed: number, interactions: number, bytes: number): void {
    this.polls++;
    this.listed += listed;
    if (listed > this.listedMax) this.listedMax = listed;
    this.interactions += interactions;
    this.bytes += bytes;
    if (listed >= LARGE_BACKLOG) {
      this.largePolls++;
      this.largeBytes += bytes;
    }
  }

  reset(): void {
    this.polls = 0;
    this.listed = 0;
    this.listedMax = 0;
    this.interactions = 0;
    this.bytes = 0;
    this.largePolls = 0;
    this.largeBytes = 0;
  }
}
