/** Patterns B and C: the request waits on a server (the placer's own, or an intermediary) until its filler finds it. */

import type { FhirResource, FhirServer, Placer, PollTarget, World } from '../../models/index.js';
import { createOnce, eventDraft, learnCompleted, orderOf, orderUndelivered, requestDraft } from './order-resources.js';
import { OpenRequestRefs } from './open-request-refs.js';
import { pickFiller } from './routing.js';
import { watch, type Watch } from './watch.js';

/**
 * P POSTs the ServiceRequest (performer = F) to the hosting server. Each filler watches
 * every hosting server for new active requests addressed to it; when done it POSTs the
 * event to the same server. The placer watches for events of its open orders; when it
 * hosts the requests itself it sees them arrive directly. `mode` is how the watching is
 * done: polling (B) or subscriptions (C).
 */
export function setupRequestOnServer(world: World, mode: 'poll' | 'subscription'): void {
  const host = world.config.server.host;
  const intermediary = host === 'intermediary' ? world.server('intermediary', 'intermediary') : null;
  const hosts: FhirServer[] = intermediary !== null ? [intermediary] : world.placers.map((p) => world.server(`${p.name}/fhir`, 'placer'));
  const hostOf = (p: Placer): FhirServer => intermediary ?? (hosts[p.index] as FhirServer);
  const handled = new Set<string>();

  for (const f of world.fillers) {
    for (const server of hosts) {
      watch(world, {
        actor: f.name,
        server,
        link: 'filler-server',
        // A filler group may look for work its own way (some labs subscribed, some polling).
        mode: world.discoveryOf(f, mode),
        topic: { type: 'ServiceRequest', where: { performer: f.name, status: 'active' }, trigger: 'create' },
        onResources: (requests) => {
          for (const sr of requests) {
            // A recovery search or a duplicate create can show the same request again.
            const ref = sr.ref; // built on each read
            if (handled.has(ref)) continue;
            handled.add(ref);
            const order = orderOf(world, sr);
            world.ledger.received(order, f.index, world.sim.now);
            f.perform(order, () => {
              world.ledger.finish(order, 'completed', world.sim.now);
              world.network.call(f.name, server, createOnce(eventDraft(order, ref, sr.requester ?? '', f)), 'filler-server');
            });
          }
        },
      });
    }
  }

  const eventQuery = world.config.polling.placerQuery ?? 'based-on';
  const perQuery = world.config.polling.refsPerQuery ?? 100;
  for (const p of world.placers) {
    const own = intermediary === null;
    const host = hostOf(p);
    const mine = { requester: p.name };
    const onReports = (reports: readonly FhirResource[]): void => {
      for (const r of reports) learnCompleted(world, orderOf(world, r));
    };
    // The placer's open orders whose request it has created, by reference.
    const open = new OpenRequestRefs(p);
    let events: Watch;
    if (!own && mode === 'poll' && eventQuery === 'based-on') {
      // What FHIR defines for "the events of my requests": `DiagnosticReport?based-on=` with
      // every open request listed, split to keep each URL short, at every poll, with the
      // `_lastUpdated` watermark of the previous poll. It grows with the open backlog.
      const poller = world.multiPoller(p.name, 'placer-server', () => {
        const chunks = open.chunks(perQuery);
        if (chunks.length === 0) return null;
        return chunks.map((refs): PollTarget => ({ server: host, query: { type: 'DiagnosticReport', where: { basedOn: refs } }, listed: refs.length }));
      }, onReports);
      events = { wake: () => poller.wake(), refresh: () => poller.pollNow() };
    } else {
      // The placer's own server sees reports arrive; a subscription filters on the requester
      // (a topic's filter); a chained search (`based-on:ServiceRequest.requester=`, which HAPI
      // and Medplum support) asks for them in one query since the previous poll, asleep while
      // none of its orders is open and created.
      const reportsSince = { type: 'DiagnosticReport' as const, where: mine };
      events = watch(world, {
        actor: p.name,
        server: host,
        link: own ? 'local' : 'placer-server',
        mode: own ? 'direct' : mode,
        topic: { type: 'DiagnosticReport', where: mine, trigger: 'create' },
        query: () => (open.anyOpen() ? reportsSince : null),
        onResources: onReports,
      });
    }
    p.start({
      onOrder(placer, order) {
        const f = pickFiller(world, placer);
        world.network.call(placer.name, host, createOnce(requestDraft(order, placer, f)), own ? 'local' : 'placer-server', (res, _ctx, ex) => {
          if (res.status === 0) {
            orderUndelivered(world, order, ex);
            return;
          }
          if (res.resource !== undefined) open.add(order.id, res.resource.ref);
          events.wake();
        });
      },
    });
  }
}
