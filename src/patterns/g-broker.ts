/** Pattern G: a workflow broker offers each request to one filler at a time, reassigning on refusal or silence. */

import type { FhirResource, Order, World } from '../models/index.js';
import { createOnce, orderOf, orderUndelivered, usesIfMatch } from './shared/order-resources.js';
import { OrderStates } from './shared/order-states.js';
import type { Pattern } from './pattern.js';
import { PlacerTaskWatch } from './shared/placer-task-watch.js';
import { offerStatusOperation } from './shared/status-operation.js';
import { IdBits } from './shared/id-bits.js';
import { FillerTasks } from './shared/task-filler.js';
import { BUSINESS, TASK_CODE, fillerIndex, recordTaskOutcomes } from './shared/task-outcomes.js';
import { PlacerTasks } from './shared/task-placer.js';
import { watch } from './shared/watch.js';

/** The broker's record of one order. */
interface Assignment {
  /** The request's reference and requester, once the broker has found it. */
  srRef: string | null;
  requester: string | null;
  /** Fillers offered the order so far, in offer order (let go, with `task`, once the order is over for good). */
  tried: readonly number[] | null;
  /** The Task currently offered (newest version the broker knows). */
  task: FhirResource | null;
  accepted: boolean;
  timer: number;
  over: boolean;
}

/** Nobody tried yet. */
const NOBODY: readonly number[] = [];

/**
 * The record of every order whose offered Task has finished: nothing about such an order can
 * reach the broker again, so it keeps no record of its own (nor its request's reference).
 */
const FINISHED: Assignment = Object.freeze({ srRef: null, requester: null, tried: null, task: null, accepted: true, timer: -1, over: true });

/**
 * P POSTs the ServiceRequest to the intermediary. The broker detects it (poll or
 * subscription), picks a filler (preference, round-robin or least-loaded) and POSTs a Task
 * owned by it. The filler accepts or rejects with an If-Match update. On rejection, or when
 * the filler stays silent past `broker.assignTimeout`, the broker withdraws the Task
 * (cancelled, "reassigned") and offers the order to the next filler; a late acceptance of a
 * withdrawn Task gets a conflict. The filler GETs the request before it answers; after
 * acceptance it runs as E: the filler works, completes; P learns and GETs the event. When
 * every filler has refused, the broker marks the last Task "unassignable" and the order is
 * rejected.
 */
