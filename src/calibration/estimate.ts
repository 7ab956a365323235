/** From timed samples to model inputs: service times (latency less the round trip) and an estimate of the server's workers. */

/** Median (mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** The q-quantile by linear interpolation between order statistics; NaN for none. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = q * (s.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (at - lo);
}

/** Arithmetic mean; NaN for none. */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Service times: each latency less the round trip, clamped at 0 (a sample faster than the median round trip was all network). */
export function serviceTimes(latenciesMs: readonly number[], roundTripMs: number): number[] {
  return latenciesMs.map((ms) => Math.max(0, ms - roundTripMs));
}

/** One level of the throughput curve. */
export interface LevelMeasurement {
  /** Requests kept in flight at once. */
  concurrency: number;
  /** Latency of each timed request (milliseconds). */
  latenciesMs: number[];
  /** From sending the first timed request to the answer of the last (milliseconds). */
  elapsedMs: number;
}

/** A point of the curve: requests per second at a concurrency. */
export interface ThroughputPoint {
  concurrency: number;
  throughput: number;
  medianMs: number;
}

/** The workers estimate and everything it was made from. */
export interface WorkersEstimate {
  /** Whole workers for the scenario (>= 1). */
  workers: number;
  /** Peak throughput x mean service time alone: requests in service at once at the peak (Little's law). */
  busy: number;
  /** Highest throughput of any level (requests per second). */
  peakThroughput: number;
  /** Mean service time of one request alone (concurrency 1, round trip subtracted), milliseconds. */
  serviceMs: number;
  /** Lowest concurrency whose throughput is within 10% of the peak. */
  knee: number;
  /** Whether throughput stopped growing: the highest level is within 10% of the one below it. Otherwise the estimate is a lower bound. */
  saturated: boolean;
  curve: ThroughputPoint[];
}

/**
 * Estimates how many requests the server serves at once. The simulator's server is `workers`
 * parallel handlers, each busy for the service time, so its throughput stops growing at
 * workers / service time. Measured: the throughput at each concurrency level (closed loop,
 * requests / elapsed time); the peak; and the mean service time of a request alone (level 1,
 * round trip subtracted). By Little's law the number in service at the peak is peak x service
 * time: that is the estimate, rounded, at least 1. The knee (the lowest level within 10% of
 * the peak) is reported beside it as a cross-check. It is an estimate: caches, connection
 * pools, garbage collection and the load balancer all shape the curve; if throughput was still
 * growing at the highest level, the server was not saturated and the estimate is a lower bound.
 */
export function estimateWorkers(levels: readonly LevelMeasurement[], roundTripMs: number): WorkersEstimate {
  const curve = levels.map((l) => ({ concurrency: l.concurrency, throughput: l.elapsedMs > 0 ? (l.latenciesMs.length * 1000) / l.elapsedMs : 0, medianMs: median(l.latenciesMs) }));
  const peakThroughput = Math.max(...curve.map((p) => p.throughput));
  const knee = (curve.find((p) => p.throughput >= 0.9 * peakThroughput) ?? (curve[curve.length - 1] as ThroughputPoint)).concurrency;
  const alone = levels.find((l) => l.concurrency === 1);
  const serviceMs = alone !== undefined ? mean(serviceTimes(alone.latenciesMs, roundTripMs)) : Number.NaN;
  const busy = (peakThroughput * serviceMs) / 1000;
  const last = curve[curve.length - 1];
  const before = curve[curve.length - 2];
  const saturated = last !== undefined && before !== undefined && last.throughput < 1.1 * before.throughput;
  return { workers: Number.isFinite(busy) ? Math.max(1, Math.round(busy)) : 1, busy, peakThroughput, serviceMs, knee, saturated, curve };
}
