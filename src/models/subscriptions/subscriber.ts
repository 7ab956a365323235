/** The subscriber's side of a subscription: an endpoint that acknowledges notifications, detects gaps and fetches what changed. */

import type { FhirServer } from '../server/fhir-server.js';
import { ok, statusOnly, type FhirResponse } from '../network/interaction.js';
import type { Attempt, Exchange, Network, RequestTarget } from '../network/network.js';
import type { FhirResource } from '../server/resource.js';
import type { NotificationStats } from './notification-stats.js';
import type { OutageSchedule } from '../network/outages.js';
import type { NotificationBody, NotificationEvent, PayloadContent, Subscription, Topic } from './subscription.js';
import type { LinkClass } from '../network/traffic.js';
import { SearchFetch } from '../polling/search-fetch.js';

/** Called with resources the subscriber learned about (from a payload, a read or a search). */
export type ResourcesHandler = (resources: readonly FhirResource[], subscription: Subscription) => void;

/** Per-subscription bookkeeping of the subscriber. */
class SubscriptionView {
  /** Highest event number accounted for (received, or recovered by search). */
  lastNumber = 0;
  /** Commit number of the newest version seen: the watermark of searches. */
  lastTx = 0;
  /**
   * Event numbers counted as recovered whose notification has not arrived (yet): a late one
   * is then moved from recovered to late. Created at the first gap, and it holds only the
   * outstanding numbers (each leaves when it arrives), so it costs nothing on a clean channel
   * and at most `recovered` entries on a lossy one. A window of the last n numbers would be
   * fixed memory but would miscount a notification later than n events; retries bound how
   * late one can be in time, nothing bounds it in events.
   */
  outstanding: Set<number> | null = null;
  /** The counting period (NotificationStats.period) whose recoveries `outstanding` holds. */
  period = 0;
}

/**
 * A REST endpoint receiving notifications for one actor. It answers each delivery at once,
 * then works out what changed: a full-resource payload carries the resources; id-only means
 * one read per resource; empty means a search since the last change seen. When an event
 * number is skipped (a lost notification, or a heartbeat announcing more events than were
 * received) it recovers with a search, counting the recovered events. A notification that
 * arrives after its events were recovered (retried, slow, overtaken by a later one or by a
 * heartbeat) turns them from recovered into late; its resources are not handed on, as the
 * recovery search already gave their current versions (or a newer notification will).
 */
export class SubscriberEndpoint implements RequestTarget {
  private readonly views = new Map<Subscription, SubscriptionView>();

  constructor(
    /** Endpoint name (for traces). */
    readonly name: string,
    /** The actor behind it, who makes the follow-up reads and searches. */
    private readonly actor: string,
    private readonly network: Network,
    /** Link class of the actor's own requests to the server. */
    private readonly link: LinkClass,
    private readonly stats: NotificationStats,
    private readonly onResources: ResourcesHandler,
  ) {}

  /** When it is down (scenario outages); null: never. */
  outages: OutageSchedule | null = null;

  /** Creates a Subscription on `server` for `topic`; notifications come to this endpoint. */
  subscribe(server: FhirServer, topic: Topic, payload?: PayloadContent): Exchange {
    return this.network.call(this.actor, server, {
      kind: 'create',
      draft: { type: 'Subscription', status: 'requested', requester: this.actor },
      subscription: { topic, endpoint: this, ...(payload !== undefined ? { payload } : {}) },
    }, this.link);
  }

  receive(attempt: Attempt): void {
    const body = attempt.exchange.request.kind === 'notification' || attempt.exchange.request.kind === 'heartbeat' || attempt.exchange.request.kind === 'handshake'
      ? (attempt.exchange.request.body as NotificationBody)
      : undefined;
    if (body === undefined) {
      this.network.respond(attempt, statusOnly(400));
      return;
    }
    if (body.failDelivery) {
      this.network.respond(attempt, statusOnly(503));
      return;
    }
    // An endpoint that is down (scenario outage) refuses the delivery; the server retries or gives up.
    if (this.outages?.isDown(this.network.sim.now) === true) {
      this.network.traffic.outageDrops++;
      this.network.respond(attempt, statusOnly(503));
      return;
    }
    this.network.respond(attempt, statusOnly(200));
    // A delivery retried after a lost acknowledgement arrives twice; its events are then no
    // longer above lastNumber and are skipped, so it is processed once.
    this.process(body);
  }

