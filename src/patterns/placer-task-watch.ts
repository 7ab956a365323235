/** The placer watching its Tasks on the servers that hold them, asleep where it has nothing open. */

import type { FhirServer, LinkClass, Placer, World } from '../models/index.js';
import type { PlacerTasks } from './task-placer.js';
import { watch, type Watch } from './watch.js';

/**
 * Watches `Task?requester=<placer>` on each server where the placer has orders, created on
 * the placer's first order there (a subscription is made once; a poller sleeps while the
 * placer has no open order whose Task is on that server, so a placer that sent one order to
 * each of twenty fillers does not keep polling all twenty). Every Task version seen goes to
 * the placer's tracker.
 */
export class PlacerTaskWatch {
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly world: World,
    private readonly tasks: PlacerTasks,
    private readonly link: LinkClass,
  ) {}

  /** The placer has a new open order whose Task lives on `server`. */
  ordered(placer: Placer, server: FhirServer): void {
    const key = `${placer.name}|${server.name}`;
    let w = this.watches.get(key);
    const query = { type: 'Task' as const, where: { requester: placer.name } };
    if (w === undefined) {
      w = watch(this.world, {
        actor: placer.name,
        server,
        link: this.link,
        mode: this.world.config.discovery,
        topic: { type: 'Task', where: { requester: placer.name }, trigger: 'any' },
        query: () => (this.hasOpenOn(placer, server) ? query : null),
        onResources: (tasks) => {
          for (const t of tasks) this.tasks.seen(t);
        },
      });
      this.watches.set(key, w);
    }
    w.wake();
  }

  private hasOpenOn(placer: Placer, server: FhirServer): boolean {
    for (const o of placer.open.values()) if (this.tasks.views.get(o.id)?.server === server) return true;
    return false;
  }
}
