/** Pattern E: an open Task on an intermediary, claimed by whichever filler gets there first. */

import type { FhirResource, Filler, Order, World } from '../models/index.js';
import { orderOf, orderUndelivered } from './shared/order-resources.js';
import type { Pattern } from './pattern.js';
import { PlacerTaskWatch } from './shared/placer-task-watch.js';
import { offerStatusOperation } from './shared/status-operation.js';
import { FillerTasks } from './shared/task-filler.js';
import { TASK_CODE, recordTaskOutcomes } from './shared/task-outcomes.js';
import { PlacerTasks } from './shared/task-placer.js';
import { watch, type Watch } from './shared/watch.js';

/**
 * P POSTs the request and an unowned Task (one transaction) to the intermediary. Every
 * filler finds open Tasks by polling (`Task?owner:missing=true&status=requested`, the full
 * current list each time) or by subscription. A filler that wants the order and has a free
 * slot GETs the request, then claims it: PUT owner = itself, status = accepted, If-Match the
 * version it saw. The server lets the first claim win; the others get 412, re-read, see the
 * Task taken and move on. Collisions are not drawn from a formula: they happen when fillers
 * see the same version and claim it before the winner's write, so they grow with the number
 * of fillers, with how aligned their polls are, and with the read before the claim. The
 * winner works, and completes the Task and posts the event in one transaction; the placer
 * learns and GETs the event.
 */
export const openTask: Pattern = {
  id: 'E',
  title: 'Open Task on an intermediary, claimed by fillers',
  specName: "Option F: Creation of Task on placer's system (open Task, claimed)",
  summary: 'P POSTs request + unowned Task to Q; fillers poll or are notified, GET the request; contenders PUT owner with If-Match: one 200, the rest 412; the winner works, completes; P learns, GETs the event and PUTs its ServiceRequest completed (If-Match)',
  minMessages: { value: 8 },
  signalsAcceptance: true,
  taskBased: true,
  setup(world: World): void {
    const q = world.server('intermediary', 'intermediary');
    recordTaskOutcomes(world, q, false);
    offerStatusOperation(q);
    const tasks = new PlacerTasks(world, { link: 'placer-server', requestLink: 'placer-server', severalOffers: false, owner: 'placer' });
    const fillerOwnedCancels = world.config.cancellation.probability > 0 && tasks.fillerOwnedCancels;

    for (const f of world.fillers) {
      const work = new FillerTasks(world, f, q, 'filler-server');
      const declined = new Set<string>();
      const claiming = new Set<string>();
      let backlog = false;
      let openWork: Watch | null = null;
      const consider = (task: FhirResource): void => {
        if (task.owner !== null || task.status !== 'requested' || task.code === TASK_CODE.abort) return;
        const ref = task.ref; // built on each read
        if (claiming.has(ref)) return;
        const order = orderOf(world, task);
        world.ledger.received(order, f.index, world.sim.now);
        // The filler's answer about an order is always the same; a refusal is counted once.
        if (!f.wantsOrder(order)) {
          if (!declined.has(ref)) {
            declined.add(ref);
            f.decline(order);
          }
          return;
        }
        if (!f.tryReserve()) {
          backlog = true;
          return;
        }
        claiming.add(ref);
        // The request is read before the claim (seed E steps 4-5): the claim's If-Match is on
        // the version seen before the read, so the read widens the window for a collision.
        work.readRequest(task, () => claim(world, f, work, order, task, () => claiming.delete(ref), lookAgain));
      };
      // Work left unclaimed for lack of a slot is looked for again once a slot is free.
      const lookAgain = (): void => {
        if (backlog && f.hasFreeSlot) {
          backlog = false;
          openWork?.refresh();
        }
      };
      openWork = watch(world, {
        actor: f.name, server: q, link: 'filler-server', mode: world.discoveryOf(f),
        topic: { type: 'Task', where: { owner: null, status: 'requested' }, trigger: 'create' },
        watermark: false,
        onResources: (found) => {
          for (const t of found) consider(t);
        },
      });
      if (fillerOwnedCancels) {
        watch(world, {
          actor: f.name, server: q, link: 'filler-server', mode: world.discoveryOf(f),
          topic: { type: 'Task', where: { owner: f.name, status: 'requested' }, trigger: 'create' },
          onResources: (found) => {
            for (const t of found) if (t.code === TASK_CODE.abort && t.status === 'requested') work.handleAbort(t);
          },
        });
      }
    }

    const placerWatch = new PlacerTaskWatch(world, tasks, 'placer-server', [q]);
    for (const p of world.placers) {
      p.start({
        onOrder(placer, order) {
          world.network.call(placer.name, q, {
            kind: 'create',
            transaction: [
              { type: 'ServiceRequest', status: 'active', intent: 'order', requester: placer.name, identifier: `order-${order.id}`, order: order.id, ifNoneExist: { identifier: `order-${order.id}` } },
              { type: 'Task', code: TASK_CODE.fulfill, status: 'requested', intent: 'order', owner: null, focus: '#0', requester: placer.name, identifier: `task-${order.id}`, order: order.id, ifNoneExist: { identifier: `task-${order.id}` } },
            ],
          }, 'placer-server', (res, _ctx, ex) => {
            if (res.status === 0) {
              orderUndelivered(world, order, ex);
              return;
            }
            const [sr, task] = res.created ?? [];
            tasks.know(order, sr, q);
            if (task !== undefined) tasks.seen(task);
            placerWatch.ordered(placer);
            tasks.startStatusQueries(order);
            tasks.expireUnclaimed(order);
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
 * One claim: If-Match PUT of owner and status. A 412 means someone else changed the Task
 * since this filler saw it: it re-reads and decides again (still open: claim anew; taken:
 * give the slot back). `settled` runs once the claim is decided; `freed` whenever the
 * reserved slot is free again (claim lost, or the work done).
 */
function claim(world: World, f: Filler, work: FillerTasks, order: Order, seen: FhirResource, settled: () => void, freed: () => void): void {
  const won = (mine: FhirResource): void => {
    settled();
    work.work(order, mine, true, freed);
  };
  const lost = (): void => {
    f.unreserve();
    settled();
    freed();
  };
  world.network.call(f.name, work.server, { kind: 'update', type: 'Task', id: seen.id, base: seen, ifMatch: true, changes: { owner: f.name, status: 'accepted' } }, 'filler-server', (res) => {
    if (res.status === 200 && res.resource !== undefined) {
      won(res.resource);
      return;
    }
    // A conflict, or no answer (the claim may have landed): re-read and decide again.
    world.network.call(f.name, work.server, { kind: 'read', type: 'Task', id: seen.id }, 'filler-server', (r) => {
      const current = r.resource;
      if (current !== undefined && current.owner === f.name && current.status === 'accepted') won(current); // our claim landed, its answer was lost
      else if (current !== undefined && current.owner === null && current.status === 'requested') claim(world, f, work, order, current, settled, freed);
      else lost();
    });
  });
}
