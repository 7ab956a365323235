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
  standardNormal,
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

describe('standard normals: Box-Muller pairs kept per stream', () => {
  it('a stream gives both variates of each pair: standard, and uncorrelated within and across pairs', () => {
    const rng = new RandomStreams('pairs').stream('normal');
    const n = 200_000;
    const z = Float64Array.from({ length: n }, () => standardNormal(rng));
    let sum = 0;
    let sq = 0;
    let within = 0;
    let across = 0;
    for (let i = 0; i < n; i++) {
      sum += z[i] as number;
      sq += (z[i] as number) ** 2;
      if (i % 2 === 0) within += (z[i] as number) * (z[i + 1] as number);
      else if (i + 1 < n) across += (z[i] as number) * (z[i + 1] as number);
    }
    // Four standard errors each (the products of independent standard normals have variance 1).
    expect(Math.abs(sum / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(sq / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(within / (n / 2))).toBeLessThan(4 / Math.sqrt(n / 2));
    expect(Math.abs(across / (n / 2))).toBeLessThan(4 / Math.sqrt(n / 2));
  });

  it('two uniforms make both variates of a pair on a stream, one variate on an Rng without a spare slot', () => {
    // u1 = 1/4, u2 = 1/8: r = sqrt(-2 ln 1/4), angle 45 degrees, so the pair is (r / sqrt 2, r / sqrt 2).
    const expected = Math.sqrt(-2 * Math.log(0.25)) * Math.SQRT1_2;
    const uniforms = (): (() => number) => {
      let k = 0;
      return () => (k++ % 2 === 0 ? 0.25 : 0.125);
    };
    let used = 0;
    const next = uniforms();
    const stream = { double: () => (used++, next()), spareNormal: Number.NaN };
    expect(standardNormal(stream)).toBeCloseTo(expected, 12);
    expect(standardNormal(stream)).toBeCloseTo(expected, 12);
    expect(used).toBe(2);
    expect(Number.isNaN(stream.spareNormal)).toBe(true);
    let stubUsed = 0;
    const stubNext = uniforms();
    const stub = { double: () => (stubUsed++, stubNext()) };
    expect(standardNormal(stub)).toBeCloseTo(expected, 12);
    expect(standardNormal(stub)).toBeCloseTo(expected, 12);
    expect(stubUsed).toBe(4);
  });
});
