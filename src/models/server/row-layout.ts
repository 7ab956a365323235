/** Where each column of a store's row is: a row is INTS Int32 columns, row after row in blocks of a {@link RowArena}. */

import { SLOT_CELLS } from './live-slots.js';
import type { ReferenceCodes } from './reference-codes.js';
import type { FhirResource, SearchField } from './resource.js';
import type { RowArena } from './row-arena.js';

/**
 * Int32 columns per row: the head (type, whether the row keeps its version object, which
 * references its columns hold, lastUpdated's high part), versionId, txId, order, the coded words
 * two to a column, lastUpdated's low 32 bits, then the coded references (from REF0); a row that
 * keeps its version object has its live slot in REF0 instead (its references are in the object
 * then).
 */
export const HEAD = 0;
export const VERSION = 1;
export const TX = 2;
export const ORDER = 3;
/** Coded words (see row-words.ts, each under 2^16): status and intent in one column, businessStatus and code in the next (low half first). */
export const STATUS_INTENT = 4;
export const BUSINESS_STATUS_CODE = 5;
/** lastUpdated (integer microseconds): its low 32 bits (the rest is in the head). */
export const UPDATED_LOW = 6;
/** Where a row's coded references start among its Int32 columns; while the row keeps its version object, its slot in the table's live cells. */
export const REF0 = 7;

/**
 * The head: the type's index in RESOURCE_TYPES in bits 0-2, bit 3 set while the row keeps its
 * version object, the present references in bits 4-10 (bit 4 + field), bit 11 set when
 * basedOn is focus's value (it then takes no pair of its own), lastUpdated / 2^32 from bit 12.
 */
export const TYPE_MASK = 0x7;
const LIVE_BIT = 0x8;
const PRESENT_SHIFT = 4;
const HIGH_SHIFT = 12;
/** The largest lastUpdated a row holds: 2^52 microseconds (142 years). */
export const MAX_UPDATED = 2 ** (32 + 32 - HIGH_SHIFT) - 1;

/**
 * The references and the identifier of a row that keeps no version object (a finished or an
 * idle one), each as two integers (Int32Array): its prefix code and number in the world's
 * {@link ReferenceCodes}. Those of a row that keeps its object are read from it. Fields (bit
 * numbers of the head's present set):
 */
export const OWNER = 0;
export const PERFORMER = 1;
export const REQUESTER = 2;
export const FOCUS = 3;
export const BASED_ON = 4;
export const OUTPUT = 5;
export const IDENTIFIER = 6;
/** In the present set beyond the fields: basedOn is focus's value, read from focus's pair. */
const BASED_ON_IS_FOCUS = 1 << 7;
/**
 * Pairs of columns for references: only the fields a finished row holds take one, in field
 * order, and a basedOn equal to focus takes none (a Task holds at most five, a request or a
 * report three or four). A finished resource holding more keeps its version object, as an
 * unfinished one does.
 */
export const REF_SLOTS = 5;
export const INTS = REF0 + 2 * REF_SLOTS;
export const TWO_32 = 4294967296;

/** The head of a row of type `type` (its index) holding the references in `present` (see {@link writeRefs}), updated at `updated`. */
export function head(type: number, present: number, updated: number): number {
  return type | (present << PRESENT_SHIFT) | (Math.floor(updated / TWO_32) << HIGH_SHIFT);
}

/** Marks the row whose columns start at `i` of `ints` (of type `type`, updated at `updated`) as keeping its version object in live slot `slot`: its head and REF0. */
export function setLive(ints: Int32Array, i: number, type: number, slot: number, updated: number): void {
  ints[i + REF0] = slot;
  ints[i + HEAD] = type | LIVE_BIT | (Math.floor(updated / TWO_32) << HIGH_SHIFT);
}

/** lastUpdated from a row's head and low column. */
export function updatedOf(head: number, low: number): number {
  return (head >>> HIGH_SHIFT) * TWO_32 + (low >>> 0);
}

