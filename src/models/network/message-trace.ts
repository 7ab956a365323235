/** A readable record of every message of a run: who sent what to whom, when, and the answer. */

import { isUpdateEntry, type FhirRequest, type FhirResponse } from './interaction.js';
import type { Attempt, NetworkTracer } from './network.js';
import type { Message } from '../messaging/messaging.js';
import type { NotificationBody } from '../subscriptions/subscription.js';
import type { Criteria } from '../server/store-search.js';

/** One request and (once it arrived) its response. */
export interface TracedInteraction {
  /** When the request was sent (microseconds). */
  sentAt: number;
  /** When its response arrived, or -1. */
  answeredAt: number;
  from: string;
  to: string;
  kind: FhirRequest['kind'];
  /** HTTP-style text of the request, e.g. `PUT Task/3 If-Match W/"1"`. */
  text: string;
  /** Response status, or -1 while unanswered. */
  status: number;
  /** Attempt number (>1 for retries). */
  attempt: number;
  /** Whether it crossed between systems (false for an application calling its own server). */
  remote: boolean;
  /** The simulated order it concerns, or -1. */
  order: number;
}

/**
 * Collects every interaction of a run in the order requests were sent; `filter` keeps only
 * some (e.g. those of one order). Used by `fwsim explain` and by exact-trace tests, so the
 * sequences they show are what the simulation did, not a hand-written story.
 */
export class MessageTrace implements NetworkTracer {
  readonly lines: TracedInteraction[] = [];
  private readonly open = new Map<Attempt, TracedInteraction>();

  constructor(private readonly filter: (line: TracedInteraction) => boolean = () => true) {}

  request(attempt: Attempt, now: number): void {
    const ex = attempt.exchange;
    const line: TracedInteraction = {
      sentAt: now,
      answeredAt: -1,
      from: ex.from,
      to: ex.target.name,
      kind: ex.request.kind,
      text: describeRequest(ex.request),
      status: -1,
      attempt: attempt.number,
      remote: ex.link !== 'local',
      order: orderOf(ex.request),
    };
    if (!this.filter(line)) return;
    this.lines.push(line);
    this.open.set(attempt, line);
  }

  response(attempt: Attempt, now: number): void {
    const line = this.open.get(attempt);
    if (line === undefined) return;
    this.open.delete(attempt);
    line.answeredAt = now;
    line.status = attempt.response.status;
    if (line.order < 0) line.order = orderOfResponse(attempt.response);
  }
}

/** HTTP-style summary of a request. */
export function describeRequest(req: FhirRequest): string {
  switch (req.kind) {
    case 'create':
      if (req.transaction !== undefined) {
        const parts = req.transaction.map((e) => (isUpdateEntry(e) ? `PUT ${e.type}/${e.id}${e.ifMatch ? ` If-Match W/"${e.base.versionId}"` : ''} (${e.changes.status ?? 'changes'})` : `POST ${e.type}`));
        return `POST / (transaction: ${parts.join(', ')})`;
      }
      if (req.subscription !== undefined) return `POST Subscription (${req.subscription.topic.type}?${criteriaText(req.subscription.topic.where)})`;
      return `POST ${req.draft.type}${req.ifNoneExist !== undefined ? ` If-None-Exist ${criteriaText(req.ifNoneExist)}` : ''}`;
    case 'read':
      return req.statusUrl !== undefined ? `GET ${req.statusUrl}` : `GET ${req.type}/${req.id}`;
    case 'update':
      return `PUT ${req.type}/${req.id}${req.ifMatch && req.base !== null ? ` If-Match W/"${req.base.versionId}"` : ''} (${Object.entries(req.changes).map(([k, v]) => `${k}=${String(v)}`).join(', ')})`;
    case 'search': {
      const q = req.query;
      const params = [criteriaText(q.where ?? {}, q.type), q.since !== undefined && q.since > 0 ? '_lastUpdated=gt[watermark]' : ''].filter((x) => x !== '').join('&');
      return `GET ${q.type}${params !== '' ? `?${params}` : ''}`;
    }
    case 'page':
      return `GET [next page of ${req.cursor.query.type} search]`;
    case 'operation':
      return `POST ${req.name}`;
    case 'message': {
      const m = req.body as Message;
      return `POST $process-message (${m.event}${m.code !== undefined ? `: ${m.code}` : ''})`;
    }
    case 'notification':
    case 'heartbeat':
    case 'handshake': {
      const b = req.body as NotificationBody;
      const refs = b.events.map((e) => `${e.resource.type}/${e.resource.id}`).join(', ');
      return `POST [endpoint] ${req.kind}${refs !== '' ? ` (${refs})` : ''}`;
    }
  }
}

/**
 * Criteria as FHIR search parameters. `requester` of an event is denormalised (see
 * `ResourceContent`): on a real server it is the chained `based-on:ServiceRequest.requester`.
 */
function criteriaText(where: Criteria, type?: string): string {
  return Object.entries(where)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => {
      const name = k === 'basedOn' ? 'based-on' : k === 'requester' && type === 'DiagnosticReport' ? 'based-on:ServiceRequest.requester' : k;
      return v === null ? `${name}:missing=true` : `${name}=${Array.isArray(v) ? v.join(',') : String(v)}`;
    })
    .join('&');
}

function orderOf(req: FhirRequest): number {
  switch (req.kind) {
    case 'create':
      if (req.transaction !== undefined) {
        for (const e of req.transaction) {
          const o = isUpdateEntry(e) ? e.base.order : (e.order ?? -1);
          if (o >= 0) return o;
        }
        return -1;
      }
      return req.draft.order ?? -1;
    case 'update':
      return req.base?.order ?? -1;
    case 'read':
      return req.statusUrl !== undefined ? req.order : -1;
    case 'message':
      return (req.body as Message).order;
    case 'operation':
      return typeof req.body === 'object' && req.body !== null && 'order' in req.body ? Number((req.body as { order: number }).order) : -1;
    case 'notification': {
      const b = req.body as NotificationBody;
      return b.events[0]?.resource.order ?? -1;
    }
    default:
      return -1;
  }
}

function orderOfResponse(r: FhirResponse): number {
  if (r.resource !== undefined) return r.resource.order;
  const first = r.page?.resources[0];
  return first !== undefined ? first.order : -1;
}
