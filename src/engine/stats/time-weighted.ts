/** Time-weighted averages of a piecewise-constant quantity: queue length, busy servers. */

/** Where a time-weighted average's numbers sit in its cells. */
const VALUE = 0;
const MAX = 1;
const AREA = 2;
const SINCE = 3;
const LAST = 4;
/** Cells a time-weighted average takes (see `StatCells`). */
export const TIME_WEIGHTED_CELLS = 5;

/**
 * Tracks a value that changes at event times and reports its time average, e.g. the mean
 * number waiting or the mean number of busy workers (utilisation once divided by capacity).
 * Each update closes the interval since the previous one, so memory is constant.
 *
 * Its numbers live in cells of a Float64Array, its own or a block of a shared slab (see
 * `Tally` and `Resource`): a hot path updates them with {@link TimeWeighted.updateAt}.
 */
export class TimeWeighted {
  private readonly c: Float64Array;
  private readonly at: number;

  /**
   * Starts at `now` with `initial`, in cells of its own. (Given `cells`, it is a view of the
   * average at `at` of them and `now` and `initial` are not used: see {@link TimeWeighted.over}.)
   */
  constructor(now = 0, initial = 0, cells?: Float64Array, at = 0) {
    if (cells === undefined) {
      this.c = new Float64Array(TIME_WEIGHTED_CELLS);
      this.at = 0;
      TimeWeighted.startAt(this.c, 0, now, initial);
    } else {
      this.c = cells;
      this.at = at;
    }
  }

  /** A view of the average set up (with {@link TimeWeighted.startAt}) at `at` of `cells`: what one updates, the other reads. */
  static over(cells: Float64Array, at: number): TimeWeighted {
    return new TimeWeighted(0, 0, cells, at);
  }

  /** Sets up the average whose cells start at `at` of `c`: value `initial` from `now`. */
  static startAt(c: Float64Array, at: number, now: number, initial: number): void {
    c[at + VALUE] = initial;
    c[at + MAX] = initial;
    c[at + AREA] = 0;
    c[at + SINCE] = now;
    c[at + LAST] = now;
  }

  /** Sets the value of the average at `at` of `c` to `value` at time `now` (which must not go backwards). */
  static updateAt(c: Float64Array, at: number, now: number, value: number): void {
    c[at + AREA] = (c[at + AREA] as number) + (c[at + VALUE] as number) * (now - (c[at + LAST] as number));
    c[at + LAST] = now;
    c[at + VALUE] = value;
    if (value > (c[at + MAX] as number)) c[at + MAX] = value;
  }

  /** Starts a new observation window at `now` for the average at `at` of `c`, keeping the current value (warm-up). */
  static resetAt(c: Float64Array, at: number, now: number): void {
    c[at + AREA] = 0;
    c[at + SINCE] = now;
    c[at + LAST] = now;
    c[at + MAX] = c[at + VALUE] as number;
  }

  /** The current value. */
  get value(): number {
    return this.c[this.at + VALUE] as number;
  }

  /** Largest value seen since the last reset. */
  get max(): number {
    return this.c[this.at + MAX] as number;
  }

  /** Sets the value at time `now` (which must not go backwards). */
  update(now: number, value: number): void {
    TimeWeighted.updateAt(this.c, this.at, now, value);
  }

  /** Adds `delta` to the value at time `now`. */
  add(now: number, delta: number): void {
    this.update(now, this.value + delta);
  }

  /** Time average from the last reset up to `now`; the current value if no time has passed. */
  mean(now: number): number {
    const c = this.c;
    const at = this.at;
    const span = now - (c[at + SINCE] as number);
    if (span <= 0) return this.value;
    return ((c[at + AREA] as number) + this.value * (now - (c[at + LAST] as number))) / span;
  }

  /** Starts a new observation window at `now`, keeping the current value (warm-up). */
  reset(now: number): void {
    TimeWeighted.resetAt(this.c, this.at, now);
  }
}
