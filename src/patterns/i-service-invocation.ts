/** Pattern I: the placer invokes an operation on the filler; the answer comes when done (sync) or by status polling (async). */

import { ok, type Attempt, type FhirResponse, type FhirServer, type Order, type World } from '../models/index.js';
import { learnCompleted, learnOutcome, orderUndelivered } from './order-resources.js';
import { OrderStates } from './order-states.js';
import type { Pattern } from './pattern.js';
import { pickFiller } from './routing.js';

type Progress = 'in-progress' | 'completed' | 'rejected';

interface Invocation {
  status: Progress | null;
  /** Sync mode: the attempt to answer when the work is done (the latest one, after retries). */
  waiting: Attempt | null;
}

/**
 * Each filler's server offers `$fulfill`. Sync mode: the operation answers when the work
 * is done (or at once with a refusal); the placer holds the HTTP exchange open all that time
 * (no timeout: the spec's limitation that the work must fit in the HTTP exchange).
 * Async mode: the operation answers 202 at once with the filler's decision, and the placer
 * asks `$fulfill-status` every polling interval until it reports completion.
 */
export const serviceInvocation: Pattern = {
  id: 'I',
  title: 'Service invocation',
  specName: 'Option E: Services request from placer to filler & acknowledgment',
  summary: 'P invokes $fulfill on F with the request: answered when done (sync), or 202 then status polling (async)',
  minMessages: { value: 1, variant: '2 in async mode (call + one status check)' },
  signalsAcceptance: true,
  taskBased: false,
  setup(world: World): void {
    const sync = (world.config.service?.mode ?? 'async') === 'sync';
    const interval = world.config.polling.interval;
    const inv = new OrderStates<Invocation>(() => ({ status: null, waiting: null }));
    const fillerServers = world.fillers.map((f) => {
      const server = world.server(`${f.name}/fhir`);
      server.handle('$fulfill', (body, attempt) => {
        const order = world.ledger.orders[(body as { order: number }).order] as Order;
        const state = inv.of(order);
        if (state.status !== null) {
          // A retried invocation: answer with what is known, or wait for the same work.
          if (sync && state.status === 'in-progress') {
            state.waiting = attempt;
            return undefined;
          }
          return answer(state.status, sync);
        }
        world.ledger.received(order, f.index, world.sim.now);
        if (!f.wantsOrder()) {
          f.decline(order);
          world.ledger.finish(order, 'rejected', world.sim.now);
          state.status = 'rejected';
          return answer('rejected', sync);
        }
        world.ledger.accepted(order, f.index, world.sim.now);
        state.status = 'in-progress';
        if (sync) state.waiting = attempt;
        f.perform(order, () => {
          world.ledger.finish(order, 'completed', world.sim.now);
          state.status = 'completed';
          if (state.waiting !== null) server.reply(state.waiting, answer('completed', true));
        });
        return sync ? undefined : answer('in-progress', false);
      });
      server.handle('$fulfill-status', (body) => {
        const state = inv.get((body as { order: number }).order);
        return state?.status != null ? { status: 200, body: { status: state.status } } : { status: 404 };
      });
      return server;
    });

    const checkStatus = (p: { order: Order; server: FhirServer }): void => {
      const placer = world.placers[p.order.placer];
      if (placer === undefined || !placer.open.has(p.order.id)) return;
      world.network.call(placer.name, p.server, { kind: 'operation', name: '$fulfill-status', body: { order: p.order.id } }, 'placer-filler', (res) => {
        const status = ok(res) ? (res.body as { status: Progress }).status : null;
        if (status === 'completed') learnCompleted(world, p.order);
        else if (status === 'rejected') learnOutcome(world, p.order, 'rejected');
        else world.sim.schedule(interval, checkStatus, p);
      });
    };

    for (const placer of world.placers) {
      placer.start({
        onOrder(pl, order) {
          const f = pickFiller(world, pl);
          const server = fillerServers[f.index] as FhirServer;
          world.network.call(pl.name, server, { kind: 'operation', name: '$fulfill', body: { order: order.id, requester: pl.name } }, 'placer-filler', (res, _ctx, ex) => {
            if (res.status === 0) {
              orderUndelivered(world, order, ex);
              return;
            }
            const status = (res.body as { status?: Progress } | undefined)?.status;
            if (status === 'rejected') learnOutcome(world, order, 'rejected');
            else if (status === 'completed') learnCompleted(world, order);
            else if (status === 'in-progress') {
              world.ledger.acceptKnown(order, world.sim.now);
              world.sim.schedule(interval, checkStatus, { order, server });
            }
          }, undefined, sync ? Infinity : undefined);
        },
      });
    }
  },
};

function answer(status: Progress, sync: boolean): FhirResponse {
  return { status: sync || status !== 'in-progress' ? 200 : 202, body: { status } };
}
