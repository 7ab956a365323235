/** Pattern F: the request is POSTed to the filler, who answers with a Task on its own server. */

import type { FhirServer, World } from '../models/index.js';
import { createOnce, orderOf, orderUndelivered, requestDraft } from './shared/order-resources.js';
import type { Pattern } from './pattern.js';
import { PlacerTaskWatch } from './shared/placer-task-watch.js';
import { pickFiller } from './shared/routing.js';
import { fillerTaskServer } from './shared/filler-task-server.js';
import { BUSINESS, TASK_CODE } from './shared/task-outcomes.js';
import { PlacerTasks } from './shared/task-placer.js';
import { watch } from './shared/watch.js';

/**
 * P POSTs the ServiceRequest to F's server. F, seeing it arrive, creates a Task on its own
 * server saying accepted or rejected (based on and focused on the request), works
 * (in-progress) and completes it with the event as output. P learns by polling or
 * subscribing to its Tasks on F's server, then GETs the event.
 */
export const taskResponse: Pattern = {
  id: 'F',
  title: 'Request to filler, response via Task',
  specName: 'POST of request resource for filler system, response via Task (variation of Option H)',
  summary: "P POSTs the request to F; F creates a Task (accepted or rejected) on its own server; P polls or is notified; F completes; P GETs the event and PUTs the ServiceRequest completed (If-Match)",
  minMessages: { value: 3 },
  signalsAcceptance: true,
  taskBased: true,
  setup(world: World): void {
    const tasks = new PlacerTasks(world, { link: 'placer-filler', requestLink: 'placer-filler', severalOffers: false, owner: 'filler' });
    const fillerServers = world.fillers.map((f) => {
      const { server, work } = fillerTaskServer(world, f);
      watch(world, {
        actor: f.name, server, link: 'local', mode: 'direct',
        topic: { type: 'ServiceRequest', where: { performer: f.name }, trigger: 'create' },
        onResources: (requests) => {
          for (const sr of requests) {
            const order = orderOf(world, sr);
            world.ledger.received(order, f.index, world.sim.now);
            // The answer is the Task: created when the filler has decided (at once, or when a
            // slot frees up if it holds offers while full).
            f.consider(order, (a) => {
              const accept = a === 'accept' || a === 'accept-reserved';
              if (!accept) f.decline(order);
              world.network.call(f.name, server, {
                kind: 'create',
                draft: {
                  type: 'Task', code: TASK_CODE.fulfill, status: accept ? 'accepted' : 'rejected', intent: 'order', owner: f.name, focus: sr.ref, basedOn: sr.ref, requester: sr.requester, identifier: `task-${order.id}`, order: order.id,
                  ...(a === 'refuse-busy' ? { businessStatus: BUSINESS.busy } : {}),
                },
              }, 'local', (res) => {
                if (!accept) return;
                if (res.resource !== undefined) work.work(order, res.resource, a === 'accept-reserved');
                else if (a === 'accept-reserved') f.giveBack(order);
              });
            });
          }
        },
      });
      watch(world, {
        actor: f.name, server, link: 'local', mode: 'direct',
        topic: { type: 'Task', where: { owner: f.name }, trigger: 'any' },
        onResources: (changed) => {
          for (const task of changed) {
            if (task.code === TASK_CODE.abort && task.status === 'requested') work.handleAbort(task);
            else if (task.code !== TASK_CODE.abort && task.status === 'cancelled') work.cancelled(orderOf(world, task), task);
          }
        },
      });
      return server;
    });
    const placerWatch = new PlacerTaskWatch(world, tasks, 'placer-filler', fillerServers);
    for (const p of world.placers) {
      p.start({
        onOrder(placer, order) {
          const f = pickFiller(world, placer);
          const server = fillerServers[f.index] as FhirServer;
          world.network.call(placer.name, server, createOnce(requestDraft(order, placer, f)), 'placer-filler', (res, _ctx, ex) => {
            if (res.status === 0) {
              orderUndelivered(world, order, ex);
              return;
            }
            tasks.know(order, res.resource, server);
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
