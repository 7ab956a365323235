/** The placer's side of the Task patterns: what it makes of Task versions and its status queries (J); its cancellations (K) are in task-withdrawal.ts. */

import { isTerminal, ok, parseRef, type FhirResource, type FhirServer, type LinkClass, type Order, type Placer, type World } from '../../models/index.js';
import { OpenOrdersByServer, OrderLinks } from './open-orders-by-server.js';
import { completeRequest, learnCompleted, learnOutcome } from './order-resources.js';
import { OrderStates } from './order-states.js';
import { TaskWithdrawal } from './task-withdrawal.js';
import { TASK_CODE, outcomeOf } from './task-outcomes.js';

const NO_SERVERS: readonly FhirServer[] = [];

/** What the placer knows of one order. */
export interface PlacerView {
  /** The request's reference, once created. */
  srRef: string | null;
  /** The request as the placer created it (the base of its completion update). */
  request: FhirResource | null;
  /** Where the order's Task lives, once known. */
  server: FhirServer | null;
  /** The newest version of the order's Task the placer has seen (by commit order). */
  task: FhirResource | null;
  /** The event is being read. */
  fetching: boolean;
  /** A cancellation is in progress. */
  cancelling: boolean;
  statusTimer: number;
  /**
   * The placer has closed the order (and, when set by letGo, its Task is finished): nothing the
   * placer does can change it any more. Such a view holds no resource, and is released once no
   * status query is pending: created again, it is closed from the start and answers as it did.
   */
  closed: boolean;
}

/** How a Task pattern's placer reaches its Tasks and who owns them. */
export interface PlacerTaskSetup {
  /** Link class from the placer to the Task's server. */
  link: LinkClass;
  /** Link class from the placer to its request's server. */
  requestLink: LinkClass;
  /** Several Tasks may be offered in turn for one order (pattern G). */
  severalOffers: boolean;
  /** Who owns the pattern's Task, and so decides a cancel, unless `cancellation.ownership` says otherwise. */
  owner: 'placer' | 'filler';
}

/**
 * Interprets every Task version the placer gets hold of, however it got it (poll,
 * notification, status query, a response): acceptance is learned from accepted or
 * in-progress, completion from completed (then the event is read: the end-to-end figure is
 * taken when it arrives, then the placer marks its request completed), and a final
 * rejection, cancellation or failure ends the order. It also runs status queries (J), and
 * cancellations (K) and expiries through its {@link TaskWithdrawal}.
 */
export class PlacerTasks {
  readonly views = new OrderStates<PlacerView>((order) => ({
    srRef: null, request: null, server: null, task: null, fetching: false, cancelling: false, statusTimer: -1,
    closed: !(this.world.placers[order.placer]?.open.has(order.id) ?? false),
  }));
  /** Per placer (by index): where its open orders' Tasks are, created on its first order. */
  private readonly openOrders: (OpenOrdersByServer | undefined)[] = [];
  /** The lists of every placer's open orders by server, threaded through one integer per order. */
  private readonly links = new OrderLinks();

  private readonly link: LinkClass;
  private readonly severalOffers: boolean;
  /** Cancels go to the Task's owner as an abort Task (else the placer PUTs the Task cancelled). */
  readonly fillerOwnedCancels: boolean;
  private readonly withdrawal: TaskWithdrawal;

  constructor(private readonly world: World, private readonly setup: PlacerTaskSetup) {
    this.link = setup.link;
    this.severalOffers = setup.severalOffers;
    const ownership = world.config.cancellation.ownership;
    this.fillerOwnedCancels = (ownership === 'auto' ? setup.owner : ownership) === 'filler';
    this.withdrawal = new TaskWithdrawal(world, this.views, this.link, this.fillerOwnedCancels, (task) => this.seen(task));
  }

  /** The placer created the order's request (or learned where it is) and knows where its Task is. */
  know(order: Order, request: FhirResource | undefined, server: FhirServer | null): void {
    const v = this.views.of(order);
    // Too late (an answer that came after the order was closed): nothing it says is read again.
    if (v.closed) return;
    if (request !== undefined) {
      v.srRef = request.ref;
      v.request = request;
    }
    if (server !== null && server !== v.server) this.locate(order, v, server);
  }

  /** The servers holding the open orders' Tasks of the placer with index `placer`, in the order the orders were placed (each once). */
  serversOfOpenOrders(placer: number): readonly FhirServer[] {
    return this.openOrders[placer]?.servers() ?? NO_SERVERS;
  }

  /** The order's Task is on `server` (the first place the placer learns of, or a new one). */
  private locate(order: Order, v: PlacerView, server: FhirServer): void {
    const previous = v.server;
    v.server = server;
    const placer = this.world.placers[order.placer];
    if (placer === undefined) return;
    let open = this.openOrders[placer.index];
    if (open === undefined) {
      open = new OpenOrdersByServer(placer, this.links);
      this.openOrders[placer.index] = open;
    }
    if (previous !== null) open.remove(previous, order.id);
    open.add(server, order.id);
  }

