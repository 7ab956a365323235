/** Pattern A: the placer POSTs the request straight to the filler's server; the filler POSTs the event back. */

import type { FhirServer, World } from '../models/index.js';
import { createOnce, eventDraft, learnCompleted, orderOf, orderUndelivered, requestDraft } from './shared/order-resources.js';
import type { Pattern } from './pattern.js';
import { pickFiller } from './shared/routing.js';
import { watch } from './shared/watch.js';

/**
 * Each placer and each filler has its own server, and each application sees its own
 * server's writes directly. P POSTs the ServiceRequest (actionable, performer = F) to F's
 * server; F works on it (it cannot refuse here) and POSTs the event to P's server. Two
 * messages; no negotiation, no status in between.
 */
export const directPost: Pattern = {
  id: 'A',
  title: 'Direct POST to filler',
  specName: "Option B: Direct POST of request to fulfiller's system",
  summary: "P POSTs the ServiceRequest to F's server; F does the work and POSTs the event to P's server",
  minMessages: { value: 2 },
  signalsAcceptance: false,
  taskBased: false,
  setup(world: World): void {
    world.ledger.acceptanceSignalled = false;
    const placerServers = world.placers.map((p) => world.server(`${p.name}/fhir`, 'placer'));
    const fillerServers = world.fillers.map((f) => world.server(`${f.name}/fhir`, 'filler'));
    for (const f of world.fillers) {
      watch(world, {
        actor: f.name,
        server: fillerServers[f.index] as FhirServer,
        link: 'local',
        mode: 'direct',
        topic: { type: 'ServiceRequest', where: { performer: f.name }, trigger: 'create' },
        onResources: (requests) => {
          for (const sr of requests) {
            const order = orderOf(world, sr);
            world.ledger.received(order, f.index, world.sim.now);
            f.perform(order, () => {
              world.ledger.finish(order, 'completed', world.sim.now);
              const back = placerServers[order.placer] as FhirServer;
              world.network.call(f.name, back, createOnce(eventDraft(order, sr.ref, sr.requester ?? '', f)), 'placer-filler');
            });
          }
        },
      });
    }
    for (const p of world.placers) {
      watch(world, {
        actor: p.name,
        server: placerServers[p.index] as FhirServer,
        link: 'local',
        mode: 'direct',
        topic: { type: 'DiagnosticReport', where: { requester: p.name }, trigger: 'create' },
        onResources: (events) => {
          for (const e of events) learnCompleted(world, orderOf(world, e));
        },
      });
      p.start({
        onOrder(placer, order) {
          const f = pickFiller(world, placer);
          world.network.call(placer.name, fillerServers[f.index] as FhirServer, createOnce(requestDraft(order, placer, f)), 'placer-filler', (res, _ctx, ex) => {
            if (res.status === 0) orderUndelivered(world, order, ex);
          });
        },
      });
    }
  },
};
