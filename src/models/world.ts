/** The simulated world: clock, random streams, network, servers, actors and the statistics they feed. */

import { RandomStreams, Simulation } from '../engine/index.js';
import { groupList, groupName, groupPolling, type FillerGroup } from './actors/actor-groups.js';
import { BacklogPollStats, PollStats } from './polling/poll-stats.js';
import { Broker } from './actors/broker.js';
import { FhirServer } from './server/fhir-server.js';
import type { ServerRole } from './server/server-config.js';
import type { FhirResource } from './server/resource.js';
import { Filler } from './actors/filler.js';
import { FillerJobs } from './actors/filler-jobs.js';
import { MessageIds } from './messaging/message-ids.js';
import { MessagingEndpoint, MessagingStats, type MessageHandler } from './messaging/messaging.js';
import { Network } from './network/network.js';
import { OutageSchedule, outageConcerns, type OutageConfig } from './network/outages.js';
import type { InteractionLog } from './server/interaction-log.js';
import { InvariantViolation, OrderLedger } from './metrics/order-ledger.js';
import { Placer } from './actors/placer.js';
import { Poller, type EnoughPages, type PollerOptions, type PollingConfig, type PollHandler, type PollTarget, type QueryBuilder } from './polling/poller.js';
import type { IndexSpec } from './server/search-index.js';
import type { SearchQuery } from './server/store-search.js';
import { ReferenceCodes } from './server/reference-codes.js';
import { tableArenas } from './server/resource-table.js';
import { ServerDirectory } from './server/server-directory.js';
import { SubscriberEndpoint, type ResourcesHandler } from './subscriptions/subscriber.js';
import { NotificationStats } from './subscriptions/notification-stats.js';
import { SubscriptionHub } from './subscriptions/subscription-hub.js';
import { TrafficStats, type LinkClass } from './network/traffic.js';
import type { WorldConfig } from './world-config.js';

/**
 * Indexes every server keeps: one per query any pattern makes, so every poll and recovery
 * search reads only what it returns.
 */
export const STANDARD_INDEXES: readonly IndexSpec[] = [
  { type: 'ServiceRequest', fields: ['performer', 'status'] },
  { type: 'ServiceRequest', fields: ['status'] },
  { type: 'ServiceRequest', fields: ['requester'] },
  { type: 'Task', fields: ['owner', 'status'] },
  { type: 'Task', fields: ['owner'] },
  { type: 'Task', fields: ['status'] },
  { type: 'Task', fields: ['focus'] },
  { type: 'Task', fields: ['requester'] },
  { type: 'Task', fields: ['basedOn'] },
  { type: 'ServiceRequest', fields: ['identifier'] },
  { type: 'Task', fields: ['identifier'] },
  { type: 'DiagnosticReport', fields: ['identifier'] },
  { type: 'DiagnosticReport', fields: ['basedOn'] },
  { type: 'DiagnosticReport', fields: ['requester'] },
];

/**
 * The model of one run. Patterns build their topology through its factories (servers,
 * pollers, subscriber endpoints, messaging endpoints) and drive its placers and fillers; the
 * world owns the statistics every model feeds, resets them at the warm-up and checks the
 * invariants at the horizon.
 */
export class World {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly traffic = new TrafficStats();
  readonly network: Network;
  readonly ledger: OrderLedger;
  readonly pollStats = new PollStats();
  /** What polls listing a placer's open orders cost (B's `based-on` polls). */
  readonly backlogPolls = new BacklogPollStats();
  readonly notificationStats = new NotificationStats();
  readonly messagingStats = new MessagingStats();
  /** Message ids and the answers receivers gave (made with the first endpoint). */
  private messageIds: MessageIds | null = null;
  readonly placers: Placer[] = [];
  readonly fillers: Filler[] = [];
  readonly servers: FhirServer[] = [];
  /** The prefixes of references, names and identifiers, shared by every server's store (a Task's `focus` names a placer's server that many stores name). */
  private readonly referenceCodes = new ReferenceCodes();
  /** Where every server's rows are. */
  private readonly tables = tableArenas();
  private brokerInstance: Broker | null = null;
  private readonly directory = new ServerDirectory();
  private readonly keepHistory: boolean;
  /** Polling of actors whose group sets its own (others poll as `config.polling` says). */
  private readonly groupPollings = new Map<string, PollingConfig>();
  /** Traffic account of each group (`placers:<name>`, `fillers:<name>`) when the world has groups. */
  private readonly groupAccounts = new Map<string, number>();

  /** Where the servers record what they execute (null: nowhere). */
  private readonly log: InteractionLog | null;

