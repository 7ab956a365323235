/** One placer's open orders grouped by the server holding them (their Tasks, or their requests): the servers its poller asks. */

import { arrayWithRoom } from '../../engine/index.js';
import { CHUNK_ORDERS, type FhirServer, type OpenOrders } from '../../models/index.js';

/** The end of a list. */
const END = -1;

/**
 * The next order of each order's list, by order id: one integer per order, shared by every
 * placer of a world (an order is in at most one list at a time). A list is threaded through
 * it, so an order joining one makes no object: a group object and an array of ids per server
 * a placer used, made as its first order there became known, were among the largest things a
 * Task pattern promoted to the old generation.
 */
export class OrderLinks {
  private readonly chunks: Int32Array[] = [];

  /** The order after `id` in its list (END: none). */
  next(id: number): number {
    return (this.chunks[Math.floor(id / CHUNK_ORDERS)] as Int32Array)[id % CHUNK_ORDERS] as number;
  }

  /** Sets the order after `id`. */
  link(id: number, next: number): void {
    const k = Math.floor(id / CHUNK_ORDERS);
    while (this.chunks.length <= k) this.chunks.push(new Int32Array(CHUNK_ORDERS));
    (this.chunks[k] as Int32Array)[id % CHUNK_ORDERS] = next;
  }
}

/** Cells per group in {@link OpenOrdersByServer}'s array: the server, its list's first and last order, how many it holds. */
const CELLS = 4;
const SERVER = 0;
const HEAD = 1;
const TAIL = 2;
const SIZE = 3;

/**
 * Which servers hold a placer's open orders, in the order of each server's oldest open order:
 * the order in which a walk over the placer's open orders (placement order) meets them. Kept
 * as orders become known and read at every poll, so a poll costs what the placer has servers,
 * not what it has open orders: a placer with a backlog of thousands (an overloaded what-if)
 * would otherwise walk all of them at every tick.
 *
 * Each server's orders are a list by ascending id (placement order) threaded through
 * {@link OrderLinks}; the groups are four cells each in one array that only grows (its room
 * doubles), so an order coming and going makes no object. Closing an order needs no call: it
 * is an order the placer no longer has open, dropped from the head of its server's list when
 * the servers are read, and swept out of the middle of a list longer than twice the placer's
 * open orders (so at least half of it closed: constant amortised work per order).
 */
export class OpenOrdersByServer<S = FhirServer> {
  /** The groups, CELLS cells each, in the first `count * CELLS` cells (beyond them: stale). */
  private cells: (S | number | undefined)[] = NO_CELLS;
  private count = 0;
  private readonly out: S[] = [];
  /**
   * The placer's count of closed orders when `out` was made, or -1 after an add or a remove:
   * while neither an order closed nor the groups changed, `out` is still the answer (an
   * order's id joins a group while it is open and never opens again), so a poll of a placer
   * whose orders are all in progress walks nothing.
   */
  private madeAt = -1;

  constructor(
    private readonly placer: { readonly open: Pick<OpenOrders, 'has' | 'size'>; readonly closes: number },
    /** The lists' links (a world's placers share one). */
    private readonly links: OrderLinks = new OrderLinks(),
  ) {}

  /** Order `id` (open, in no list of this placer's) is held on `server`. */
  add(server: S, id: number): void {
    this.madeAt = -1;
    const cells = this.cells;
    const links = this.links;
    const g = this.groupOf(server);
    if (g < 0) {
      this.newGroup(server, id);
      return;
    }
    const tail = cells[g + TAIL] as number;
    if (id > tail) {
      // Orders mostly become known in placement order.
      links.link(tail, id);
      links.link(id, END);
      cells[g + TAIL] = id;
    } else {
      // A late answer goes in its place.
      let before = END;
      let at = cells[g + HEAD] as number;
      while (at < id) {
        before = at;
        at = links.next(at);
      }
      links.link(id, at);
      if (before === END) cells[g + HEAD] = id;
      else links.link(before, id);
    }
    const size = (cells[g + SIZE] as number) + 1;
    cells[g + SIZE] = size;
    if (size > 2 * this.placer.open.size + 8) this.sweep(g);
  }

  /** Order `id` is no longer held on `server` (it moved). */
  remove(server: S, id: number): void {
    this.madeAt = -1;
    const cells = this.cells;
    const g = this.groupOf(server);
    if (g < 0) return;
    const links = this.links;
    let before = END;
    let at = cells[g + HEAD] as number;
    while (at !== END && at !== id) {
      before = at;
      at = links.next(at);
    }
    if (at === END) return;
    this.unlink(g, before, id);
    if ((cells[g + SIZE] as number) === 0) this.dropGroup(g);
  }

