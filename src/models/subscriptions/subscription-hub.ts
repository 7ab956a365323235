/** Topic-based subscriptions on one server: matching changes, numbering events, delivering notifications with retries. */

import { DAY, type Rng, type Simulation } from '../../engine/index.js';
import type { FhirServer } from '../server/fhir-server.js';
import { ok, type FhirResponse } from '../network/interaction.js';
import type { Exchange, Network, RequestTarget } from '../network/network.js';
import type { NotificationStats } from './notification-stats.js';
import type { FhirResource, ResourceType, SearchField } from '../server/resource.js';
import { matches, type Criteria } from '../server/store-search.js';
import { Subscription, type NotificationBody, type NotificationEvent, type PayloadContent, type SubscriptionConfig, type Topic } from './subscription.js';

/**
 * The subscription machinery of one server. A committed write is matched against active
 * subscriptions through an index on (type, first criterion), so matching costs the number of
 * candidate subscriptions, not all of them. Each match gets the next event number of its
 * subscription; notifications are dispatched as server work (`notify` service time) and
 * sent to the subscriber's endpoint, retried on failure up to `retries` times, after a
 * wait that may grow (backoff) and within an optional time limit (`giveUpAfter`).
 *
 * A heartbeat is sent only when a subscription has been idle (nothing sent on it, not even a
 * retry) for the heartbeat period, as the notification type `heartbeat` is defined: "sent
 * because there has not been a notification generated over an extended period of time". The
 * idle clock is restarted by recording `lastSentAt`, not by rescheduling: the one timer per
 * subscription, when it fires early, moves itself to `lastSentAt + heartbeat`, so a busy
 * subscription costs one event per period and a notification costs none. The clock runs on
 * the hand-over to dispatch work, so dispatch and queueing do not stretch the period.
 */
export class SubscriptionHub {
  /** Candidate subscriptions of each type: keyed by the value of their first criterion, or unkeyed. */
  private readonly byType = new Map<ResourceType, TypeSubscriptions>();
  private readonly all: Subscription[] = [];
  private batchPending: Subscription[] = [];
  /** Batch mode `each`: the matched events of the coming batch, in the order of the changes. */
  private batchEvents: NotificationJob[] = [];
  private batchHandle = -1;

  constructor(
    /** The server whose changes are matched and who sends the notifications. */
    readonly server: FhirServer,
    private readonly sim: Simulation,
    private readonly network: Network,
    readonly config: SubscriptionConfig,
    private readonly rng: Rng,
    readonly stats: NotificationStats,
  ) {
    server.store.onChange((current, previous) => this.onChange(current, previous));
  }

  /** Active subscriptions, in creation order. */
  get subscriptions(): readonly Subscription[] {
    return this.all;
  }

  /** Activates a subscription whose resource was just created, and sends its handshake. */
  activate(resource: FhirResource, topic: Topic, endpoint: RequestTarget, payload: PayloadContent = this.config.payload): Subscription {
    const sub = new Subscription(this, resource, topic, endpoint, payload);
    this.all.push(sub);
    let subs = this.byType.get(topic.type);
    if (subs === undefined) {
      subs = { unkeyed: [], fields: [], byValue: [] };
      this.byType.set(topic.type, subs);
    }
    const first = firstCriterion(topic.where);
    if (first === undefined) {
      subs.unkeyed.push(sub);
    } else {
      let f = subs.fields.indexOf(first[0]);
      if (f < 0) {
        f = subs.fields.push(first[0]) - 1;
        subs.byValue.push(new Map());
      }
      const byValue = subs.byValue[f] as Map<string | null, Subscription[]>;
      const list = byValue.get(first[1]);
      if (list === undefined) byValue.set(first[1], [sub]);
      else list.push(sub);
    }
    SubscriptionHub.queue({ sub, type: 'handshake', events: [] });
    if (this.config.heartbeat > 0) sub.heartbeatHandle = this.sim.schedule(this.config.heartbeat, SubscriptionHub.heartbeat, sub);
    return sub;
  }

  private onChange(current: FhirResource, previous: FhirResource | undefined): void {
    const subs = this.byType.get(current.type);
    if (subs === undefined) return;
    const isCreate = previous === undefined;
    if (subs.unkeyed.length > 0) this.visit(subs.unkeyed, current, isCreate);
    // Keyed by the values the version itself holds: no key is built per write.
    for (let f = 0; f < subs.fields.length; f++) {
      const list = (subs.byValue[f] as Map<string | null, Subscription[]>).get(current.field(subs.fields[f] as SearchField));
      if (list !== undefined) this.visit(list, current, isCreate);
    }
  }

