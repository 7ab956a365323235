/** Where each column of a store's row is: a row is INTS Int32 columns, row after row in blocks of a {@link RowArena}. */

import type { ReferenceCodes } from './reference-codes.js';
import type { SearchField } from './resource.js';
import type { RowArena } from './row-arena.js';

/**
 * Int32 columns per row: type, versionId, txId, order, live slot, the coded references (from
 * REF0), the coded words two to a column, and lastUpdated in two halves.
 */
export const TYPE = 0;
export const VERSION = 1;
export const TX = 2;
export const ORDER = 3;
/** 1 + the row's slot in the table's {@link LiveSlots} while the row is unfinished, else 0. */
export const LIVE = 4;

/**
 * The references and the identifier of a finished row, each as two integers (Int32Array): its
 * prefix code and number in the world's {@link ReferenceCodes}. An unfinished row's are read
 * from its version object.
 */
export const OWNER = 0;
export const PERFORMER = 1;
export const REQUESTER = 2;
export const FOCUS = 3;
export const BASED_ON = 4;
export const OUTPUT = 5;
export const IDENTIFIER = 6;
/** Where a row's coded references start among its Int32 columns (two columns each, OWNER to IDENTIFIER). */
export const REF0 = LIVE + 1;
/** Coded words (see row-words.ts, each under 2^16): status and intent in one column, businessStatus and code in the next (low half first). */
export const STATUS_INTENT = REF0 + 2 * (IDENTIFIER + 1);
export const BUSINESS_STATUS_CODE = STATUS_INTENT + 1;
/** lastUpdated (integer microseconds), as its low 32 bits and the rest. */
export const UPDATED_LOW = BUSINESS_STATUS_CODE + 1;
export const UPDATED_HIGH = UPDATED_LOW + 1;
export const INTS = UPDATED_HIGH + 1;
export const TWO_32 = 4294967296;

/** The column of each reference field, by search field name. */
export const REF_OF: Partial<Record<SearchField, number>> = { owner: OWNER, performer: PERFORMER, requester: REQUESTER, focus: FOCUS, basedOn: BASED_ON, identifier: IDENTIFIER };

/** The string in a row's reference columns at `k` (prefix code, number). */
export function ref(codes: ReferenceCodes, refs: Int32Array, k: number): string | null {
  return codes.decode(refs[k] as number, refs[k + 1] as number);
}

/** Writes `value` into a row's reference columns at `k`. */
export function setRef(codes: ReferenceCodes, refs: Int32Array, k: number, value: string | null): void {
  refs[k] = codes.encode(value);
  refs[k + 1] = codes.number;
}

/** Index in a table's live cells of the row whose columns start at `i` of `ints`, or -1 when the row is finished. */
export function liveIndex(ints: Int32Array, i: number): number {
  return 2 * (ints[i + LIVE] as number) - 2;
}
