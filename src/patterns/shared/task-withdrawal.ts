/** How a Task placer withdraws an order's Task: cancellation (pattern K) and the expiry of a Task nobody took. */

import type { TimerLane } from '../../engine/index.js';
import { isTerminal, ok, type FhirResource, type LinkClass, type Order, type World } from '../../models/index.js';
import { usesIfMatch } from './order-resources.js';
import type { OrderStates } from './order-states.js';
import type { PlacerView } from './task-placer.js';
import { BUSINESS, TASK_CODE } from './task-outcomes.js';

/**
 * The placer's withdrawals of its Tasks, for {@link PlacerTasks}: a placer-owned Task (or
 * one nobody owns yet) is PUT cancelled with If-Match, re-read and tried again on a conflict
 * while it can still be cancelled; a filler-owned one gets an abort Task asking its owner to
 * stop. Every version met on the way goes to the placer's `seen`.
 */
export class TaskWithdrawal {
  /** The lane of the orders' expiries (made with the first). */
  private expiries: TimerLane | null = null;

  constructor(
    private readonly world: World,
    private readonly views: OrderStates<PlacerView>,
    /** Link class from the placer to the Task's server. */
    private readonly link: LinkClass,
    /** Cancels go to the Task's owner as an abort Task (else the placer PUTs the Task cancelled). */
    private readonly fillerOwnedCancels: boolean,
    /** Where every Task version the placer meets goes. */
    private readonly seen: (task: FhirResource) => void,
  ) {}

  /**
   * Withdraws the order's Task if nobody has taken it within `task.expiry` (0: never): the
   * placer PUTs it cancelled with businessStatus "unclaimed" (If-Match on the version it
   * knows), and the order ends rejected. A conflict means the Task moved on: the placer
   * re-reads and withdraws only if it is still unclaimed. As FHIR's Task.restriction.period
   * says until when fulfilment is sought, a placer stops seeking it then.
   */
  expireUnclaimed(order: Order): void {
    const expiry = this.world.config.task?.expiry ?? 0;
    if (!(expiry > 0)) return;
    // Every order's expiry falls the same delay after its Task is posted: a FIFO lane beside
    // the event heap runs them in the same (time, seq) order, and keeps the heap to the events
    // that need it (most expiries find their order long closed: in D at scale they were two
    // thirds of the heap). Durations are whole microseconds, so the lane's delay is exact.
    (this.expiries ??= this.world.sim.timerLane(expiry)).schedule(this.expiryDue, order);
  }

  /** An order's expiry fell due: withdraw its Task if still nobody's (bound once, so the event's payload is the order itself). */
  private readonly expiryDue = (order: Order): void => {
    const placer = this.world.placers[order.placer];
    // A closed order's view is not looked up (it may have been released).
    if (placer === undefined || !placer.open.has(order.id)) return;
    const v = this.views.of(order);
    if (v.task === null || v.cancelling) return;
    if (v.task.status === 'requested') {
      this.putCancelled(order, v, v.task, BUSINESS.unclaimed, (current) => current.status === 'requested' && placer.open.has(order.id), noop);
    }
  };

  /**
   * Cancels an order (pattern K). Placer-owned Tasks (or Tasks nobody owns yet): an If-Match
   * update to cancelled; on a conflict the placer re-reads and tries again only while the
   * Task can still be cancelled. Filler-owned: an abort Task asking the owner to stop.
   */
  cancel(order: Order): void {
    const v = this.views.of(order);
    // Closed with its Task finished: there is nothing left to cancel (as isTerminal below says).
    if (v.closed || v.cancelling) return;
    const placer = this.world.placers[order.placer];
    if (placer === undefined) return;
    if (v.task === null || v.server === null) {
      // The placer has not seen the Task yet: look it up, or try again a little later.
      if (v.server !== null && v.srRef !== null) {
        this.world.network.call(placer.name, v.server, { kind: 'search', query: { type: 'Task', where: { focus: v.srRef } } }, this.link, (res) => {
          for (const t of res.page?.resources ?? []) this.seen(t);
          if (v.task !== null || v.closed) this.cancel(order);
          else this.world.sim.schedule(this.world.pollingFor(placer.name).interval, TaskWithdrawal.retryCancel, { self: this, order });
        });
      } else {
        this.world.sim.schedule(this.world.pollingFor(placer.name).interval, TaskWithdrawal.retryCancel, { self: this, order });
      }
      return;
    }
    if (isTerminal(v.task.status)) return;
    v.cancelling = true;
    if (this.fillerOwnedCancels && v.task.owner !== null) {
      this.requestAbort(order, v, v.task);
      return;
    }
    this.putCancelled(order, v, v.task, BUSINESS.cancelledByPlacer, (current) => !isTerminal(current.status), () => {
      v.cancelling = false;
    });
  }

  private static retryCancel(this: void, p: { self: TaskWithdrawal; order: Order }): void {
    const placer = p.self.world.placers[p.order.placer];
    if (placer !== undefined && placer.open.has(p.order.id)) p.self.cancel(p.order);
  }

  /**
   * PUTs the Task cancelled with `reason` (If-Match on `base`). On a conflict the placer
   * re-reads and tries again while `stillCan` says the current version may still be
   * cancelled; `settled` runs once it is done either way.
   */
  private putCancelled(order: Order, v: PlacerView, base: FhirResource, reason: string, stillCan: (current: FhirResource) => boolean, settled: () => void): void {
    const world = this.world;
    const placer = world.placers[order.placer];
    const server = v.server;
    if (placer === undefined || server === null) return;
    world.network.call(placer.name, server, {
      kind: 'update', type: 'Task', id: base.id, base, ifMatch: usesIfMatch(world),
      changes: { status: 'cancelled', businessStatus: reason },
    }, this.link, (res) => {
      if (ok(res) && res.resource !== undefined) {
        settled();
        this.seen(res.resource);
        return;
      }
      if (res.status === 0) {
        settled();
        return;
      }
      // Conflict: the Task moved on. Re-read, and try again only if it still can be cancelled.
      world.network.call(placer.name, server, { kind: 'read', type: 'Task', id: base.id }, this.link, (read) => {
        const current = read.resource;
        if (current === undefined) {
          settled();
          return;
        }
        this.seen(current);
        if (stillCan(current)) this.putCancelled(order, v, current, reason, stillCan, settled);
        else settled();
      });
    });
  }

  private requestAbort(order: Order, v: PlacerView, task: FhirResource): void {
    const placer = this.world.placers[order.placer];
    const server = v.server;
    if (placer === undefined || server === null) return;
    const identifier = `abort-${task.ref}`;
    this.world.network.call(placer.name, server, {
      kind: 'create',
      draft: { type: 'Task', code: TASK_CODE.abort, status: 'requested', intent: 'order', focus: task.ref, owner: task.owner, requester: placer.name, identifier, order: order.id },
      ifNoneExist: { identifier },
    }, this.link, () => {
      v.cancelling = false;
    });
  }
}

function noop(): void {}
