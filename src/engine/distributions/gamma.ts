/** Gamma and Erlang families (Marsaglia-Tsang sampling). */

import type { Rng } from '../rng.js';
import { requireParam, type Distribution } from './distribution.js';
import { standardNormal } from './normal.js';

/**
 * Gamma with shape `k` and scale `theta`: mean k*theta, variance k*theta^2. Build it from a
 * mean and coefficient of variation with {@link Gamma.fromMeanCv} (shape = 1/cv^2).
 */
export class Gamma implements Distribution {
  readonly kind: string = 'gamma';
  readonly mean: number;
  readonly variance: number;
  private readonly d: number;
  private readonly c: number;
  private readonly boost: boolean;

  constructor(readonly shape: number, readonly scale: number) {
    requireParam(Number.isFinite(shape) && shape > 0, 'gamma', `shape must be positive, got ${shape}`);
    requireParam(Number.isFinite(scale) && scale > 0, 'gamma', `scale must be positive, got ${scale}`);
    this.mean = shape * scale;
    this.variance = shape * scale * scale;
    // Marsaglia-Tsang needs shape >= 1; smaller shapes sample Gamma(k+1) * U^(1/k).
    this.boost = shape < 1;
    const k = this.boost ? shape + 1 : shape;
    this.d = k - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
  }

  /** Gamma with the given mean and coefficient of variation. */
  static fromMeanCv(mean: number, cv: number): Gamma {
    requireParam(Number.isFinite(mean) && mean > 0, 'gamma', `mean must be positive, got ${mean}`);
    requireParam(Number.isFinite(cv) && cv > 0, 'gamma', `cv must be positive, got ${cv}`);
    const shape = 1 / (cv * cv);
    return new Gamma(shape, mean / shape);
  }

  sample(rng: Rng): number {
    const d = this.d;
    const c = this.c;
    let g: number;
    for (;;) {
      const x = standardNormal(rng);
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = rng.double();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        g = d * v;
        break;
      }
    }
    if (this.boost) g *= rng.double() ** (1 / this.shape);
    return g * this.scale;
  }
}

/** Erlang: the sum of `phases` exponential stages with a total mean `mean` (cv = 1/sqrt(phases)). */
export class Erlang extends Gamma {
  override readonly kind = 'erlang';

  constructor(readonly phases: number, mean: number) {
    requireParam(Number.isInteger(phases) && phases >= 1, 'erlang', `phases must be a positive integer, got ${phases}`);
    requireParam(Number.isFinite(mean) && mean > 0, 'erlang', `mean must be positive, got ${mean}`);
    super(phases, mean / phases);
  }
}
