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

const NOTHING: readonly FhirResource[] = Object.freeze([]);

/**
 * P POSTs the request and an unowned Task (one transaction) to the intermediary. Every
 * filler finds open Tasks by polling (`Task?owner:missing=true&status=requested`, the current
 * list each time, oldest first, read page by page only until it holds as many Tasks it would
 * take as it has free slots) or by subscription. A filler that wants the order and has a free
 * slot GETs the request, then claims it: PUT owner = itself, status = accepted, If-Match the
 * version it saw. The server lets the first claim win; the others get 412, re-read, see the
 * Task taken and move on to the next Task of their list (of which a filler out of slots keeps
 * a page); a filler that left work for lack of a slot searches again when a job of its is
 * done. Collisions are not drawn from a formula: they happen when fillers
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
      // The untried part of the last fresh list (a page of it at most): where a lost claim moves on to.
      let rest: readonly FhirResource[] = NOTHING;
      let next = 0;
      // Work was notified while every slot was taken: a search finds it once one is free.
      let missed = false;
      let openWork: Watch | null = null;
      const isOpen = (task: FhirResource): boolean => task.owner === null && task.status === 'requested' && task.code !== TASK_CODE.abort;
      // A poll reads the open list only until it holds as many Tasks the filler would claim as it
      // has free slots (the rest of the page it stops on is its reserve for lost claims).
      let claimable = 0;
      const enough = (gathered: readonly FhirResource[], from: number): boolean => {
        if (from === 0) claimable = 0;
        for (let i = from; i < gathered.length; i++) {
          const t = gathered[i] as FhirResource;
          if (isOpen(t) && !claiming.has(t.ref) && f.wantsOrder(orderOf(world, t))) claimable++;
        }
        return claimable >= f.slots.capacity - f.slots.inUse;
      };
      /** Considers one open Task; false when it is wanted but no slot is free. */
      const consider = (task: FhirResource): boolean => {
        if (!isOpen(task)) return true;
        const ref = task.ref; // built on each read
        if (claiming.has(ref)) return true;
        const order = orderOf(world, task);
        world.ledger.received(order, f.index, world.sim.now);
        // The filler's answer about an order is always the same; a refusal is counted once.
        if (!f.wantsOrder(order)) {
          if (!declined.has(ref)) {
            declined.add(ref);
            f.decline(order);
          }
          return true;
        }
        if (!f.tryReserve()) return false;
        claiming.add(ref);
        // The request is read before the claim (seed E steps 4-5): the claim's If-Match is on
        // the version seen before the read, so the read widens the window for a collision.
        work.readRequest(task, () => claim(world, f, work, order, task, () => claiming.delete(ref), moveOn, lookAgain));
        return true;
      };
      /** Goes through what was seen while slots are free; keeps a page of a fresh list's untried part. */
      const seen = (found: readonly FhirResource[], fresh: boolean): void => {
        if (fresh) {
          rest = NOTHING;
          next = 0;
          missed = false;
        }
        for (let i = 0; i < found.length; i++) {
          if (consider(found[i] as FhirResource)) continue;
          if (fresh) rest = found.slice(i, i + q.config.pageSize);
          else missed = true;
          return;
        }
      };
      // A lost claim frees its slot seconds after the list was read: the filler moves on to the
      // next Task of that list, as a client working through its search result does.
      const moveOn = (): void => {
        while (next < rest.length && f.hasFreeSlot) {
          if (!consider(rest[next] as FhirResource)) return;
          next++;
        }
        if (next >= rest.length && missed && f.hasFreeSlot) lookAgain();
      };
      // A finished job frees its slot minutes later: work left for lack of a slot is looked for anew.
      const lookAgain = (): void => {
        if (!f.hasFreeSlot || (next >= rest.length && !missed)) return;
        rest = NOTHING;
        next = 0;
        missed = false;
        openWork?.refresh();
      };
      openWork = watch(world, {
        actor: f.name, server: q, link: 'filler-server', mode: world.discoveryOf(f),
        topic: { type: 'Task', where: { owner: null, status: 'requested' }, trigger: 'create' },
        watermark: false,
        enough,
        onResources: seen,
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
 * give the slot back). `settled` runs once the claim is decided; `lostIt` when the claim was
 * lost and its slot given back; `jobDone` when the won work is done and its slot free.
 */
function claim(world: World, f: Filler, work: FillerTasks, order: Order, seen: FhirResource, settled: () => void, lostIt: () => void, jobDone: () => void): void {
  const won = (mine: FhirResource): void => {
    settled();
    work.work(order, mine, true, jobDone);
  };
  const lost = (): void => {
    f.unreserve();
    settled();
    lostIt();
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
      else if (current !== undefined && current.owner === null && current.status === 'requested') claim(world, f, work, order, current, settled, lostIt, jobDone);
      else lost();
    });
  });
}