  constructor(readonly config: WorldConfig, options: { keepHistory?: boolean; log?: InteractionLog } = {}) {
    this.streams = new RandomStreams(config.seed);
    this.network = new Network(this.sim, this.streams.stream('network'), config.network, this.traffic);
    this.ledger = new OrderLedger(config.warmup);
    this.keepHistory = options.keepHistory ?? false;
    this.log = options.log ?? null;
    this.traffic.trackHours(config.horizon, config.clockStart ?? 0);
    groupList(config.placers).forEach((g, gi) => {
      const group = groupName('placers', config.placers, gi);
      for (let k = 0; k < g.count; k++) {
        const i = this.placers.length;
        const placer = new Placer(i, this.sim, this.ledger, g, config.cancellation, this.streams.scoped(`placer/${i}`), group);
        this.placers.push(placer);
        if (g.polling !== undefined) this.groupPollings.set(placer.name, groupPolling(config.polling, g.polling));
      }
    });
    // One table of jobs for every filler: it holds the most jobs waiting or running at once.
    const jobs = new FillerJobs();
    groupList(config.fillers).forEach((g, gi) => {
      const group = groupName('fillers', config.fillers, gi);
      for (let k = 0; k < g.count; k++) {
        const filler = new Filler(this.fillers.length, this.sim, this.ledger, g, group, jobs);
        this.fillers.push(filler);
        if (g.polling !== undefined) this.groupPollings.set(filler.name, groupPolling(config.polling, g.polling));
      }
    });
    if (Array.isArray(config.placers) || Array.isArray(config.fillers)) this.openGroupAccounts();
  }

  /**
   * Counts each group's traffic apart: what its actors send, and what servers deliver to
   * their notification endpoints. Only for worlds with groups: elsewhere the one group's
   * traffic is the run's.
   */
  private openGroupAccounts(): void {
    const actors = [...this.placers.map((p) => ({ kind: 'placers', a: p })), ...this.fillers.map((f) => ({ kind: 'fillers', a: f }))];
    for (const { kind, a } of actors) {
      const key = `${kind}:${a.group}`;
      let account = this.groupAccounts.get(key);
      if (account === undefined) {
        account = this.groupAccounts.size + 1;
        this.groupAccounts.set(key, account);
      }
      this.network.account(a.name, account);
      this.network.account(World.endpointName(a.name), account);
    }
    this.traffic.openAccounts(this.groupAccounts.size + 1);
  }

  /** The traffic account of a group (see `TrafficStats.accountInteractions`); -1 when groups are not counted apart. */
  groupAccount(kind: 'placers' | 'fillers', group: string): number {
    return this.groupAccounts.get(`${kind}:${group}`) ?? -1;
  }

  /** The name of `actor`'s notification endpoint. */
  private static endpointName(actor: string): string {
    return `${actor}/notifications`;
  }

  /** How `actor` polls: its group's settings over the world's. */
  pollingFor(actor: string): PollingConfig {
    return this.groupPollings.get(actor) ?? this.config.polling;
  }

  /**
   * How `filler` learns of work on a server: its group's choice, else `fallback` (the world's
   * `discovery` in E and G; B and C pass their own, poll and subscription).
   */
  discoveryOf(filler: Filler, fallback: 'poll' | 'subscription' = this.config.discovery): 'poll' | 'subscription' {
    return (filler.config as FillerGroup).discovery ?? fallback;
  }

  /** The broker (created on first use). */
  get broker(): Broker {
    return (this.brokerInstance ??= new Broker(this.fillers.map((f) => f.config.capacity), this.config.broker));
  }

  /** Creates a FHIR server named `name` (unique) playing `role`, with subscription support. */
  server(name: string, role: ServerRole): FhirServer {
    if (this.directory.has(name)) throw new Error(`a server named ${name} already exists`);
    const s = new FhirServer(name, role, this.sim, this.network, this.config.server, this.streams.stream(`server/${name}/service`), {
      indexes: STANDARD_INDEXES,
      keepHistory: this.keepHistory,
      codes: this.referenceCodes,
      arenas: this.tables,
    });
    s.log = this.log;
    s.outages = this.outagesOf('server', role, name.endsWith('/fhir') ? name.slice(0, -'/fhir'.length) : name);
    s.subscriptionSupport = () => new SubscriptionHub(s, this.sim, this.network, this.config.subscription, this.streams.stream(`server/${name}/subscriptions`), this.notificationStats);
    this.directory.add(s);
    this.servers.push(s);
    return s;
  }

  /** The server named `name` (the first part of its references). */
  serverNamed(name: string): FhirServer {
    return this.directory.named(name);
  }

  /** The server holding resource version `r` (one it returned): `serverNamed(parseRef(r.ref).server)` without building or parsing the reference. */
  serverOf(r: FhirResource): FhirServer {
    return this.directory.holding(r);
  }

  /** Creates and starts a poller for `actor` against `server`. */
  poller(actor: string, server: FhirServer, link: LinkClass, query: QueryBuilder, onResults: PollHandler, options: { watermark?: boolean; config?: PollingConfig; enough?: EnoughPages } = {}): Poller {
    return this.startPoller({ actor, server, link, query, watermark: options.watermark ?? true, onResults, ...(options.enough !== undefined ? { enough: options.enough } : {}) }, options.config);
  }

