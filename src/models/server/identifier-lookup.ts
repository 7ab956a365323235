/** The rows of the current resources by (type, business identifier): what makes a conditional create on an identifier cheap. */

import type { ReferenceCodes } from './reference-codes.js';
import type { ResourceTable } from './resource-table.js';
import { RESOURCE_TYPES, type FhirResource, type ResourceType } from './resource.js';

/** Slots of a new table (a power of two). */
const FIRST_SLOTS = 16;
/** A slot's mark when empty (probing stops there). */
const EMPTY = 0;
/** A slot's mark when left by a row whose identifier changed (probing goes on past it). */
const GONE = 1;

/**
 * A unique-key lookup kept beside the search indexes. `If-None-Exist: identifier=...` is the
 * commonest conditional create, and an identifier is nearly always unique. The lookup is an
 * open-addressing hash table of row numbers and 8-bit marks (5 bytes a slot, at most half full): a row's
 * key, its type and coded identifier (see {@link ReferenceCodes}), is read from the row
 * itself, so no identifier string or map entry is kept per resource. Several rows may carry
 * one identifier (a lookup then answers all of them, and a conditional create 412).
 */
export class IdentifierLookup {
  /** Row numbers, where the slot's mark says a row is. */
  private slots = new Int32Array(FIRST_SLOTS);
  /**
   * Each slot's mark: EMPTY, GONE, or 8 bits of the hash of the row's key (2 to 255), so a
   * probe past another key's slot does not read that row (in a large store, a cache miss each).
   */
  private marks = new Uint8Array(FIRST_SLOTS);
  /** Slots not empty (rows and GONE). */
  private used = 0;

  constructor(
    private readonly table: ResourceTable,
    private readonly codes: ReferenceCodes,
  ) {}

  /** The rows (ids as numbers) currently carrying `identifier`: one, several, or undefined. */
  get(type: ResourceType, identifier: string): number | number[] | undefined {
    const code = this.codes.find(identifier);
    if (code < 0) return undefined;
    const marks = this.marks;
    const mask = marks.length - 1;
    const hash = slotOf(RESOURCE_TYPES.indexOf(type), code, this.codes.number);
    const mark = markOf(hash);
    const table = this.table;
    let found: number | number[] | undefined;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const m = marks[i] as number;
      if (m === EMPTY) return found;
      // Only a slot of the same mark is worth reading its row for (one in 254 of the others).
      if (m !== mark) continue;
      const row = this.slots[i] as number;
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
      if (2 * (this.used + 1) > this.slots.length) this.rehash();
      this.insert(row, slotOf(type, this.codes.encode(v.identifier), this.codes.number));
    }
  }

  private insert(row: number, hash: number): void {
    const marks = this.marks;
    const mask = marks.length - 1;
    let i = hash & mask;
    while ((marks[i] as number) > GONE) i = (i + 1) & mask;
    if (marks[i] === EMPTY) this.used++;
    marks[i] = markOf(hash);
    this.slots[i] = row;
  }

  private remove(row: number, hash: number): void {
    const marks = this.marks;
    const mask = marks.length - 1;
    const mark = markOf(hash);
    for (let i = hash & mask; marks[i] !== EMPTY; i = (i + 1) & mask) {
      if (marks[i] === mark && this.slots[i] === row) {
        marks[i] = GONE;
        return;
      }
    }
  }

  /** Refiles every row in a table sized for twice as many (GONE slots dropped). */
  private rehash(): void {
    const oldMarks = this.marks;
    const oldSlots = this.slots;
    let rows = 0;
    for (let i = 0; i < oldMarks.length; i++) if ((oldMarks[i] as number) > GONE) rows++;
    let size = FIRST_SLOTS;
    while (size < 2 * (rows + 1)) size *= 2;
    this.slots = new Int32Array(size);
    this.marks = new Uint8Array(size);
    this.used = 0;
    const table = this.table;
    for (let i = 0; i < oldMarks.length; i++) {
      if ((oldMarks[i] as number) <= GONE) continue;
      const row = oldSlots[i] as number;
      const code = table.identifierCode(row);
      this.insert(row, slotOf(RESOURCE_TYPES.indexOf(table.typeOf(row)), code, this.codes.number));
    }
  }
}

/** A slot's mark for a hash: 2 to 255, from the hash's top bits (the slot number is from its low ones). */
function markOf(hash: number): number {
  return 2 + ((hash >>> 24) % 254);
}

/** A slot number (before masking) for a type, identifier prefix code and number. */
function slotOf(type: number, code: number, n: number): number {
  let h = Math.imul(code ^ (type << 24), 0x9e3779b1) ^ Math.imul(n + 1, 0x85ebca6b);
  h ^= h >>> 15;
  return h >>> 0;
}
