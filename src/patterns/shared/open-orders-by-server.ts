/** One placer's open orders grouped by the server holding them (their Tasks, or their requests): the servers its poller asks. */

import type { FhirServer, OpenOrders } from '../../models/index.js';

/** The placer's orders held on one server, by id (ascending: placement order). */
interface ServerOrders<S> {
  server: S;
  /** Ids of orders placed here; the first is open, later ones may have closed since. */
  ids: number[];
}

/**
 * Which servers hold a placer's open orders, in the order of each server's oldest open order:
 * the order in which a walk over the placer's open orders (placement order) meets them. Kept
 * as orders become known and read at every poll, so a poll costs what the placer has servers,
 * not what it has open orders: a placer with a backlog of thousands (an overloaded what-if)
 * would otherwise walk all of them at every tick.
 *
 * Closing an order needs no call: it is an order the placer no longer has open, found at the
 * head of its server's list when the servers are read, and swept out of the middle of a list
 * longer than twice the placer's open orders (so at least half of it closed: constant
 * amortised work per order).
 */
export class OpenOrdersByServer<S = FhirServer> {
  private readonly groups: ServerOrders<S>[] = [];
  private readonly out: S[] = [];
  /**
   * The placer's count of closed orders when `out` was made, or -1 after an add or a remove:
   * while neither an order closed nor the groups changed, `out` is still the answer (an
   * order's id joins a group while it is open and never opens again), so a poll of a placer
   * whose orders are all in progress walks nothing.
   */
  private madeAt = -1;

  constructor(private readonly placer: { readonly open: Pick<OpenOrders, 'has' | 'size'>; readonly closes: number }) {}

  /** Order `id` (open) is held on `server`. */
  add(server: S, id: number): void {
    this.madeAt = -1;
    let g: ServerOrders<S> | undefined;
    for (const x of this.groups) if (x.server === server) g = x;
    if (g === undefined) {
      this.groups.push({ server, ids: [id] });
      return;
    }
    const ids = g.ids;
    // Orders mostly become known in placement order; a late answer goes in its place.
    let i = ids.length;
    while (i > 0 && (ids[i - 1] as number) > id) i--;
    if (i === ids.length) ids.push(id);
    else ids.splice(i, 0, id);
    if (ids.length > 2 * this.placer.open.size + 8) this.sweep(g);
  }

  /** Order `id` is no longer held on `server` (it moved). */
  remove(server: S, id: number): void {
    this.madeAt = -1;
    const k = this.groups.findIndex((x) => x.server === server);
    const g = this.groups[k];
    if (g === undefined) return;
    const i = g.ids.indexOf(id);
    if (i >= 0) g.ids.splice(i, 1);
    if (g.ids.length === 0) this.groups.splice(k, 1);
  }

  /**
   * The servers holding at least one open order, oldest open order first. The array is this
   * object's own, rewritten at each call.
   */
  servers(): readonly S[] {
    if (this.madeAt === this.placer.closes) return this.out;
    this.madeAt = this.placer.closes;
    const open = this.placer.open;
    const groups = this.groups;
    let n = 0;
    for (const g of groups) {
      const ids = g.ids;
      while (ids.length > 0 && !open.has(ids[0] as number)) ids.shift();
      if (ids.length > 0) groups[n++] = g;
    }
    while (groups.length > n) groups.pop(); // not `length = n`, a runtime call at every tick
    // Few servers: an insertion sort by oldest open order, in place.
    for (let i = 1; i < n; i++) {
      const g = groups[i] as ServerOrders<S>;
      const head = g.ids[0] as number;
      let j = i;
      while (j > 0 && ((groups[j - 1] as ServerOrders<S>).ids[0] as number) > head) {
        groups[j] = groups[j - 1] as ServerOrders<S>;
        j--;
      }
      groups[j] = g;
    }
    const out = this.out;
    for (let i = 0; i < n; i++) out[i] = (groups[i] as ServerOrders<S>).server;
    while (out.length > n) out.pop();
    return out;
  }

  /** Ids held, open and closed-not-yet-dropped: at most about twice the open orders per server. */
  get held(): number {
    let n = 0;
    for (const g of this.groups) n += g.ids.length;
    return n;
  }

  /** Drops the ids of closed orders from a list. */
  private sweep(g: ServerOrders<S>): void {
    const open = this.placer.open;
    const ids = g.ids;
    let n = 0;
    for (const id of ids) if (open.has(id)) ids[n++] = id;
    while (ids.length > n) ids.pop();
  }
}
