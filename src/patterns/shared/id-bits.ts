/** A set of small non-negative integers (ids numbered 0, 1, 2, ... such as a server's resource ids) as bits. */

import { withRoomFor } from '../../engine/index.js';

/**
 * Membership of dense ids in one bit each, grown by doubling: two million ids take 256 KB,
 * where a `Set<number>` of them takes about 40 MB. For a set that only grows and is keyed by
 * ids a counter hands out.
 */
export class IdBits {
  private words = new Uint32Array(64);

  /** Whether `id` was added. */
  has(id: number): boolean {
    if (id >>> 0 !== id) return false;
    const w = id >>> 5;
    return w < this.words.length && ((this.words[w] as number) & (1 << (id & 31))) !== 0;
  }

  /** Adds `id` (an integer from 0 to 2^32-1). */
  add(id: number): void {
    if (id >>> 0 !== id) throw new RangeError(`IdBits: ${id} is not an integer from 0 to 2^32-1`);
    const w = id >>> 5;
    this.words = withRoomFor(this.words, w);
    this.words[w] = (this.words[w] as number) | (1 << (id & 31));
  }
}
