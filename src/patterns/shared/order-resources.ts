/** The resources of an order (request and event drafts) and the placer-side bookkeeping every pattern shares. */

import { ok, type Exchange, type FhirRequest, type FhirResource, type Filler, type LinkClass, type Order, type Placer, type ResourceDraft, type World } from '../../models/index.js';

/** The ServiceRequest of an order, addressed to `performer` if known; its identifier is the placer's order number. */
export function requestDraft(order: Order, placer: Placer, performer: Filler | null): ResourceDraft {
  return { type: 'ServiceRequest', status: 'active', intent: 'order', requester: placer.name, performer: performer?.name ?? null, identifier: `order-${order.id}`, order: order.id };
}

/** The event resource (a DiagnosticReport) a filler produces for the request `basedOn`. */
export function eventDraft(order: Order, basedOn: string, requester: string, filler: Filler): ResourceDraft {
  return { type: 'DiagnosticReport', status: 'final', basedOn, requester, performer: filler.name, identifier: `event-${order.id}`, order: order.id };
}

/**
 * A create made safe to retry: `If-None-Exist: identifier=...`. A retry whose original did
 * reach the server (only the answer was lost) finds it and creates nothing, as a careful
 * client does; a create without an identifier is sent plain.
 */
export function createOnce(draft: ResourceDraft): FhirRequest {
  return draft.identifier != null ? { kind: 'create', draft, ifNoneExist: { identifier: draft.identifier } } : { kind: 'create', draft };
}

/** The order a resource belongs to. */
export function orderOf(world: World, r: FhirResource): Order {
  const o = world.ledger.order(r.order);
  if (o === undefined) throw new Error(`${r.ref} belongs to no order (order ${r.order})`);
  return o;
}

/** The placer learned that its order is done: end-to-end latency is measured here. */
export function learnCompleted(world: World, order: Order): void {
  const placer = world.placers[order.placer] as Placer;
  if (!placer.open.has(order.id)) return;
  world.ledger.outcomeKnown(order, 'completed', world.sim.now);
  placer.close(order);
}

/** The placer learned another outcome (rejected, cancelled, failed). */
export function learnOutcome(world: World, order: Order, outcome: 'rejected' | 'cancelled' | 'failed'): void {
  const placer = world.placers[order.placer] as Placer;
  if (!placer.open.has(order.id)) return;
  world.ledger.outcomeKnown(order, outcome, world.sim.now);
  placer.close(order);
}

/**
 * The placer's order could not be delivered (every attempt timed out). If the server never
 * applied it, the order failed; if it did (only the answers were lost) the order lives on
 * without the placer knowing, and the placer stops waiting for it.
 */
export function orderUndelivered(world: World, order: Order, ex: Exchange): void {
  const placer = world.placers[order.placer] as Placer;
  if (!ex.applied && order.outcome === 'open') {
    world.ledger.finish(order, 'failed', world.sim.now);
    learnOutcome(world, order, 'failed');
    return;
  }
  placer.close(order);
}

/** Whether clients send If-Match on their updates (`clients.ifMatch`, default true). */
export function usesIfMatch(world: World): boolean {
  return world.config.clients?.ifMatch ?? true;
}

/**
 * The placer marks its ServiceRequest completed once it knows the work is done (the last step
 * of the Task patterns): an update (If-Match on the version it holds, unless clients do not
 * send it). Nobody else writes the request, but should it have changed, the placer re-reads
 * and tries again while it is not completed yet.
 */
export function completeRequest(world: World, placer: Placer, request: FhirResource, link: LinkClass): void {
  const server = world.serverOf(request);
  world.network.call(placer.name, server, { kind: 'update', type: 'ServiceRequest', id: request.id, base: request, ifMatch: usesIfMatch(world), changes: { status: 'completed' } }, link, (res) => {
    if (ok(res) || res.status === 0) return;
    world.network.call(placer.name, server, { kind: 'read', type: 'ServiceRequest', id: request.id }, link, (read) => {
      if (read.resource !== undefined && read.resource.status !== 'completed') completeRequest(world, placer, read.resource, link);
    });
  });
}
