/** The placer watching its Tasks on the servers that hold them. */

import type { FhirResource, FhirServer, LinkClass, Placer, Poller, World } from '../../models/index.js';
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
  /** The servers a placer's poller asks at a tick (the placer by index): one function for every placer. */
  private readonly serversOf = (index: number): readonly FhirServer[] => this.tasks.serversOfOpenOrders(index);
  /** Every Task version a poll returned goes to the placer's tracker: one handler for every placer. */
  private readonly onTasks = (tasks: readonly FhirResource[]): void => {
    for (const t of tasks) this.tasks.seen(t);
  };

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
      onResources: this.onTasks,
    });
  }

  /**
   * The placer has a new open order whose Task lives on a watched server: a dormant poller
   * wakes. At each tick it asks `Task?requester=<placer>` of the servers holding the placer's
   * open orders, in the order the orders were placed (the placer's own list, read at once).
   */
  ordered(placer: Placer): void {
    if (this.world.config.discovery === 'poll') {
      let poller = this.pollers[placer.index];
      if (poller === undefined) {
        const search = { type: 'Task' as const, where: { requester: placer.name } };
        poller = this.world.serversPoller(placer.name, this.link, this.serversOf, placer.index, search, this.onTasks);
        this.pollers[placer.index] = poller;
      }
      poller.wake();
    }
  }
}
