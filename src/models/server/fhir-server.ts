/** A FHIR server: a FIFO queue in front of parallel workers that execute REST interactions on a versioned store. */

import { Resource, TALLY_CELLS, Tally, type Distribution, type Rng, type Simulation } from '../../engine/index.js';
import { isUpdateEntry, serviceKindOf, statusOnly, type FhirResponse, type ServiceKind } from '../network/interaction.js';
import type { InteractionLog } from './interaction-log.js';
import type { OutageSchedule } from '../network/outages.js';
import type { Attempt, Network, RequestTarget } from '../network/network.js';
import type { IndexSpec } from './search-index.js';
import type { ReferenceCodes } from './reference-codes.js';
import type { TableArenas } from './resource-table.js';
import { listValuesBeyondFirst } from './store-search.js';
import type { ServerConfig, ServerRole } from './server-config.js';
import type { SubscriptionHub } from '../subscriptions/subscription-hub.js';
import { TokenBuckets } from './rate-limit.js';
import { applyTransaction } from './transaction-bundle.js';
import { VersionedStore } from './versioned-store.js';

/**
 * Handles `$name` operations and `$process-message`, given the request body and the attempt
 * that carries it (`attempt.exchange.from` is the sender), and GETs of asynchronous status
 * URLs (registered as `async`, given the URL). Return the response, or `undefined` to answer
 * later with `server.reply(attempt, response)` (e.g. once the work is done): the request
 * then holds its worker until answered, as a request thread does.
 */
export type OperationHandler = (body: unknown, attempt: Attempt) => FhirResponse | undefined;

/** A unit of server-internal work (e.g. dispatching a notification) that competes for workers. */
class Job {
  constructor(readonly server: FhirServer, readonly kind: ServiceKind, readonly then: (payload: any) => void, readonly payload: unknown) {}
}

/**
 * Every interaction waits in one FIFO queue for one of `workers` handlers, then holds it for
 * a service time drawn per kind (searches add `perMatch` per returned resource). The store
 * operation takes effect when service starts, the response leaves when it ends. So load
 * from any client (pollers above all) lengthens the queue and the latency of everyone.
 */
export class FhirServer implements RequestTarget {
  readonly store: VersionedStore;
  readonly workers: Resource;
  /** The server's subscription support, if it offers any. */
  subscriptions: SubscriptionHub | null = null;
  /** Builds the subscription support on the first Subscription created (most servers never need it). */
  subscriptionSupport: (() => SubscriptionHub) | null = null;
  // Created when first needed: most servers of a large world offer no operation.
  private operations: Map<string, OperationHandler> | null = null;
  /** Requests dropped unexecuted because their client had stopped waiting before a worker took them. */
  abandoned = 0;
  /** When it is down (scenario outages): it answers nothing then; null: never. */
  outages: OutageSchedule | null = null;
  /** Where every executed request and its answer is recorded (conformance replay); null: nowhere. */
  log: InteractionLog | null = null;
  /** The rate limit's token buckets by client actor (created on the first limited request). */
  private tokenBuckets: TokenBuckets | null = null;
  /** Where {@link requestWaits} keeps its numbers: a run of the simulation's cells, beside the workers' own. */
  private readonly waitCells: Float64Array;
  private readonly waitsAt: number;
  private pendingReplies: Set<Attempt> | null = null;

  constructor(
    readonly name: string,
    readonly role: ServerRole,
    private readonly sim: Simulation,
    private readonly network: Network,
    readonly config: ServerConfig,
    private readonly rng: Rng,
    options: { indexes?: readonly IndexSpec[]; keepHistory?: boolean; codes?: ReferenceCodes; arenas?: TableArenas } = {},
  ) {
    if (!(Number.isInteger(config.pageSize) && config.pageSize >= 1)) throw new RangeError(`server ${name}: pageSize must be a positive integer`);
    this.workers = new Resource(sim, config.workers, name);
    this.waitsAt = sim.statCells.take(TALLY_CELLS);
    this.waitCells = sim.statCells.slab;
    Tally.resetAt(this.waitCells, this.waitsAt);
    this.store = new VersionedStore({
      name,
      conflictStatus: config.conflictStatus,
      ...(options.indexes !== undefined ? { indexes: options.indexes } : {}),
      ...(options.keepHistory !== undefined ? { keepHistory: options.keepHistory } : {}),
      ...(options.codes !== undefined ? { codes: options.codes } : {}),
      ...(options.arenas !== undefined ? { arenas: options.arenas } : {}),
    });
  }

