/** Bytes on the wire: the size of each request and response, from typical FHIR JSON, counted where messages cross the network. */

import type { FhirRequest, FhirResponse, TransactionEntry } from './interaction.js';
import type { Message } from '../messaging/messaging.js';
import type { ResourceType } from '../server/resource.js';
import type { NotificationBody } from '../subscriptions/subscription.js';

/**
 * Sizes in bytes. The defaults are compact JSON of typical resources as lab-order
 * integrations exchange them (a ServiceRequest with code, subject, requester, performer,
 * identifiers and reason; a Task with focus, for, owner, business status and history; a
 * DiagnosticReport with a dozen result references and a short conclusion), plus HTTP/1.1
 * request and response lines with the usual headers (Authorization bearer token, Accept,
 * Content-Type, ETag, Location, Last-Modified).
 */
export interface PayloadSizes {
  /** Request line and headers of one request. */
  requestHeaders: number;
  /** Status line and headers of one response. */
  responseHeaders: number;
  /** One resource of each type. */
  resources: Readonly<Record<ResourceType, number>>;
  /** A Bundle's own elements (searchset, transaction, message, notification). */
  bundle: number;
  /** Per entry of a Bundle (fullUrl, search/request/response elements), beside the resource. */
  entry: number;
  /** A MessageHeader (event, source, destination, focus, response). */
  messageHeader: number;
  /** SubscriptionStatus of a notification (type, events since start, topic, per-event focus). */
  subscriptionStatus: number;
  /** An operation's Parameters, in or out. */
  parameters: number;
  /** An OperationOutcome answering an error. */
  operationOutcome: number;
  /** Per extra value of a list search criterion (`based-on=a,b,c`) in the URL. */
  urlValue: number;
}

/** The defaults (see {@link PayloadSizes}). */
export const DEFAULT_PAYLOAD_SIZES: PayloadSizes = Object.freeze({
  requestHeaders: 450,
  responseHeaders: 300,
  resources: Object.freeze({ ServiceRequest: 1400, Task: 1100, DiagnosticReport: 2600, Subscription: 800, Bundle: 4500 }),
  bundle: 250,
  entry: 120,
  messageHeader: 650,
  subscriptionStatus: 550,
  parameters: 300,
  operationOutcome: 400,
  urlValue: 45,
});

/** What a message event carries as its focus (seed H): the order, its progress, or its result. */
function messageFocus(event: string): ResourceType | undefined {
  switch (event) {
    case 'order':
      return 'ServiceRequest';
    case 'order-progress':
    case 'order-status':
      return 'Task';
    case 'order-result':
      return 'DiagnosticReport';
    default:
      return undefined;
  }
}

/** Bytes of a resource of `type` (a switch: a keyed load by a varying type goes megamorphic, see `kindIndex`). */
export function resourceBytes(s: PayloadSizes, type: ResourceType): number {
  const r = s.resources;
  switch (type) {
    case 'ServiceRequest':
      return r.ServiceRequest;
    case 'Task':
      return r.Task;
    case 'DiagnosticReport':
      return r.DiagnosticReport;
    case 'Subscription':
      return r.Subscription;
    case 'Bundle':
      return r.Bundle;
  }
}

/** Bytes of one request as sent (headers and body). */
export function requestBytes(s: PayloadSizes, r: FhirRequest): number {
  const h = s.requestHeaders;
  switch (r.kind) {
    case 'create':
      if (r.transaction !== undefined) return h + transactionBytes(s, r.transaction);
      return h + resourceBytes(s, r.draft.type);
    case 'read':
      return h;
    case 'update':
      return h + resourceBytes(s, r.type);
    case 'search': {
      // for-in, not Object.values: a poll is the commonest message and must not allocate.
      const where = r.query.where;
      let extra = 0;
      if (where !== undefined) {
        for (const k in where) {
          const v = where[k as keyof typeof where];
          if (Array.isArray(v) && v.length > 1) extra += (v.length - 1) * s.urlValue;
        }
      }
      return h + extra;
    }
    case 'page':
      return h;
    case 'operation':
      // $fulfill carries the request; other operations ($status) name it by reference.
      return h + s.parameters + (r.name === '$fulfill' ? s.resources.ServiceRequest : 0);
    case 'message':
      return h + messageBytes(s, r.body as Message | null | undefined);
    case 'notification':
    case 'heartbeat':
    case 'handshake':
      return h + notificationBytes(s, r.body as NotificationBody | null | undefined);
  }
}

/** Bytes of the answer to `r` (headers and body); 0 when no answer was sent. */
export function responseBytes(s: PayloadSizes, r: FhirRequest, res: FhirResponse): number {
  if (res.status === 0) return 0;
  const h = s.responseHeaders;
  if (res.status >= 400) return h + s.operationOutcome;
  switch (r.kind) {
    case 'create':
      // A transaction-response Bundle with each entry's resource (return=representation).
      if (r.transaction !== undefined) return h + transactionBytes(s, r.transaction);
      // Prefer: return=representation (the servers' default): the resource comes back.
      return h + (res.resource !== undefined ? resourceBytes(s, res.resource.type) : 0);
    case 'read':
      if (r.statusUrl !== undefined) return h + (res.status === 200 ? s.parameters : 0);
      return h + (res.resource !== undefined ? resourceBytes(s, res.resource.type) : 0);
    case 'update':
      return h + (res.resource !== undefined ? resourceBytes(s, res.resource.type) : 0);
    case 'search':
    case 'page': {
      let b = s.bundle;
      for (const found of res.page?.resources ?? []) b += s.entry + resourceBytes(s, found.type);
      return h + b;
    }
    case 'operation':
      return h + (res.body !== undefined ? s.parameters : 0);
    case 'message':
      // A synchronous acknowledgement is a response message; an asynchronous receipt is bare.
      return h + (res.body !== undefined ? s.bundle + s.messageHeader : 0);
    case 'notification':
    case 'heartbeat':
    case 'handshake':
      return h;
  }
}

/** A transaction Bundle (or its response) with one entry and resource per entry. */
function transactionBytes(s: PayloadSizes, entries: readonly TransactionEntry[]): number {
  let b = s.bundle;
  for (const e of entries) b += s.entry + resourceBytes(s, e.type);
  return b;
}

function messageBytes(s: PayloadSizes, m: Message | null | undefined): number {
  const focus = m?.responseTo === undefined && typeof m?.event === 'string' ? messageFocus(m.event) : undefined;
  return s.bundle + s.entry + s.messageHeader + (focus !== undefined ? s.entry + resourceBytes(s, focus) : 0);
}

function notificationBytes(s: PayloadSizes, n: NotificationBody | null | undefined): number {
  let b = s.bundle + s.entry + s.subscriptionStatus;
  const payload = n?.subscription?.payload;
  if (n === null || n === undefined || payload === undefined || payload === 'empty' || !Array.isArray(n.events)) return b;
  for (const e of n.events) b += s.entry + (payload === 'full-resource' ? resourceBytes(s, e.resource.type) : 0);
  return b;
}