  /**
   * The servers holding at least one open order, oldest open order first. The array is this
   * object's own, rewritten at each call.
   */
  servers(): readonly S[] {
    if (this.madeAt === this.placer.closes) return this.out;
    this.madeAt = this.placer.closes;
    const open = this.placer.open;
    const cells = this.cells;
    const links = this.links;
    let n = 0;
    for (let g = 0; g < this.count * CELLS; g += CELLS) {
      let head = cells[g + HEAD] as number;
      let size = cells[g + SIZE] as number;
      while (head !== END && !open.has(head)) {
        head = links.next(head);
        size--;
      }
      if (head === END) continue;
      // Kept, moved down over the groups dropped before it.
      const to = n * CELLS;
      this.moveGroup(g, to);
      cells[to + HEAD] = head;
      cells[to + SIZE] = size;
      n++;
    }
    this.count = n;
    // Few servers: an insertion sort by oldest open order, in place.
    for (let i = 1; i < n; i++) {
      const at = i * CELLS;
      const server = cells[at + SERVER];
      const head = cells[at + HEAD] as number;
      const tail = cells[at + TAIL];
      const size = cells[at + SIZE];
      let j = i;
      while (j > 0 && (cells[(j - 1) * CELLS + HEAD] as number) > head) {
        this.moveGroup((j - 1) * CELLS, j * CELLS);
        j--;
      }
      cells[j * CELLS + SERVER] = server;
      cells[j * CELLS + HEAD] = head;
      cells[j * CELLS + TAIL] = tail;
      cells[j * CELLS + SIZE] = size;
    }
    const out = this.out;
    for (let i = 0; i < n; i++) out[i] = cells[i * CELLS + SERVER] as S;
    while (out.length > n) out.pop();
    return out;
  }

  /** Ids held, open and closed-not-yet-dropped: at most about twice the open orders per server. */
  get held(): number {
    let n = 0;
    for (let g = 0; g < this.count * CELLS; g += CELLS) n += this.cells[g + SIZE] as number;
    return n;
  }

  /** Where `server`'s group starts among the cells, or -1 if it has none. */
  private groupOf(server: S): number {
    const cells = this.cells;
    for (let g = 0; g < this.count * CELLS; g += CELLS) if (cells[g + SERVER] === server) return g;
    return -1;
  }

  /** Appends a group for `server` holding `id` alone. */
  private newGroup(server: S, id: number): void {
    const at = this.count * CELLS;
    // Room for one group, then doubling: most placers hold one or two at a time.
    if (at === this.cells.length) this.cells = arrayWithRoom(this.cells, at === 0 ? CELLS : 2 * at);
    const cells = this.cells;
    cells[at + SERVER] = server;
    cells[at + HEAD] = id;
    cells[at + TAIL] = id;
    cells[at + SIZE] = 1;
    this.links.link(id, END);
    this.count++;
  }

  /** Takes `id` (after `before`, END if first) out of group `g`'s list. */
  private unlink(g: number, before: number, id: number): void {
    const cells = this.cells;
    const next = this.links.next(id);
    if (before === END) cells[g + HEAD] = next;
    else this.links.link(before, next);
    if ((cells[g + TAIL] as number) === id) cells[g + TAIL] = before;
    cells[g + SIZE] = (cells[g + SIZE] as number) - 1;
  }

  /** Drops group `g` (empty), the last group taking its place. */
  private dropGroup(g: number): void {
    const last = (this.count - 1) * CELLS;
    this.moveGroup(last, g);
    this.cells.fill(undefined, last, last + CELLS);
    this.count--;
  }

  /** Copies the group starting at cell `from` over the one starting at `to`. */
  private moveGroup(from: number, to: number): void {
    const cells = this.cells;
    for (let c = 0; c < CELLS; c++) cells[to + c] = cells[from + c];
  }

  /** Drops the ids of closed orders from group `g`'s list. */
  private sweep(g: number): void {
    const open = this.placer.open;
    const links = this.links;
    let before = END;
    let at = this.cells[g + HEAD] as number;
    while (at !== END) {
      const next = links.next(at);
      if (open.has(at)) before = at;
      else this.unlink(g, before, at);
      at = next;
    }
  }
}

const NO_CELLS: never[] = [];
