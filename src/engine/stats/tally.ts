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

/**
 * Mean, variance (Welford's numerically stable update), minimum and maximum of a stream of
 * observations, in constant memory. Tallies merge exactly (Chan et al.'s parallel formula),
 * so per-replication tallies combine into one.
 */
export class Tally {
  count = 0;
  mean = 0;
  min = Infinity;
  max = -Infinity;
  private m2 = 0;

  /** Records one observation. */
  record(x: number): void {
    const n = ++this.count;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Sample variance (n - 1 denominator); 0 with fewer than two observations. */
  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : 0;
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
    if (this.count === 0) {
      this.count = other.count;
      this.mean = other.mean;
      this.m2 = other.m2;
      this.min = other.min;
      this.max = other.max;
      return;
    }
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.mean += (delta * other.count) / n;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.count = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  reset(): void {
    this.count = 0;
    this.mean = 0;
    this.m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }
}
