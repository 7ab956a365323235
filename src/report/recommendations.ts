/** "Which pattern when": findings generated from the numbers (winners, Pareto sets, the latency budget, trends), never canned. */

import { formatDuration, SECOND } from '../engine/index.js';
import { formatValue, formatWithCi, hasBothFigures, hasTradeOffFigures, METRICS, patternFigure, type PatternFigure } from './metrics.js';
import { paretoFrontier } from './pareto.js';
import type { PointGroup, ReportData } from './report-data.js';
import { meanOf } from './summary-data.js';

/** What the numbers say at one sweep point. */
export interface PointAdvice {
  /** `fillers.count=4, polling.interval=30s` (empty when nothing is swept). */
  label: string;
  /** Patterns by messages per completed order, fewest first (those that completed orders). */
  cheapest: PatternFigure[];
  /** Patterns by end-to-end p95, lowest first. */
  fastest: PatternFigure[];
  /**
   * The Pareto frontier of messages and overhead p95, fewest messages first: the same
   * frontier the trade-off chart rings, so the text and the chart agree.
   */
  frontier: PatternFigure[];
  /** Patterns whose end-to-end p95 is within the budget, fewest messages first; null without a budget. */
  withinBudget: PatternFigure[] | null;
}

/** The "which pattern when" section: advice per point and the findings as sentences. */
export interface Advice {
  points: PointAdvice[];
  findings: string[];
}

/** The advice at one sweep point; `budget` is the end-to-end p95 budget in seconds. */
function adviseAt(group: PointGroup, budget: number | undefined): PointAdvice {
  const figures = group.rows.map(patternFigure).filter(hasBothFigures);
  const by = (key: 'messages' | 'p95') => [...figures].sort((a, b) => a[key] - b[key] || a.pattern.localeCompare(b.pattern));
  const cheapest = by('messages');
  return {
    label: group.label,
    cheapest,
    fastest: by('p95'),
    frontier: frontierOf(group.rows.map(patternFigure).filter(hasTradeOffFigures)),
    withinBudget: budget === undefined ? null : cheapest.filter((f) => f.p95 <= budget),
  };
}

/** The Pareto frontier of messages and overhead p95 among `figures`, fewest messages first. */
function frontierOf(figures: readonly PatternFigure[]): PatternFigure[] {
  return paretoFrontier(figures.map((f) => ({ x: f.messages, y: f.overheadP95 }))).map((i) => figures[i] as PatternFigure);
}

/** `A (2.65 messages, 2250 s)`: messages and end-to-end p95. */
function costs(f: PatternFigure): string {
  return `${f.pattern} (${formatValue(f.messages)} messages, ${formatValue(f.p95)} s)`;
}

/** `A (2.65 messages, 0.31 s overhead)`: messages and overhead p95, the frontier's two costs. */
function tradeOffCosts(f: PatternFigure): string {
  return `${f.pattern} (${formatValue(f.messages)} messages, ${formatValue(f.overheadP95)} s overhead)`;
}

/** True when two means differ by less than their 95% CIs together, so the data cannot tell them apart. */
function overlapping(a: number, ca: number, b: number, cb: number): boolean {
  return Number.isFinite(ca) && Number.isFinite(cb) && Math.abs(a - b) <= ca + cb;
}

/** `A at 3 of 4 points, H at 1 (fillers.count=8, polling.interval=2min)`. */
function tally(winners: readonly (string | undefined)[], labels: readonly string[]): string {
  const counts = new Map<string, string[]>();
  winners.forEach((w, i) => {
    if (w !== undefined) counts.set(w, [...(counts.get(w) ?? []), labels[i] ?? '']);
  });
  const n = winners.length;
  return [...counts.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([p, at]) => `${p} at ${at.length === n ? `every point (${n})` : `${at.length} of ${n}`}${at.length <= 2 && at.length < n ? ` (${at.join('; ')})` : ''}`)
    .join(', ');
}

function listOr(items: readonly string[], none: string): string {
  return items.length > 0 ? items.join(', ') : none;
}

