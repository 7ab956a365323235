/** Pattern E: an open Task on an intermediary, claimed by whichever filler gets there first. */

import type { World } from '../models/index.js';
import { OpenTaskFiller } from './shared/open-task-filler.js';
import { orderUndelivered } from './shared/order-resources.js';
import type { Pattern } from './pattern.js';
import { PlacerTaskWatch } from './shared/placer-task-watch.js';
import { offerStatusOperation } from './shared/status-operation.js';
import { TASK_CODE, recordTaskOutcomes } from './shared/task-outcomes.js';
import { PlacerTasks } from './shared/task-placer.js';
import { watch } from './shared/watch.js';

/**
 * P POSTs the request and an unowned Task (one transaction) to the intermediary. Every
 * filler finds open Tasks by polling (`Task?owner:missing=true&status=requested`, the current
 * list each time, oldest first) or by subscription. A filler that wants the order and has a
 * free slot GETs the request, then claims it: PUT owner = itself, status = accepted, If-Match
 * the version it saw. The server lets the first claim win; the others get 412, re-read, see
 * the Task taken and move on (see {@link OpenTaskFiller}). Collisions are not drawn from a
 * formula: they happen when fillers see the same version and claim it before the winner's
 * write, so they grow with the number of fillers, with how aligned their polls are, and with
 * the read before the claim. The winner works, and completes the Task and posts the event in
 * one transaction; the placer learns and GETs the event.
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
      const { work } = new OpenTaskFiller(world, f, q);
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

