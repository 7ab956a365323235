/** Time-weighted averages of a piecewise-constant quantity: queue length, busy servers. */

/**
 * Tracks a value that changes at event times and reports its time average, e.g. the mean
 * number waiting or the mean number of busy workers (utilisation once divided by capacity).
 * Each update closes the interval since the previous one, so memory is constant.
 */
export class TimeWeighted {
  /** The current value. */
  value: number;
  /** Largest value seen since the last reset. */
  max: number;
  private area = 0;
  private since: number;
  private last: number;

  constructor(now = 0, initial = 0) {
    this.value = initial;
    this.max = initial;
    this.since = now;
    this.last = now;
  }

  /** Sets the value at time `now` (which must not go backwards). */
  update(now: number, value: number): void {
    this.area += this.value * (now - this.last);
    this.last = now;
    this.value = value;
    if (value > this.max) this.max = value;
  }

  /** Adds `delta` to the value at time `now`. */
  add(now: number, delta: number): void {
    this.update(now, this.value + delta);
  }

  /** Time average from the last reset up to `now`; the current value if no time has passed. */
  mean(now: number): number {
    const span = now - this.since;
    if (span <= 0) return this.value;
    return (this.area + this.value * (now - this.last)) / span;
  }

  /** Starts a new observation window at `now`, keeping the current value (warm-up). */
  reset(now: number): void {
    this.area = 0;
    this.since = now;
    this.last = now;
    this.max = this.value;
  }
}