  /** Creates and starts one poller for `actor` that asks several servers on one cadence (see `PollTarget`). */
  multiPoller(actor: string, link: LinkClass, targets: () => readonly PollTarget[] | null, onResults: PollHandler): Poller {
    return this.startPoller({ actor, link, targets, watermark: true, onResults, backlog: this.backlogPolls });
  }

  /** Creates and starts one poller for `actor` that asks each of `servers(key)` the same `search` on one cadence (see `Poller`'s `servers`). */
  serversPoller(actor: string, link: LinkClass, servers: (key: number) => readonly FhirServer[] | null, key: number, search: Omit<SearchQuery, 'since'>, onResults: PollHandler): Poller {
    return this.startPoller({ actor, link, servers, key, search, watermark: true, onResults });
  }

  private startPoller(options: PollerOptions, config: PollingConfig = this.pollingFor(options.actor)): Poller {
    return new Poller(this.sim, this.network, this.streams.stream(`${options.actor}/polling`), config, this.pollStats, options).start();
  }

  /** Creates a notification endpoint for `actor`. */
  subscriber(actor: string, link: LinkClass, onResources: ResourcesHandler): SubscriberEndpoint {
    const endpoint = new SubscriberEndpoint(World.endpointName(actor), actor, this.network, link, this.notificationStats, onResources);
    endpoint.outages = this.outagesOf('endpoint', actor, actor);
    return endpoint;
  }

  /** The outage windows of a server or endpoint (null when it has none). */
  private outagesOf(kind: OutageConfig['kind'], role: string, actor: string): OutageSchedule | null {
    const mine = (this.config.outages ?? []).filter((o) => outageConcerns(o, kind, role, actor));
    return mine.length > 0 ? new OutageSchedule(mine) : null;
  }

  /** Creates a `$process-message` endpoint for `actor` on `server`. */
  messaging(actor: string, server: FhirServer, link: LinkClass, handler: MessageHandler): MessagingEndpoint {
    return new MessagingEndpoint(actor, server, this.sim, this.network, link, this.config.messaging, this.messagingStats, handler, (this.messageIds ??= new MessageIds()));
  }

  /**
   * Runs to the horizon: statistics restart at the warm-up, and the invariants are checked
   * at the end (a violation throws, naming the order). With `pause`, `pause.call` is called
   * at every `pause.every` of simulated time.
   */
  run(pause?: { every: number; call: (world: World) => void }): void {
    const { warmup, horizon } = this.config;
    if (warmup > 0) this.sim.scheduleAt(Math.min(warmup, horizon), World.warmupReached, this);
    // Pauses (a bench measuring memory as the run goes) run nothing and schedule nothing: the
    // run is the same with or without them.
    if (pause !== undefined && pause.every > 0) {
      for (let t = pause.every; t < horizon; t += pause.every) {
        this.sim.run({ until: t });
        pause.call(this);
      }
    }
    this.sim.run({ until: horizon });
    for (const p of this.placers) p.stop();
    this.checkInvariants();
  }

  /**
   * Lets go of a finished run's contents at once: pending events, orders, stored resources,
   * placers' open orders. A world that lived through a scavenge has parts in the old
   * generation; until the next full collection those parts would keep every younger part of
   * the dead world alive, to be copied by each scavenge while the thread's next runs go on
   * (pattern A on the default scenario: half of all scavenging). Use the world no more.
   */
  dispose(): void {
    this.sim.clear();
    this.ledger.clear();
    for (const s of this.servers) s.store.clear();
    for (const p of this.placers) p.open.clear();
  }

  private static warmupReached(this: void, world: World): void {
    world.traffic.reset();
    world.pollStats.reset();
    world.backlogPolls.reset();
    world.notificationStats.reset();
    world.messagingStats.reset();
    world.ledger.declines = 0;
    for (const s of world.servers) {
      s.resetStatistics();
      s.store.stats.reset();
    }
    for (const f of world.fillers) {
      f.slots.resetStatistics();
      f.busyRefusals = 0;
    }
  }

  /** Checks what must hold at the horizon; throws on the first violation. */
  checkInvariants(): void {
    const t = this.traffic;
    if (t.sent !== t.delivered + t.lost + t.inFlight) {
      throw new InvariantViolation(-1, `messages sent ${t.sent} != received ${t.delivered} + lost ${t.lost} + in flight ${t.inFlight}`);
    }
    for (const o of this.ledger.orders()) {
      if (o.outcome === 'open' && o.finishedAt >= 0) throw new InvariantViolation(o.id, 'open with a finish time');
      if (o.outcomeKnownAt >= 0 && o.outcome === 'open') throw new InvariantViolation(o.id, 'placer knows an outcome of an open order');
    }
  }
}
