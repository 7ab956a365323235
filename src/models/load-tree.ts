/** Least-loaded choice among many fillers in O(log n): a min segment tree over their open assignments. */

const EXCLUDED = 0x7fffffff;

/**
 * Loads of `n` members, with the lowest-indexed least-loaded member found by one descent of
 * a segment tree (each inner node holds the minimum of its two children). A broker with a
 * thousand fillers asks this once per assignment; a linear scan asked every filler, and
 * checked each against the order's tried set. Members to skip (those already tried for an
 * order, a handful at most) are excluded for the one query and put back.
 */
export class LoadTree {
  /** Load of each member (`assigned` minus `released`, never below 0). */
  readonly load: Int32Array;
  private readonly size: number;
  /** Heap layout: node k has children 2k and 2k+1; leaves start at `size`; padding leaves are excluded. */
  private readonly min: Int32Array;

  constructor(readonly n: number) {
    let size = 1;
    while (size < n) size *= 2;
    this.size = size;
    this.load = new Int32Array(n);
    this.min = new Int32Array(2 * size).fill(EXCLUDED);
    for (let i = 0; i < n; i++) this.set(i, 0);
  }

  /** Adds `delta` to member `i`'s load (not below 0). */
  add(i: number, delta: number): void {
    const v = Math.max(0, (this.load[i] as number) + delta);
    this.load[i] = v;
    this.set(i, v);
  }

  /** The lowest-indexed member of least load not in `skip`; -1 when every member is skipped. */
  leastLoaded(skip: ReadonlySet<number>): number {
    for (const i of skip) if (i >= 0 && i < this.n) this.set(i, EXCLUDED);
    let best = -1;
    if ((this.min[1] as number) !== EXCLUDED) {
      let k = 1;
      // Descend towards the minimum, preferring the left child on ties (the lower index).
      while (k < this.size) k = (this.min[2 * k] as number) <= (this.min[2 * k + 1] as number) ? 2 * k : 2 * k + 1;
      best = k - this.size;
    }
    for (const i of skip) if (i >= 0 && i < this.n) this.set(i, this.load[i] as number);
    return best;
  }

  private set(i: number, value: number): void {
    const min = this.min;
    let k = i + this.size;
    min[k] = value;
    for (k >>= 1; k >= 1; k >>= 1) {
      const a = min[2 * k] as number;
      const b = min[2 * k + 1] as number;
      min[k] = a <= b ? a : b;
    }
  }
}
