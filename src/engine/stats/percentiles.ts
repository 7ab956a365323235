/** Percentiles in fixed memory (HdrHistogram), mergeable across replications and worker threads. */

import { createRequire } from 'node:module';
import type Int32HistogramModule from 'hdr-histogram-js/dist/Int32Histogram.js';
import type { JsHistogram } from 'hdr-histogram-js/dist/JsHistogram.js';
import { decodeHistogram, encodeHistogram } from './histogram-codec.js';

// The library's 32-bit histogram by its file, required as CommonJS: its index (and its
// builder and encoding modules) also load its WebAssembly build, pako, log readers and
// writers, a recorder and packed histograms never used here; `import`ing its parts one by
// one goes through the ES module loader for each. Encoding is histogram-codec.ts.
const require = createRequire(import.meta.url);
const Int32Histogram = (require('hdr-histogram-js/dist/Int32Histogram.js') as typeof Int32HistogramModule).default;

/** Options of a {@link Percentiles} histogram. */
export interface PercentilesOptions {
  /** Decimal digits of value resolution kept (1-5; default 3: 0.1% relative error). */
  significantDigits?: 1 | 2 | 3 | 4 | 5;
  /** Largest value expected; larger values are still recorded (the histogram grows). Default 2^40. */
  highestTrackable?: number;
}

/** Values from here up are recorded straight into the histogram (below it, `Math.log2` and integer arithmetic agree on every bucket). */
const FAST_LIMIT = 2 ** 44;

/**
 * A high-dynamic-range histogram of non-negative integer observations (latencies in
 * microseconds). Memory depends on the value range and precision, not on the number of
 * observations. Merging adds counts, so percentiles of several runs are exact percentiles
 * of the pooled observations, not averages of percentiles.
 *
 * Recording is on the hot path (every order's milestones), and hdr-histogram-js spends a
 * logarithm and two powers per value finding its bucket. So values are counted here by the
 * same bucket index, found with `Math.clz32`, and added to the library's counts at that
 * index only when the histogram is read, merged or encoded: the library's counts,
 * percentiles and encoding come out exactly as if each value had been recorded one by one
 * (a test checks that).
 */
export class Percentiles {
  /** The library's histogram (its JavaScript class, whose counts can be added to by index). */
  private readonly histogram: JsHistogram;
  /** log2 of half the sub-buckets per bucket (hdr's subBucketHalfCountMagnitude), and that half count. */
  private readonly halfMagnitude: number;
  private readonly halfCount: number;
  /** Counts not yet handed to the histogram, by hdr's counts index; grown on demand. */
  private pending: Uint32Array = EMPTY;
  /** Values counted in `pending`, and one past the highest index touched. */
  private pendingCount = 0;
  private pendingEnd = 0;
  /** Largest value recorded here (hdr keeps only its bucket once counts are handed over). */
  private largest = 0;

  constructor(options: PercentilesOptions = {}) {
    this.histogram = new Int32Histogram(1, options.highestTrackable ?? 2 ** 40, options.significantDigits ?? 3);
    this.histogram.autoResize = true;
    const digits = options.significantDigits ?? 3;
    this.halfMagnitude = Math.max(Math.ceil(Math.log2(2 * 10 ** digits)), 1) - 1;
    this.halfCount = 2 ** this.halfMagnitude;
  }

  /** Records a value (rounded to an integer; negative values are an error). */
  record(value: number): void {
    if (!(value >= 0)) throw new RangeError(`Percentiles: cannot record ${value}`);
    const v = Math.round(value);
    if (v > this.largest) this.largest = v;
    if (v >= FAST_LIMIT) {
      this.histogram.recordValue(v);
      return;
    }
    const i = countsIndex(v, this.halfMagnitude, this.halfCount);
    if (i >= this.pending.length) this.growPending(i);
    (this.pending[i] as number)++;
    if (i >= this.pendingEnd) this.pendingEnd = i + 1;
    // No bucket may count past 2^32 - 1 (Uint32Array): hand the counts over before any could.
    if (++this.pendingCount === 0xffffffff) this.flushed();
  }

  /** Number of recorded values. */
  get count(): number {
    return this.histogram.totalCount + this.pendingCount;
  }

  /** The value at percentile `p` (0-100), or 0 with no observations. */
  valueAt(p: number): number {
    return this.count === 0 ? 0 : this.flushed().getValueAtPercentile(p);
  }

  /** Mean of the recorded values (at histogram resolution). */
  get mean(): number {
    return this.count === 0 ? 0 : this.flushed().mean;
  }

