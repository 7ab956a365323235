import fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { Counter, Percentiles, Tally, TimeWeighted } from '../src/engine/index.js';

/** hdr-histogram-js as Percentiles builds it: the reference the fast paths are checked against. */
function libraryHistogram(digits: 1 | 2 | 3 | 4 | 5 = 3): hdr.Histogram {
  return hdr.build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2 ** 40, numberOfSignificantValueDigits: digits, useWebAssembly: false });
}

describe('statistics', () => {
  it('counter adds and resets', () => {
    const c = new Counter();
    c.add();
    c.add(4);
    expect(c.value).toBe(5);
    c.reset();
    expect(c.value).toBe(0);
  });

  it('tally gives the hand-computed mean, sample variance, min and max', () => {
    const t = new Tally();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) t.record(x);
    expect(t.count).toBe(8);
    expect(t.mean).toBe(5);
    expect(t.variance).toBeCloseTo(32 / 7, 12);
    expect([t.min, t.max, t.sum]).toEqual([2, 9, 40]);
    t.reset();
    expect([t.count, t.mean, t.variance]).toEqual([0, 0, 0]);
  });

  it('tally stays accurate with a large offset (Welford, not sum of squares)', () => {
    const t = new Tally();
    for (const x of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) t.record(x);
    expect(t.variance).toBeCloseTo(30, 6);
  });

  it('merged tallies equal one tally over all observations (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true })), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true })), (xs, ys) => {
        const a = new Tally();
        const b = new Tally();
        const all = new Tally();
        for (const x of xs) {
          a.record(x);
          all.record(x);
        }
        for (const y of ys) {
          b.record(y);
          all.record(y);
        }
        a.merge(b);
        expect(a.count).toBe(all.count);
        expect(a.mean).toBeCloseTo(all.mean, 6);
        expect(Math.abs(a.variance - all.variance)).toBeLessThanOrEqual(1e-6 * Math.max(1, all.variance));
        expect([a.min, a.max]).toEqual([all.min, all.max]);
      }),
    );
  });

  it('time-weighted average of a step function, with max and warm-up reset', () => {
    const q = new TimeWeighted(0, 0);
    q.update(2, 3); // 0 over [0,2)
    q.update(6, 1); // 3 over [2,6)
    q.add(8, 1); //    1 over [6,8), then 2
    expect(q.mean(10)).toBeCloseTo((0 * 2 + 3 * 4 + 1 * 2 + 2 * 2) / 10, 12);
    expect(q.max).toBe(3);
    q.reset(10);
    expect(q.max).toBe(2);
    expect(q.mean(10)).toBe(2);
    q.update(15, 0);
    expect(q.mean(20)).toBeCloseTo((2 * 5 + 0 * 5) / 10, 12);
  });

  it('percentiles of 1..100000 are within 0.1% and max/mean are right', () => {
    const p = new Percentiles();
    for (let v = 1; v <= 100_000; v++) p.record(v);
    expect(p.count).toBe(100_000);
    for (const [q, expected] of [[50, 50_000], [95, 95_000], [99, 99_000]] as const) {
      expect(Math.abs(p.valueAt(q) - expected) / expected).toBeLessThan(0.001);
    }
    expect(Math.abs(p.max - 100_000) / 100_000).toBeLessThan(0.001);
    expect(Math.abs(p.mean - 50_000.5) / 50_000.5).toBeLessThan(0.001);
  });

  it('merging histograms equals pooling observations (percentiles are merged, not averaged)', () => {
    const low = new Percentiles();
    const high = new Percentiles();
    const pooled = new Percentiles();
    for (let v = 1; v <= 1000; v++) {
      low.record(v);
      pooled.record(v);
    }
    for (let v = 1_000_001; v <= 1_009_000; v++) {
      high.record(v);
      pooled.record(v);
    }
    // Averaging the two medians would give about 502,750; the pooled median is in the high group.
    low.merge(high);
    expect(low.valueAt(50)).toBe(pooled.valueAt(50));
    expect(low.valueAt(50)).toBeGreaterThan(1_000_000);
    expect(low.count).toBe(10_000);
  });

  it('survives encode/decode (to cross worker threads) with identical percentiles', () => {
    const p = new Percentiles();
    for (let v = 0; v < 5000; v++) p.record((v * 7919) % 100_003);
    const q = Percentiles.decode(p.encode());
    for (const pct of [0, 10, 50, 90, 99, 99.9, 100]) expect(q.valueAt(pct)).toBe(p.valueAt(pct));
    expect(q.count).toBe(p.count);
    // Pooling encoded runs straight into one histogram equals decoding each and merging.
    const r = new Percentiles();
    for (let v = 0; v < 3000; v++) r.record(200_000 + ((v * 104_729) % 1_000_003));
    const pooled = new Percentiles();
    expect([pooled.mergeEncoded(p.encode()), pooled.mergeEncoded(r.encode())]).toEqual([5000, 3000]);
    const merged = Percentiles.decode(p.encode());
    merged.merge(Percentiles.decode(r.encode()));
    for (const pct of [0, 10, 50, 90, 99, 99.9, 100]) expect(pooled.valueAt(pct)).toBe(merged.valueAt(pct));
    expect(pooled.count).toBe(8000);
  });

  it('percentiles reset, report 0 when empty, and reject negative values', () => {
    const p = new Percentiles();
    expect([p.valueAt(50), p.mean, p.max, p.count]).toEqual([0, 0, 0, 0]);
    p.record(10);
    p.reset();
    expect(p.count).toBe(0);
    expect(() => p.record(-1)).toThrow(RangeError);
  });

  it('percentiles record values beyond the configured range (auto-resize)', () => {
    const p = new Percentiles({ highestTrackable: 1000 });
    p.record(5_000_000);
    expect(Math.abs(p.max - 5_000_000) / 5_000_000).toBeLessThan(0.001);
  });

  it('merging an encoded histogram gives exactly what the library\'s add() gives (counts, percentiles, encoding, min and max)', () => {
    const value = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 2 ** 43, noNaN: true }), fc.integer({ min: 0, max: 46 }).map((k) => 2 ** k));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 100 }), fc.array(fc.array(value, { maxLength: 100 }), { minLength: 1, maxLength: 3 }), (own, runs) => {
        const pooled = new Percentiles();
        const reference = libraryHistogram();
        for (const v of own) pooled.record(v);
        for (const v of own) reference.recordValue(Math.round(v));
        for (const run of runs) {
          const r = new Percentiles();
          for (const v of run) r.record(v);
          const encoded = r.encode();
          expect(pooled.mergeEncoded(encoded)).toBe(run.length);
          reference.add(hdr.decodeFromCompressedBase64(encoded));
        }
        const inner = (pooled as unknown as { histogram: hdr.Histogram }).histogram;
        // The reference recorded `own` value by value: compare what recording by bucket does not change.
        expect([inner.totalCount, pooled.count]).toEqual([reference.totalCount, reference.totalCount]);
        for (const q of [0, 1, 50, 95, 99, 100]) expect(pooled.valueAt(q)).toBe(reference.getValueAtPercentile(q));
        expect(pooled.encode()).toBe(hdr.encodeIntoCompressedBase64(reference));
        if (own.length === 0) expect([inner.minNonZeroValue, inner.maxValue]).toEqual([reference.minNonZeroValue, reference.maxValue]);
      }),
      { numRuns: 150 },
    );
  });

  it('percentiles count exactly as hdr-histogram-js recording value by value (same buckets, percentiles, encoding)', () => {
    // Values near every power of two (where a bucket index could be off by one), anywhere
    // up to 2^46 (past the 2^44 where recording goes straight to the library), and fractions.
    const nearPowerOfTwo = fc.tuple(fc.integer({ min: 0, max: 46 }), fc.integer({ min: -2, max: 2 })).map(([k, d]) => Math.max(0, 2 ** k + d));
    const value = fc.oneof(nearPowerOfTwo, fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 2 ** 46, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), fc.constantFrom(1, 2, 3), fc.nat(), (values, digits, readAt) => {
        const p = new Percentiles({ significantDigits: digits as 1 | 2 | 3 | 4 | 5 });
        const reference = libraryHistogram(digits as 1 | 2 | 3);
        let largest = 0;
        values.forEach((v, i) => {
          p.record(v);
          reference.recordValue(Math.round(v));
          largest = Math.max(largest, Math.round(v));
          // A read in the middle hands the counts so far over; recording then goes on.
          if (i === readAt % values.length) expect(p.valueAt(50)).toBe(reference.getValueAtPercentile(50));
        });
        expect(p.count).toBe(values.length);
        for (const q of [0, 1, 25, 50, 90, 99, 99.9, 100]) expect(p.valueAt(q)).toBe(reference.getValueAtPercentile(q));
        expect(p.mean).toBe(reference.mean);
        expect(p.max).toBe(largest);
        expect(p.encode()).toBe(hdr.encodeIntoCompressedBase64(reference));
        // The library's own state too: counts handed over by index leave its total, minimum
        // and maximum as if each value had been recorded at its bucket's lowest value.
        const byBucket = libraryHistogram(digits as 1 | 2 | 3);
        const lowest = (v: number): number => (byBucket as unknown as { lowestEquivalentValue(v: number): number }).lowestEquivalentValue(v);
        for (const v of values) byBucket.recordValue(Math.round(v) >= 2 ** 44 ? Math.round(v) : lowest(Math.round(v)));
        const inner = (p as unknown as { histogram: hdr.Histogram }).histogram;
        expect([inner.totalCount, inner.minNonZeroValue, inner.maxValue]).toEqual([byBucket.totalCount, byBucket.minNonZeroValue, byBucket.maxValue]);
      }),
      { numRuns: 200 },
    );
  });
});
