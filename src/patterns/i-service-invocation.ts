/** Pattern I: the placer invokes an operation on the filler; the answer comes when done (sync) or through the FHIR async pattern. */

import { ok, type Attempt, type FhirResponse, type FhirServer, type Order, type World } from '../models/index.js';
import { learnCompleted, learnOutcome, orderUndelivered } from './shared/order-resources.js';
import { OrderStates } from './shared/order-states.js';
import type { Pattern } from './pattern.js';
import { pickFiller } from './shared/routing.js';

type Progress = 'in-progress' | 'completed' | 'rejected';

interface Invocation {
  status: Progress | null;
  /** Sync mode: the attempts held open for the answer (the first, and any retries that reached the server). */
  waiting: Attempt[];
}

/**
 * Each filler's server offers `$fulfill`. Sync mode: the operation answers when the work is
 * done (or at once with a refusal, 422). The call holds one of the server's workers all that
 * time, and the placer waits no longer than `network.timeout` before it retries (the same
 * request: the server joins a retry to the work already under way, and every held attempt
 * is answered when the work ends), so work longer than the HTTP timeout is never heard of:
 * the spec's limitation that synchronous work must fit in the exchange.
 * Async mode (the FHIR asynchronous request pattern): the kick-off answers 202 with a status
 * URL (or 422, refused); the placer GETs the status URL every polling interval: 202 while
 * the work runs, 200 when it is done.
 */
export const serviceInvocation: Pattern = {
  id: 'I',
  title: 'Service invocation',
  specName: 'Option E: Services request from placer to filler & acknowledgment',
  summary: 'P invokes $fulfill on F with the request: answered when done (sync, within the HTTP timeout), or 202 + status URL, GET until 200 (async)',
  minMessages: { value: 1, variant: '2 in async mode (kick-off + one status GET)' },
  signalsAcceptance: true,
  taskBased: false,
  setup(world: World): void {
    const sync = (world.config.service?.mode ?? 'async') === 'sync';
    const inv = new OrderStates<Invocation>(() => ({ status: null, waiting: [] }));
    const fillerServers = world.fillers.map((f) => {
      const server = world.server(`${f.name}/fhir`, 'filler');
      const statusUrl = (order: Order): string => `${server.name}/async/${order.id}`;
      const answer = (order: Order, status: Progress): FhirResponse => {
        if (status === 'rejected') return { status: 422, body: { status } };
        if (sync || status === 'completed') return { status: 200, body: { status } };
        return { status: 202, body: { status, statusUrl: statusUrl(order) } };
      };
      server.handle('$fulfill', (body, attempt) => {
        const order = world.ledger.order((body as { order: number }).order) as Order;
        const state = inv.of(order);
        if (state.status !== null) {
          // A retried invocation: answer with what is known, or wait for the same work.
          if (sync && state.status === 'in-progress') {
            state.waiting.push(attempt);
            return undefined;
          }
          return answer(order, state.status);
        }
        world.ledger.received(order, f.index, world.sim.now);
        // An operation answers now: a full filler that holds offers queues the work instead.
        const decision = f.considerNow(order);
        if (decision === 'refuse' || decision === 'refuse-busy') {
          f.decline(order);
          world.ledger.finish(order, 'rejected', world.sim.now);
          state.status = 'rejected';
          return answer(order, 'rejected');
        }
        world.ledger.accepted(order, f.index, world.sim.now);
        state.status = 'in-progress';
        if (sync) state.waiting.push(attempt);
        const done = (): void => {
          world.ledger.finish(order, 'completed', world.sim.now);
          state.status = 'completed';
          const held = state.waiting;
          state.waiting = [];
          for (const a of held) server.reply(a, answer(order, 'completed'));
        };
        if (decision === 'accept-reserved') f.performReserved(order, done);
        else f.perform(order, done);
        return sync ? undefined : answer(order, 'in-progress');
      });
      server.handle('async', (url) => {
        const id = Number(String(url).slice(String(url).lastIndexOf('/') + 1));
        const state = inv.get(id);
        return state?.status != null ? answer(world.ledger.order(id) as Order, state.status) : { status: 404 };
      });
      return server;
    });

    const checkStatus = (p: { order: Order; server: FhirServer; url: string }): void => {
      const placer = world.placers[p.order.placer];
      if (placer === undefined || !placer.open.has(p.order.id)) return;
      world.network.call(placer.name, p.server, { kind: 'read', statusUrl: p.url, order: p.order.id }, 'placer-filler', (res) => {
        const status = res.status === 200 || res.status === 422 ? (res.body as { status: Progress }).status : null;
        if (status === 'completed') learnCompleted(world, p.order);
        else if (status === 'rejected') learnOutcome(world, p.order, 'rejected');
        else world.sim.schedule(world.pollingFor(placer.name).interval, checkStatus, p);
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
            const body = res.body as { status?: Progress; statusUrl?: string } | undefined;
            if (res.status === 422) learnOutcome(world, order, 'rejected');
            else if (ok(res) && body?.status === 'completed') learnCompleted(world, order);
            else if (res.status === 202 && body?.statusUrl !== undefined) {
              world.ledger.acceptKnown(order, world.sim.now);
              world.sim.schedule(world.pollingFor(pl.name).interval, checkStatus, { order, server, url: body.statusUrl });
            }
          });
        },
      });
    }
  },
};
