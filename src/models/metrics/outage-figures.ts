/** What outages did to a run: orders caught in them, orders they delayed, and how long until the last of those was back on track. */

import { Percentiles, SECOND } from '../../engine/index.js';
import type { World } from '../world.js';

/** Outage figures of one run (NaN when the scenario has no outage in the measured window). */
export interface OutageFigures {
  /** Measured orders open (placed, outcome not yet known to the placer) at some moment of an outage. */
  caught: number;
  /**
   * Caught orders that completed with an overhead above the 95th percentile of the orders no
   * outage touched: the orders the outage made late, by the run's own yardstick.
   */
  delayed: number;
  /**
   * Time to recover, seconds: how long after the end of the last outage the delayed orders'
   * communication was still catching up, i.e. the latest moment a delayed order's outcome
   * reached its placer less the work and slot wait it had after the outage (processing is not
   * the outage's doing), from the end of the outage; 0 when none was delayed past it.
   */
  recoverySeconds: number;
}

/** Reads the figures from the ledger and the scenario's outage windows. */
export function outageFigures(world: World): OutageFigures {
  const { warmup, horizon } = world.config;
  const windows = (world.config.outages ?? [])
    .map((o) => ({ start: o.at, end: Math.min(o.at + o.for, horizon) }))
    .filter((w) => w.end > warmup && w.start < horizon);
  if (windows.length === 0) return { caught: NaN, delayed: NaN, recoverySeconds: NaN };
  const ledger = world.ledger;
  const caughtBy = (placedAt: number, knownAt: number): boolean => windows.some((w) => placedAt < w.end && (knownAt < 0 || knownAt > w.start));
  // The yardstick: overhead of completed orders that no outage touched.
  const normal = new Percentiles();
  let normalCount = 0;
  let caught = 0;
  for (const o of ledger.orders()) {
    if (!o.measured) continue;
    if (caughtBy(o.placedAt, o.outcomeKnownAt)) {
      caught++;
    } else if (o.outcome === 'completed' && o.outcomeKnownAt >= 0) {
      normal.record(ledger.overheadOf(o, o.outcomeKnownAt));
      normalCount++;
    }
  }
  const limit = normalCount > 0 ? normal.valueAt(95) : 0;
  const lastEnd = Math.max(...windows.map((w) => w.end));
  let delayed = 0;
  let caughtUp = lastEnd;
  for (const o of ledger.orders()) {
    if (!o.measured || o.outcome !== 'completed' || o.outcomeKnownAt < 0 || !caughtBy(o.placedAt, o.outcomeKnownAt)) continue;
    if (ledger.overheadOf(o, o.outcomeKnownAt) <= limit) continue;
    delayed++;
    // The work (and slot wait) done after the outage is not its doing; work during it, nothing either.
    caughtUp = Math.max(caughtUp, o.outcomeKnownAt - Math.max(0, o.jobEndedAt - Math.max(o.jobQueuedAt, lastEnd)));
  }
  return { caught, delayed, recoverySeconds: (caughtUp - lastEnd) / SECOND };
}