  /** Queues an event for each candidate subscription the change really matches. */
  private visit(subs: readonly Subscription[], current: FhirResource, isCreate: boolean): void {
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i] as Subscription;
      if (!isCreate && sub.topic.trigger === 'create') continue;
      if (!matches(current, sub.topic.where)) continue;
      // Numbered when dispatched, not now: a heartbeat must not announce an event still waiting to be sent.
      this.enqueue(sub, { number: 0, resource: current });
    }
  }

  private enqueue(sub: Subscription, event: NotificationEvent): void {
    if (this.config.batchInterval > 0) {
      if (this.config.batchDelivery === 'each') {
        this.batchEvents.push({ sub, type: 'event-notification', events: [event] });
      } else {
        if (sub.pending.length === 0) this.batchPending.push(sub);
        sub.pending.push(event);
      }
      if (this.batchHandle < 0) {
        const interval = this.config.batchInterval;
        const next = (Math.floor(this.sim.now / interval) + 1) * interval;
        this.batchHandle = this.sim.scheduleAt(next, SubscriptionHub.batch, this);
      }
      return;
    }
    const job = { sub, type: 'event-notification' as const, events: [event] };
    if (this.config.matchDelay > 0) this.sim.schedule(this.config.matchDelay, SubscriptionHub.dispatch, job);
    else SubscriptionHub.dispatch(job);
  }

  private static batch(this: void, hub: SubscriptionHub): void {
    hub.batchHandle = -1;
    const each = hub.batchEvents;
    hub.batchEvents = [];
    for (const job of each) SubscriptionHub.dispatch(job);
    const subs = hub.batchPending;
    hub.batchPending = [];
    for (const sub of subs) {
      const events = sub.pending;
      sub.pending = [];
      SubscriptionHub.dispatch({ sub, type: 'event-notification', events });
    }
  }

  private static dispatch(this: void, job: NotificationJob): void {
    for (const e of job.events) if (e.number === 0) e.number = ++job.sub.eventCount;
    SubscriptionHub.queue(job);
  }

  /** Hands a notification (or a retry of one) to the server's dispatch work, restarting the subscription's idle clock. */
  private static queue(this: void, job: NotificationJob): void {
    const hub = job.sub.hub;
    job.sub.lastSentAt = hub.sim.now;
    hub.server.work('notify', SubscriptionHub.send, job);
  }

  private static heartbeat(this: void, sub: Subscription): void {
    const hub = sub.hub;
    const due = sub.lastSentAt + hub.config.heartbeat;
    if (hub.sim.now < due) {
      // Something was sent since this timer was set: the idle time starts again from then.
      sub.heartbeatHandle = hub.sim.scheduleAt(due, SubscriptionHub.heartbeat, sub);
      return;
    }
    sub.heartbeatHandle = hub.sim.schedule(hub.config.heartbeat, SubscriptionHub.heartbeat, sub);
    // The body is built when sent, so it carries the eventsSinceSubscriptionStart of that moment.
    SubscriptionHub.queue({ sub, type: 'heartbeat', events: [] });
  }

  /** Sends one notification (after its dispatch work), counting and retrying delivery. */
  private static send(this: void, job: NotificationJob): void {
    const hub = job.sub.hub;
    if (job.attempt === undefined) {
      if (job.type === 'event-notification') hub.stats.sent++;
      job.firstAttemptAt = hub.sim.now;
    }
    job.attempt = (job.attempt ?? 0) + 1;
    const failDelivery = hub.config.loss > 0 && hub.rng.double() < hub.config.loss;
    const body: NotificationBody = {
      subscription: job.sub,
      type: job.type,
      eventsSinceSubscriptionStart: job.sub.eventCount,
      events: job.events,
      failDelivery,
    };
    const kind = job.type === 'event-notification' ? 'notification' : job.type;
    hub.network.call(hub.server.name, job.sub.endpoint, { kind, body }, 'server-subscriber', SubscriptionHub.delivered, job);
  }

  private static delivered(this: void, response: FhirResponse, job: NotificationJob, _ex: Exchange): void {
    if (ok(response)) return;
    const hub = job.sub.hub;
    hub.stats.failedAttempts++;
    const attempt = job.attempt ?? 1;
    const config = hub.config;
    const late = (config.giveUpAfter ?? 0) > 0 && hub.sim.now - (job.firstAttemptAt ?? 0) > (config.giveUpAfter as number);
    if (attempt <= config.retries && !late) {
      const wait = retryWait(config, attempt);
      // No wait: queued at once, exactly as before backoff existed (no extra event).
      if (wait > 0) hub.sim.schedule(wait, SubscriptionHub.queue, job);
      else SubscriptionHub.queue(job);
      return;
    }
    if (job.type === 'event-notification') hub.stats.lost++;
  }
}

/** A type's subscriptions, indexed by their first criterion (field, then value) so a write visits only candidates. */
interface TypeSubscriptions {
  /** Subscriptions with no single-valued criterion: every write of the type is a candidate. */
  unkeyed: Subscription[];
  /** Fields of first criteria, in the order first used ... */
  fields: SearchField[];
  /** ... and, for each, its subscriptions by the criterion's value. */
  byValue: Map<string | null, Subscription[]>[];
}

interface NotificationJob {
  sub: Subscription;
  type: NotificationBody['type'];
  events: NotificationEvent[];
  attempt?: number;
  /** When its first delivery attempt was sent (the start of `giveUpAfter`). */
  firstAttemptAt?: number;
}

/**
 * The wait before the retry that follows failed attempt number `attempt` (1-based):
 * `retryDelay x retryBackoff^(attempt-1)`, at most `retryDelayMax`, in whole microseconds.
 */
export function retryWait(config: Pick<SubscriptionConfig, 'retryDelay' | 'retryBackoff' | 'retryDelayMax'>, attempt: number): number {
  const first = config.retryDelay ?? 0;
  if (first <= 0) return 0;
  const wait = Math.round(first * (config.retryBackoff ?? 1) ** (attempt - 1));
  const cap = config.retryDelayMax ?? 0;
  // A wait past any horizon still has to be schedulable: a year is past every run's end.
  return Math.min(cap > 0 ? Math.min(wait, cap) : wait, 365 * DAY);
}

function firstCriterion(where: Criteria): [SearchField, string | null] | undefined {
  for (const key in where) {
    const v = where[key as SearchField];
    if (v === undefined || Array.isArray(v)) continue;
    return [key as SearchField, v as string | null];
  }
  return undefined;
}
