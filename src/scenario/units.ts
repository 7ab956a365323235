/** Scenario spellings of durations, rates and distributions, turned into engine values (microseconds, Distribution objects). */

import {
  Constant,
  EmpiricalPercentiles,
  EmpiricalValues,
  Erlang,
  Exponential,
  Gamma,
  HOUR,
  Lognormal,
  MINUTE,
  SECOND,
  DAY,
  TruncatedNormal,
  Uniform,
  parseDuration,
  type Distribution,
} from '../engine/index.js';

/** A duration as written: `"250ms"`, `"5s"`, `"15min"`, `"8h"`, `"2d"`, `"10us"`, or seconds as a number. */
export type DurationInput = string | number;

/** A rate as written: `"30/h"`, `"0.5/s"`, `"2/min"`, `"10/d"`, or events per second as a number. */
export type RateInput = string | number;

/** A distribution as written: a duration (constant) or one family with its parameters. */
export type DistributionInput =
  | DurationInput
  | { exponential: { mean: DurationInput } }
  | { lognormal: { mean: DurationInput; cv: number } }
  | { normal: { mean: DurationInput; sd: DurationInput } }
  | { uniform: { min: DurationInput; max: DurationInput } }
  | { gamma: { mean: DurationInput; cv: number } }
  | { erlang: { phases: number; mean: DurationInput } }
  | { empirical: { values: DurationInput[] } }
  | { empirical: { percentiles: Record<string, DurationInput> } };

/** Distribution families and their parameters, for validation and messages. */
export const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  exponential: ['mean'],
  lognormal: ['mean', 'cv'],
  normal: ['mean', 'sd'],
  uniform: ['min', 'max'],
  gamma: ['mean', 'cv'],
  erlang: ['phases', 'mean'],
  empirical: ['values | percentiles'],
};

const RATE_RE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*\/\s*(s|min|h|d)\s*$/;
const RATE_UNIT: Readonly<Record<string, number>> = { s: SECOND, min: MINUTE, h: HOUR, d: DAY };

/** Microseconds of a valid duration (callers validate first; throws otherwise). */
export function durationUs(input: DurationInput): number {
  const us = parseDuration(input);
  if (us === undefined) throw new RangeError(`not a duration: ${JSON.stringify(input)}`);
  return us;
}

/** Events per microsecond of a rate, or undefined if it is not a valid positive rate. */
export function parseRate(input: RateInput): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input > 0 ? input / SECOND : undefined;
  const m = RATE_RE.exec(input);
  if (m === null) return undefined;
  const count = Number(m[1]);
  return count > 0 ? count / (RATE_UNIT[m[2] as string] as number) : undefined;
}

/** Builds the engine distribution (in microseconds) of a validated distribution input. */
export function buildDistribution(input: DistributionInput): Distribution {
  if (typeof input === 'string' || typeof input === 'number') return new Constant(durationUs(input));
  if ('exponential' in input) return new Exponential(durationUs(input.exponential.mean));
  if ('lognormal' in input) return new Lognormal(durationUs(input.lognormal.mean), input.lognormal.cv);
  if ('normal' in input) return new TruncatedNormal(durationUs(input.normal.mean), durationUs(input.normal.sd));
  if ('uniform' in input) return new Uniform(durationUs(input.uniform.min), durationUs(input.uniform.max));
  if ('gamma' in input) return Gamma.fromMeanCv(durationUs(input.gamma.mean), input.gamma.cv);
  if ('erlang' in input) return new Erlang(input.erlang.phases, durationUs(input.erlang.mean));
  const e = input.empirical;
  if ('values' in e) return new EmpiricalValues(e.values.map(durationUs));
  return new EmpiricalPercentiles(percentilePoints(e.percentiles));
}

/** Percentile table keys `p0`, `p50`, `p99.9`, `p100` as sorted (p, value) points. */
export function percentilePoints(table: Record<string, DurationInput>): { p: number; value: number }[] {
  return Object.entries(table)
    .map(([k, v]) => ({ p: Number(k.replace(/^p/, '')) / 100, value: durationUs(v) }))
    .sort((a, b) => a.p - b.p);
}

/**
 * Checks a distribution input; returns problems as (relative path, message) pairs, so the
 * error can point at `fillers.processing.lognormal.cv` rather than at the whole field.
 */
