/** What a poller is told: its cadence, what to ask of which servers, and where its answers go. */

import type { FhirServer } from '../server/fhir-server.js';
import type { FhirResource } from '../server/resource.js';
import type { LinkClass } from '../network/traffic.js';
import type { SearchQuery } from '../server/store-search.js';
import type { BacklogPollStats } from './poll-stats.js';
import type { Poller } from './poller.js';

/** Polling settings; durations in microseconds. */
export interface PollingConfig {
  /** Time between polls. */
  interval: number;
  /** Each gap is interval * (1 + jitter * U(-1, 1)). */
  jitter: number;
  /** `random`: each poller starts at a uniform offset within one interval; `aligned`: every poller polls at 0, interval, ... */
  phase: 'random' | 'aligned';
}

/**
 * What a poller asks each time: a query (its `since` is filled in from the watermark), or
 * null when there is nothing to ask (e.g. no open orders): the poller then goes dormant,
 * sending nothing and scheduling nothing, until {@link Poller.wake} is called.
 */
export type QueryBuilder = () => Omit<SearchQuery, 'since'> | null;

/** Receives the resources a completed poll returned (possibly none). */
export type PollHandler = (resources: readonly FhirResource[], poller: Poller) => void;

/**
 * Whether the pages read so far are enough (`gathered`; the newest page starts at `from`):
 * a reader that stops there does not follow the next link, as a client reads a long result
 * only as far as it needs. Only for searches without a watermark: a watermarked poll must read
 * everything since its mark.
 */
export type EnoughPages = (gathered: readonly FhirResource[], from: number) => boolean;

/**
 * One server and what to ask it, for a poller that polls several servers on one cadence. A
 * server may appear more than once (one query split in chunks, e.g. a long list of
 * references): its searches share one watermark, advanced when all of them have answered.
 */
export interface PollTarget {
  server: FhirServer;
  query: Omit<SearchQuery, 'since'>;
  /** How many of the poller's open orders the query lists (a `based-on` chunk's references), if it lists them. */
  listed?: number;
}

/** A poller's actor, servers, queries and handlers: one server and a query builder, `targets`, or `servers` with a `search` and a `key`. */
export interface PollerOptions {
  actor: string;
  /** The server polled (the one-server form, with `query`). */
  server?: FhirServer;
  link: LinkClass;
  /** What to ask `server` (the one-server form). */
  query?: QueryBuilder;
  /**
   * Several servers on one cadence: called at each tick for the servers to ask now (null or
   * empty: nothing to ask, the poller sleeps). Each server keeps its own watermark, shared
   * by its targets when it appears more than once; each search counts as a poll and its
   * results are handed over as they arrive.
   */
  targets?: () => readonly PollTarget[] | null;
  /**
   * Several servers on one cadence, each asked `search` (the form of `targets` without a
   * target object per server): called at each tick with `key` (e.g. the placer's index),
   * it returns the servers to ask now; the poller reads the array at once and keeps none of it.
   */
  servers?: (key: number) => readonly FhirServer[] | null;
  /** What to ask each of `servers`. */
  search?: Omit<SearchQuery, 'since'>;
  /** Handed to `servers`. */
  key?: number;
  /** Only changes since the previous poll (`_lastUpdated=gt`), or the full current result each time. */
  watermark: boolean;
  /** Stops reading pages once they are enough (see {@link EnoughPages}; without a watermark only). Unset: every page is read. */
  enough?: EnoughPages;
  onResults: PollHandler;
  /** Where polls whose targets list open orders report what they listed and cost. */
  backlog?: BacklogPollStats;
}
