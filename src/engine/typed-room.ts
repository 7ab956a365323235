/** Typed arrays grown by doubling: tables indexed by a counter (ids, sequence numbers). */

/** The typed arrays {@link withRoomFor} grows. */
export type GrowableArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/**
 * `array` itself when index `i` is within it, else a copy of it (same type) with room for `i`:
 * its length doubled as often as needed, the new elements zero. Amortised constant per index.
 */
export function withRoomFor<T extends GrowableArray>(array: T, i: number): T {
  if (i < array.length) return array;
  let n = Math.max(1, array.length) * 2;
  while (n <= i) n *= 2;
  const grown = new (array.constructor as new (length: number) => T)(n);
  grown.set(array);
  return grown;
}

/**
 * A copy of `cells` with room for `room` cells, exact (the cells beyond are holes): an array
 * grown by doubling through this keeps at most twice its cells, where one pushed to from
 * short takes room for sixteen more and one copied at each new cell costs O(n^2).
 */
export function arrayWithRoom<T>(cells: readonly T[], room: number): T[] {
  const grown = new Array<T>(room);
  for (let i = 0; i < cells.length; i++) grown[i] = cells[i] as T;
  return grown;
}
