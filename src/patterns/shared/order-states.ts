/** Per-order pattern state, held in arrays indexed by order id (orders are numbered 0, 1, 2, ...). */

import { CHUNK_ORDERS, type Order } from '../../models/index.js';

/**
 * What a pattern remembers about each order, created on first access. Kept in chunks of
 * 4,096 orders: one array for every order of a national day (two million) would be copied
 * into a larger one as it grew, each copy a large object counted against the old generation.
 */
export class OrderStates<S> {
  private readonly chunks: (S | undefined)[][] = [];

  constructor(private readonly create: (order: Order) => S) {}

  /** The state of `order`, created if needed. */
  of(order: Order): S {
    const chunk = this.chunk(order.id);
    const i = order.id % CHUNK_ORDERS;
    let s = chunk[i];
    if (s === undefined) {
      s = this.create(order);
      chunk[i] = s;
    }
    return s;
  }

  /**
   * Forgets the state of `order`: the next `of` creates it again. For an order nothing can
   * change any more, whose newly created state answers every later call as the old one would.
   */
  release(order: Order): void {
    this.chunk(order.id)[order.id % CHUNK_ORDERS] = undefined;
  }

  /**
   * Puts `state` in the place of `order`'s own: for an order nothing can change any more, a
   * state shared by every such order (frozen, so a write to it fails loudly) that answers
   * every later call as the order's own would, so that no object is kept per finished order.
   */
  retire(order: Order, state: S): void {
    this.chunk(order.id)[order.id % CHUNK_ORDERS] = state;
  }

  /** The state of order `id` if it exists. */
  get(id: number): S | undefined {
    return this.chunks[Math.floor(id / CHUNK_ORDERS)]?.[id % CHUNK_ORDERS];
  }

  /** The chunk holding order `id`'s state, made (with those before it) if new. */
  private chunk(id: number): (S | undefined)[] {
    const k = Math.floor(id / CHUNK_ORDERS);
    while (this.chunks.length <= k) this.chunks.push(new Array<S | undefined>(CHUNK_ORDERS).fill(undefined));
    return this.chunks[k] as (S | undefined)[];
  }
}
