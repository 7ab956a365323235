/** A subscription (FHIR R5, topic-based): what it listens to, what its notifications carry, and the server settings that deliver them. */

import type { RequestTarget } from '../network/network.js';
import type { FhirResource, ResourceType } from '../server/resource.js';
import type { Criteria } from '../server/store-search.js';
import type { SubscriptionHub } from './subscription-hub.js';

/** What a notification carries: nothing (search to find out), the ids (read them), or the resources. */
export type PayloadContent = 'empty' | 'id-only' | 'full-resource';

/** Subscription behaviour of a server; durations in microseconds. */
export interface SubscriptionConfig {
  payload: PayloadContent;
  /** Fixed delay between a matching change and its notification (0: immediate). */
  matchDelay: number;
  /** If > 0, the server matches in batches on this schedule (at whole multiples of it). */
  batchInterval: number;
  /**
   * What a batch sends: `combined` (absent: the default) one notification per subscription
   * carrying every event of the batch; `each` one notification per event, in the order of the
   * changes (HAPI FHIR matches on a schedule, then POSTs each matched change by itself).
   */
  batchDelivery?: 'combined' | 'each';
  /** Probability that one delivery attempt fails (endpoint unavailable). */
  loss: number;
  /** Delivery retries after a failed attempt. */
  retries: number;
  /** Wait before the first retry of a failed delivery (absent or 0: at once). */
  retryDelay?: number;
  /** Factor by which each further wait grows (absent: 1, a constant wait; 2 doubles it, as BullMQ's exponential backoff). */
  retryBackoff?: number;
  /** Longest wait between two attempts (absent or 0: no cap). */
  retryDelayMax?: number;
  /**
   * No further retry once a failed attempt ends this long after the first attempt began
   * (absent or 0: only `retries` limits them), as a retry template with a time limit does.
   */
  giveUpAfter?: number;
  /** Idle time after which a subscription gets a heartbeat: nothing was sent on it for this long (0: none). */
  heartbeat: number;
}

/** What the subscriber asks to hear about: a resource type, criteria on its current state, and which writes. */
export interface Topic {
  type: ResourceType;
  where: Criteria;
  /** `create`: new resources only; `any`: creates and updates. */
  trigger: 'create' | 'any';
}

/** One event of a notification: its number in the subscription's sequence and the version that matched. */
export interface NotificationEvent {
  number: number;
  resource: FhirResource;
}

/** The body of a notification Bundle (R5 SubscriptionStatus plus entries). */
export interface NotificationBody {
  subscription: Subscription;
  type: 'handshake' | 'heartbeat' | 'event-notification';
  /** Events generated for this subscription so far, at the time of sending (gap detection). */
  eventsSinceSubscriptionStart: number;
  /** Events in this notification; what the subscriber may see of them depends on the payload setting. */
  events: NotificationEvent[];
  /** Set on a delivery attempt the endpoint will refuse (it is down). */
  failDelivery: boolean;
}

/** An active subscription. */
export class Subscription {
  /** Events generated so far (`eventsSinceSubscriptionStart`). */
  eventCount = 0;
  /** Events matched but not yet sent (batch mode). */
  pending: NotificationEvent[] = [];
  heartbeatHandle = -1;
  /** When the server last handed a notification of this subscription (any type, or a retry) to its dispatch work: the start of the idle time. */
  lastSentAt = 0;

  constructor(
    readonly hub: SubscriptionHub,
    /** The Subscription resource. */
    readonly resource: FhirResource,
    readonly topic: Topic,
    /** Where notifications go. */
    readonly endpoint: RequestTarget,
    readonly payload: PayloadContent,
  ) {}
}