  /**
   * Queue wait of each request executed since the last reset: unlike `workers.waits`, not the
   * server's own notification dispatches nor requests dropped unexecuted; its count is the
   * requests served. A view of the server's cells, made at each call.
   */
  get requestWaits(): Tally {
    return Tally.over(this.waitCells, this.waitsAt);
  }

  /** Starts a new statistics window (warm-up): worker load and request waits. */
  resetStatistics(): void {
    this.workers.resetStatistics();
    Tally.resetAt(this.waitCells, this.waitsAt);
  }

  /** Registers the handler of operation `name` (e.g. `$process-message`, `$status`). */
  handle(name: string, handler: OperationHandler): void {
    (this.operations ??= new Map()).set(name, handler);
  }

  receive(attempt: Attempt): void {
    // A server that is down answers nothing: the client times out and retries.
    if (this.outages?.isDown(this.sim.now) === true) {
      this.network.traffic.outageDrops++;
      return;
    }
    const limit = this.config.rateLimit;
    if (limit !== undefined && attempt.exchange.link !== 'local') {
      const wait = (this.tokenBuckets ??= new TokenBuckets(limit)).take(attempt.exchange.from, this.sim.now);
      if (wait > 0) {
        this.network.traffic.rateLimited++;
        this.network.respond(attempt, { status: 429, body: { retryAfter: wait } });
        return;
      }
    }
    this.workers.request(FhirServer.startRequest, attempt);
  }

  /** Answers a deferred operation (see {@link OperationHandler}), freeing the worker it held. */
  reply(attempt: Attempt, response: FhirResponse): void {
    if (this.pendingReplies?.delete(attempt) === true) {
      this.workers.release();
      this.network.respond(attempt, response);
    } else {
      // Service has not ended yet: the end-of-service handler sends it.
      attempt.response = response;
      attempt.deferred = false;
    }
  }

  /** Runs server-internal work of `kind` through the worker queue, then calls `then(payload)`. */
  work<P>(kind: ServiceKind, then: (payload: P) => void, payload: P): void {
    this.workers.request(FhirServer.startJob, new Job(this, kind, then, payload));
  }

  private static startJob(this: void, job: Job): void {
    const server = job.server;
    // Its own work (notification dispatch) waits for it to come back up, then queues again.
    if (server.outages?.isDown(server.sim.now) === true) {
      server.workers.release();
      server.sim.scheduleAt(server.outages.upAgainAt(server.sim.now), FhirServer.requeueJob, job);
      return;
    }
    server.sim.schedule(server.sample(job.kind), FhirServer.endJob, job);
  }

  private static requeueJob(this: void, job: Job): void {
    job.server.workers.request(FhirServer.startJob, job);
  }

  private static endJob(this: void, job: Job): void {
    job.server.workers.release();
    job.then(job.payload);
  }

  private static startRequest(this: void, attempt: Attempt): void {
    const server = attempt.exchange.target as FhirServer;
    // The client has stopped listening (it timed out and gave up, or an earlier attempt was
    // answered): a request still queued is dropped when its turn comes, not executed, so a
    // client that gave up on a request that never ran is right to think it never ran.
    if (attempt.exchange.done) {
      server.abandoned++;
      server.workers.release();
      return;
    }
    // It went down while the request queued: the request is lost with the process.
    if (server.outages?.isDown(server.sim.now) === true) {
      server.network.traffic.outageDrops++;
      server.workers.release();
      return;
    }
    Tally.recordAt(server.waitCells, server.waitsAt, server.workers.lastWait);
    const repeated = attempt.exchange.applied;
    const service = server.execute(attempt);
    const log = server.log;
    // A deferred answer (a held operation) is not known yet; operations are not replayed anyway.
    if (log !== null) log.record(server.sim.now, server.name, attempt.exchange.from, attempt.exchange.request, attempt.response, repeated);
    server.sim.schedule(service, FhirServer.endRequest, attempt);
  }

  private static endRequest(this: void, attempt: Attempt): void {
    const server = attempt.exchange.target as FhirServer;
    // A deferred answer keeps the worker busy until it is sent (a held synchronous call).
    if (attempt.deferred) {
      (server.pendingReplies ??= new Set()).add(attempt);
      return;
    }
    server.workers.release();
    // Down at the end of service: the work was done, the answer never leaves.
    if (server.outages?.isDown(server.sim.now) === true) {
      server.network.traffic.outageDrops++;
      return;
    }
    server.network.respond(attempt, attempt.response);
  }

