/** Pattern H: FHIR messaging: the request travels in a message Bundle; acknowledgements and a result message come back. */

import type { MessagingEndpoint, Order, World } from '../models/index.js';
import { learnCompleted, learnOutcome } from './shared/order-resources.js';
import { IdBits } from './shared/id-bits.js';
import type { Pattern } from './pattern.js';
import { pickFiller } from './shared/routing.js';

/**
 * Every placer and filler has a `$process-message` endpoint on its own server. P sends an
 * `order` message to F; F acknowledges with `ok` (it will do it) or `fatal-error` (it will
 * not). In sync mode the acknowledgement is the HTTP response; in async mode it is a
 * response message of its own. When done, F sends an `order-result` message (and, if
 * `messaging.progress`, an `order-progress` message when work starts), each acknowledged
 * the same way. Lost messages are resent with the same id and de-duplicated on receipt.
 */
export const messaging: Pattern = {
  id: 'H',
  title: 'Messaging with acknowledgements',
  specName: 'Option D: Messaging request from placer to filler & acknowledgment',
  summary: 'P sends the request in a message Bundle to F\'s $process-message; F acks, later sends result (and progress) messages, each acked',
  minMessages: { value: 2, variant: '4 in async mode' },
  signalsAcceptance: true,
  taskBased: false,
  setup(world: World): void {
    const progress = world.config.messaging.progress ?? false;
    // Orders whose message reached their filler's application (a bit an order).
    const reached = new IdBits();
    const placerEndpoints: MessagingEndpoint[] = world.placers.map((p) =>
      world.messaging(p.name, world.server(`${p.name}/fhir`, 'placer'), 'placer-filler', (m) => {
        const order = world.ledger.order(m.order) as Order;
        if (m.event === 'order-result') learnCompleted(world, order);
        else if (m.event === 'order-progress') world.ledger.acceptKnown(order, world.sim.now);
        return 'ok';
      }),
    );
    const fillerEndpoints: MessagingEndpoint[] = world.fillers.map((f) => {
      const endpoint: MessagingEndpoint = world.messaging(f.name, world.server(`${f.name}/fhir`, 'filler'), 'placer-filler', (m) => {
        if (m.event !== 'order') return 'fatal-error';
        const order = world.ledger.order(m.order) as Order;
        reached.add(order.id);
        world.ledger.received(order, f.index, world.sim.now);
        // A response message must answer now: a full filler that holds offers queues the work instead.
        const answer = f.considerNow(order);
        if (answer === 'refuse' || answer === 'refuse-busy') {
          f.decline(order);
          world.ledger.finish(order, 'rejected', world.sim.now);
          return 'fatal-error';
        }
        world.ledger.accepted(order, f.index, world.sim.now);
        const back = m.replyTo;
        const send = (event: string): void => {
          endpoint.send(back, { id: endpoint.newId(), event, source: f.name, replyTo: endpoint, order: order.id }, () => {});
        };
        const done = (): void => {
          world.ledger.finish(order, 'completed', world.sim.now);
          send('order-result');
        };
        const started = progress ? () => send('order-progress') : undefined;
        if (answer === 'accept-reserved') f.performReserved(order, done, started);
        else f.perform(order, done, started);
        return 'ok';
      });
      return endpoint;
    });
    for (const p of world.placers) {
      const mine = placerEndpoints[p.index] as MessagingEndpoint;
      p.start({
        onOrder(placer, order) {
          const f = pickFiller(world, placer);
          mine.send(fillerEndpoints[f.index] as MessagingEndpoint, { id: mine.newId(), event: 'order', source: placer.name, replyTo: mine, order: order.id }, (outcome) => {
            if (!outcome.delivered) {
              if (!reached.has(order.id) && order.outcome === 'open') {
                world.ledger.finish(order, 'failed', world.sim.now);
                learnOutcome(world, order, 'failed');
              } else {
                placer.close(order);
              }
              return;
            }
            if (outcome.code === 'ok') world.ledger.acceptKnown(order, world.sim.now);
            else learnOutcome(world, order, 'rejected');
          });
        },
      });
    }
  },
};
