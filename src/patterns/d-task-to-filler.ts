/** Pattern D: the placer keeps the request and POSTs a Task to the filler's server. */

import type { FhirServer, World } from '../models/index.js';
import { createOnce, orderOf, orderUndelivered, requestDraft } from './shared/order-resources.js';
import type { Pattern } from './pattern.js';
import { PlacerTaskWatch } from './shared/placer-task-watch.js';
import { pickFiller } from './shared/routing.js';
import { fillerTaskServer } from './shared/filler-task-server.js';
import { TASK_CODE } from './shared/task-outcomes.js';
import { PlacerTasks } from './shared/task-placer.js';
import { watch } from './shared/watch.js';

/**
 * P stores the ServiceRequest on its own server and POSTs a Task (owner = F, focus = the
 * request) to F's server. F, seeing it arrive on its own server, GETs the request from P,
 * accepts or rejects (updates on its own server), works (in-progress), and completes the Task
 * with the event as output. P learns by polling or subscribing to its Tasks on F's server,
 * then GETs the event.
 */
export const taskToFiller: Pattern = {
  id: 'D',
  title: "Task POSTed to the filler's server",
  specName: "Option G: POST of Task to fulfiller's system",
  summary: "P stores the request, POSTs a Task (owner=F) to F's server; F GETs the request, accepts, completes with output; P learns by poll or notification, GETs the event and marks its own ServiceRequest completed (a local write: --local shows it)",
  minMessages: { value: 4 },
  signalsAcceptance: true,
  taskBased: true,
  setup(world: World): void {
    const placerServers = world.placers.map((p) => world.server(`${p.name}/fhir`, 'placer'));
    const tasks = new PlacerTasks(world, { link: 'placer-filler', requestLink: 'local', severalOffers: false, owner: 'filler' });
    const fillerServers = world.fillers.map((f) => {
      const { server, work } = fillerTaskServer(world, f);
      watch(world, {
        actor: f.name, server, link: 'local', mode: 'direct',
        topic: { type: 'Task', where: { owner: f.name }, trigger: 'any' },
        onResources: (changed) => {
          for (const task of changed) {
            if (task.code === TASK_CODE.abort) {
              if (task.status === 'requested') work.handleAbort(task);
              continue;
            }
            const order = orderOf(world, task);
            if (task.status === 'cancelled') {
              work.cancelled(order, task);
              continue;
            }
            if (task.status !== 'requested' || task.versionId !== 1) continue;
            world.ledger.received(order, f.index, world.sim.now);
            work.readRequest(task, () => work.answerOffer(order, task));
          }
        },
      });
      return server;
    });
    const placerWatch = new PlacerTaskWatch(world, tasks, 'placer-filler', fillerServers);
    for (const p of world.placers) {
      const own = placerServers[p.index] as FhirServer;
      p.start({
        onOrder(placer, order) {
          const f = pickFiller(world, placer);
          const fillerServer = fillerServers[f.index] as FhirServer;
          world.network.call(placer.name, own, createOnce(requestDraft(order, placer, f)), 'local', (sr) => {
            if (sr.resource === undefined) return;
            tasks.know(order, sr.resource, fillerServer);
            world.network.call(placer.name, fillerServer, createOnce({
              type: 'Task', code: TASK_CODE.fulfill, status: 'requested', intent: 'order', owner: f.name, focus: sr.resource.ref, requester: placer.name, identifier: `task-${order.id}`, order: order.id,
            }), 'placer-filler', (res, _ctx, ex) => {
              if (res.status === 0) {
                orderUndelivered(world, order, ex);
                return;
              }
              if (res.resource !== undefined) tasks.seen(res.resource);
              placerWatch.ordered(placer);
              tasks.startStatusQueries(order);
              tasks.expireUnclaimed(order);
            });
          });
        },
        onCancel(_placer, order) {
          tasks.cancel(order);
        },
      });
    }
  },
};