  /** Requests whose worker is held for an answer still to come (held synchronous calls). */
  get heldRequests(): number {
    return this.pendingReplies?.size ?? 0;
  }

  private sample(kind: ServiceKind): number {
    return Math.max(0, this.serviceTime(kind).sample(this.rng));
  }

  /** The service time of `kind` (a switch: a keyed load by a varying kind goes megamorphic). */
  private serviceTime(kind: ServiceKind): Distribution {
    const t = this.config.serviceTime;
    switch (kind) {
      case 'read':
        return t.read;
      case 'search':
        return t.search;
      case 'create':
        return t.create;
      case 'update':
        return t.update;
      case 'operation':
        return t.operation;
      case 'notify':
        return t.notify;
    }
  }

  /** Applies the request to the store (or its operation handler); returns the service time. */
  private execute(attempt: Attempt): number {
    const ex = attempt.exchange;
    const req = ex.request;
    const now = this.sim.now;
    const store = this.store;
    const kind = req.kind; // read once: requests come in many shapes, each read a megamorphic load
    // A transaction's entries each cost their own kind of work, drawn below.
    let service = kind === 'create' && req.transaction !== undefined ? 0 : this.sample(serviceKindOf(kind));
    // Whether an earlier attempt of this exchange already got here (its answer was lost).
    const repeated = ex.applied;
    ex.applied = true;
    switch (kind) {
      case 'create': {
        if (repeated && req.ifNoneExist === undefined) this.network.traffic.duplicateCreates++;
        if (req.transaction !== undefined) {
          for (const e of req.transaction) service += this.sample(isUpdateEntry(e) ? 'update' : 'create');
          attempt.response = applyTransaction(store, req.transaction, ex.from, now);
        } else if (req.ifNoneExist !== undefined) {
          attempt.response = store.createIfNoneExist(req.draft, req.ifNoneExist, now, ex.from);
        } else if (req.subscription !== undefined) {
          if (this.subscriptions === null && this.subscriptionSupport !== null) this.subscriptions = this.subscriptionSupport();
          if (this.subscriptions === null) {
            attempt.response = { status: 422, body: `${this.name} does not support subscriptions` };
            break;
          }
          const resource = store.create(req.draft, now, ex.from);
          this.subscriptions.activate(resource, req.subscription.topic, req.subscription.endpoint, req.subscription.payload);
          attempt.response = { status: 201, resource };
        } else {
          attempt.response = { status: 201, resource: store.create(req.draft, now, ex.from) };
        }
        break;
      }
      case 'read': {
        if (req.statusUrl !== undefined) {
          const handler = this.operations?.get('async');
          attempt.response = handler === undefined ? statusOnly(404) : (handler(req.statusUrl, attempt) ?? statusOnly(500));
          break;
        }
        const r = store.read(req.type, req.id);
        attempt.response = r === undefined ? statusOnly(404) : { status: 200, resource: r };
        break;
      }
      case 'update': {
        const r = store.update(req.type, req.id, req.base, req.changes, { ifMatch: req.ifMatch, actor: ex.from, now });
        attempt.response = { status: r.status, resource: r.resource };
        break;
      }
      case 'search':
      case 'page': {
        const page = kind === 'search'
          ? store.search(req.query, this.config.pageSize)
          : store.nextPage(req.cursor);
        service += this.config.perMatch * page.resources.length;
        const perValue = this.config.perValue ?? 0;
        if (perValue > 0) service += perValue * listValuesBeyondFirst(kind === 'search' ? req.query : req.cursor.query);
        attempt.response = { status: 200, page };
        break;
      }
      case 'operation':
      case 'message': {
        const handler = this.operations?.get(req.name);
        if (handler === undefined) {
          attempt.response = { status: 404, body: `no operation ${req.name} on ${this.name}` };
          break;
        }
        // Deferred until the handler answers, which it may do at once through reply().
        attempt.deferred = true;
        const r = handler(req.body, attempt);
        if (r !== undefined) {
          attempt.deferred = false;
          attempt.response = r;
        }
        break;
      }
      default:
        attempt.response = { status: 400, body: `${kind} is not a request a server accepts` };
    }
    return service;
  }
}
