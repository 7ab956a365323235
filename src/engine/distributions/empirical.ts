/** Empirical distributions: a table of observed values, or a piecewise-linear percentile table. */

import type { Rng } from '../rng.js';
import { requireParam, type Distribution } from './distribution.js';

/** Picks one of the given values with equal probability (resampling observed data). */
export class EmpiricalValues implements Distribution {
  readonly kind = 'empirical';
  readonly mean: number;
  readonly variance: number;
  private readonly values: Float64Array;

  constructor(values: readonly number[]) {
    requireParam(values.length > 0, this.kind, 'needs at least one value');
    requireParam(values.every(Number.isFinite), this.kind, 'values must be finite numbers');
    this.values = Float64Array.from(values);
    let mean = 0;
    let m2 = 0;
    let n = 0;
    for (const v of values) {
      n++;
      const delta = v - mean;
      mean += delta / n;
      m2 += delta * (v - mean);
    }
    this.mean = mean;
    this.variance = m2 / n; // population variance: the table is the whole distribution
  }

  sample(rng: Rng): number {
    const n = this.values.length;
    return this.values[Math.min(n - 1, Math.floor(rng.double() * n))] as number;
  }
}

/** One point of a percentile table: probability `p` (0..1) that a draw is at most `value`. */
export interface PercentilePoint {
  p: number;
  value: number;
}

/**
 * Inverse-CDF sampling from a percentile table such as p0 = 0ms, p50 = 40ms, p95 = 150ms,
 * p100 = 900ms, interpolating linearly between points (each segment is uniform). The table
 * must start at p = 0 and end at p = 1 so the distribution is bounded and fully specified.
 */
export class EmpiricalPercentiles implements Distribution {
  readonly kind = 'empirical-percentiles';
  readonly mean: number;
  readonly variance: number;
  private readonly ps: Float64Array;
  private readonly vs: Float64Array;

  constructor(points: readonly PercentilePoint[]) {
    requireParam(points.length >= 2, this.kind, 'needs at least two points');
    requireParam(points[0]?.p === 0 && points[points.length - 1]?.p === 1, this.kind, 'points must start at p = 0 and end at p = 1');
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1] as PercentilePoint;
      const b = points[i] as PercentilePoint;
      requireParam(b.p > a.p, this.kind, `probabilities must increase (point ${i})`);
      requireParam(Number.isFinite(b.value) && b.value >= a.value, this.kind, `values must be finite and non-decreasing (point ${i})`);
    }
    this.ps = Float64Array.from(points, (x) => x.p);
    this.vs = Float64Array.from(points, (x) => x.value);
    let mean = 0;
    let second = 0;
    for (let i = 1; i < points.length; i++) {
      const w = (this.ps[i] as number) - (this.ps[i - 1] as number);
      const a = this.vs[i - 1] as number;
      const b = this.vs[i] as number;
      mean += (w * (a + b)) / 2;
      second += (w * (a * a + a * b + b * b)) / 3;
    }
    this.mean = mean;
    this.variance = Math.max(0, second - mean * mean);
  }

  sample(rng: Rng): number {
    const u = rng.double();
    const ps = this.ps;
    // Binary search for the segment [ps[lo], ps[lo+1]] containing u.
    let lo = 0;
    let hi = ps.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((ps[mid] as number) <= u) lo = mid;
      else hi = mid;
    }
    const p0 = ps[lo] as number;
    const p1 = ps[hi] as number;
    const v0 = this.vs[lo] as number;
    const v1 = this.vs[hi] as number;
    return v0 + ((u - p0) / (p1 - p0)) * (v1 - v0);
  }
}
