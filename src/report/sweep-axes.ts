/** Swept parameters as chart axes: their values ordered by what they mean (numbers, durations, or the scenario's order). */

import { parseDuration, SECOND } from '../engine/index.js';
import type { Scenario } from '../scenario/index.js';
import { formatNumber } from './tables.js';
import { PLAIN_NUMBER, type SummaryPoint } from './summary-data.js';

/**
 * One swept path. `number` and `duration` axes are continuous (`position` gives a value's
 * place: the number itself, or seconds); `category` axes keep the order the scenario lists
 * them in (`[poll, subscription]`, `[placer, filler]`).
 */
export interface SweepAxis {
  path: string;
  kind: 'number' | 'duration' | 'category';
  /** The values as summary.csv writes them, in their natural order. */
  values: string[];
  /** Position of a value on a continuous axis (NaN for categories). */
  position(value: string): number;
  /** Axis title with its unit. */
  title: string;
}

/** A sweep value as a summary.csv cell, exactly as the runner and `toCsv` write it. */
function sweepCell(v: unknown): string {
  return typeof v === 'number' ? formatNumber(v) : typeof v === 'string' ? v : JSON.stringify(v);
}

/** The axes of every swept path, in the scenario's sweep order, with the values present in `points`. */
export function sweepAxes(scenario: Scenario, points: readonly SummaryPoint[]): SweepAxis[] {
  return Object.entries(scenario.sweep).map(([path, listed]) => {
    const inScenario = listed.map(sweepCell);
    const present: string[] = [];
    for (const p of points) {
      const v = p.swept[path] ?? '';
      if (!present.includes(v)) present.push(v);
    }
    const values = present.length > 0 ? present : inScenario;
    if (values.every((v) => PLAIN_NUMBER.test(v.trim()))) {
      return { path, kind: 'number' as const, values: sortBy(values, Number), position: Number, title: path };
    }
    if (values.every((v) => !Number.isNaN(seconds(v)))) {
      return { path, kind: 'duration' as const, values: sortBy(values, seconds), position: seconds, title: `${path} (s)` };
    }
    const rank = (v: string): number => {
      const i = inScenario.indexOf(v);
      return i >= 0 ? i : inScenario.length + present.indexOf(v);
    };
    return { path, kind: 'category' as const, values: sortBy(values, rank), position: () => Number.NaN, title: path };
  });
}

function sortBy(values: readonly string[], key: (v: string) => number): string[] {
  // Ties (e.g. `60s` and `1min`) keep their first-seen order, so the order is still deterministic.
  return values.map((v, i) => ({ v, k: key(v), i })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.v);
}

/** `fillers.count=4, polling.interval=30s` (empty when nothing is swept). */
export function pointLabel(p: SummaryPoint, axes: readonly SweepAxis[]): string {
  return axes.map((a) => `${a.path}=${p.swept[a.path] ?? ''}`).join(', ');
}

/** The values of a point only, `4 · 30s`: short enough for a chart legend. */
export function pointShortLabel(p: SummaryPoint, axes: readonly SweepAxis[]): string {
  return axes.map((a) => p.swept[a.path] ?? '').join(' · ');
}

/**
 * Sweep points in natural order (first axis slowest, each axis in its value order), each with
 * its rows; the run's own point index only breaks ties.
 */
export function orderedPoints(points: readonly SummaryPoint[], axes: readonly SweepAxis[]): { point: number; rows: SummaryPoint[] }[] {
  const byPoint = new Map<number, SummaryPoint[]>();
  for (const p of points) byPoint.set(p.point, [...(byPoint.get(p.point) ?? []), p]);
  const key = (p: SummaryPoint): number[] => axes.map((a) => a.values.indexOf(p.swept[a.path] ?? ''));
  return [...byPoint.entries()]
    .map(([point, rows]) => ({ point, rows, k: key(rows[0] as SummaryPoint) }))
    .sort((a, b) => {
      for (let i = 0; i < a.k.length; i++) {
        const d = (a.k[i] ?? 0) - (b.k[i] ?? 0);
        if (d !== 0) return d;
      }
      return a.point - b.point;
    })
    .map(({ point, rows }) => ({ point, rows }));
}

/** A duration (`30s`, `2min`, or seconds as a number) in seconds; NaN when it is not one. */
export function seconds(v: string | number): number {
  const us = parseDuration(v);
  return us === undefined ? Number.NaN : us / SECOND;
}
