/** What a store's unfinished rows keep beside their columns: the version object and its index buckets, in reused slots. */

import type { FhirResource } from './resource.js';

/**
 * Two cells a slot: the version object an unfinished row was committed as, and the index
 * buckets holding it. A few rows of a store are unfinished at a time (the orders in progress):
 * a row names its slot in a column of its own, and a finished row's slot is used again. The
 * free slots are a list threaded through the slots themselves (a free slot's second cell holds
 * the next), and the room is doubled by hand (exact, holes beyond the used slots): a pushed
 * array reserves 17 cells, and most stores keep one or two rows unfinished.
 */
export class LiveSlots {
  /** The cells, read in place by the table: `cells[at]` the version, `cells[at + 1]` its buckets. */
  cells: unknown[] = [];
  /** Slots ever used. */
  private used = 0;
  /** The first free slot, or -1. */
  private free = -1;

  /** A slot holding `v` (no buckets yet); returns its number. */
  take(v: FhirResource): number {
    let slot = this.free;
    if (slot >= 0) {
      this.free = this.cells[2 * slot + 1] as number;
    } else {
      slot = this.used++;
      if (2 * slot === this.cells.length) this.cells = withRoom(this.cells, Math.max(2, 4 * slot));
    }
    this.cells[2 * slot] = v;
    this.cells[2 * slot + 1] = null;
    return slot;
  }

  /** Frees the slot whose first cell is `at`. */
  release(at: number): void {
    this.cells[at] = undefined;
    this.cells[at + 1] = this.free;
    this.free = at / 2;
  }

  /** Frees every slot. */
  clear(): void {
    this.cells = [];
    this.used = 0;
    this.free = -1;
  }
}

/** A copy of `cells` with room for `room` (exact: the cells beyond are holes). */
function withRoom(cells: unknown[], room: number): unknown[] {
  const grown = new Array<unknown>(room);
  for (let i = 0; i < cells.length; i++) grown[i] = cells[i];
  return grown;
}
