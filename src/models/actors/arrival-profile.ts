/** Time-varying order rates: hourly multipliers over a day and bursts, sampled as a non-homogeneous Poisson process by thinning. */

import { HOUR, type Rng } from '../../engine/index.js';

/** A stretch of time in which the rate is multiplied by `factor` (on top of the hourly profile). */
export interface Burst {
  /** Start, simulated time (microseconds from the start of the run). */
  at: number;
  /** Length, microseconds. */
  for: number;
  factor: number;
}

/** How a placer's rate varies over time: `rate(t) = base * hourly[hour of day at t] * bursts active at t`. */
export interface ArrivalProfile {
  /** 24 multipliers, one per hour of the day (00:00-01:00 first). */
  hourly: readonly number[];
  bursts: readonly Burst[];
  /** Time of day at simulated time 0, microseconds after midnight. */
  clockStart: number;
}

const DAY = 24 * HOUR;

/** The hour of the day (0-23) at simulated time `t` when the run starts at `clockStart` after midnight. */
export function hourOfDay(t: number, clockStart: number): number {
  return Math.floor((((t + clockStart) % DAY) + DAY) % DAY / HOUR);
}

/**
 * Arrival times of a non-homogeneous Poisson process (Lewis and Shedler's thinning): candidates
 * at the peak rate, each kept with probability rate(t) / peak. Exact for any piecewise-constant
 * rate; every draw comes from the placer's own stream, so arrivals are the same in every pattern.
 */
export class ProfiledArrivals {
  /** Highest multiplier anywhere: the hourly peak times every burst factor above 1. */
  readonly peak: number;

  constructor(readonly profile: ArrivalProfile, private readonly meanInterarrival: number) {
    if (profile.hourly.length !== 24) throw new RangeError(`arrival profile: 24 hourly multipliers, got ${profile.hourly.length}`);
    let hourlyPeak = 0;
    for (const m of profile.hourly) {
      if (!(m >= 0)) throw new RangeError(`arrival profile: multipliers must be >= 0, got ${m}`);
      hourlyPeak = Math.max(hourlyPeak, m);
    }
    let burstPeak = 1;
    for (const b of profile.bursts) {
      if (!(b.factor > 0 && b.for > 0)) throw new RangeError('arrival profile: a burst needs a factor > 0 and a length > 0');
      if (b.factor > 1) burstPeak *= b.factor;
    }
    this.peak = hourlyPeak * burstPeak;
    if (!(this.peak > 0)) throw new RangeError('arrival profile: every multiplier is 0, so no order would ever arrive');
  }

  /** The rate multiplier at simulated time `t`. */
  multiplier(t: number): number {
    let m = this.profile.hourly[hourOfDay(t, this.profile.clockStart)] as number;
    for (const b of this.profile.bursts) if (t >= b.at && t < b.at + b.for) m *= b.factor;
    return m;
  }

  /** The next arrival after `now`. */
  next(now: number, rng: Rng): number {
    const peakGap = this.meanInterarrival / this.peak;
    let t = now;
    for (;;) {
      t += -peakGap * Math.log(1 - rng.double());
      if (rng.double() * this.peak < this.multiplier(t)) return t;
    }
  }
}
