/** Patterns B and C: the request waits on a server (the placer's own, or an intermediary) until its filler finds it. */

import type { FhirServer, Placer, World } from '../models/index.js';
import { createOnce, eventDraft, learnCompleted, orderOf, orderUndelivered, requestDraft } from './order-resources.js';
import { OpenOrdersByServer } from './open-orders-by-server.js';
import { pickFiller } from './routing.js';
import { watch } from './watch.js';

/**
 * P POSTs the ServiceRequest (performer = F) to the hosting server. Each filler watches
 * every hosting server for new active requests addressed to it; when done it POSTs the
 * event to the same server. The placer watches for events of its open orders; when it
 * hosts the requests itself it sees them arrive directly. `mode` is how the watching is
 * done: polling (B) or subscriptions (C).
 */
export function setupRequestOnServer(world: World, mode: 'poll' | 'subscription'): void {
  const host = world.config.server.host;
  const intermediary = host === 'intermediary' ? world.server('intermediary') : null;
  const hosts: FhirServer[] = intermediary !== null ? [intermediary] : world.placers.map((p) => world.server(`${p.name}/fhir`));
  const hostOf = (p: Placer): FhirServer => intermediary ?? (hosts[p.index] as FhirServer);
  const handled = new Set<string>();

  for (const f of world.fillers) {
    for (const server of hosts) {
      watch(world, {
        actor: f.name,
        server,
        link: 'filler-server',
        mode,
        topic: { type: 'ServiceRequest', where: { performer: f.name, status: 'active' }, trigger: 'create' },
        onResources: (requests) => {
          for (const sr of requests) {
            // A recovery search or a duplicate create can show the same request again.
            if (handled.has(sr.ref)) continue;
            handled.add(sr.ref);
            const order = orderOf(world, sr);
            world.ledger.received(order, f.index, world.sim.now);
            f.perform(order, () => {
              world.ledger.finish(order, 'completed', world.sim.now);
              world.network.call(f.name, server, createOnce(eventDraft(order, sr.ref, sr.requester ?? '', f)), 'filler-server');
            });
          }
        },
      });
    }
  }

  for (const p of world.placers) {
    const own = intermediary === null;
    const mine = { requester: p.name };
    const reportsSince = { type: 'DiagnosticReport' as const, where: mine };
    // The placer's open orders whose request it has created (on its one host).
    const created = new OpenOrdersByServer<FhirServer>(p);
    const events = watch(world, {
      actor: p.name,
      server: hostOf(p),
      link: own ? 'local' : 'placer-server',
      mode: own ? 'direct' : mode,
      topic: { type: 'DiagnosticReport', where: mine, trigger: 'create' },
      // The placer's reports since its previous poll (`requester` with the `_lastUpdated`
      // watermark), asleep while none of its orders is open and created. Not `basedOn` with
      // every open order's reference: that query (and its cost to build and answer) grows
      // with the backlog, at every poll, and returns the same reports.
      query: () => (created.servers().length > 0 ? reportsSince : null),
      onResources: (reports) => {
        for (const r of reports) learnCompleted(world, orderOf(world, r));
      },
    });
    p.start({
      onOrder(placer, order) {
        const f = pickFiller(world, placer);
        world.network.call(placer.name, hostOf(placer), createOnce(requestDraft(order, placer, f)), own ? 'local' : 'placer-server', (res, _ctx, ex) => {
          if (res.status === 0) {
            orderUndelivered(world, order, ex);
            return;
          }
          if (res.resource !== undefined) created.add(hostOf(placer), order.id);
          events.wake();
        });
      },
    });
  }
}
