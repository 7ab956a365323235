/** Percentiles in fixed memory (HdrHistogram), mergeable across replications and worker threads. */

import * as hdr from 'hdr-histogram-js';

/** Options of a {@link Percentiles} histogram. */
export interface PercentilesOptions {
  /** Decimal digits of value resolution kept (1-5; default 3: 0.1% relative error). */
  significantDigits?: 1 | 2 | 3 | 4 | 5;
  /** Largest value expected; larger values are still recorded (the histogram grows). Default 2^40. */
  highestTrackable?: number;
}

/**
 * A high-dynamic-range histogram of non-negative integer observations (latencies in
 * microseconds). Memory depends on the value range and precision, not on the number of
 * observations. Merging adds counts, so percentiles of several runs are exact percentiles
 * of the pooled observations, not averages of percentiles.
 */
export class Percentiles {
  private histogram: hdr.Histogram;

  constructor(options: PercentilesOptions = {}) {
    this.histogram = build(options);
  }

  /** Records a value (rounded to an integer; negative values are an error). */
  record(value: number): void {
    if (!(value >= 0)) throw new RangeError(`Percentiles: cannot record ${value}`);
    this.histogram.recordValue(Math.round(value));
  }

  /** Number of recorded values. */
  get count(): number {
    return this.histogram.totalCount;
  }

  /** The value at percentile `p` (0-100), or 0 with no observations. */
  valueAt(p: number): number {
    return this.count === 0 ? 0 : this.histogram.getValueAtPercentile(p);
  }

  /** Mean of the recorded values (at histogram resolution). */
  get mean(): number {
    return this.count === 0 ? 0 : this.histogram.mean;
  }

  /** Largest recorded value (at histogram resolution), 0 with no observations. */
  get max(): number {
    return this.count === 0 ? 0 : this.histogram.maxValue;
  }

  /** Adds another histogram's counts to this one. */
  merge(other: Percentiles): void {
    this.histogram.add(other.histogram);
  }

  /** Compact base64 form, to send across worker threads or store. */
  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.histogram);
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
    const other = hdr.decodeFromCompressedBase64(encoded);
    this.histogram.add(other);
    return other.totalCount;
  }

  /** Forgets every observation (warm-up). */
  reset(): void {
    this.histogram.reset();
  }
}

function build(options: PercentilesOptions): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: options.highestTrackable ?? 2 ** 40,
    numberOfSignificantValueDigits: options.significantDigits ?? 3,
    useWebAssembly: false,
  });
}
