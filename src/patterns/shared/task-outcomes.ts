/** Ground truth for Task patterns: an order's outcome is what its Task says, recorded when the Task changes. */

import type { FhirResource, FhirServer, Order, World } from '../../models/index.js';

/** Task.businessStatus values the patterns use to say why a Task ended. */
export const BUSINESS = {
  /** The placer cancelled its own Task. */
  cancelledByPlacer: 'cancelled by placer',
  /** The owner stopped work in progress because the placer asked (Task.status failed). */
  cancelledAsRequested: 'cancelled as requested',
  /** The broker withdrew the Task to offer the order to another filler (not the order's end). */
  reassigned: 'reassigned',
  /** The broker found no filler that would take the order. */
  unassignable: 'unassignable',
  /** The filler refused because every slot was taken (`fillers.whenBusy: refuse`). */
  busy: 'busy',
  /** Nobody claimed or answered the Task within `task.expiry`: withdrawn, and the order ends rejected. */
  unclaimed: 'unclaimed',
} as const;

/** Task.code values: a Task asking for the work, or asking the owner of another Task to stop. */
export const TASK_CODE = { fulfill: 'fulfill', abort: 'abort' } as const;

/**
 * What an order's Task means for the order. `rejected` and `cancelled` Tasks end the order
 * unless the broker withdrew or the filler refused one of several offers (pattern G), which
 * it marks: only the marked ones count. `failed` with "cancelled as requested" is a cancel.
 */
export function outcomeOf(task: FhirResource, severalOffers: boolean): 'completed' | 'rejected' | 'cancelled' | 'failed' | null {
  if (task.businessStatus === BUSINESS.unassignable || task.businessStatus === BUSINESS.unclaimed) return 'rejected';
  switch (task.status) {
    case 'completed':
      return 'completed';
    case 'failed':
      return task.businessStatus === BUSINESS.cancelledAsRequested ? 'cancelled' : 'failed';
    case 'cancelled':
      return !severalOffers || task.businessStatus === BUSINESS.cancelledByPlacer ? 'cancelled' : null;
    case 'rejected':
      return severalOffers ? null : 'rejected';
    default:
      return null;
  }
}

/**
 * Records order milestones from the Tasks on `server` as they are committed: acceptance, and
 * the final outcome. The ledger then holds what really happened, whatever the placer knows.
 */
export function recordTaskOutcomes(world: World, server: FhirServer, severalOffers: boolean): void {
  server.store.onChange((task, previous) => {
    if (task.type !== 'Task' || task.code === TASK_CODE.abort) return;
    if (previous !== undefined && previous.status === task.status && previous.businessStatus === task.businessStatus) return;
    const order = world.ledger.order(task.order) as Order;
    const now = world.sim.now;
    if (task.status === 'accepted' && task.owner !== null) world.ledger.accepted(order, fillerIndex(task.owner), now);
    const outcome = outcomeOf(task, severalOffers);
    if (outcome !== null) world.ledger.finish(order, outcome, now);
  });
}

/** The index of a filler from its actor name (`filler/<index>`). */
export function fillerIndex(name: string): number {
  return Number(name.slice(name.lastIndexOf('/') + 1));
}
