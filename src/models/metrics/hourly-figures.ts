/** Peak-hour and quiet-hour figures of a run: what a daily profile does to load and latency, beside the run's means. */

import { HOUR, Percentiles, SECOND } from '../../engine/index.js';
import type { World } from '../world.js';

/** Figures over the whole clock hours of the measured window (after warm-up, before the horizon). */
export interface HourlyFigures {
  /** Orders placed in the busiest clock hour. */
  ordersPeakHour: number;
  /** Interactions between systems in the busiest clock hour, and in the quietest. */
  interactionsPeakHour: number;
  interactionsQuietHour: number;
  /** Overhead p95 (seconds) of the orders placed in the busiest hour whose completion the placer learned. */
  overheadP95PeakHour: number;
}

/**
 * Reads the figures from the traffic's hourly counts and the ledger. NaN everywhere when the
 * measured window holds no whole clock hour; NaN overhead when no order of the peak hour
 * completed. Ties go to the earliest hour.
 */
export function hourlyFigures(world: World): HourlyFigures {
  const { warmup, horizon } = world.config;
  const clockStart = world.config.clockStart ?? 0;
  const traffic = world.traffic;
  const hourly = traffic.hourly;
  const none: HourlyFigures = { ordersPeakHour: NaN, interactionsPeakHour: NaN, interactionsQuietHour: NaN, overheadP95PeakHour: NaN };
  if (hourly === null) return none;
  // Clock hour k of the run spans [start(k), start(k) + 1 h) in simulated time.
  const start = (k: number): number => (k + traffic.firstHour) * HOUR - clockStart;
  const whole: number[] = [];
  for (let k = 0; k < hourly.length; k++) if (start(k) >= warmup && start(k) + HOUR <= horizon) whole.push(k);
  if (whole.length === 0) return none;

  const orders = new Float64Array(hourly.length);
  for (const o of world.ledger.orders()) {
    if (!o.measured) continue;
    const k = Math.floor((o.placedAt + clockStart) / HOUR) - traffic.firstHour;
    if (k >= 0 && k < orders.length) orders[k]!++;
  }
  let peak = whole[0] as number;
  let busiest = -Infinity;
  let quietest = Infinity;
  for (const k of whole) {
    if ((orders[k] as number) > (orders[peak] as number)) peak = k;
    busiest = Math.max(busiest, hourly[k] as number);
    quietest = Math.min(quietest, hourly[k] as number);
  }

  const overhead = new Percentiles();
  let n = 0;
  let max = 0;
  for (const o of world.ledger.orders()) {
    if (!o.measured || o.outcome !== 'completed' || o.outcomeKnownAt < 0) continue;
    if (o.placedAt < start(peak) || o.placedAt >= start(peak) + HOUR) continue;
    const us = world.ledger.overheadOf(o, o.outcomeKnownAt);
    overhead.record(us);
    max = Math.max(max, us);
    n++;
  }
  return {
    ordersPeakHour: orders[peak] as number,
    interactionsPeakHour: busiest,
    interactionsQuietHour: quietest,
    // A histogram answers with the top of the percentile's bucket, which can exceed the exact maximum.
    overheadP95PeakHour: n > 0 ? Math.min(overhead.valueAt(95), max) / SECOND : NaN,
  };
}
