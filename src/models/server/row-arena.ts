/** Fixed-size blocks of ints for every store of a world (its rows, its commit-to-row map), carved from a few large typed arrays. */

/** A block's address is its slab's number times 2^SLAB_BITS plus its offset in the slab (in ints). */
export const SLAB_BITS = 20;
export const SLAB_MASK = (1 << SLAB_BITS) - 1;
/** The first slab's length in ints (32 KB); each next one twice the last, up to 2^SLAB_BITS (4 MB). */
const FIRST_SLAB = 1 << 13;

/**
 * Every store's rows (and, in an arena of its own, its commit-to-row map) live in fixed-size
 * blocks handed out from shared slabs: a block is an address, not a typed array of the store's
 * own. A typed array of one's own costs two heap
 * objects, a native backing store and an allocation of a few microseconds, and the doubling
 * that grows it leaves up to half its room unused and copies what it holds at each step; a
 * large world has one store per placer and a thousand more, most holding a few dozen rows.
 * Blocks are never moved, and a store's last block is its only slack. Addresses stay below
 * 2^31 (2,048 slabs of 4 MB), so a store keeps them in a plain array of small integers.
 */
export class RowArena {
  /** The slabs, by number; read a block's ints as `slabs[address >>> SLAB_BITS]` from `address & SLAB_MASK`. */
  readonly slabs: Int32Array[] = [];
  private top = 0;
  private room = 0;
  /** Blocks given back (a store cleared), reused before new room is taken. */
  private readonly free: number[] = [];

  constructor(
    /** Ints in a block: its rows times the ints of a row. */
    readonly blockInts: number,
  ) {
    if (!(Number.isInteger(blockInts) && blockInts >= 1 && blockInts <= FIRST_SLAB)) throw new RangeError(`RowArena: a block must be 1 to ${FIRST_SLAB} ints, got ${blockInts}`);
  }

  /** A block of zeros; returns its address. */
  take(): number {
    const reused = this.free.pop();
    if (reused !== undefined) {
      const off = reused & SLAB_MASK;
      (this.slabs[reused >>> SLAB_BITS] as Int32Array).fill(0, off, off + this.blockInts);
      return reused;
    }
    if (this.top + this.blockInts > this.room) this.addSlab();
    const address = (this.slabs.length - 1) * (SLAB_MASK + 1) + this.top;
    this.top += this.blockInts;
    return address;
  }

  /** Gives a block back for reuse. */
  give(address: number): void {
    this.free.push(address);
  }

  private addSlab(): void {
    const last = this.slabs[this.slabs.length - 1];
    const length = last === undefined ? FIRST_SLAB : Math.min(SLAB_MASK + 1, last.length * 2);
    if (this.slabs.length >= 2048) throw new RangeError('RowArena: more than 8 GB of rows');
    this.slabs.push(new Int32Array(length));
    this.top = 0;
    this.room = length;
  }
}
