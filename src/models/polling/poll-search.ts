/** One search of a poll and the watermarks it moves: what a poller keeps per server it asks. */

import { arrayWithRoom } from '../../engine/index.js';
import type { FhirServer } from '../server/fhir-server.js';
import type { FhirResource } from '../server/resource.js';
import type { SearchQuery } from '../server/store-search.js';
import type { Poller } from './poller.js';

/**
 * A server's watermark: the commit number its last completed poll ran at. When a poll asks
 * it several searches, the watermark moves to the earliest of their `asOf` once all have
 * answered (a later one would skip what an earlier chunk could not yet see), and not at all
 * if one failed (its chunk is asked again from the old watermark).
 */
export class Watermark {
  since = 0;
  /** Searches of the current poll not yet answered. */
  pending = 0;
  /**
   * Earliest `asOf` among the answered searches of the current poll (-1: none yet). Commit
   * numbers only, never Infinity: a field that once holds a non-integer is kept boxed, and a
   * large world has one watermark per placer and server it ever polled.
   */
  private earliest = -1;
  private failed = false;

  /** One search of the poll answered (at `asOf`, or failed); true when it was the last. */
  answered(asOf: number, failed: boolean): boolean {
    if (failed) this.failed = true;
    else if (this.earliest < 0 || asOf < this.earliest) this.earliest = asOf;
    if (--this.pending > 0) return false;
    if (!this.failed) this.since = this.earliest;
    this.earliest = -1;
    this.failed = false;
    return true;
  }
}

/** Room (cells) of the first pairs array: two servers. */
const FIRST_ROOM = 4;
/** A scan of the pairs beyond this many servers goes through a map instead. */
const SCANNED = 32;

/**
 * Each server a poller ever polled, with its watermark: the commit number at rest (a small
 * integer, inline) or its {@link Watermark} while a poll of it is answering. Kept as pairs in
 * one array, found by a scan of pointers (which reads no server object, as a hash lookup
 * reads each key's hash); a map of positions is added once a poller has polled more than 32
 * servers. A large world has one per placer: a Map of a placer's twenty labs took 0.9 KB,
 * the pairs take 0.3 KB. The array's room doubles when full (a new array of exact room, the
 * pairs copied): a placer that meets lab after lab copies each pair about once, where a copy
 * at each new server copied its pairs at each (O(n^2), garbage that outlived the young
 * generation), and an array pushed to from short takes room for sixteen more cells.
 */
export class ServerMarks {
  private pairs: (FhirServer | number | Watermark | undefined)[] = NO_PAIRS;
  /** Cells of `pairs` in use (two per server). */
  private used = 0;
  private positions: Map<FhirServer, number> | null = null;

  /** Where `server`'s watermark is (for {@link at} and {@link put}), or -1 if it was never polled. */
  find(server: FhirServer): number {
    if (this.positions !== null) return this.positions.get(server) ?? -1;
    const pairs = this.pairs;
    const used = this.used;
    for (let i = 0; i < used; i += 2) if (pairs[i] === server) return i + 1;
    return -1;
  }

  /** The watermark at `k` (from {@link find}). */
  at(k: number): number | Watermark {
    return this.pairs[k] as number | Watermark;
  }

  /** Sets the watermark at `k` (from {@link find}). */
  put(k: number, mark: number | Watermark): void {
    this.pairs[k] = mark;
  }

  /** Adds a server never polled before, with its watermark; returns its position. */
  add(server: FhirServer, mark: number | Watermark): number {
    const at = this.used;
    if (at === this.pairs.length) this.pairs = arrayWithRoom(this.pairs, at === 0 ? FIRST_ROOM : 2 * at);
    this.pairs[at] = server;
    this.pairs[at + 1] = mark;
    this.used = at + 2;
    const k = at + 1;
    if (this.positions !== null) this.positions.set(server, k);
    else if (k > 2 * SCANNED) {
      this.positions = new Map();
      for (let i = 0; i < this.used; i += 2) this.positions.set(this.pairs[i] as FhirServer, i + 1);
    }
    return k;
  }
}

const NO_PAIRS: (FhirServer | number | Watermark | undefined)[] = [];

/**
 * One search of a poll: its server and watermark, and the pages of the poll in progress. It is
 * itself the watermark it lends its server when no earlier search of the poll did: one object
 * less to reach per search, in a world of thousands of cold pollers.
 */
export class PollSearch extends Watermark {
  server: FhirServer | null = null;
  mark: Watermark | null = null;
  /** Where the server's watermark is in the poller's {@link ServerMarks} (positions never move), while `mark` is set. */
  markAt = -1;
  /** Resources of the earlier pages of a poll that has several. */
  gathered: FhirResource[] | null = null;

  constructor(readonly poller: Poller) {
    super();
  }

  /**
   * The query to send now for `ask`, with the watermark when `watermark` is on. A fresh
   * object each poll (a kept one would outlive the young generation and cost more to
   * collect); its `where` is the caller's, so the server's plan for it is reused.
   */
  next(ask: Omit<SearchQuery, 'since'>, watermark: boolean): SearchQuery {
    if (!watermark) return ask;
    const since = (this.mark as Watermark).since;
    return ask.count === undefined ? { type: ask.type, where: ask.where, since } : { type: ask.type, where: ask.where, count: ask.count, since };
  }
}
