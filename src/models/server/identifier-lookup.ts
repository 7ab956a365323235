/** The rows of the current resources by (type, business identifier): what makes a conditional create on an identifier cheap. */

import type { ReferenceCodes } from './reference-codes.js';
import type { ResourceTable } from './resource-table.js';
import { RESOURCE_TYPES, type FhirResource, type ResourceType } from './resource.js';

/** Slots of a new table (a power of two): 64 bytes, what V8 keeps on its heap rather than in an ArrayBuffer of its own (much quicker to make). */
const FIRST_SLOTS = 8;
/** A slot's row when empty (probing stops there). */
const EMPTY = 0;
/** A slot's row when left by a row whose identifier changed (probing goes on past it). */
const GONE = -1;

/**
 * A unique-key lookup kept beside the search indexes. `If-None-Exist: identifier=...` is the
 * commonest conditional create, and an identifier is nearly always unique. The lookup is an
 * open-addressing hash table (linear probing, at most three quarters full) whose slots are
 * pairs of 32-bit integers, the hash of a row's key and the row: a row's key, its type and
 * coded identifier (see {@link ReferenceCodes}), is read from the row itself, so no identifier
 * string or map entry is kept per resource, and the row is read only when the hashes agree.
 * A probe reads consecutive pairs (the next cache line at most), never a row of another key,
 * and the table grows by copying pairs: no row is read again (in a large store, each row read
 * is a cache miss). Several rows may carry one identifier (a lookup then answers all of them,
 * and a conditional create 412).
 */
export class IdentifierLookup {
  /** Slot `i` is cells `2i` (the key's hash) and `2i + 1` (the row, EMPTY or GONE). */
  private cells = new Int32Array(2 * FIRST_SLOTS);
  /** Slots not empty (rows and GONE). */
  private used = 0;

  constructor(
    private readonly table: ResourceTable,
    private readonly codes: ReferenceCodes,
  ) {}

  /** Slots not empty, GONE ones included (what the table's size follows). */
  get filled(): number {
    return this.used;
  }

  /** The rows (ids as numbers) currently carrying `identifier`: one, several, or undefined. */
  get(type: ResourceType, identifier: string): number | number[] | undefined {
    const code = this.codes.find(identifier);
    if (code < 0) return undefined;
    const cells = this.cells;
    const mask = maskOf(cells);
    const hash = slotOf(RESOURCE_TYPES.indexOf(type), code, this.codes.number);
    const table = this.table;
    let found: number | number[] | undefined;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const row = cells[2 * i + 1] as number;
      if (row === EMPTY) return found;
      if (row === GONE || cells[2 * i] !== hash) continue;
      if (table.typeOf(row) !== type || !table.fieldIs(row, 'identifier', identifier)) continue;
      if (found === undefined) found = row;
      else if (Array.isArray(found)) found.push(row);
      else found = [found, row];
    }
  }

  /** Files a new current version (and unfiles the one it replaces) when its identifier changed; `row` already holds `v`. */
  update(row: number, v: FhirResource, previous: FhirResource | undefined): void {
    const before = previous?.identifier ?? null;
    if (before === v.identifier) return;
    const type = RESOURCE_TYPES.indexOf(v.type);
    if (before !== null) {
      // Filed under `before`, so its prefix is coded.
      const code = this.codes.find(before);
      if (code >= 0) this.remove(row, slotOf(type, code, this.codes.number));
    }
    if (v.identifier !== null) {
      if (4 * (this.used + 1) > 3 * (this.cells.length >>> 1)) this.grow();
      this.insert(row, slotOf(type, this.codes.encode(v.identifier), this.codes.number));
    }
  }

  private insert(row: number, hash: number): void {
    const cells = this.cells;
    const mask = maskOf(cells);
    let i = hash & mask;
    while ((cells[2 * i + 1] as number) > EMPTY) i = (i + 1) & mask;
    if (cells[2 * i + 1] === EMPTY) this.used++;
    cells[2 * i] = hash;
    cells[2 * i + 1] = row;
  }

  private remove(row: number, hash: number): void {
    const cells = this.cells;
    const mask = maskOf(cells);
    for (let i = hash & mask; cells[2 * i + 1] !== EMPTY; i = (i + 1) & mask) {
      if (cells[2 * i + 1] === row && cells[2 * i] === hash) {
        cells[2 * i + 1] = GONE;
        return;
      }
    }
  }

  /** Refiles every row in a table at most half full (GONE slots dropped), from the hashes kept: no row is read. */
  private grow(): void {
    const old = this.cells;
    let rows = 0;
    for (let i = 1; i < old.length; i += 2) if ((old[i] as number) > EMPTY) rows++;
    let size = FIRST_SLOTS;
    while (size < 2 * (rows + 1)) size *= 2;
    this.cells = new Int32Array(2 * size);
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) {
      const row = old[i + 1] as number;
      if (row > EMPTY) this.insert(row, old[i] as number);
    }
  }
}

/** The slot numbers' mask of a table of cells (two a slot, a power of two of slots). */
function maskOf(cells: Int32Array): number {
  return (cells.length >>> 1) - 1;
}

/** A key's hash (slots are its low bits), for a type, identifier prefix code and number. */
function slotOf(type: number, code: number, n: number): number {
  let h = Math.imul(code ^ (type << 24), 0x9e3779b1) ^ Math.imul(n + 1, 0x85ebca6b);
  h ^= h >>> 15;
  return h | 0;
}
