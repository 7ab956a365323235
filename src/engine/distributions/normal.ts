/** Normal (truncated at 0) and lognormal families, and the standard normal functions they need. */

import type { Rng } from '../rng.js';
import { requireParam, type Distribution } from './distribution.js';

const TWO_PI = 2 * Math.PI;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * One standard normal variate by Box-Muller. A pair costs two uniforms, a logarithm, a square
 * root and a sine and cosine; its second variate is kept in the stream it came from
 * (`rng.spareNormal`) and is the stream's next normal. Kept per stream, never shared, so a
 * stream's draws still depend on nothing but its own seed and the order of its own calls.
 */
export function standardNormal(rng: Rng): number {
  const spare = rng.spareNormal;
  if (spare !== undefined && !Number.isNaN(spare)) {
    rng.spareNormal = Number.NaN;
    return spare;
  }
  const r = Math.sqrt(-2 * Math.log(rng.double()));
  const theta = TWO_PI * rng.double();
  if (spare !== undefined) rng.spareNormal = r * Math.sin(theta);
  return r * Math.cos(theta);
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Standard normal distribution function, via erfc (relative error below 1.2e-7). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/**
 * Normal with parameters `mu` and `sd`, truncated to non-negative values (a duration cannot
 * be negative). Sampling rejects negative draws, which is exact truncation, not clamping;
 * the declared mean and variance are those of the truncated distribution.
 */
export class TruncatedNormal implements Distribution {
  readonly kind = 'normal';
  readonly mean: number;
  readonly variance: number;

  constructor(readonly mu: number, readonly sd: number) {
    requireParam(Number.isFinite(mu) && Number.isFinite(sd) && sd >= 0, this.kind, `need finite mean and sd >= 0, got mean ${mu}, sd ${sd}`);
    if (sd === 0) {
      requireParam(mu >= 0, this.kind, `mean must be >= 0 when sd is 0, got ${mu}`);
      this.mean = mu;
      this.variance = 0;
      return;
    }
    const alpha = -mu / sd;
    const kept = 1 - normalCdf(alpha);
    // Below this, rejection sampling would spin for thousands of draws per sample.
    requireParam(kept >= 1e-3, this.kind, `mean ${mu} is too far below 0 for sd ${sd}: almost every draw would be negative`);
    const lambda = normalPdf(alpha) / kept;
    this.mean = mu + sd * lambda;
    this.variance = sd * sd * (1 + alpha * lambda - lambda * lambda);
  }

  sample(rng: Rng): number {
    if (this.sd === 0) return this.mu;
    for (;;) {
      const x = this.mu + this.sd * standardNormal(rng);
      if (x >= 0) return x;
    }
  }
}

/**
 * Lognormal given its own mean and coefficient of variation (the natural way to state a
 * skewed latency or processing time): sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2.
 */
export class Lognormal implements Distribution {
  readonly kind = 'lognormal';
  readonly variance: number;
  private readonly mu: number;
  private readonly sigma: number;

  constructor(readonly mean: number, readonly cv: number) {
    requireParam(Number.isFinite(mean) && mean > 0, this.kind, `mean must be positive, got ${mean}`);
    requireParam(Number.isFinite(cv) && cv >= 0, this.kind, `cv must be >= 0, got ${cv}`);
    const s2 = Math.log(1 + cv * cv);
    this.sigma = Math.sqrt(s2);
    this.mu = Math.log(mean) - s2 / 2;
    this.variance = (cv * mean) ** 2;
  }

  sample(rng: Rng): number {
    if (this.sigma === 0) return this.mean;
    return Math.exp(this.mu + this.sigma * standardNormal(rng));
  }
}
