import fc from 'fast-check';
import * as hdr from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { decodeHistogram, encodeHistogram } from '../src/engine/stats/histogram-codec.js';
import { Percentiles } from '../src/engine/stats/percentiles.js';

/** A histogram as Percentiles builds it, with `counts[i]` values at i * 7 (every other left empty makes runs of zeros). */
function histogramOf(entries: readonly [number, number][], digits: 1 | 2 | 3 | 4 | 5 = 3): hdr.Histogram {
  const h = hdr.build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2 ** 40, numberOfSignificantValueDigits: digits, useWebAssembly: false });
  for (const [value, count] of entries) h.recordValueWithCount(value, count);
  return h;
}

describe('histogram codec (HdrHistogram compressed V2, as hdr-histogram-js writes it)', () => {
  it('encodes byte for byte as the library, and reads back every count, for any counts and values', () => {
    // Counts take 1 to 5 ZigZag bytes; values up to 2^46 grow the histogram past its 2^40 range
    // (autoResize), as a long simulation can. A bucket of an Int32 histogram holds at most
    // 2^31 - 1 (beyond, the library's own count wraps), so the counts of one case stay below
    // that however many of its entries share a bucket: up to 60 of at most 2^20, and one more
    // up to 2^31 - 1 - 60 * 2^20 (above 2^30: five bytes).
    const value = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 46 }));
    const entry = fc.tuple(value, fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 ** 20 })));
    const big = fc.option(fc.tuple(value, fc.integer({ min: 1, max: 2 ** 31 - 1 - 60 * 2 ** 20 })), { nil: undefined });
    const cases = fc.tuple(fc.array(entry, { maxLength: 60 }), big).map(([entries, one]) => (one === undefined ? entries : [...entries, one]));
    fc.assert(
      fc.property(cases, fc.constantFrom(1, 2, 3, 4), (entries, digits) => {
        const h = histogramOf(entries, digits as 1 | 2 | 3 | 4);
        const ours = encodeHistogram(h as never);
        expect(ours).toBe(hdr.encodeIntoCompressedBase64(h));
        const back = decodeHistogram(ours);
        const theirs = hdr.decodeFromCompressedBase64(ours) as unknown as { getCountAtIndex(i: number): number; countsArrayLength: number };
        expect([back.digits, back.lowest, back.highest]).toEqual([digits, 1, h.highestTrackableValue]);
        const expected = Array.from({ length: theirs.countsArrayLength }, (_, i) => theirs.getCountAtIndex(i));
        const got = Array.from({ length: theirs.countsArrayLength }, (_, i) => back.counts[i] ?? 0);
        expect(back.counts.length).toBeLessThanOrEqual(theirs.countsArrayLength);
        expect(got).toEqual(expected);
        expect(back.counts.reduce((a, b) => a + b, 0)).toBe(h.totalCount);
      }),
      { numRuns: 40 },
    );
  });

  it('an empty histogram: the 16-byte buffer the library starts with, and no counts', () => {
    const h = histogramOf([]);
    expect(encodeHistogram(h as never)).toBe(hdr.encodeIntoCompressedBase64(h));
    expect(decodeHistogram(encodeHistogram(h as never)).counts.every((c) => c === 0)).toBe(true);
  });

  it('a run of zeros is one negative length; a count above 2^28 takes five bytes', () => {
    const h = histogramOf([[1, 2 ** 30], [1000, 1]]) as hdr.Histogram & { countsArrayIndex(value: number): number };
    const counts = decodeHistogram(encodeHistogram(h as never)).counts;
    expect(counts[1]).toBe(2 ** 30);
    expect(counts[h.countsArrayIndex(1000)]).toBe(1);
    expect(counts.length).toBe(h.countsArrayIndex(1000) + 1);
  });

  it('refuses what is not a compressed V2 histogram, naming the encoding', () => {
    expect(() => decodeHistogram('aGVsbG8gd29ybGQ=')).toThrow(/compressed V2/);
    expect(() => decodeHistogram('')).toThrow(/compressed V2/);
  });

  it('Percentiles pooled from encodings equal the library merging its own decodings', () => {
    const a = new Percentiles();
    const b = new Percentiles();
    for (let i = 1; i <= 5000; i++) a.record(i * 97);
    for (let i = 1; i <= 300; i++) b.record(2 ** 41 + i * 1e6);
    const pooled = new Percentiles();
    expect(pooled.mergeEncoded(a.encode()) + pooled.mergeEncoded(b.encode())).toBe(5300);
    const reference = histogramOf([]);
    reference.add(hdr.decodeFromCompressedBase64(a.encode()));
    reference.add(hdr.decodeFromCompressedBase64(b.encode()));
    expect(pooled.encode()).toBe(hdr.encodeIntoCompressedBase64(reference));
    for (const p of [50, 95, 99, 99.9]) expect(pooled.valueAt(p)).toBe(reference.getValueAtPercentile(p));
  });
});
