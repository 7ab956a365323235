/** Message counts: the single place where interactions and transmissions are counted. */

import { HOUR } from '../../engine/index.js';
import { INTERACTION_KINDS, kindIndex, type InteractionKind } from './interaction.js';

/** Classes of network link; each can have its own latency distribution. `local` is an actor talking to its own server. */
export type LinkClass = 'placer-server' | 'filler-server' | 'broker-server' | 'server-subscriber' | 'placer-filler' | 'local';

/** Every link class, in a fixed order. */
export const LINK_CLASSES: readonly LinkClass[] = ['placer-server', 'filler-server', 'broker-server', 'server-subscriber', 'placer-filler', 'local'];

/** Index of `link` in {@link LINK_CLASSES} (a switch, as {@link kindIndex} and for the same reason). */
export function linkIndex(link: LinkClass): number {
  switch (link) {
    case 'placer-server':
      return 0;
    case 'filler-server':
      return 1;
    case 'broker-server':
      return 2;
    case 'server-subscriber':
      return 3;
    case 'placer-filler':
      return 4;
    case 'local':
      return 5;
  }
}

/**
 * What a group of exchanges cost on the wire (e.g. the searches and pages of one poll),
 * filled in by the network as it counts them: a caller reads its own cost without counting.
 */
export class TrafficMeter {
  /** Request attempts between systems. */
  interactions = 0;
  /** Bytes of those requests and their responses. */
  bytes = 0;

  reset(): void {
    this.interactions = 0;
    this.bytes = 0;
  }
}

/**
 * Counts every message the network carries. An *interaction* is one request attempt (with
 * its response) between two systems, counted by kind; a *transmission* is one message in
 * one direction. Local calls (an application and its own server) cost server time but are
 * not messages between systems, so they are counted apart.
 */
export class TrafficStats {
  /** Request attempts between systems, by interaction kind (index of INTERACTION_KINDS). */
  readonly interactions = new Float64Array(INTERACTION_KINDS.length);
  /** Bytes sent between systems (requests and their responses), by interaction kind. */
  readonly bytes = new Float64Array(INTERACTION_KINDS.length);
  /** Transmissions by link class and direction: [link * 2] requests, [link * 2 + 1] responses. */
  readonly byDirection = new Float64Array(LINK_CLASSES.length * 2);
  /** Calls from an application to its own server. */
  local = 0;
  /** Messages put on the wire (requests and responses, local calls excluded). */
  sent = 0;
  /** Messages that reached their receiver. */
  delivered = 0;
  /** Messages dropped by the network. */
  lost = 0;
  /** Messages on the wire right now. */
  inFlight = 0;
  /** Request attempts after the first (timeouts). */
  retries = 0;
  /** Requests that exhausted their retries without an answer. */
  timedOut = 0;
  /** Responses that arrived after their request had been answered or abandoned. */
  lateResponses = 0;
  /** Non-idempotent creates applied twice because a retry reached the server after the original. */
  duplicateCreates = 0;
  /** Requests a down server did not answer, and deliveries a down endpoint refused (outages). */
  outageDrops = 0;
  /** Requests answered 429 by a server's rate limit. */
  rateLimited = 0;
  /**
   * Interactions between systems by account (see {@link Network.account}): the actor group
   * that started each one, or that a server delivered it to; account 0 is everyone else
   * (a broker, a server's own requests).
   */
  accountInteractions = new Float64Array(1);
  /** Bytes of those interactions (requests and their responses) by account. */
  accountBytes = new Float64Array(1);
  /** Interactions between systems per clock hour of the run (see {@link trackHours}); null until asked for. */
  hourly: Float64Array | null = null;
  /** Clock hour (hours since the midnight before the run) of `hourly[0]`. */
  firstHour = 0;
  private clockStart = 0;

  /** Counts interactions per clock hour from now on, for a run of `horizon` starting `clockStart` after midnight. */
  trackHours(horizon: number, clockStart: number): void {
    this.clockStart = clockStart;
    this.firstHour = Math.floor(clockStart / HOUR);
    this.hourly = new Float64Array(Math.floor((horizon + clockStart) / HOUR) - this.firstHour + 1);
  }

  /** Keeps `accounts` accounts (0 .. accounts - 1), all zero. */
  openAccounts(accounts: number): void {
    this.accountInteractions = new Float64Array(accounts);
    this.accountBytes = new Float64Array(accounts);
  }

  /** Counts one request attempt of `kind` over `link`, sent at `now`, of `bytes` on the wire, on `account`. */
  countRequest(kind: InteractionKind, link: LinkClass, now = 0, bytes = 0, account = 0): void {
    if (link === 'local') {
      this.local++;
      return;
    }
    const k = kindIndex(kind);
    this.interactions[k]!++;
    this.bytes[k]! += bytes;
    this.accountInteractions[account]!++;
    this.accountBytes[account]! += bytes;
    this.byDirection[linkIndex(link) * 2]!++;
    const hourly = this.hourly;
    if (hourly !== null) hourly[Math.floor((now + this.clockStart) / HOUR) - this.firstHour]!++;
  }

  /** Counts one response transmission over `link`, answering a request of `kind`, of `bytes` on the wire, on `account`. */
  countResponse(link: LinkClass, kind?: InteractionKind, bytes = 0, account = 0): void {
    if (link === 'local') return;
    this.byDirection[linkIndex(link) * 2 + 1]!++;
    if (kind !== undefined) this.bytes[kindIndex(kind)]! += bytes;
    this.accountBytes[account]! += bytes;
  }

  /** Bytes of every message between systems. */
  get totalBytes(): number {
    let t = 0;
    for (const v of this.bytes) t += v;
    return t;
  }

  /** Interactions of one kind. */
  count(kind: InteractionKind): number {
    return this.interactions[kindIndex(kind)] as number;
  }

  /** All interactions between systems. */
  get total(): number {
    let t = 0;
    for (const v of this.interactions) t += v;
    return t;
  }

  /** Transmissions over one link in one direction. */
  transmissions(link: LinkClass, direction: 'request' | 'response'): number {
    return this.byDirection[linkIndex(link) * 2 + (direction === 'request' ? 0 : 1)] as number;
  }

  /** Zeroes every counter except `inFlight` (warm-up: messages on the wire stay on the wire). */
  reset(): void {
    this.interactions.fill(0);
    this.bytes.fill(0);
    this.accountInteractions.fill(0);
    this.accountBytes.fill(0);
    this.outageDrops = 0;
    this.rateLimited = 0;
    this.byDirection.fill(0);
    this.local = 0;
    this.sent = this.inFlight;
    this.delivered = 0;
    this.lost = 0;
    this.retries = 0;
    this.timedOut = 0;
    this.lateResponses = 0;
    this.duplicateCreates = 0;
  }
}
