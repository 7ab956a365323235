/** How much work a scenario asks for (runs, orders, events, memory per run), estimated from its sizes without expanding its jobs. */

import { DAY, HOUR, parseDuration } from '../engine/index.js';
import { PATTERN_IDS } from '../patterns/index.js';
import { defaultsShape } from './fields.js';
import type { Scenario } from './schema.js';
import { withValue } from './sweep.js';
import { parseRate } from './units.js';

/*
 * The figures below were measured on this project's machine (2 cores, node 20) from real runs:
 *
 * - Events: `fwsim run scenarios/default.yaml` (405 runs of 8 h, 100 placers, 20-40 fillers,
 *   polls every 15 s to 1 min; 158 M events, 3,200 orders a run) and one run per pattern of
 *   scenarios/scale.yaml (10,000 placers, 1,000 fillers, polls every 5 min, 160,000 orders).
 *   The heaviest pattern's events per run lie on or below 45 per order + 4 per poll, counting
 *   a poll for every placer and filler at its interval (a least-squares fit gives 21 and 3.9;
 *   the line above is within -7% .. +52% of the heaviest run at each of the 10 points). A per
 *   order figure alone would let `polling.interval: 1ms` through: polls cost events whether
 *   orders flow or not (default.yaml's runs are 60-90% polls at 15 s).
 * - Memory: peak RSS of one run in a fresh process (bench/world-child.ts's way, young
 *   generation as fwsim's workers have it) less the RSS before the world was built, re-measured
 *   on 2026-12-06 after the stores became rows of numbers. scale.yaml: D 502 MiB, G 444, E 403
 *   for 150,000 orders and 11,000 actors; the same worlds with almost no orders (orderRate
 *   0.001/h) 130-146 MiB, and with 110,000 actors 268-445 MiB; an empty world 68 MiB (64
 *   before it was built). That is 1.9-2.5 KB per order (peak RSS carries the orders in flight
 *   and the collector's headroom, not only what a finished order keeps), 1.4-3.2 KB per actor
 *   (each placer and filler has its own server) and under 50 MB for the rest; rounded up to
 *   2.5 KB, 3.5 KB and 50 MB. (November's figures, before the rows: 3.3-3.7 KB per order and
 *   3.4 KB per actor.)
 */

/** Simulated events per order placed, beside polls (see above). */
export const EVENTS_PER_ORDER = 45;
/** Simulated events per poll (a search and its answer crossing the network and a server). */
export const EVENTS_PER_POLL = 4;
/** Memory one order holds until the run ends (its resources, versions, ledger entry). */
export const BYTES_PER_ORDER = 2500;
/** Memory one placer or filler holds (its own server, queues, streams). */
export const BYTES_PER_ACTOR = 3500;
/** Memory of a world before its actors and orders. */
export const BYTES_PER_WORLD = 50e6;

/** The estimate; per-run figures are for the largest point of the sweep, so totals are upper bounds. */
export interface WorkEstimate {
  patterns: number;
  /** Sweep points: the product of the sweep lists' lengths. */
  points: number;
  replications: number;
  /** patterns x points x replications. */
  runs: number;
  /** Orders placed in one run over the whole horizon (warm-up included), at the largest point. */
  ordersPerRun: number;
  /** Placers and fillers of one run, at the largest point. */
  actorsPerRun: number;
  /** Polls of one run if every placer and filler polls at its interval, at the largest point. */
  pollsPerRun: number;
  /** Simulated events of one run of the heaviest pattern, at the largest point. */
  eventsPerRun: number;
  /** Bytes one run holds, at the largest point (a worker thread holds one run at a time). */
  memoryPerRun: number;
  /** runs x ordersPerRun. */
  orders: number;
  /** runs x eventsPerRun. */
  events: number;
}

/** The sizes of one world that the estimate grows with. */
interface WorldSize {
  orders: number;
  actors: number;
  polls: number;
}

/** Fields whose values change a world's size (a sweep over any other field only multiplies runs). */
const SIZE_FIELDS = /^(placers|fillers|horizon|clockStart|polling)(\.|$)/;

/**
 * Estimates the work of `scenario` without expanding its jobs or its sweep: points are counted
 * as a product, and each swept size field contributes its largest value, found value by value
 * (a sweep of 200,000 values costs 200,000 cheap looks, never a grid). Swept values that are
 * not valid are skipped (the sweep check reports them).
 */
export function estimateWork(scenario: Scenario): WorkEstimate {
  const patterns = scenario.patterns === 'all' ? PATTERN_IDS.length : scenario.patterns.length;
  const lists = Object.values(scenario.sweep);
  const points = lists.reduce((n, values) => n * values.length, 1);
  const runs = patterns * points * scenario.replications;
  const eventsOf = (w: WorldSize): number => w.orders * EVENTS_PER_ORDER + w.polls * EVENTS_PER_POLL;
  const memoryOf = (w: WorldSize): number => BYTES_PER_WORLD + w.orders * BYTES_PER_ORDER + w.actors * BYTES_PER_ACTOR;
  const largest = largestWorlds(scenario, [(w) => w.orders, (w) => w.actors, (w) => w.polls, eventsOf, memoryOf]);
  const [orders, actors, polls, events, memory] = largest as [WorldSize, WorldSize, WorldSize, WorldSize, WorldSize];
  return {
    patterns,
    points,
    replications: scenario.replications,
    runs,
    ordersPerRun: orders.orders,
    actorsPerRun: actors.actors,
    pollsPerRun: polls.polls,
    eventsPerRun: eventsOf(events),
    memoryPerRun: memoryOf(memory),
    orders: runs * orders.orders,
    events: runs * eventsOf(events),
  };
}