  private process(body: NotificationBody): void {
    const sub = body.subscription;
    let view = this.views.get(sub);
    if (view === undefined) {
      view = new SubscriptionView();
      this.views.set(sub, view);
    }
    if (body.type === 'handshake') return;
    // Events are numbered in order, so when the first is new they all are (no copy).
    const events = body.events;
    let fresh = events;
    if (events.length > 0 && (events[0] as NotificationEvent).number <= view.lastNumber) {
      this.settleStale(view, events);
      fresh = events.filter((e) => e.number > view.lastNumber);
    }
    const firstNew = fresh[0]?.number ?? body.eventsSinceSubscriptionStart + 1;
    const missing = Math.max(0, Math.min(firstNew - 1, body.eventsSinceSubscriptionStart) - view.lastNumber);
    if (missing > 0) {
      this.stats.recovered += missing;
      const outstanding = this.outstandingOf(view);
      for (let n = view.lastNumber + 1; n <= view.lastNumber + missing; n++) outstanding.add(n);
      view.lastNumber += missing;
      this.fetchBySearch(sub, view);
    }
    if (fresh.length === 0) return;
    this.stats.received += fresh.length;
    view.lastNumber = Math.max(view.lastNumber, (fresh[fresh.length - 1] as { number: number }).number);
    const payload = sub.payload;
    if (payload === 'full-resource') {
      const resources = fresh.map((e) => e.resource);
      this.see(view, resources);
      this.onResources(resources, sub);
    } else if (payload === 'id-only') {
      for (const e of fresh) {
        this.network.call(this.actor, sub.hub.server, { kind: 'read', type: e.resource.type, id: e.resource.id }, this.link, SubscriberEndpoint.afterRead, { endpoint: this, sub, view });
      }
    } else if (missing === 0) {
      // Empty payload: the notification only says "something changed".
      this.fetchBySearch(sub, view);
    }
  }

  /** Events at or below lastNumber: a duplicate of one received (ignored), or a late arrival of one recovered. */
  private settleStale(view: SubscriptionView, events: readonly NotificationEvent[]): void {
    const outstanding = view.outstanding;
    if (outstanding === null || outstanding.size === 0) return;
    if (view.period !== this.stats.period) {
      // Recovered before the statistics were reset: not this period's to move.
      outstanding.clear();
      view.period = this.stats.period;
      return;
    }
    for (const e of events) {
      if (e.number > view.lastNumber) break;
      if (outstanding.delete(e.number)) {
        this.stats.recovered--;
        this.stats.late++;
      }
    }
  }

  /** The view's outstanding recovered numbers, emptied if they belong to a period before the last reset. */
  private outstandingOf(view: SubscriptionView): Set<number> {
    if (view.outstanding === null) view.outstanding = new Set();
    if (view.period !== this.stats.period) {
      view.outstanding.clear();
      view.period = this.stats.period;
    }
    return view.outstanding;
  }

  private static afterRead(this: void, response: FhirResponse, ctx: { endpoint: SubscriberEndpoint; sub: Subscription; view: SubscriptionView }): void {
    if (!ok(response) || response.resource === undefined) return;
    const read = [response.resource];
    ctx.endpoint.see(ctx.view, read);
    ctx.endpoint.onResources(read, ctx.sub);
  }

  private fetchBySearch(sub: Subscription, view: SubscriptionView): void {
    const query = { type: sub.topic.type, where: sub.topic.where, since: view.lastTx };
    new SearchFetch(this.network, this.actor, sub.hub.server, this.link, query, (resources, asOf, failed) => {
      if (!failed) view.lastTx = Math.max(view.lastTx, asOf);
      if (resources.length > 0) this.onResources(resources, sub);
    }).start();
  }

  private see(view: SubscriptionView, resources: readonly FhirResource[]): void {
    for (const r of resources) if (r.txId > view.lastTx) view.lastTx = r.txId;
  }
}
