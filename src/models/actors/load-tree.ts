/** Least-loaded choice among many fillers in O(log n): a min segment tree over their open assignments per slot. */

const EXCLUDED = Infinity;

/**
 * Loads of `n` members, each relative to its capacity (a filler of 16 slots with 8 open
 * assignments is as loaded as one of 4 with 2), with the lowest-indexed least-loaded member found by one descent of
 * a segment tree (each inner node holds the minimum of its two children). A broker with a
 * thousand fillers asks this once per assignment; a linear scan asked every filler, and
 * checked each against the order's tried set. Members to skip (those already tried for an
 * order, a handful at most) are excluded for the one query and put back.
 */
export class LoadTree {
  /** Load of each member (`assigned` minus `released`, never below 0). */
  readonly load: Int32Array;
  readonly n: number;
  private readonly size: number;
  private readonly capacity: Float64Array;
  /** Load divided by capacity. Heap layout: node k has children 2k and 2k+1; leaves start at `size`; padding leaves are excluded. */
  private readonly min: Float64Array;

  /** `capacities`: one per member (all 1 when given a count: plain loads). */
  constructor(capacities: number | readonly number[]) {
    this.capacity = typeof capacities === 'number' ? new Float64Array(capacities).fill(1) : Float64Array.from(capacities);
    const n = this.capacity.length;
    this.n = n;
    for (let i = 0; i < n; i++) if (!((this.capacity[i] as number) > 0)) throw new RangeError(`load tree: capacity of member ${i} must be positive`);
    let size = 1;
    while (size < n) size *= 2;
    this.size = size;
    this.load = new Int32Array(n);
    this.min = new Float64Array(2 * size).fill(EXCLUDED);
    for (let i = 0; i < n; i++) this.set(i, 0);
  }

  /** Adds `delta` to member `i`'s load (not below 0). */
  add(i: number, delta: number): void {
    const v = Math.max(0, (this.load[i] as number) + delta);
    this.load[i] = v;
    this.set(i, v / (this.capacity[i] as number));
  }

  /** The lowest-indexed member of least load not in `skip`; -1 when every member is skipped. */
  leastLoaded(skip: readonly number[]): number {
    for (const i of skip) if (i >= 0 && i < this.n) this.set(i, EXCLUDED);
    let best = -1;
    if ((this.min[1] as number) !== EXCLUDED) {
      let k = 1;
      // Descend towards the minimum, preferring the left child on ties (the lower index).
      while (k < this.size) k = (this.min[2 * k] as number) <= (this.min[2 * k + 1] as number) ? 2 * k : 2 * k + 1;
      best = k - this.size;
    }
    for (const i of skip) if (i >= 0 && i < this.n) this.set(i, (this.load[i] as number) / (this.capacity[i] as number));
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
