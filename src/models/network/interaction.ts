/** What crosses the network: interaction kinds, FHIR requests and responses. */

import type { RequestTarget } from './network.js';
import type { FhirResource, ResourceContent, ResourceDraft, ResourceType } from '../server/resource.js';
import type { PayloadContent, Topic } from '../subscriptions/subscription.js';
import type { Criteria, SearchCursor, SearchPage, SearchQuery } from '../server/store-search.js';

/** The elements of a Subscription resource the server acts on: topic, channel endpoint, payload. */
export interface SubscriptionRequest {
  topic: Topic;
  endpoint: RequestTarget;
  payload?: PayloadContent;
}

/** Kinds of interaction, as counted in results (`interactions_<kind>`). */
export type InteractionKind = 'create' | 'read' | 'update' | 'search' | 'page' | 'notification' | 'message' | 'operation' | 'handshake' | 'heartbeat';

/** Every interaction kind, in the column order of runs.csv. */
export const INTERACTION_KINDS: readonly InteractionKind[] = ['create', 'read', 'update', 'search', 'page', 'notification', 'message', 'operation', 'handshake', 'heartbeat'];

/**
 * Index of `kind` in {@link INTERACTION_KINDS} (for counting in typed arrays). A switch, not a
 * record indexed by the kind: a keyed load whose key varies goes megamorphic, a stub-cache
 * probe of 60 instructions at every message; these compare interned strings by pointer.
 */
export function kindIndex(kind: InteractionKind): number {
  switch (kind) {
    case 'create':
      return 0;
    case 'read':
      return 1;
    case 'update':
      return 2;
    case 'search':
      return 3;
    case 'page':
      return 4;
    case 'notification':
      return 5;
    case 'message':
      return 6;
    case 'operation':
      return 7;
    case 'handshake':
      return 8;
    case 'heartbeat':
      return 9;
  }
}

/** A conditional update inside a transaction Bundle. */
export interface TransactionUpdate {
  op: 'update';
  type: ResourceType;
  id: string;
  base: FhirResource;
  changes: Partial<ResourceContent>;
  ifMatch: boolean;
}

/** A create inside a transaction, optionally conditional (`If-None-Exist`: reuse the single match). */
export type TransactionCreate = ResourceDraft & { ifNoneExist?: Criteria };

/** An entry of a transaction: a draft to create, or an update. */
export type TransactionEntry = TransactionCreate | TransactionUpdate;

/** True for the update entries of a transaction. */
export function isUpdateEntry(e: TransactionEntry): e is TransactionUpdate {
  return (e as TransactionUpdate).op === 'update';
}

/**
 * A request to a FHIR server. A `create` with `transaction` entries is a transaction Bundle:
 * one interaction that creates and updates several resources atomically (all If-Match
 * preconditions are checked first; one stale version fails the whole Bundle with 412). A
 * create entry's reference fields may point to an earlier created entry as `#<index>`
 * (standing for its `urn:uuid` fullUrl).
 */
export type FhirRequest =
  | { kind: 'create'; draft: ResourceDraft; ifNoneExist?: Criteria; subscription?: SubscriptionRequest; transaction?: undefined }
  | { kind: 'create'; transaction: readonly TransactionEntry[]; draft?: ResourceDraft; ifNoneExist?: undefined; subscription?: undefined }
  | { kind: 'read'; type: ResourceType; id: string; statusUrl?: undefined }
  /** A GET of the status URL of an asynchronous request (FHIR async pattern): answered by the server's `async` handler. */
  | { kind: 'read'; statusUrl: string; order: number; type?: undefined; id?: undefined }
  | { kind: 'update'; type: ResourceType; id: string; base: FhirResource | null; changes: Partial<ResourceContent>; ifMatch: boolean }
  | { kind: 'search'; query: SearchQuery }
  | { kind: 'page'; cursor: SearchCursor }
  | { kind: 'operation' | 'message'; name: string; body: unknown }
  | { kind: 'notification' | 'heartbeat' | 'handshake'; body: unknown };

/** A server's answer. `status` 0 means no answer arrived (every attempt timed out). */
export interface FhirResponse {
  status: number;
  /** The resource created, read or updated (the first one of a transaction). */
  resource?: FhirResource | undefined;
  /** Every resource a transaction created, in entry order. */
  created?: FhirResource[] | undefined;
  /** Every resource a transaction updated, in entry order. */
  updated?: FhirResource[] | undefined;
  /** A search or page result. */
  page?: SearchPage | undefined;
  /** An operation's or message's answer. */
  body?: unknown;
}

/** The answer given when every attempt of a request timed out. */
export const TIMED_OUT: FhirResponse = Object.freeze({ status: 0 });

const bareResponses = new Map<number, FhirResponse>();

/**
 * An answer that is only a status (`202 Accepted`, a subscriber's `200`, a `404`): one frozen
 * object per status, shared by every request that gets it, so answering allocates nothing.
 */
export function statusOnly(status: number): FhirResponse {
  let r = bareResponses.get(status);
  if (r === undefined) {
    r = Object.freeze({ status });
    bareResponses.set(status, r);
  }
  return r;
}

/** True for 2xx statuses. */
export function ok(r: FhirResponse): boolean {
  return r.status >= 200 && r.status < 300;
}

/** Service-time class of a request at the server. */
export type ServiceKind = 'read' | 'search' | 'create' | 'update' | 'operation' | 'notify';

/** The service-time class a request kind falls in. */
export function serviceKindOf(kind: InteractionKind): ServiceKind {
  switch (kind) {
    case 'create':
      return 'create';
    case 'read':
      return 'read';
    case 'update':
      return 'update';
    case 'search':
    case 'page':
      return 'search';
    case 'operation':
    case 'message':
      return 'operation';
    case 'notification':
    case 'heartbeat':
    case 'handshake':
      return 'notify';
  }
}
