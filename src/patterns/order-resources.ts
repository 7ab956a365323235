/** The resources of an order (request and event drafts) and the placer-side bookkeeping every pattern shares. */

import type { Exchange, FhirRequest, FhirResource, Filler, Order, Placer, ResourceDraft, World } from '../models/index.js';

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
  const o = world.ledger.orders[r.order];
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
