/** A placer's open orders: a flag in each order's ledger entry and a count, no table of the placer's own. */

import type { OrderLedger } from '../metrics/order-ledger.js';

/**
 * The orders whose outcome a placer has not learned yet. Each is a flag among the order's
 * integers in the ledger (its placer is there too), and the placer keeps only their count: a
 * Map per placer grew and shrank its table as orders opened and closed, and every table it
 * let go had outlived the young generation (at a tenth of the national day, 18-20 MB of the
 * allocations a full collection had to find, in every Task pattern), besides holding an
 * `Order` handle per open order.
 */
export class OpenOrders {
  private count = 0;

  constructor(
    private readonly ledger: OrderLedger,
    /** The placer's index. */
    private readonly placer: number,
  ) {}

  /** How many are open. */
  get size(): number {
    return this.count;
  }

  /** Whether order `id` is this placer's and open. */
  has(id: number): boolean {
    return this.ledger.openAt(this.placer, id);
  }

  /** Order `id`, just placed by this placer, is open. */
  add(id: number): void {
    if (this.ledger.markOpenAtPlacer(id, true)) this.count++;
  }

  /** Order `id` is no longer open; false if it was not (another placer's, or closed already). */
  delete(id: number): boolean {
    if (!this.has(id)) return false;
    this.ledger.markOpenAtPlacer(id, false);
    this.count--;
    return true;
  }

  /** Forgets the count, with the ledger's orders (a finished run: `World.dispose` clears the ledger too). */
  clear(): void {
    this.count = 0;
  }
}
