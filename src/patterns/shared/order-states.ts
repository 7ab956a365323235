/** Per-order pattern state, held in an array indexed by order id (orders are numbered 0, 1, 2, ...). */

import type { Order } from '../../models/index.js';

/** What a pattern remembers about each order, created on first access. */
export class OrderStates<S> {
  private readonly states: (S | undefined)[] = [];

  constructor(private readonly create: (order: Order) => S) {}

  /** The state of `order`, created if needed. */
  of(order: Order): S {
    let s = this.states[order.id];
    if (s === undefined) {
      s = this.create(order);
      this.states[order.id] = s;
    }
    return s;
  }

  /**
   * Forgets the state of `order`: the next `of` creates it again. For an order nothing can
   * change any more, whose newly created state answers every later call as the old one would.
   */
  release(order: Order): void {
    this.states[order.id] = undefined;
  }

  /**
   * Puts `state` in the place of `order`'s own: for an order nothing can change any more, a
   * state shared by every such order (frozen, so a write to it fails loudly) that answers
   * every later call as the order's own would, so that no object is kept per finished order.
   */
  retire(order: Order, state: S): void {
    this.states[order.id] = state;
  }

  /** The state of order `id` if it exists. */
  get(id: number): S | undefined {
    return this.states[id];
  }
}
