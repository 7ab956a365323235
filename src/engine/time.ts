/** Simulated time: integer microseconds held in a `number` (exact up to 2^53 us, about 285 years). */

/** One microsecond: the engine's unit of time. */
export const MICROSECOND = 1;
/** Microseconds in one millisecond. */
export const MILLISECOND = 1_000;
/** Microseconds in one second. */
export const SECOND = 1_000_000;
/** Microseconds in one minute. */
export const MINUTE = 60 * SECOND;
/** Microseconds in one hour. */
export const HOUR = 60 * MINUTE;
/** Microseconds in one day. */
export const DAY = 24 * HOUR;

/** The largest representable simulated time: integers stay exact below 2^53. */
export const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** Converts seconds (possibly fractional) to whole microseconds, rounding to the nearest. */
export function fromSeconds(seconds: number): number {
  return Math.round(seconds * SECOND);
}

/** Converts milliseconds to whole microseconds, rounding to the nearest. */
export function fromMilliseconds(ms: number): number {
  return Math.round(ms * MILLISECOND);
}

/** Converts microseconds to seconds (for reporting). */
export function toSeconds(us: number): number {
  return us / SECOND;
}

const UNIT_US: Readonly<Record<string, number>> = {
  us: MICROSECOND,
  ms: MILLISECOND,
  s: SECOND,
  min: MINUTE,
  h: HOUR,
  d: DAY,
};

const DURATION_RE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(us|ms|s|min|h|d)\s*$/;

/**
 * Parses a duration: a string with a unit (`250ms`, `5s`, `1.5min`, `8h`, `2d`, `10us`)
 * or a number of seconds. Returns whole microseconds, or `undefined` when the input is not
 * a valid non-negative duration, so callers can report the error in their own terms.
 */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') {
    // Beyond MAX_TIME, times stop being whole microseconds: refused as a string would be.
    const us = Number.isFinite(input) && input >= 0 ? fromSeconds(input) : undefined;
    return us !== undefined && us <= MAX_TIME ? us : undefined;
  }
  const m = DURATION_RE.exec(input);
  if (m === null) return undefined;
  const value = Number(m[1]);
  const unit = UNIT_US[m[2] as string] as number;
  const us = Math.round(value * unit);
  return us <= MAX_TIME ? us : undefined;
}

/** Formats microseconds for humans: the largest unit that keeps the value >= 1 (`1.5s`, `250ms`). */
export function formatDuration(us: number): string {
  if (us === 0) return '0s';
  const abs = Math.abs(us);
  const [unit, size] =
    abs >= DAY ? ['d', DAY] :
    abs >= HOUR ? ['h', HOUR] :
    abs >= MINUTE ? ['min', MINUTE] :
    abs >= SECOND ? ['s', SECOND] :
    abs >= MILLISECOND ? ['ms', MILLISECOND] : ['us', MICROSECOND];
  return `${Number((us / size).toPrecision(6))}${unit}`;
}
