/** The entries of one store's index buckets, as integers in a pool: a bucket is a handle, not an object. */

import type { ResourceTable } from './resource-table.js';

/**
 * A bucket: the handle of one combination of key values in an index (see
 * {@link BucketPool}). A number, so index maps, plans and rows hold no object per bucket.
 */
export type Bucket = number;

/** Ints per bucket head: where its entries start, how many, how many are live, its room. */
const HEAD = 4;
const START = 0;
const SIZE = 1;
const LIVE = 2;
const ROOM = 3;
/** Room from which a bucket has an array of its own (a power of two): the pool keeps small buckets only. */
const OWN_ROOM = 4096;

/**
 * The commit numbers of every bucket of one store's indexes, in commit order per bucket. Most
 * buckets hold one or two entries (one resource's, in a reference index): as objects each
 * cost a bucket, an array and its elements (112 bytes for two entries); here a head of four
 * ints and a block of the pool sized to a power of two. A block outgrown is moved to one twice
 * the size and its old room kept for the next bucket of that size; a bucket of OWN_ROOM
 * entries or more gets an array of its own (a type-wide bucket can hold millions, whose
 * outgrown blocks no small bucket could use), its start then naming it as -1 - k.
 *
 * An entry stays after its version is superseded and is skipped when read; a bucket is
 * compacted in place once stale entries outnumber a quarter of the live ones (plus one), so
 * superseded versions do not pile up, and moved to a smaller block once it fills less than a
 * quarter of its room. Compaction is amortised O(1) per superseded entry.
 */
export class BucketPool {
  private heads = new Int32Array(HEAD * 16);
  private count = 0;
  /** The small buckets' entries; read a bucket's with {@link entriesOf} and {@link startOf}. */
  private pool = new Int32Array(64);
  /** End of the pool's used part. */
  private top = 0;
  /** Free blocks of the pool by log2 of their room. */
  private readonly free: number[][] = [];
  /** The arrays of buckets too large for the pool (by -1 - start). */
  private readonly own: Int32Array[] = [];
  /** Slots of `own` free to use again. */
  private readonly freeOwn: number[] = [];

  /** A new, empty bucket. */
  create(): Bucket {
    const b = this.count++;
    if (HEAD * this.count > this.heads.length) {
      const grown = new Int32Array(this.heads.length * 2);
      grown.set(this.heads);
      this.heads = grown;
    }
    // An empty bucket has no room and no block: its first entry allocates one.
    return b;
  }

  /** Entries of `b` (committed, not yet compacted away). */
  sizeOf(b: Bucket): number {
    return this.heads[HEAD * b + SIZE] as number;
  }

  /** Entries of `b` not superseded. */
  liveOf(b: Bucket): number {
    return this.heads[HEAD * b + LIVE] as number;
  }

  /** The array holding the entries of `b`, from {@link startOf}; valid until the next append. */
  entriesOf(b: Bucket): Int32Array {
    const start = this.heads[HEAD * b + START] as number;
    return start >= 0 ? this.pool : (this.own[-1 - start] as Int32Array);
  }

  /** Where the entries of `b` start in {@link entriesOf}. */
  startOf(b: Bucket): number {
    const start = this.heads[HEAD * b + START] as number;
    return start >= 0 ? start : 0;
  }

  /** Index (0-based, within the bucket) of its first entry with a commit number > `since`: a binary search, entries being in commit order. */
  firstAfter(b: Bucket, since: number): number {
    const e = this.entriesOf(b);
    const start = this.startOf(b);
    let lo = 0;
    let hi = this.sizeOf(b);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((e[start + mid] as number) <= since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Appends commit `tx` (the newest) to `b`. */
  append(b: Bucket, tx: number): void {
    const h = HEAD * b;
    const size = this.heads[h + SIZE] as number;
    if (size === (this.heads[h + ROOM] as number)) this.move(b, size === 0 ? 1 : 2 * size);
    const heads = this.heads;
    const start = heads[h + START] as number;
    if (start >= 0) this.pool[start + size] = tx;
    else (this.own[-1 - start] as Int32Array)[size] = tx;
    heads[h + SIZE] = size + 1;
    heads[h + LIVE] = (heads[h + LIVE] as number) + 1;
  }

  /** Called when a version in `b` is superseded (the commit map already says so). */
  dropOne(b: Bucket, table: ResourceTable): void {
    const heads = this.heads;
    const h = HEAD * b;
    const live = (heads[h + LIVE] as number) - 1;
    heads[h + LIVE] = live;
    const size = heads[h + SIZE] as number;
    // Stale entries are allowed up to a quarter of the live ones (plus a little): memory stays
    // within 1.25x, and each compaction's O(n) pass is paid for by n/4 supersessions.
    if (size <= live + (live >> 2) + 1) return;
    const e = this.entriesOf(b);
    const start = this.startOf(b);
    let n = 0;
    for (let i = 0; i < size; i++) {
      const tx = e[start + i] as number;
      if (table.currentRowOf(tx) !== 0) e[start + n++] = tx;
    }
    heads[h + SIZE] = n;
    const room = heads[h + ROOM] as number;
    if (room >= 8 && 4 * n < room) this.move(b, room >> 2);
  }

  /** Gives `b` a block of `room` entries (a power of two), its entries copied, its old block freed. */
  private move(b: Bucket, room: number): void {
    const h = HEAD * b;
    const size = this.heads[h + SIZE] as number;
    const oldRoom = this.heads[h + ROOM] as number;
    const oldStart = this.heads[h + START] as number;
    const oldOwn = oldRoom > 0 && oldStart < 0 ? (this.own[-1 - oldStart] as Int32Array) : null;
    let start: number;
    if (room >= OWN_ROOM) {
      const array = new Int32Array(room);
      if (size > 0) array.set(oldOwn !== null ? oldOwn.subarray(0, size) : this.pool.subarray(oldStart, oldStart + size));
      const k = this.freeOwn.pop() ?? this.own.length;
      this.own[k] = array;
      start = -1 - k;
    } else {
      // A grown pool keeps its used part, the old block included.
      start = this.allocate(room);
      if (size > 0) {
        if (oldOwn !== null) this.pool.set(oldOwn.subarray(0, size), start);
        else this.pool.copyWithin(start, oldStart, oldStart + size);
      }
    }
    if (oldOwn !== null) {
      this.own[-1 - oldStart] = NO_ENTRIES;
      this.freeOwn.push(-1 - oldStart);
    } else if (oldRoom > 0) {
      (this.free[log2(oldRoom)] ??= []).push(oldStart);
    }
    this.heads[h + START] = start;
    this.heads[h + ROOM] = room;
  }

  /** A free block of `room` entries in the pool. */
  private allocate(room: number): number {
    const list = this.free[log2(room)];
    const reused = list?.pop();
    if (reused !== undefined) return reused;
    const start = this.top;
    if (start + room > this.pool.length) {
      let length = this.pool.length * 2;
      while (start + room > length) length *= 2;
      const grown = new Int32Array(length);
      grown.set(this.pool.subarray(0, this.top));
      this.pool = grown;
    }
    this.top = start + room;
    return start;
  }
}

/** The entries of no bucket (an array of its own given back). */
export const NO_ENTRIES: Int32Array = new Int32Array(0);

/** log2 of a power of two. */
function log2(room: number): number {
  return 31 - Math.clz32(room);
}