/** The findings of one sweep point (or of a scenario without a sweep). */
function singlePointFindings(a: PointAdvice, budget: number | undefined): string[] {
  const out: string[] = [];
  const [c1, c2] = a.cheapest;
  if (c1 !== undefined) {
    const close = c2 !== undefined && overlapping(c1.messages, c1.messagesCi, c2.messages, c2.messagesCi);
    out.push(`Fewest messages per completed order: ${c1.pattern} (${formatWithCi(c1.messages, c1.messagesCi)})${c2 !== undefined ? `, then ${c2.pattern} (${formatWithCi(c2.messages, c2.messagesCi)})` : ''}${close ? '; the two are within each other\'s 95% confidence intervals' : ''}.`);
  }
  const [f1, f2] = a.fastest;
  if (f1 !== undefined) {
    const close = f2 !== undefined && overlapping(f1.p95, f1.p95Ci, f2.p95, f2.p95Ci);
    out.push(`Lowest end-to-end p95 latency: ${f1.pattern} (${formatWithCi(f1.p95, f1.p95Ci)} s)${f2 !== undefined ? `, then ${f2.pattern} (${formatWithCi(f2.p95, f2.p95Ci)} s)` : ''}${close ? '; the two are within each other\'s 95% confidence intervals' : ''}.`);
  }
  if (a.frontier.length > 0) {
    const first = a.frontier[0] as PatternFigure;
    const last = a.frontier[a.frontier.length - 1] as PatternFigure;
    const span = a.frontier.length > 1 ? ` Going from ${first.pattern} to ${last.pattern} costs ${formatValue(last.messages - first.messages)} more messages per order for an overhead p95 ${formatValue(first.overheadP95 - last.overheadP95)} s (${formatValue((100 * (first.overheadP95 - last.overheadP95)) / first.overheadP95)}%) lower.` : ` ${first.pattern} is both the cheapest and the fastest.`;
    out.push(`Pareto frontier of messages and overhead p95 (end-to-end less processing and slot wait; no other pattern is both cheaper and adds less latency): ${a.frontier.map(tradeOffCosts).join(' → ')}.${span}`);
  }
  if (a.withinBudget !== null && budget !== undefined) {
    const ok = a.withinBudget;
    const fastest = a.fastest[0];
    out.push(ok.length > 0
      ? `Within the latency budget (end-to-end p95 ≤ ${budgetText(budget)}): ${ok.map((f) => f.pattern).join(', ')}; the cheapest of them is ${costs(ok[0] as PatternFigure)}.`
      : `No pattern keeps end-to-end p95 within the latency budget of ${budgetText(budget)}${fastest !== undefined ? `; the closest is ${costs(fastest)}` : ''}.`);
  }
  return out;
}

function budgetText(seconds: number): string {
  return `${formatDuration(Math.round(seconds * SECOND))} (${formatValue(seconds)} s)`;
}

/** Per pattern, the largest mean of `metric` over the sweep points, where it is above zero. */
function worst(data: ReportData, metric: string): { pattern: string; value: number; label: string }[] {
  const out: { pattern: string; value: number; label: string }[] = [];
  for (const p of data.patterns) {
    let best: { pattern: string; value: number; label: string } | undefined;
    for (const g of data.points) {
      for (const r of g.rows.filter((x) => x.pattern === p)) {
        const v = meanOf(r, metric);
        if (v > 0 && (best === undefined || v > best.value)) best = { pattern: p, value: v, label: g.label };
      }
    }
    if (best !== undefined) out.push(best);
  }
  return out;
}

/** Findings about risks that hold whatever the costs: collisions, failures, the busiest server. */
function riskFindings(data: ReportData): string[] {
  const out: string[] = [];
  const where = (x: { label: string }): string => (data.axes.length > 0 ? ` at ${x.label}` : '');
  const conflicts = worst(data, 'etag_conflicts');
  const others = data.patterns.filter((p) => !conflicts.some((c) => c.pattern === p));
  out.push(conflicts.length > 0
    ? `ETag conflicts (412/409) happen in ${conflicts.map((c) => `${c.pattern} (up to ${formatValue(c.value)} per run${where(c)})`).join(', ')}; ${listOr(others, 'no pattern')} had none.`
    : 'No pattern had ETag conflicts.');
  const failed = worst(data, 'orders_failed');
  if (failed.length > 0) out.push(`Orders failed in ${failed.map((c) => `${c.pattern} (up to ${formatValue(c.value)} per run${where(c)})`).join(', ')}.`);
  const util = worst(data, 'server_utilization_max').sort((a, b) => b.value - a.value || a.pattern.localeCompare(b.pattern))[0];
  if (util !== undefined) out.push(`Busiest server: ${util.pattern} at ${formatValue(100 * util.value)}% of its workers busy${where(util)} (the most of any pattern).`);
  return out;
}

