/** A poller: a search on a fixed cadence with jitter and phase, a `_lastUpdated` watermark, and empty polls counted. */

import type { Rng, Simulation } from '../../engine/index.js';
import type { FhirServer } from '../server/fhir-server.js';
import type { Network } from '../network/network.js';
import { ok, type FhirRequest, type FhirResponse } from '../network/interaction.js';
import type { FhirResource } from '../server/resource.js';
import { TrafficMeter, type LinkClass } from '../network/traffic.js';
import type { BacklogPollStats, PollStats } from './poll-stats.js';
import type { SearchQuery } from '../server/store-search.js';
import { PollSearch, ServerMarks, type Watermark } from './poll-search.js';
import type { EnoughPages, PollHandler, PollTarget, PollerOptions, PollingConfig, QueryBuilder } from './poller-options.js';

export type { EnoughPages, PollHandler, PollTarget, PollerOptions, PollingConfig, QueryBuilder } from './poller-options.js';

/**
 * Polls a server: at each tick it runs a search (following every page), with a watermark
 * so each poll returns only what changed since the previous one when `watermark` is on.
 * Ticks follow a fixed cadence independent of response times; a tick that finds the
 * previous poll still running is skipped. An idle poller still costs a search per tick,
 * exactly as in reality.
 */
export class Poller {
  /**
   * Each polled server's watermark: the commit number at rest (a small integer, kept inline:
   * a large world has one per placer and server it ever polled), the server's
   * {@link Watermark} while a poll of it is answering.
   */
  private readonly marks = new ServerMarks();
  /** The searches of a poll, one per target (reused from poll to poll; grown by concat, whose room is exact: it rarely grows). */
  private slots: PollSearch[] = [];
  /** Searches of the current poll still running. */
  private outstanding = 0;
  private running = false;
  private stopped = false;
  private dormant = false;
  private handle = -1;
  /** Phase of the cadence: ticks fall at phase + k * interval (before jitter). */
  private phase = 0;
  /** Open orders the current poll lists (0: it lists none, or nobody measures it). */
  private listing = 0;
  /** The wire cost of the current poll, when it lists open orders and `backlog` is given. */
  private meter: TrafficMeter | null = null;
  // The options, as fields: a tick reads them, and a large world's pollers are each a cache
  // miss away; an options object of their own would be a second one.
  private readonly actor: string;
  private readonly server: FhirServer | undefined;
  private readonly link: LinkClass;
  private readonly query: QueryBuilder | undefined;
  private readonly targets: (() => readonly PollTarget[] | null) | undefined;
  private readonly servers: ((key: number) => readonly FhirServer[] | null) | undefined;
  private readonly search: Omit<SearchQuery, 'since'> | undefined;
  private readonly key: number;
  private readonly watermark: boolean;
  private readonly onResults: PollHandler;
  private readonly enough: EnoughPages | undefined;
  private readonly backlog: BacklogPollStats | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly network: Network,
    private readonly rng: Rng,
    readonly config: PollingConfig,
    private readonly stats: PollStats,
    options: PollerOptions,
  ) {
    if (!(config.interval > 0)) throw new RangeError(`poller ${options.actor}: interval must be positive`);
    const several = options.targets !== undefined || (options.servers !== undefined && options.search !== undefined && options.key !== undefined);
    if (!several && (options.server === undefined || options.query === undefined)) throw new Error(`poller ${options.actor}: needs a server and a query, targets, or servers with a search and a key`);
    if (!(config.jitter >= 0 && config.jitter < 1)) throw new RangeError(`poller ${options.actor}: jitter must be in [0, 1)`);
    if (options.enough !== undefined && options.watermark) throw new Error(`poller ${options.actor}: a watermarked poll reads every page (enough is for full-result polls)`);
    this.actor = options.actor;
    this.server = options.server;
    this.link = options.link;
    this.query = options.query;
    this.targets = options.targets;
    this.servers = options.servers;
    this.search = options.search;
    this.key = options.key ?? 0;
    this.watermark = options.watermark;
    this.onResults = options.onResults;
    this.enough = options.enough;
    this.backlog = options.backlog;
  }

  /** Schedules the first tick (at 0 if aligned, else uniformly within the first interval). */
  start(): this {
    // Aligned pollers all tick on the same grid 0, interval, 2 interval, ... whenever they start.
    const { interval } = this.config;
    const now = this.sim.now;
    const first = this.config.phase === 'aligned' ? Math.ceil(now / interval) * interval - now : this.rng.double() * interval;
    this.phase = now + first;
    this.handle = this.sim.schedule(first, Poller.tick, this);
    return this;
  }

  /**
   * Re-arms a dormant poller at its next cadence point (a poller that went quiet for lack of
   * work keeps its phase, as a timer-driven client would). No effect unless dormant.
   */
  wake(): void {
    if (!this.dormant || this.stopped) return;
    this.dormant = false;
    const { interval } = this.config;
    const now = this.sim.now;
    const k = Math.max(0, Math.ceil((now - this.phase) / interval));
    this.handle = this.sim.scheduleAt(Math.max(now, this.phase + k * interval), Poller.tick, this);
  }

  /** Stops polling (a poll in progress completes). */
  stop(): void {
    this.stopped = true;
    if (this.handle >= 0) this.sim.cancel(this.handle);
    this.handle = -1;
  }

  /** Polls now, out of cadence (e.g. when capacity frees up), unless a poll is running. */
  pollNow(): void {
    if (!this.running && !this.stopped) this.poll();
  }

  /** True while asleep for lack of anything to ask. */
  get isDormant(): boolean {
    return this.dormant;
  }

  private static tick(this: void, poller: Poller): void {
    poller.handle = -1;
    if (poller.running) {
      poller.stats.skipped++;
    } else if (!poller.poll()) {
      poller.dormant = true;
      return;
    }
    const { interval, jitter } = poller.config;
    const gap = jitter > 0 ? interval * (1 + jitter * (2 * poller.rng.double() - 1)) : interval;
    poller.handle = poller.sim.schedule(gap, Poller.tick, poller);
  }

  /** The watermark of the polled server (or of a target server): commit number the last completed poll of it ran at. */
  since(server: FhirServer | undefined = this.server): number {
    if (server === undefined) return 0;
    const k = this.marks.find(server);
    if (k < 0) return 0;
    const mark = this.marks.at(k);
    return typeof mark === 'number' ? mark : mark.since;
  }

  /** Sends a poll; false when there was nothing to ask. */
  private poll(): boolean {
    const { targets, server, query, servers } = this;
    if (servers !== undefined) {
      const list = servers(this.key);
      if (list === null || list.length === 0) return false;
      const n = list.length;
      this.begin(n);
      // As for targets: every search is counted on its server's watermark before the first is sent.
      for (let i = 0; i < n; i++) this.mark(i, list[i] as FhirServer);
      const search = this.search as Omit<SearchQuery, 'since'>;
      for (let i = 0; i < n; i++) this.ask(i, search);
      return true;
    }
    if (targets === undefined) {
      const ask = (query as QueryBuilder)();
      if (ask === null) return false;
      this.begin(1);
      this.mark(0, server as FhirServer);
      this.ask(0, ask);
      return true;
    }
    const list = targets();
    if (list === null || list.length === 0) return false;
    this.begin(list.length);
    if (this.backlog !== undefined) this.measure(list);
    // Every search of a server is counted before the first is sent, so none can advance the
    // shared watermark before the others of the same poll are sent with the old one.
    for (let i = 0; i < list.length; i++) this.mark(i, (list[i] as PollTarget).server);
    for (let i = 0; i < list.length; i++) this.ask(i, (list[i] as PollTarget).query);
    return true;
  }

  private begin(searches: number): void {
    this.running = true;
    this.outstanding = searches;
  }

  /** Starts measuring the poll of `list` if it lists open orders. */
  private measure(list: readonly PollTarget[]): void {
    let listed = 0;
    for (const t of list) listed += t.listed ?? 0;
    this.listing = listed;
    if (listed === 0) return;
    (this.meter ??= new TrafficMeter()).reset();
  }

  /** Points the poll's `i`-th search at `server` and, with watermarks on, counts it on the server's watermark. */
  private mark(i: number, server: FhirServer): void {
    const search = this.slot(i);
    search.server = server;
    search.mark = this.watermark ? this.markOf(server, search) : null;
    if (search.mark !== null) search.mark.pending++;
  }

  /**
   * The watermark of a server being polled now: the one its earlier searches of this poll
   * share, else `search` itself (a search is a watermark), set from the server's commit number
   * at rest. A search is always free to lend itself when a poll begins, since every watermark
   * rests once its poll has answered.
   */
  private markOf(server: FhirServer, search: PollSearch): Watermark {
    const mark: Watermark = search;
    const k = this.marks.find(server);
    if (k < 0) {
      mark.since = 0;
      search.markAt = this.marks.add(server, mark);
      return mark;
    }
    search.markAt = k;
    const at = this.marks.at(k);
    if (typeof at !== 'number') return at;
    mark.since = at;
    this.marks.put(k, mark);
    return mark;
  }

  /** The poll's `i`-th search (made on first use, then reused from poll to poll). */
  private slot(i: number): PollSearch {
    let search = this.slots[i];
    if (search === undefined) {
      search = new PollSearch(this);
      this.slots = this.slots.concat([search]);
    }
    return search;
  }

  /** Sends the first page request of the poll's `i`-th search (its server and watermark set by {@link mark}). */
  private ask(i: number, ask: Omit<SearchQuery, 'since'>): void {
    const search = this.slots[i] as PollSearch;
    search.gathered = null;
    this.send(search, { kind: 'search', query: search.next(ask, this.watermark) });
  }

  private send(search: PollSearch, request: FhirRequest): void {
    this.network.call(this.actor, search.server as FhirServer, request, this.link, Poller.onPage, search, undefined, this.listing > 0 ? this.meter : null);
  }

  /**
   * A page of one server's search arrived: follow its `next` link (unless the pages so far are
   * enough), or finish. The poll's
   * resources are the page's own array when there is one page (the usual case, no copy).
   */
  private static onPage(this: void, response: FhirResponse, search: PollSearch): void {
    const poller = search.poller;
    const page = response.page;
    if (!ok(response) || page === undefined) {
      poller.searched(search, search.gathered ?? [], -1, true);
      return;
    }
    let resources = page.resources;
    const from = search.gathered?.length ?? 0;
    if (search.gathered !== null || page.next !== null) {
      const gathered = (search.gathered ??= []);
      for (const r of page.resources) gathered.push(r);
      resources = gathered;
    }
    if (page.next !== null && (poller.enough === undefined || !poller.enough(resources, from))) {
      poller.send(search, { kind: 'page', cursor: page.next });
      return;
    }
    poller.searched(search, resources, page.asOf, false);
  }

  private searched(search: PollSearch, resources: readonly FhirResource[], asOf: number, failed: boolean): void {
    search.gathered = null;
    if (--this.outstanding === 0) {
      this.running = false;
      if (this.listing > 0) {
        const meter = this.meter as TrafficMeter;
        this.backlog?.record(this.listing, meter.interactions, meter.bytes);
        this.listing = 0;
      }
    }
    this.stats.polls++;
    if (resources.length === 0) this.stats.empty++;
    if (this.watermark) {
      const mark = search.mark as Watermark;
      if (mark.answered(asOf, failed)) {
        // Every search of this server in the poll has answered: the server's watermark rests.
        this.marks.put(search.markAt, mark.since);
      }
    }
    if (!this.stopped || resources.length > 0) this.onResults(resources, this);
  }
}
