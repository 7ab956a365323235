/** The distribution contract and the simplest families: constant, uniform, exponential. */

import type { Rng } from '../rng.js';

/**
 * A random variate generator that declares its analytic mean and variance, so tests can
 * check samples against them and reports can show what was configured. Units are the
 * caller's: duration distributions are built in microseconds by the scenario layer.
 */
export interface Distribution {
  /** Family name, e.g. `exponential`. */
  readonly kind: string;
  /** Analytic mean. */
  readonly mean: number;
  /** Analytic variance. */
  readonly variance: number;
  /** Draws one value using `rng` (and nothing else: no hidden state between calls). */
  sample(rng: Rng): number;
}

/** Throws a RangeError naming the family and parameter unless `ok`. */
export function requireParam(ok: boolean, kind: string, message: string): void {
  if (!ok) throw new RangeError(`${kind}: ${message}`);
}

/** Always the same value (a fixed latency or service time). */
export class Constant implements Distribution {
  readonly kind = 'constant';
  readonly variance = 0;

  constructor(readonly value: number) {
    requireParam(Number.isFinite(value), this.kind, `value must be finite, got ${value}`);
  }

  get mean(): number {
    return this.value;
  }

  sample(_rng: Rng): number {
    return this.value;
  }
}

/** Uniform on [min, max]. */
export class Uniform implements Distribution {
  readonly kind = 'uniform';
  readonly mean: number;
  readonly variance: number;
  private readonly width: number;

  constructor(readonly min: number, readonly max: number) {
    requireParam(Number.isFinite(min) && Number.isFinite(max) && min <= max, this.kind, `need finite min <= max, got min ${min}, max ${max}`);
    this.width = max - min;
    this.mean = (min + max) / 2;
    this.variance = (this.width * this.width) / 12;
  }

  sample(rng: Rng): number {
    return this.min + this.width * rng.double();
  }
}

/** Exponential with the given mean (memoryless inter-arrival and service times). */
export class Exponential implements Distribution {
  readonly kind = 'exponential';
  readonly variance: number;

  constructor(readonly mean: number) {
    requireParam(Number.isFinite(mean) && mean > 0, this.kind, `mean must be positive, got ${mean}`);
    this.variance = mean * mean;
  }

  sample(rng: Rng): number {
    // double() is never 0, so the logarithm is finite.
    return -this.mean * Math.log(rng.double());
  }
}