/** Findings per ordered swept path: which patterns' costs fall or rise from its first to its last value. */
function trendFindings(data: ReportData): string[] {
  const out: string[] = [];
  for (const axis of data.axes) {
    if (axis.kind === 'category' || axis.values.length < 2) continue;
    const firstValue = axis.values[0] as string;
    const lastValue = axis.values[axis.values.length - 1] as string;
    for (const metric of [METRICS.messages, METRICS.e2eP95]) {
      const moves: { fall: string[]; rise: string[]; flat: string[] } = { fall: [], rise: [], flat: [] };
      for (const p of data.patterns) {
        // Ratio last/first at each combination of the other swept values, averaged geometrically.
        const logs: number[] = [];
        for (const r of data.rows.filter((x) => x.pattern === p && x.swept[axis.path] === firstValue)) {
          const twin = data.rows.find((x) => x.pattern === p && x.swept[axis.path] === lastValue && data.axes.every((a) => a.path === axis.path || x.swept[a.path] === r.swept[a.path]));
          const a = metric.value(r);
          const b = twin === undefined ? Number.NaN : metric.value(twin);
          if (a > 0 && b > 0) logs.push(Math.log(b / a));
        }
        if (logs.length === 0) continue;
        const ratio = Math.exp(logs.reduce((s, x) => s + x, 0) / logs.length);
        const text = `${p} (${ratio < 1 ? '-' : '+'}${formatValue(Math.abs(100 * (ratio - 1)))}%)`;
        (ratio < 0.9 ? moves.fall : ratio > 1.1 ? moves.rise : moves.flat).push(ratio < 0.9 || ratio > 1.1 ? text : p);
      }
      const parts = [
        moves.fall.length > 0 ? `down for ${moves.fall.join(', ')}` : '',
        moves.rise.length > 0 ? `up for ${moves.rise.join(', ')}` : '',
        moves.flat.length > 0 ? `within ±10% for ${moves.flat.join(', ')}` : '',
      ].filter((s) => s !== '');
      if (parts.length > 0) out.push(`As ${axis.path} goes from ${firstValue} to ${lastValue}, ${metric.label}: ${parts.join('; ')}.`);
    }
  }
  return out;
}

/** The "which pattern when" section of the report. */
export function whichPatternWhen(data: ReportData): Advice {
  const budget = data.latencyBudgetSeconds;
  const points = data.points.map((g) => adviseAt(g, budget));
  const findings: string[] = [];
  if (points.length === 1) {
    findings.push(...singlePointFindings(points[0] as PointAdvice, budget));
  } else if (points.length > 1) {
    const labels = points.map((a) => a.label);
    findings.push(`Fewest messages per completed order: ${tally(points.map((a) => a.cheapest[0]?.pattern), labels)}.`);
    findings.push(`Lowest end-to-end p95 latency: ${tally(points.map((a) => a.fastest[0]?.pattern), labels)}.`);
    const onFrontier = data.patterns.map((p) => ({ p, n: points.filter((a) => a.frontier.some((f) => f.pattern === p)).length }));
    const always = onFrontier.filter((x) => x.n === points.length).map((x) => x.p);
    const sometimes = onFrontier.filter((x) => x.n > 0 && x.n < points.length).map((x) => `${x.p} (${x.n} of ${points.length})`);
    findings.push(`On the Pareto frontier of messages and overhead p95 at every sweep point: ${listOr(always, 'no pattern')}; at some points: ${listOr(sometimes, 'none')}.`);
    if (budget !== undefined) {
      findings.push(`Cheapest pattern within the latency budget (end-to-end p95 ≤ ${budgetText(budget)}): ${tally(points.map((a) => a.withinBudget?.[0]?.pattern), labels) || 'none at any point'}${points.some((a) => a.withinBudget?.length === 0) ? `; no pattern meets it at ${points.filter((a) => a.withinBudget?.length === 0).map((a) => a.label).join('; ')}` : ''}.`);
    }
    findings.push(...trendFindings(data));
  }
  if (budget === undefined && points.length > 0) findings.push('No latency budget is set: with report.latencyBudget in the scenario (e.g. 45min), this section names the cheapest pattern whose end-to-end p95 stays within it.');
  if (points.length > 0) findings.push(...riskFindings(data));
  return { points, findings };
}
