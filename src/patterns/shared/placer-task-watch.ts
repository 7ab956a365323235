/** The placer watching its Tasks on the servers that hold them. */

import type { FhirServer, LinkClass, Placer, PollTarget, Poller, World } from '../../models/index.js';
import type { PlacerTasks } from './task-placer.js';
import { watch, type Watch } from './watch.js';

/**
 * Watches `Task?requester=<placer>` wherever the placer's Tasks are. By polling: one timer
 * per placer, which at each tick asks every server where the placer has an open order (each
 * with its own watermark) and sleeps while it has none, as one ordering system with one
 * scheduler would. By subscription: one subscription per placer and server, made when the
 * watch is built (at the start of the run, as a deployment sets them up before it orders), so
 * no change of any order's Task can happen before the subscription is active. Every Task
 * version seen goes to the placer's tracker.
 */
export class PlacerTaskWatch {
  /** Per placer (by index), its poller, made on its first order. */
  private readonly pollers: (Poller | undefined)[] = [];

  constructor(
    private readonly world: World,
    private readonly tasks: PlacerTasks,
    private readonly link: LinkClass,
    /** Every server that may hold the placers' Tasks (subscribed to at once in subscription mode). */
    servers: readonly FhirServer[],
  ) {
    if (world.config.discovery !== 'subscription') return;
    for (const placer of world.placers) for (const server of servers) this.subscribe(placer, server);
  }

  private subscribe(placer: Placer, server: FhirServer): Watch {
    return watch(this.world, {
      actor: placer.name,
      server,
      link: this.link,
      mode: 'subscription',
      topic: { type: 'Task', where: { requester: placer.name }, trigger: 'any' },
      onResources: (tasks) => {
        for (const t of tasks) this.tasks.seen(t);
      },
    });
  }

  /** The placer has a new open order whose Task lives on a watched server: a dormant poller wakes. */
  ordered(placer: Placer): void {
    if (this.world.config.discovery === 'poll') {
      let poller = this.pollers[placer.index];
      if (poller === undefined) {
        const query = { type: 'Task' as const, where: { requester: placer.name } };
        const targets: PollTarget[] = [];
        poller = this.world.multiPoller(placer.name, this.link, () => this.targets(placer, query, targets), (tasks) => {
          for (const t of tasks) this.tasks.seen(t);
        });
        this.pollers[placer.index] = poller;
      }
      poller.wake();
    }
  }

  /**
   * The servers holding the placer's open orders, in the order the orders were placed, in
   * `out`: the placer's own list, rewritten at each tick (the poller reads it at once and
   * keeps nothing).
   */
  private targets(placer: Placer, query: PollTarget['query'], out: PollTarget[]): PollTarget[] {
    const servers = this.tasks.serversOfOpenOrders(placer);
    const n = servers.length;
    for (let i = 0; i < n; i++) {
      const server = servers[i] as FhirServer;
      const t = out[i];
      if (t === undefined) out.push({ server, query });
      else t.server = server;
    }
    while (out.length > n) out.pop(); // not `length = n`, a runtime call at every tick
    return out;
  }
}
