/** Patterns B and C: the request waits on a server (the placer's own, or an intermediary) until its filler finds it. */

import type { FhirServer, Placer, World } from '../models/index.js';
import { createOnce, eventDraft, learnCompleted, orderOf, orderUndelivered, requestDraft } from './order-resources.js';
import { OrderStates } from './order-states.js';
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
  const srRef = new OrderStates<{ ref: string | null }>(() => ({ ref: null }));
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
    const events = watch(world, {
      actor: p.name,
      server: hostOf(p),
      link: own ? 'local' : 'placer-server',
      mode: own ? 'direct' : mode,
      topic: { type: 'DiagnosticReport', where: { requester: p.name }, trigger: 'create' },
      // One search per poll over all open orders (paged), asleep while none is open.
      query: () => {
        const refs: string[] = [];
        for (const o of p.open.values()) {
          const ref = srRef.get(o.id)?.ref;
          if (ref != null) refs.push(ref);
        }
        return refs.length > 0 ? { type: 'DiagnosticReport', where: { basedOn: refs } } : null;
      },
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
          if (res.resource !== undefined) srRef.of(order).ref = res.resource.ref;
          events.wake();
        });
      },
    });
  }
}
