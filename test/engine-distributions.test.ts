import { describe, expect, it } from 'vitest';
import {
  Constant,
  EmpiricalPercentiles,
  EmpiricalValues,
  Erlang,
  Exponential,
  Gamma,
  Lognormal,
  RandomStreams,
  TruncatedNormal,
  Uniform,
  normalCdf,
  type Distribution,
} from '../src/engine/index.js';

const N = 400_000;

/** Sample moments of n draws: mean, variance, and the fourth central moment (for the variance's standard error). */
function moments(d: Distribution, n: number, seed: string): { mean: number; variance: number; m4: number } {
  const rng = new RandomStreams(seed).stream(d.kind);
  const xs = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = d.sample(rng);
    xs[i] = x;
    sum += x;
  }
  const mean = sum / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mean;
    const d2 = dx * dx;
    m2 += d2;
    m4 += d2 * d2;
  }
  return { mean, variance: m2 / (n - 1), m4: m4 / n };
}

const cases: [string, Distribution][] = [
  ['uniform(2, 10)', new Uniform(2, 10)],
  ['exponential(mean 3)', new Exponential(3)],
  ['normal(10, 3) truncated at 0', new TruncatedNormal(10, 3)],
  ['normal(1, 2) truncated at 0 (heavy truncation)', new TruncatedNormal(1, 2)],
  ['lognormal(mean 40, cv 0.5)', new Lognormal(40, 0.5)],
  ['gamma(mean 20, cv 0.5)', Gamma.fromMeanCv(20, 0.5)],
  ['gamma(shape 0.4, scale 2): shape below 1', new Gamma(0.4, 2)],
  ['erlang(3 phases, mean 6)', new Erlang(3, 6)],
  ['empirical values', new EmpiricalValues([1, 2, 2, 3, 10])],
  ['empirical percentiles', new EmpiricalPercentiles([{ p: 0, value: 0 }, { p: 0.5, value: 40 }, { p: 0.95, value: 150 }, { p: 1, value: 900 }])],
];

describe('distributions: sample moments match declared mean and variance', () => {
  it.each(cases)('%s', (_name, d) => {
    const { mean, variance, m4 } = moments(d, N, 'moments');
    // Four standard errors: a correct sampler fails about once in 16,000 such checks,
    // a wrong parameterisation (e.g. sd for variance, rate for mean) fails every time.
    const meanSe = Math.sqrt(d.variance / N);
    const varSe = Math.sqrt(Math.max(m4 - variance * variance, 0) / N);
    expect(Math.abs(mean - d.mean)).toBeLessThan(4 * meanSe);
    expect(Math.abs(variance - d.variance)).toBeLessThan(4 * varSe);
  });

  it('truncated normal declares the truncated moments, not the parent ones', () => {
    const d = new TruncatedNormal(1, 2);
    expect(d.mean).toBeGreaterThan(1);
    expect(d.variance).toBeLessThan(4);
    // Closed form check for mu = 0: half-normal mean sd*sqrt(2/pi), variance sd^2 (1 - 2/pi).
    const half = new TruncatedNormal(0, 3);
    expect(half.mean).toBeCloseTo(3 * Math.sqrt(2 / Math.PI), 6);
    expect(half.variance).toBeCloseTo(9 * (1 - 2 / Math.PI), 5);
  });

  it('never draws a negative duration from the truncated normal', () => {
    const d = new TruncatedNormal(0.5, 2);
    const rng = new RandomStreams(1).stream('x');
    for (let i = 0; i < 100_000; i++) expect(d.sample(rng)).toBeGreaterThanOrEqual(0);
  });

  it('constant always returns its value and declares zero variance', () => {
    const d = new Constant(250);
    const rng = new RandomStreams(1).stream('x');
    expect([d.sample(rng), d.sample(rng)]).toEqual([250, 250]);
    expect([d.mean, d.variance]).toEqual([250, 0]);
  });

  it('empirical percentiles honour the table: the share of draws below each value is its p', () => {
    const d = new EmpiricalPercentiles([{ p: 0, value: 0 }, { p: 0.5, value: 40 }, { p: 0.95, value: 150 }, { p: 1, value: 900 }]);
    const rng = new RandomStreams(3).stream('x');
    const n = 100_000;
    let below40 = 0;
    let below150 = 0;
    for (let i = 0; i < n; i++) {
      const x = d.sample(rng);
      if (x <= 40) below40++;
      if (x <= 150) below150++;
    }
    // Four binomial standard errors.
    expect(Math.abs(below40 / n - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / n));
    expect(Math.abs(below150 / n - 0.95)).toBeLessThan(4 * Math.sqrt(0.0475 / n));
  });

  it('normalCdf matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980, 7);
  });

  it.each([
    ['exponential with mean 0', () => new Exponential(0)],
    ['uniform with min > max', () => new Uniform(3, 1)],
    ['lognormal with negative cv', () => new Lognormal(10, -1)],
    ['gamma with zero cv', () => Gamma.fromMeanCv(10, 0)],
    ['erlang with 2.5 phases', () => new Erlang(2.5, 10)],
    ['normal with negative sd', () => new TruncatedNormal(1, -1)],
    ['normal almost entirely below zero', () => new TruncatedNormal(-10, 1)],
    ['empty empirical table', () => new EmpiricalValues([])],
    ['percentiles not ending at p = 1', () => new EmpiricalPercentiles([{ p: 0, value: 0 }, { p: 0.9, value: 1 }])],
    ['percentiles with decreasing values', () => new EmpiricalPercentiles([{ p: 0, value: 5 }, { p: 1, value: 1 }])],
  ])('rejects bad parameters: %s', (_name, make) => {
    expect(make).toThrow(RangeError);
  });
});
