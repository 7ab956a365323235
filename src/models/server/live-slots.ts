/** What a store's unfinished rows keep beside their columns: the version object and its index buckets, in reused slots kept in the order they were written. */

import { arrayWithRoom } from '../../engine/index.js';
import type { FhirResource } from './resource.js';

/** Cells a slot: the version, its buckets, its row, the previous and the next slot in write order. */
export const SLOT_CELLS = 5;
const VERSION = 0;
const BUCKETS = 1;
const ROW = 2;
const PREV = 3;
const NEXT = 4;
/** PREV of a slot left out of the write order (see {@link LiveSlots.leaveOut}). */
const OUT = -2;

/**
 * Five cells a slot: the version object an unfinished row was committed as, the index buckets
 * holding it, the row, and the links of a list of the slots from the least recently written to
 * the most (so the table can let go of the objects of rows nobody has written for a while). A
 * few rows of a store are kept at a time: a row names its slot in a column of its own, and a
 * released slot is used again. The free slots are a list threaded through the slots
 * themselves (a free slot's second cell holds the next), and the room is doubled by hand
 * (exact, holes beyond the used slots): a pushed array reserves 17 cells, and most stores keep
 * one or two rows.
 */
export class LiveSlots {
  /** The cells, read in place by the table: `cells[at]` the version, `cells[at + 1]` its buckets (`at` is a multiple of SLOT_CELLS). */
  cells: unknown[] = [];
  /** Slots ever used. */
  private used = 0;
  /** The first free slot, or -1. */
  private free = -1;
  /** First cell of the least and of the most recently written slot in the list, or -1. */
  private oldestAt = -1;
  private newestAt = -1;

  /** A slot holding `v`, the version of `row` (no buckets yet), now the most recently written; returns its number. */
  take(v: FhirResource, row: number): number {
    let slot = this.free;
    if (slot >= 0) {
      this.free = this.cells[SLOT_CELLS * slot + BUCKETS] as number;
    } else {
      slot = this.used++;
      if (SLOT_CELLS * slot === this.cells.length) this.cells = arrayWithRoom(this.cells, SLOT_CELLS * Math.max(1, 2 * slot));
    }
    const at = SLOT_CELLS * slot;
    const cells = this.cells;
    cells[at + VERSION] = v;
    cells[at + BUCKETS] = null;
    cells[at + ROW] = row;
    this.append(at);
    return slot;
  }

  /** The slot whose first cell is `at` now holds `v`, written now: it becomes the most recently written. */
  rewrite(at: number, v: FhirResource): void {
    this.cells[at + VERSION] = v;
    if (this.cells[at + PREV] !== OUT) this.unlink(at);
    this.append(at);
  }

  /** First cell of the least recently written slot in the list, or -1 when there is none. */
  get oldest(): number {
    return this.oldestAt;
  }

  /** The row of the slot whose first cell is `at`. */
  rowAt(at: number): number {
    return this.cells[at + ROW] as number;
  }

  /** Takes a slot out of the list until its row is written again (its row cannot do without its object). */
  leaveOut(at: number): void {
    this.unlink(at);
    this.cells[at + PREV] = OUT;
  }

  /** Frees the slot whose first cell is `at`. */
  release(at: number): void {
    const cells = this.cells;
    if (cells[at + PREV] !== OUT) this.unlink(at);
    cells[at + VERSION] = undefined;
    cells[at + BUCKETS] = this.free;
    this.free = at / SLOT_CELLS;
  }

  /** Frees every slot. */
  clear(): void {
    this.cells = [];
    this.used = 0;
    this.free = -1;
    this.oldestAt = -1;
    this.newestAt = -1;
  }

  private append(at: number): void {
    const cells = this.cells;
    const last = this.newestAt;
    cells[at + PREV] = last;
    cells[at + NEXT] = -1;
    if (last >= 0) cells[last + NEXT] = at;
    else this.oldestAt = at;
    this.newestAt = at;
  }

  private unlink(at: number): void {
    const cells = this.cells;
    const prev = cells[at + PREV] as number;
    const next = cells[at + NEXT] as number;
    if (prev >= 0) cells[prev + NEXT] = next;
    else this.oldestAt = next;
    if (next >= 0) cells[next + PREV] = prev;
    else this.newestAt = prev;
  }
}
