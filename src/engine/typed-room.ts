/** Typed arrays grown by doubling: tables indexed by a counter (ids, sequence numbers). */

/** The typed arrays {@link withRoomFor} grows. */
export type GrowableArray = Uint8Array | Uint32Array | Int32Array | Float64Array;

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