  /** A Task version reached the placer. */
  seen(task: FhirResource): void {
    if (task.type !== 'Task' || task.code === TASK_CODE.abort) return;
    const order = this.world.ledger.order(task.order);
    if (order === undefined) return;
    const placer = this.world.placers[order.placer];
    if (placer === undefined || !placer.open.has(order.id)) return;
    const v = this.views.of(order);
    if (v.task !== null && task.txId <= v.task.txId) return;
    v.task = task;
    if (v.server === null) this.locate(order, v, this.world.serverOf(task));
    const outcome = outcomeOf(task, this.severalOffers);
    if (task.status === 'accepted' || task.status === 'in-progress' || task.status === 'on-hold' || task.status === 'ready') {
      this.world.ledger.acceptKnown(order, this.world.sim.now);
    } else if (outcome === 'completed') {
      this.fetchEvent(order, task);
    } else if (outcome !== null) {
      learnOutcome(this.world, order, outcome);
      this.letGo(placer, order, v);
    }
  }

  /** Once the placer has closed the order and its Task is finished, the view drops the Task version. */
  private letGo(placer: Placer, order: Order, v: PlacerView): void {
    if (placer.open.has(order.id) || v.task === null || !isTerminal(v.task.status)) return;
    v.closed = true;
    v.task = null;
    if (v.statusTimer < 0) this.views.release(order);
  }

  /** Reads the event a completed Task points to; completion is known when it arrives. */
  private fetchEvent(order: Order, task: FhirResource): void {
    const v = this.views.of(order);
    if (v.fetching) return;
    v.fetching = true;
    const placer = this.world.placers[order.placer];
    if (placer === undefined) return;
    if (task.output === null) {
      this.completed(order, placer, v);
      return;
    }
    const ref = parseRef(task.output);
    this.world.network.call(placer.name, this.world.serverNamed(ref.server), { kind: 'read', type: ref.type, id: ref.id }, this.link, (res) => {
      v.fetching = false;
      if (ok(res)) this.completed(order, placer, v);
      else if (res.status === 0) placer.close(order);
    });
  }

  /** The placer has the event: the order is done for it, and it marks its request completed. */
  private completed(order: Order, placer: Placer, v: PlacerView): void {
    learnCompleted(this.world, order);
    const request = v.request;
    if (request === null) {
      this.letGo(placer, order, v);
      return;
    }
    // Not needed again (the order is closed for the placer): kept, it would hold a superseded
    // version of every completed order's request for the rest of the run.
    v.request = null;
    this.letGo(placer, order, v);
    completeRequest(this.world, placer, request, this.setup.requestLink);
  }

  /**
   * Starts status queries for an open order (pattern J): every `interval`, the placer asks the
   * Task's server for the Tasks focused on its request, by search or by `$status`.
   */
  startStatusQueries(order: Order): void {
    const { interval } = this.world.config.statusQuery;
    if (!(interval > 0)) return;
    const v = this.views.of(order);
    if (v.statusTimer >= 0) return;
    v.statusTimer = this.world.sim.schedule(interval, PlacerTasks.statusDue, { self: this, order });
  }

  private static statusDue(this: void, p: { self: PlacerTasks; order: Order }): void {
    const { self, order } = p;
    const world = self.world;
    const v = self.views.of(order);
    v.statusTimer = -1;
    const placer = world.placers[order.placer];
    if (placer === undefined || !placer.open.has(order.id)) {
      if (v.closed) self.views.release(order);
      return;
    }
    if (v.server !== null && v.srRef !== null) {
      const viaOperation = world.config.statusQuery.via === 'operation';
      const request = viaOperation
        ? ({ kind: 'operation', name: '$status', body: { focus: v.srRef, order: order.id } } as const)
        : ({ kind: 'search', query: { type: 'Task', where: { focus: v.srRef } } } as const);
      world.network.call(placer.name, v.server, request, self.link, (res) => {
        const tasks = viaOperation ? ((res.body as FhirResource[] | undefined) ?? []) : (res.page?.resources ?? []);
        for (const t of tasks) self.seen(t);
      });
    }
    self.startStatusQueries(order);
  }

  /**
   * Withdraws the order's Task if nobody has taken it within `task.expiry` (0: never); see
   * {@link TaskWithdrawal.expireUnclaimed}.
   */
  expireUnclaimed(order: Order): void {
    this.withdrawal.expireUnclaimed(order);
  }

  /** Cancels an order (pattern K); see {@link TaskWithdrawal.cancel}. */
  cancel(order: Order): void {
    this.withdrawal.cancel(order);
  }
}
