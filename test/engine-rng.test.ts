import { Piscina } from 'piscina';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { RandomStreams, createStream } from '../src/engine/index.js';
import draw from './fixtures/rng-worker.js';

function take(seed: number | string, name: string, n: number): number[] {
  const rng = new RandomStreams(seed).stream(name);
  return Array.from({ length: n }, () => rng.double());
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('random streams', () => {
  it('give the same sequence for the same seed and name', () => {
    expect(take(42, 'placer/1/arrivals', 1000)).toEqual(take(42, 'placer/1/arrivals', 1000));
  });

  it('give different sequences for another seed or another name', () => {
    const base = take(42, 'placer/1/arrivals', 100);
    expect(take(43, 'placer/1/arrivals', 100)).not.toEqual(base);
    expect(take(42, 'placer/2/arrivals', 100)).not.toEqual(base);
  });

  it('are independent across similar names: near-zero correlation, no shared values', () => {
    const n = 100_000;
    const a = take(7, 'placer/17/arrivals', n);
    const b = take(7, 'placer/18/arrivals', n);
    const c = take(7, 'placer/17/arrival', n);
    // |r| of two independent uniform samples has sd 1/sqrt(n) = 0.0032; 5 sd is 0.016.
    expect(Math.abs(correlation(a, b))).toBeLessThan(0.016);
    expect(Math.abs(correlation(a, c))).toBeLessThan(0.016);
    // Lagged: b must not be a shifted copy of a.
    expect(Math.abs(correlation(a.slice(1), b.slice(0, -1)))).toBeLessThan(0.016);
    const set = new Set(a);
    expect(b.filter((x) => set.has(x)).length).toBe(0);
  });

  it('are not shifted by creating or using other streams (adding an actor changes nothing else)', () => {
    const alone = new RandomStreams(5);
    const expected = Array.from({ length: 50 }, () => alone.stream('filler/3/processing').double());
    const crowded = new RandomStreams(5);
    for (let i = 0; i < 20; i++) crowded.stream(`placer/${i}/arrivals`).double();
    const fp = crowded.stream('filler/3/processing');
    const got: number[] = [];
    for (let i = 0; i < 50; i++) {
      got.push(fp.double());
      crowded.stream('network').double();
    }
    expect(got).toEqual(expected);
  });

  it('return the same stream object for the same name, and scoped names equal full names', () => {
    const streams = new RandomStreams(1);
    expect(streams.stream('network')).toBe(streams.stream('network'));
    const scoped = streams.scoped('filler').scoped('3');
    const viaScope = Array.from({ length: 10 }, () => scoped.stream('processing').double());
    expect(viaScope).toEqual(take(1, 'filler/3/processing', 10));
    expect(createStream(1, 'x').double()).toBe(take(1, 'x', 1)[0]);
  });

  it('draw uniformly from (0, 1) with 53-bit resolution', () => {
    const xs = take('uniformity', 'u', 200_000);
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
    // Chi-square over 100 equal bins; 99 degrees of freedom, the 99.99th percentile is about 155.
    const bins = new Array<number>(100).fill(0);
    for (const x of xs) bins[Math.floor(x * 100)]!++;
    const expected = xs.length / 100;
    const chi2 = bins.reduce((s, o) => s + ((o - expected) ** 2) / expected, 0);
    expect(chi2).toBeLessThan(155);
    // Values with bits below 2^-32 set exist, i.e. not 32-bit floats.
    expect(xs.some((x) => Math.round(x * 2 ** 32) !== x * 2 ** 32)).toBe(true);
  });

  it("are seedrandom's Tyche-i, number for number, seeded from xor4096 of (seed, name)", () => {
    for (const [seed, name] of [[20261126, 'network'], ['x', 'placer/17/arrivals'], [0, '']] as const) {
      const mixer = seedrandom.xor4096(`fwsim:${String(seed)}:${name}`);
      const state = { a: mixer.int32(), b: mixer.int32(), c: mixer.int32(), d: mixer.int32() | 1 };
      const reference = seedrandom.tychei('', { state });
      const expected = Array.from({ length: 5000 }, () => reference.double());
      expect(take(seed, name, 5000)).toEqual(expected);
    }
  });

  it('produce identical sequences inside a piscina worker thread', async () => {
    const names = ['placer/1/arrivals', 'filler/2/processing', 'network'];
    const job = { seed: 20261126, names, n: 2000 };
    const pool = new Piscina({
      filename: new URL('./fixtures/rng-worker.ts', import.meta.url).href,
      execArgv: ['--import', 'tsx'],
      minThreads: 2,
      maxThreads: 2,
    });
    try {
      const [a, b] = await Promise.all([pool.run(job), pool.run(job)]);
      const local = draw(job);
      expect(a).toEqual(local);
      expect(b).toEqual(local);
    } finally {
      await pool.destroy();
    }
  });
});