/**
 * For each measure, the world of the point that maximises it: each swept size field at the
 * value that maximises the measure with the other fields as written, all applied together.
 * Every measure grows or shrinks with each field on its own (more placers, a longer horizon,
 * a shorter interval), so this is the grid's largest without visiting the grid.
 */
function largestWorlds(scenario: Scenario, measures: readonly ((w: WorldSize) => number)[]): WorldSize[] {
  const base = scenario as unknown as Record<string, unknown>;
  const best = measures.map(() => new Map<string, unknown>());
  for (const [path, values] of Object.entries(scenario.sweep)) {
    if (!SIZE_FIELDS.test(path)) continue;
    const parts = path.split('.');
    const top = measures.map(() => -Infinity);
    for (const value of values) {
      const size = worldSize(withValue(base, parts, value));
      measures.forEach((m, i) => {
        const v = m(size);
        // NaN (a value that is no size at all) never wins.
        if (v > (top[i] as number)) {
          top[i] = v;
          (best[i] as Map<string, unknown>).set(path, value);
        }
      });
    }
  }
  return best.map((chosen) => {
    let s = base;
    for (const [path, value] of chosen) s = withValue(s, path.split('.'), value);
    return worldSize(s);
  });
}

/** Orders, actors and polls of one world, read leniently (a swept value has not been checked or defaulted yet). */
function worldSize(s: Record<string, unknown>): WorldSize {
  const defaults = defaultsShape();
  const horizon = durationOf(s.horizon);
  const clockStart = durationOf(s.clockStart ?? 0);
  const interval = positive(durationOf((s.polling as { interval?: unknown } | undefined)?.interval ?? (defaults.polling as { interval: string }).interval));
  let orders = 0;
  let actors = 0;
  let polls = 0;
  for (const kind of ['placers', 'fillers'] as const) {
    const written = s[kind];
    const groups = Array.isArray(written) ? written : [written ?? {}];
    for (const g of groups) {
      const group = { ...(defaults[kind] as Record<string, unknown>), ...(g !== null && typeof g === 'object' ? (g as Record<string, unknown>) : { count: Number.NaN }) };
      const count = typeof group.count === 'number' && group.count >= 0 ? group.count : Number.NaN;
      const own = positive(durationOf((group.polling as { interval?: unknown } | undefined)?.interval ?? Number.NaN));
      actors += count;
      polls += count * horizon / (Number.isNaN(own) ? interval : own);
      if (kind === 'placers') {
        const rate = typeof group.orderRate === 'string' || typeof group.orderRate === 'number' ? parseRate(group.orderRate) ?? Number.NaN : Number.NaN;
        orders += count * rate * activeTime(group.profile, horizon, clockStart);
      }
    }
  }
  return { orders, actors, polls };
}

/** `x` if above zero, else NaN (a zero interval is invalid, not infinitely many polls). */
function positive(x: number): number {
  return x > 0 ? x : Number.NaN;
}

/** Microseconds of a duration as written, NaN if it is none. */
function durationOf(v: unknown): number {
  return typeof v === 'string' || typeof v === 'number' ? parseDuration(v) ?? Number.NaN : Number.NaN;
}

/**
 * The horizon weighted by a rate profile: the integral of the hourly multiplier over the run
 * (from its clock start), plus each burst's extra over its stretch (overlapping bursts add
 * rather than multiply: an estimate). Without a profile, the horizon itself.
 */
function activeTime(profile: unknown, horizon: number, clockStart: number): number {
  const p = profile as { hourly?: unknown; bursts?: unknown } | undefined;
  if (p === undefined || p === null || !Array.isArray(p.hourly) || p.hourly.length !== 24) return horizon;
  const hourly = p.hourly.map((m) => (typeof m === 'number' ? m : Number.NaN));
  const daySum = hourly.reduce((a, b) => a + b, 0) * HOUR;
  // The integral of the multiplier from midnight of day 0 to clock time y: whole days, whole
  // hours, then part of an hour. O(24) for any horizon, so a swept century costs nothing.
  const fromMidnight = (y: number): number => {
    const r = y % DAY;
    const hour = Math.floor(r / HOUR);
    let sum = Math.floor(y / DAY) * daySum + (hourly[hour] as number) * (r - hour * HOUR);
    for (let h = 0; h < hour; h++) sum += (hourly[h] as number) * HOUR;
    return sum;
  };
  const between = (a: number, b: number): number => (b > a ? fromMidnight(clockStart + b) - fromMidnight(clockStart + a) : 0);
  let total = between(0, horizon);
  for (const b of Array.isArray(p.bursts) ? p.bursts : []) {
    const burst = b as { at?: unknown; for?: unknown; factor?: unknown };
    const from = durationOf(burst.at);
    if (typeof burst.factor === 'number') total += (burst.factor - 1) * between(Math.max(0, from), Math.min(horizon, from + durationOf(burst.for)));
  }
  return total;
}