  /** Largest recorded value (exact when recorded here, at histogram resolution when merged in), 0 with no observations. */
  get max(): number {
    return this.count === 0 ? 0 : Math.max(this.largest, this.flushed().maxValue);
  }

  /** Adds another histogram's counts to this one. */
  merge(other: Percentiles): void {
    this.flushed().add(other.flushed());
    if (other.largest > this.largest) this.largest = other.largest;
  }

  /** Compact base64 form, to send across worker threads or store. */
  encode(): string {
    return encodeHistogram(this.flushed());
  }

  /** Rebuilds a histogram from {@link encode}'s output. */
  static decode(encoded: string, options: PercentilesOptions = {}): Percentiles {
    const p = new Percentiles(options);
    p.mergeEncoded(encoded);
    return p;
  }

  /**
   * Adds the counts of an {@link encode}d histogram straight into this one (pooling runs
   * without building a histogram per run); returns how many values it held.
   */
  mergeEncoded(encoded: string): number {
    const d = decodeHistogram(encoded);
    // As the library decodes: a histogram of the encoded shape, its counts set by index.
    const other = new Int32Histogram(d.lowest, d.highest, d.digits);
    for (let i = 0; i < d.counts.length; i++) if ((d.counts[i] as number) > 0) other.setCountAtIndex(i, d.counts[i] as number);
    other.establishInternalTackingValues(d.counts.length);
    this.flushed().add(other);
    return other.totalCount;
  }

  /** Forgets every observation (warm-up). */
  reset(): void {
    this.histogram.reset();
    this.pending.fill(0, 0, this.pendingEnd);
    this.pendingCount = 0;
    this.pendingEnd = 0;
    this.largest = 0;
  }

  /** The histogram with every pending count handed over. */
  private flushed(): JsHistogram {
    if (this.pendingCount > 0) {
      const h = this.histogram;
      const pending = this.pending;
      // Straight into the library's counts at the same index; `recordValueWithCount` would find
      // the index again (a logarithm and two powers per bucket) and update min, max and total
      // per bucket. Its outcome is the same: the lowest and highest values, the sum of counts.
      let lo = -1;
      let hi = -1;
      let added = 0;
      for (let i = 0; i < this.pendingEnd; i++) {
        const c = pending[i] as number;
        if (c === 0) continue;
        if (i < h.countsArrayLength) {
          h.addToCountAtIndex(i, c);
          if (lo < 0 && i > 0) lo = i;
          hi = i;
          added += c;
        } else {
          h.recordValueWithCount(valueAtIndex(i, this.halfCount), c); // past the counts array: the library grows it
        }
      }
      if (added > 0) {
        if (lo >= 0) h.updateMinAndMax(valueAtIndex(lo, this.halfCount));
        h.updateMinAndMax(valueAtIndex(hi, this.halfCount));
        h.addToTotalCount(added);
      }
      pending.fill(0, 0, this.pendingEnd);
      this.pendingCount = 0;
      this.pendingEnd = 0;
    }
    return this.histogram;
  }

  private growPending(i: number): void {
    let n = Math.max(this.pending.length, 1024);
    while (n <= i) n *= 2;
    const grown = new Uint32Array(n);
    grown.set(this.pending);
    this.pending = grown;
  }
}

const EMPTY = new Uint32Array(0);
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

/**
 * hdr's counts index of integer `v` (0 <= v < 2^44) for a histogram whose lowest
 * discernible value is 1 and whose buckets have `halfCount` = 2^h sub-buckets in their upper
 * half: bucket b = max(floor(log2 v) - h, 0) holds v in sub-bucket floor(v / 2^b), at index
 * b * 2^h + sub-bucket.
 */
function countsIndex(v: number, h: number, halfCount: number): number {
  if (v < 0x100000000) {
    const log2 = 31 - Math.clz32(v);
    const b = log2 > h ? log2 - h : 0;
    return b * halfCount + (v >>> b);
  }
  const b = 63 - Math.clz32(Math.floor(v / 0x100000000)) - h;
  return b * halfCount + Math.floor(v / (POW2[b] as number));
}

/** The lowest value of counts index `i` (hdr's `valueFromIndex`), `halfCount` as in {@link countsIndex}. */
function valueAtIndex(i: number, halfCount: number): number {
  let bucket = Math.floor(i / halfCount) - 1;
  let sub = (i % halfCount) + halfCount;
  if (bucket < 0) {
    sub -= halfCount;
    bucket = 0;
  }
  return sub * (POW2[bucket] as number);
}