/** Set bits of each 7-bit value (how many present fields come before a field). */
const BITS = Uint8Array.from({ length: 128 }, (_, x) => (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1) + ((x >> 4) & 1) + ((x >> 5) & 1) + ((x >> 6) & 1));

/** The column (from the row's start) of reference `field` in a finished row with head `h`, or -1 if the row does not hold it (it is null). */
export function refColumn(h: number, field: number): number {
  const present = (h >>> PRESENT_SHIFT) & 0xff;
  const f = field === BASED_ON && (present & BASED_ON_IS_FOCUS) !== 0 ? FOCUS : field;
  if (((present >>> f) & 1) === 0) return -1;
  return REF0 + 2 * (BITS[present & ((1 << f) - 1)] as number);
}

/** The column of each reference field, by search field name. */
export const REF_OF: Partial<Record<SearchField, number>> = { owner: OWNER, performer: PERFORMER, requester: REQUESTER, focus: FOCUS, basedOn: BASED_ON, identifier: IDENTIFIER };

/** The string of reference `field` of the finished row whose columns start at `i` of `ints` (null if it holds none). */
export function ref(codes: ReferenceCodes, ints: Int32Array, i: number, field: number): string | null {
  const k = refColumn(ints[i] as number, field);
  return k < 0 ? null : codes.decode(ints[i + k] as number, ints[i + k + 1] as number);
}

/** Writes `value` into a row's reference columns at `k`. */
export function setRef(codes: ReferenceCodes, refs: Int32Array, k: number, value: string): void {
  refs[k] = codes.encode(value);
  refs[k + 1] = codes.number;
}

/** Reference field `f` (OWNER to IDENTIFIER) of `v`. */
export function refField(v: FhirResource, f: number): string | null {
  switch (f) {
    case OWNER:
      return v.owner;
    case PERFORMER:
      return v.performer;
    case REQUESTER:
      return v.requester;
    case FOCUS:
      return v.focus;
    case BASED_ON:
      return v.basedOn;
    case OUTPUT:
      return v.output;
    default:
      return v.identifier;
  }
}

/**
 * Codes the references `v` holds into a finished row's pair columns from `k` (in field order,
 * only those it has; a basedOn equal to focus as a flag), and returns which it holds (the
 * present set of the head: a bit per field, and BASED_ON_IS_FOCUS); or -1, writing nothing,
 * when they need more than REF_SLOTS pairs (the row then keeps `v` itself).
 */
export function writeRefs(codes: ReferenceCodes, refs: Int32Array, k: number, v: FhirResource): number {
  const sameFocus = v.basedOn !== null && v.basedOn === v.focus;
  let present = sameFocus ? BASED_ON_IS_FOCUS : 0;
  for (let f = OWNER; f <= IDENTIFIER; f++) if (refField(v, f) !== null && !(sameFocus && f === BASED_ON)) present |= 1 << f;
  if ((BITS[present & 0x7f] as number) > REF_SLOTS) return -1;
  let n = 0;
  for (let f = OWNER; f <= IDENTIFIER; f++) {
    if (((present >>> f) & 1) === 0) continue;
    setRef(codes, refs, k + 2 * n++, refField(v, f) as string);
  }
  return present;
}

/** Index in a table's live cells of the row whose columns start at `i` of `ints`, or -1 when the row keeps no object. */
export function liveIndex(ints: Int32Array, i: number): number {
  return ((ints[i + HEAD] as number) & LIVE_BIT) === 0 ? -1 : SLOT_CELLS * (ints[i + REF0] as number);
}

/** Head `h` of a row that kept its version object, now keeping none and holding the references in `present` (see {@link writeRefs}). */
export function withRefs(h: number, present: number): number {
  return (h & ~LIVE_BIT) | (present << PRESENT_SHIFT);
}
