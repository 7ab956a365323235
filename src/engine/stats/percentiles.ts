/** Percentiles in fixed memory (HdrHistogram), mergeable across replications and worker threads. */

import { createRequire } from 'node:module';
import type * as HistogramModule from 'hdr-histogram-js/dist/Histogram.js';
import type * as BuilderModule from 'hdr-histogram-js/dist/HistogramBuilder.js';
import type * as EncodingModule from 'hdr-histogram-js/dist/encoding.js';
import type * as JsHistogramModule from 'hdr-histogram-js/dist/JsHistogram.js';

// The library's parts by file, required as CommonJS: its index also loads log readers and
// writers, a recorder and packed histograms never used here, and `import`ing the parts one by
// one goes through the ES module loader for each (either way about 24 ms more of a command's
// start-up than this).
const require = createRequire(import.meta.url);
const { build: buildHistogram } = require('hdr-histogram-js/dist/HistogramBuilder.js') as typeof BuilderModule;
const { decodeFromCompressedBase64, encodeIntoCompressedBase64 } = require('hdr-histogram-js/dist/encoding.js') as typeof EncodingModule;
const { JsHistogram } = require('hdr-histogram-js/dist/JsHistogram.js') as typeof JsHistogramModule;
type Histogram = HistogramModule.default;
type JsHistogram = JsHistogramModule.JsHistogram;

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
  private readonly histogram: Histogram;
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
  /** The histogram as the library's JavaScript class, whose counts can be added to by index (null: use values). */
  private readonly byIndex: JsHistogram | null;

  constructor(options: PercentilesOptions = {}) {
    this.histogram = build(options);
    this.byIndex = this.histogram instanceof JsHistogram ? this.histogram : null;
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
    return encodeIntoCompressedBase64(this.flushed());
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
    const other = decodeFromCompressedBase64(encoded);
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
  private flushed(): Histogram {
    if (this.pendingCount > 0) {
      const h = this.histogram;
      const byIndex = this.byIndex;
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
        if (byIndex !== null && i < byIndex.countsArrayLength) {
          byIndex.addToCountAtIndex(i, c);
          if (lo < 0 && i > 0) lo = i;
          hi = i;
          added += c;
        } else {
          h.recordValueWithCount(valueAtIndex(i, this.halfCount), c); // past the counts array: the library grows it
        }
      }
      if (byIndex !== null && added > 0) {
        if (lo >= 0) byIndex.updateMinAndMax(valueAtIndex(lo, this.halfCount));
        byIndex.updateMinAndMax(valueAtIndex(hi, this.halfCount));
        byIndex.addToTotalCount(added);
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

function build(options: PercentilesOptions): Histogram {
  return buildHistogram({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: options.highestTrackable ?? 2 ** 40,
    numberOfSignificantValueDigits: options.significantDigits ?? 3,
    useWebAssembly: false,
  });
}
