/** Counters and tallies: streaming, fixed-memory summaries of observations. */

/** A count of occurrences (messages, conflicts, polls), resettable at warm-up. */
export class Counter {
  value = 0;

  /** Adds `n` (default 1). */
  add(n = 1): void {
    this.value += n;
  }

  reset(): void {
    this.value = 0;
  }
}

/** Where a tally's numbers sit in its cells. */
const COUNT = 0;
const MEAN = 1;
const M2 = 2;
const MIN = 3;
const MAX = 4;
/** Cells a tally takes (see `StatCells`). */
export const TALLY_CELLS = 5;

/**
 * Mean, variance (Welford's numerically stable update), minimum and maximum of a stream of
 * observations, in constant memory. Tallies merge exactly (Chan et al.'s parallel formula),
 * so per-replication tallies combine into one.
 *
 * Its five numbers live in cells of a Float64Array, its own or a block of a shared slab (a
 * queue's, see `Resource`): an owner that updates many tallies in its hot path uses the
 * static {@link Tally.recordAt} on its own cells and makes a `Tally` over them only to read them.
 */
export class Tally {
  private readonly c: Float64Array;
  private readonly at: number;

  /** An empty tally in cells of its own. (Given `cells`, a view of the tally at `at` of them: see {@link Tally.over}.) */
  constructor(cells?: Float64Array, at = 0) {
    if (cells === undefined) {
      this.c = new Float64Array(TALLY_CELLS);
      this.at = 0;
      Tally.resetAt(this.c, 0);
    } else {
      this.c = cells;
      this.at = at;
    }
  }

  /** A view of the tally set up (with {@link Tally.resetAt}) at `at` of `cells`: what one records, the other reads. */
  static over(cells: Float64Array, at: number): Tally {
    return new Tally(cells, at);
  }

  /** Records `x` in the tally whose cells start at `at` of `c`. */
  static recordAt(c: Float64Array, at: number, x: number): void {
    const n = (c[at + COUNT] as number) + 1;
    c[at + COUNT] = n;
    const mean = c[at + MEAN] as number;
    const delta = x - mean;
    const next = mean + delta / n;
    c[at + MEAN] = next;
    c[at + M2] = (c[at + M2] as number) + delta * (x - next);
    if (x < (c[at + MIN] as number)) c[at + MIN] = x;
    if (x > (c[at + MAX] as number)) c[at + MAX] = x;
  }

  /** Empties the tally whose cells start at `at` of `c`. */
  static resetAt(c: Float64Array, at: number): void {
    c[at + COUNT] = 0;
    c[at + MEAN] = 0;
    c[at + M2] = 0;
    c[at + MIN] = Infinity;
    c[at + MAX] = -Infinity;
  }

  get count(): number {
    return this.c[this.at + COUNT] as number;
  }

  get mean(): number {
    return this.c[this.at + MEAN] as number;
  }

  get min(): number {
    return this.c[this.at + MIN] as number;
  }

  get max(): number {
    return this.c[this.at + MAX] as number;
  }

  /** Records one observation. */
  record(x: number): void {
    Tally.recordAt(this.c, this.at, x);
  }

  /** Sample variance (n - 1 denominator); 0 with fewer than two observations. */
  get variance(): number {
    return this.count > 1 ? (this.c[this.at + M2] as number) / (this.count - 1) : 0;
  }

  /** Sample standard deviation. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  /** Sum of the observations. */
  get sum(): number {
    return this.mean * this.count;
  }

  /** Folds another tally into this one, as if its observations had been recorded here. */
  merge(other: Tally): void {
    if (other.count === 0) return;
    const c = this.c;
    const at = this.at;
    const m2 = other.c[other.at + M2] as number;
    if (this.count === 0) {
      c[at + COUNT] = other.count;
      c[at + MEAN] = other.mean;
      c[at + M2] = m2;
      c[at + MIN] = other.min;
      c[at + MAX] = other.max;
      return;
    }
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    c[at + MEAN] = this.mean + (delta * other.count) / n;
    c[at + M2] = (c[at + M2] as number) + (m2 + (delta * delta * this.count * other.count) / n);
    c[at + COUNT] = n;
    if (other.min < this.min) c[at + MIN] = other.min;
    if (other.max > this.max) c[at + MAX] = other.max;
  }

  reset(): void {
    Tally.resetAt(this.c, this.at);
  }
}