export function checkDistribution(input: unknown): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const durationOk = (v: unknown): boolean => (typeof v === 'string' || typeof v === 'number') && parseDuration(v) !== undefined;
  if (typeof input === 'string' || typeof input === 'number') {
    if (!durationOk(input)) problems.push({ path: [], message: `expected a duration (e.g. "250ms", "5s", "15min") or a distribution such as {lognormal: {mean, cv}}, got ${show(input)}` });
    return problems;
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    problems.push({ path: [], message: `expected a duration or a distribution (${familyList()}), got ${show(input)}` });
    return problems;
  }
  const keys = Object.keys(input);
  const family = keys[0];
  if (keys.length !== 1 || family === undefined || FAMILIES[family] === undefined) {
    problems.push({ path: [], message: `expected exactly one distribution family (${familyList()}), got ${show(input)}` });
    return problems;
  }
  const params = (input as Record<string, unknown>)[family];
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    problems.push({ path: [family], message: `expected the parameters of ${family} as an object {${(FAMILIES[family] as string[]).join(', ')}}, got ${show(params)}` });
    return problems;
  }
  const p = params as Record<string, unknown>;
  const needDuration = (k: string, positive = false): void => {
    if (!durationOk(p[k])) problems.push({ path: [family, k], message: `expected a duration, got ${show(p[k])}` });
    else if (positive && parseDuration(p[k] as string | number) === 0) problems.push({ path: [family, k], message: `expected a duration > 0, got ${show(p[k])}` });
  };
  const needNumber = (k: string, test: (x: number) => boolean, expected: string): void => {
    if (typeof p[k] !== 'number' || !test(p[k] as number)) problems.push({ path: [family, k], message: `expected ${expected}, got ${show(p[k])}` });
  };
  const allowed = family === 'empirical' ? ['values', 'percentiles'] : (FAMILIES[family] as string[]);
  for (const k of Object.keys(p)) if (!allowed.includes(k)) problems.push({ path: [family, k], message: `unknown parameter '${k}' of ${family}; expected ${allowed.join(', ')}` });
  switch (family) {
    case 'exponential':
      needDuration('mean', true);
      break;
    case 'lognormal':
    case 'gamma':
      needDuration('mean', true);
      needNumber('cv', (x) => Number.isFinite(x) && (family === 'gamma' ? x > 0 : x >= 0), family === 'gamma' ? 'a coefficient of variation > 0' : 'a coefficient of variation >= 0');
      break;
    case 'normal':
      needDuration('mean');
      needDuration('sd');
      break;
    case 'uniform':
      needDuration('min');
      needDuration('max');
      if (durationOk(p.min) && durationOk(p.max) && (parseDuration(p.min as string) as number) > (parseDuration(p.max as string) as number)) {
        problems.push({ path: [family, 'max'], message: `expected max >= min, got min ${show(p.min)} and max ${show(p.max)}` });
      }
      break;
    case 'erlang':
      needNumber('phases', (x) => Number.isInteger(x) && x >= 1, 'a whole number of phases >= 1');
      needDuration('mean', true);
      break;
    case 'empirical': {
      if (Array.isArray(p.values)) {
        if (p.values.length === 0) problems.push({ path: [family, 'values'], message: 'expected at least one value, got []' });
        p.values.forEach((v, i) => {
          if (!durationOk(v)) problems.push({ path: [family, 'values', i], message: `expected a duration, got ${show(v)}` });
        });
      } else if (p.percentiles !== null && typeof p.percentiles === 'object' && !Array.isArray(p.percentiles)) {
        const table = p.percentiles as Record<string, unknown>;
        const ks = Object.keys(table);
        for (const k of ks) {
          const pct = /^p(\d+(?:\.\d+)?)$/.exec(k);
          if (pct === null || Number(pct[1]) > 100) problems.push({ path: [family, 'percentiles', k], message: `expected keys p0 .. p100 (e.g. p50, p99.9), got '${k}'` });
          if (!durationOk(table[k])) problems.push({ path: [family, 'percentiles', k], message: `expected a duration, got ${show(table[k])}` });
        }
        if (problems.length === 0) {
          if (!ks.includes('p0') || !ks.includes('p100')) problems.push({ path: [family, 'percentiles'], message: 'expected a table from p0 to p100 (both needed: the distribution must be bounded)' });
          else {
            const pts = percentilePoints(table as Record<string, DurationInput>);
            for (let i = 1; i < pts.length; i++) {
              if ((pts[i] as { value: number }).value < (pts[i - 1] as { value: number }).value) {
                problems.push({ path: [family, 'percentiles'], message: 'expected values that do not decrease as the percentile grows' });
                break;
              }
            }
          }
        }
      } else {
        problems.push({ path: [family], message: 'expected {values: [durations]} or {percentiles: {p0: ..., p50: ..., p100: ...}}' });
      }
      break;
    }
  }
  if (family === 'normal' && problems.length === 0) {
    try {
      buildDistribution(input as DistributionInput);
    } catch (e) {
      problems.push({ path: [family], message: (e as Error).message });
    }
  }
  return problems;
}

/** A value as it appears in messages: strings quoted, objects as JSON. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  // JSON would print NaN and Infinity as null (a --seed of "abc" reaches here as NaN).
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function familyList(): string {
  return Object.entries(FAMILIES).map(([f, ps]) => `{${f}: {${ps.join(', ')}}}`).join(', ');
}