export const broker: Pattern = {
  id: 'G',
  title: 'Workflow broker',
  specName: 'Option H: POST of Task to a workflow broker',
  summary: 'P POSTs the request to Q; the broker detects it and POSTs a Task for its chosen F; F GETs the request, then accepts or rejects; on rejection or timeout the broker offers the next F; then as E',
  minMessages: { value: 10, variant: '+5 per rejection' },
  signalsAcceptance: true,
  taskBased: true,
  setup(world: World): void {
    const q = world.server('intermediary', 'broker');
    recordTaskOutcomes(world, q, true);
    offerStatusOperation(q);
    const tasks = new PlacerTasks(world, { link: 'placer-server', requestLink: 'placer-server', severalOffers: true, owner: 'placer' });
    const b = world.broker;
    // Assignment deadlines all lie assignTimeout ahead and are nearly always cancelled: a timer lane.
    const deadlines = world.sim.timerLane(b.config.assignTimeout);
    const assignments = new OrderStates<Assignment>(() => ({ srRef: null, requester: null, tried: null, task: null, accepted: false, timer: -1, over: false }));
    const call = (request: Parameters<World['network']['call']>[2], then: (r: FhirResource | undefined, status: number) => void): void => {
      world.network.call(b.name, q, request, 'broker-server', (res) => then(res.resource, res.status));
    };

    const assign = (order: Order): void => {
      const a = assignments.of(order);
      if (a.over || a.srRef === null) return;
      const i = b.choose(a.tried ?? NOBODY);
      if (i < 0) {
        giveUp(order);
        return;
      }
      // Of exact room (a push would make room for sixteen more): one or two are the rule.
      const tried = (a.tried = a.tried === null ? [i] : a.tried.concat([i]));
      const f = world.fillers[i];
      if (f === undefined) return;
      // Counted now, not when the POST returns: a poll can bring many requests at once, and
      // least-loaded must see each offer before choosing for the next.
      b.assigned(i);
      call(createOnce({
        type: 'Task', code: TASK_CODE.fulfill, status: 'requested', intent: 'order', owner: f.name, focus: a.srRef, requester: a.requester, identifier: offerIdentifier(order, tried.length), order: order.id,
      }), (task) => {
        if (task === undefined) return;
        a.task = task;
        a.accepted = false;
        // A retried conditional create returns the Task as it is now: the filler may have answered already.
        if (task.status === 'requested') a.timer = deadlines.schedule(timeoutDue, order);
        else react(order, a, task);
      });
    };

    const giveUp = (order: Order): void => {
      const a = assignments.of(order);
      a.over = true;
      const last = a.task;
      if (last === null) return;
      call({ kind: 'update', type: 'Task', id: last.id, base: last, ifMatch: usesIfMatch(world), changes: { businessStatus: BUSINESS.unassignable } }, (t) => {
        if (t !== undefined) a.task = t;
      });
    };

    /** The broker learned a newer version of an offered Task. */
    const seen = (task: FhirResource): void => {
      if (task.code === TASK_CODE.abort) return;
      const order = orderOf(world, task);
      const a = assignments.get(order.id);
      if (a === undefined || a.task === null || task.id !== a.task.id || task.txId <= a.task.txId) return;
      a.task = task;
      react(order, a, task);
    };

    /** What the broker does about the current version of the Task it offered. */
    const react = (order: Order, a: Assignment, task: FhirResource): void => {
      const filler = task.owner !== null ? fillerIndex(task.owner) : -1;
      if (task.status === 'accepted' || task.status === 'in-progress') {
        if (!a.accepted) {
          a.accepted = true;
          if (a.timer >= 0) deadlines.cancel(a.timer);
          a.timer = -1;
        }
      } else if (task.status === 'rejected' && !a.over) {
        if (a.timer >= 0) deadlines.cancel(a.timer);
        a.timer = -1;
        b.released(filler);
        assign(order);
      } else if (task.status === 'completed' || task.status === 'failed' || (task.status === 'cancelled' && task.businessStatus === BUSINESS.cancelledByPlacer)) {
        if (a.timer >= 0) deadlines.cancel(a.timer);
        a.timer = -1;
        a.over = true;
        b.released(filler);
        // The Task is finished and no newer version of it can come: nothing about this order can
        // reach the broker again (callbacks still in flight hold `a` itself).
        a.task = null;
        a.tried = null;
        assignments.retire(order, FINISHED);
      }
    };

    /** No answer in time: withdraw the Task (If-Match) and offer the order elsewhere. */
    const timeoutDue = (order: Order): void => {
      const a = assignments.of(order);
      if (a === FINISHED) return;
      a.timer = -1;
      const task = a.task;
      if (a.accepted || a.over || task === null) return;
      if (task.status !== 'requested') {
        react(order, a, task);
        return;
      }
      call({ kind: 'update', type: 'Task', id: task.id, base: task, ifMatch: usesIfMatch(world), changes: { status: 'cancelled', businessStatus: BUSINESS.reassigned } }, (updated, status) => {
        if (updated !== undefined) {
          a.task = updated;
          if (task.owner !== null) b.released(fillerIndex(task.owner));
          assign(order);
          return;
        }
        if (status === 0) return;
        // The filler answered meanwhile: read what it said.
        call({ kind: 'read', type: 'Task', id: task.id }, (current) => {
          if (current !== undefined) seen(current);
        });
      });
    };

    const polling = world.config.discovery === 'poll';
    const leastLoaded = b.config.selection === 'least-loaded';
    const watched = polling ? ['accepted', 'rejected', 'in-progress', 'completed', 'failed'] : leastLoaded ? ['accepted', 'rejected', 'completed', 'failed'] : ['accepted', 'rejected'];
    watch(world, {
      actor: b.name, server: q, link: 'broker-server', mode: world.config.discovery,
      topic: { type: 'ServiceRequest', where: { status: 'active' }, trigger: 'create' },
      onResources: (requests) => {
        for (const sr of requests) {
          const a = assignments.of(orderOf(world, sr));
          if (a.over || a.srRef !== null) continue;
          a.srRef = sr.ref;
          a.requester = sr.requester;
          assign(orderOf(world, sr));
        }
      },
    });
    watch(world, {
      actor: b.name, server: q, link: 'broker-server', mode: world.config.discovery,
      topic: { type: 'Task', where: { status: watched }, trigger: 'any' },
      onResources: (changed) => {
        for (const t of changed) seen(t);
      },
    });

    // Offers taken up, by the Task's id on the broker's server (each offer is seen by its owner
    // only): the same offer found again (a notification and a recovery search, a duplicate
    // delivery) is not answered twice, as a careful filler does. A bit an offer, not a string.
    const answered = new IdBits();
    for (const f of world.fillers) {
      const work = new FillerTasks(world, f, q, 'filler-server');
      watch(world, {
        actor: f.name, server: q, link: 'filler-server', mode: world.discoveryOf(f),
        topic: { type: 'Task', where: { owner: f.name, status: 'requested' }, trigger: 'create' },
        onResources: (offers) => {
          for (const task of offers) {
            if (task.code === TASK_CODE.abort) {
              if (task.status === 'requested') work.handleAbort(task);
              continue;
            }
            const key = Number(task.id);
            if (task.status !== 'requested' || answered.has(key)) continue;
            answered.add(key);
            const order = orderOf(world, task);
            world.ledger.received(order, f.index, world.sim.now);
            // The filler reads the request before it answers the offer (spec Option H).
            work.readRequest(task, () => work.answerOffer(order, task));
          }
        },
      });
    }

    const placerWatch = new PlacerTaskWatch(world, tasks, 'placer-server', [q]);
    for (const p of world.placers) {
      p.start({
        onOrder(placer, order) {
          world.network.call(placer.name, q, createOnce({ type: 'ServiceRequest', status: 'active', intent: 'order', requester: placer.name, identifier: `order-${order.id}`, order: order.id }), 'placer-server', (res, _ctx, ex) => {
            if (res.status === 0) {
              orderUndelivered(world, order, ex);
              return;
            }
            tasks.know(order, res.resource, q);
            placerWatch.ordered(placer);
            tasks.startStatusQueries(order);
          });
        },
        onCancel(_placer, order) {
          tasks.cancel(order);
        },
      });
    }
  },
};

/**
 * The identifier of the broker's `offer`-th Task for `order` (If-None-Exist makes its create
 * safe to retry). It ends in the order number, so every order's offers share a few coded
 * prefixes (`offer2-order-`) in the stores' rows instead of a prefix string each.
 */
function offerIdentifier(order: Order, offer: number): string {
  return `offer${offer}-order-${order.id}`;
}
