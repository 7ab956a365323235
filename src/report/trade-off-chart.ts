/**
 * The trade-off scatter: messages per completed order against overhead p95 (end to end less
 * processing and the wait for a filler slot), one mark per pattern and sweep point, Pareto
 * frontier drawn. Not end-to-end p95: under common random numbers every pattern does the same
 * work, and minutes of processing would bury the seconds in which the patterns differ.
 */

import type { TopLevelSpec } from 'vega-lite';
import { ciBounds, panelled, replicationNote, scaleNote, spansDecades, type Chart } from './chart.js';
import { fromPixels, paddedDomain, placeLabels, toPixels, type PlacedLabel, type PositionScale } from './label-layout.js';
import { axisTitle, hasTradeOffFigures, METRICS, patternFigure, type PatternFigure } from './metrics.js';
import { ANNOTATION_COLOR, patternColorScale } from './palette.js';
import { paretoFrontier } from './pareto.js';
import type { PointGroup, ReportData } from './report-data.js';

/** Shapes tell sweep points apart while there are no more points than vega has symbols. */
const MAX_SHAPES = 8;
const LABEL_FONT_SIZE = 11;
const MARK_SIZE = 90;
const RING_SIZE = 280;

/** One mark of the scatter. */
export interface TradeOffPoint extends PatternFigure {
  /** Short sweep point label (`4 · 30s`), empty when nothing is swept. */
  point: string;
  /** Text next to the mark. */
  label: string;
  /** On the Pareto frontier of the marks it is compared with (all of them, or its sweep point's). */
  onFrontier: boolean;
}

/**
 * The marks (rows where both figures exist) with the frontier computed from them: over all
 * marks (`scope: 'all'`), or separately within each sweep point (`'per-point'`).
 */
export function tradeOffPoints(data: ReportData, scope: 'all' | 'per-point' = 'all'): TradeOffPoint[] {
  const labelled = scope === 'all' && data.axes.length > 0 && data.points.length > MAX_SHAPES;
  const marksOf = (g: PointGroup): TradeOffPoint[] =>
    g.rows
      .map(patternFigure)
      .filter(hasTradeOffFigures)
      .map((f) => ({ ...f, point: g.short, label: labelled ? `${f.pattern} ${g.short}` : f.pattern, onFrontier: false }));
  const withFrontier = (marks: TradeOffPoint[]): TradeOffPoint[] => {
    const frontier = new Set(paretoFrontier(marks.map((m) => ({ x: m.messages, y: m.overheadP95 }))));
    return marks.map((m, i) => ({ ...m, onFrontier: frontier.has(i) }));
  };
  return scope === 'all' ? withFrontier(data.points.flatMap(marksOf)) : data.points.flatMap((g) => withFrontier(marksOf(g)));
}

/** The scatter of every pattern and sweep point, with one frontier over all of them (null when no pattern completed an order). */
export function tradeOffChart(data: ReportData): Chart | null {
  const marks = tradeOffPoints(data, 'all');
  if (marks.length === 0) return null;
  const swept = data.axes.length > 0;
  const title = swept ? 'Which pattern and setting cost the fewest messages for the fastest answer?' : 'Which pattern costs the fewest messages for the fastest answer?';
  const spec = scatterSpec(data, marks, { width: 600, height: 400, byPoint: false, shapes: swept && data.points.length <= MAX_SHAPES, title });
  return { name: 'trade-off', title, spec };
}

/** Small multiples, one scatter per sweep point with its own frontier (null when there is only one point). */
export function tradeOffByPointChart(data: ReportData): Chart | null {
  const marks = tradeOffPoints(data, 'per-point');
  if (data.points.length < 2 || marks.length === 0) return null;
  const title = 'At each sweep point, which pattern costs the fewest messages for the fastest answer?';
  const spec = scatterSpec(data, marks, { width: 300, height: 220, byPoint: true, shapes: false, title });
  return { name: 'trade-off-by-point', title, spec };
}

interface ScatterOptions {
  width: number;
  height: number;
  byPoint: boolean;
  shapes: boolean;
  title: string;
}

function scatterSpec(data: ReportData, marks: readonly TradeOffPoint[], o: ScatterOptions): TopLevelSpec {
  const xm = METRICS.messages;
  const ym = METRICS.overheadP95;
  const xType = spansDecades(marks.map((m) => m.messages)) ? 'log' : 'linear';
  const yType = spansDecades(marks.map((m) => m.overheadP95)) ? 'log' : 'linear';
  const xs: PositionScale = { type: xType, domain: paddedDomain(marks.map((m) => m.messages), xType) };
  const ys: PositionScale = { type: yType, domain: paddedDomain(marks.map((m) => m.overheadP95), yType) };
  const labels = labelPositions(marks, xs, ys, o);
  const values = marks.map(({ messagesCi, overheadP95Ci, p95: _p95, p95Ci: _p95Ci, ...m }, i) => {
    const xb = clamp(ciBounds(m.messages, messagesCi, xType === 'log'), xs.domain);
    const yb = clamp(ciBounds(m.overheadP95, overheadP95Ci, yType === 'log'), ys.domain);
    const at = labels[i] as LabelSpot;
    const panel = data.points.find((g) => g.short === m.point)?.label ?? '';
    return { ...m, panel, messagesLo: xb.lo, messagesHi: xb.hi, overheadLo: yb.lo, overheadHi: yb.hi, labelX: at.x, labelY: at.y, leaderX: at.leaderX, leaderY: at.leaderY };
  });
  const omitted = data.rows.length - marks.length;
  const subtitle = [
    'Lower left is better. Ringed and joined by the dashed line: the Pareto frontier (nothing else is both cheaper and faster).',
    "Latency is overhead: each order's end-to-end time less its processing and its wait for a free filler slot,",
    'which are the same in every pattern: what the pattern itself adds.',
    [replicationNote(data.rows.map((r) => r.replications)), omitted > 0 ? `${omitted} not shown (no completed orders)` : ''].filter((s) => s !== '').join('; '),
  ].filter((s) => s !== '');
  const scale = (s: PositionScale) => (s.type === 'log' ? { type: s.type, domain: s.domain, nice: false } : { type: s.type, domain: s.domain, nice: false, zero: false });
  const x = { field: 'messages', type: 'quantitative', scale: scale(xs), title: scaleNote(axisTitle(xm), xs) } as const;
  const y = { field: 'overheadP95', type: 'quantitative', scale: scale(ys), title: scaleNote(axisTitle(ym), ys) } as const;
  const color = { field: 'pattern', type: 'nominal', scale: patternColorScale(data.patterns), title: 'pattern' } as const;
  const shape = o.shapes ? { shape: { field: 'point', type: 'nominal', sort: data.points.map((g) => g.short), title: data.axes.map((a) => a.path).join(' · ') } as const } : {};
  const layer = [
    {
      name: 'frontier',
      transform: [{ filter: 'datum.onFrontier' }],
      mark: { type: 'line', interpolate: 'step-after', color: ANNOTATION_COLOR, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { x, y, order: { field: 'messages', type: 'quantitative' } },
    },
    {
      name: 'messages_ci',
      transform: [{ filter: 'isValid(datum.messagesLo)' }],
      mark: { type: 'rule', strokeWidth: 1, opacity: 0.55 },
      encoding: { x: { ...x, field: 'messagesLo' }, x2: { field: 'messagesHi' }, y, color },
    },
    {
      name: 'overhead_ci',
      transform: [{ filter: 'isValid(datum.overheadLo)' }],
      mark: { type: 'rule', strokeWidth: 1, opacity: 0.55 },
      encoding: { x, y: { ...y, field: 'overheadLo' }, y2: { field: 'overheadHi' }, color },
    },
    {
      name: 'frontier_rings',
      transform: [{ filter: 'datum.onFrontier' }],
      mark: { type: 'point', filled: false, size: RING_SIZE, strokeWidth: 1.5, color: ANNOTATION_COLOR, shape: 'circle' },
      encoding: { x, y },
    },
    { name: 'points', mark: { type: 'point', filled: true, size: MARK_SIZE, opacity: 1 }, encoding: { x, y, color, ...shape } },
    {
      name: 'leaders',
      transform: [{ filter: 'isValid(datum.leaderX)' }],
      mark: { type: 'rule', strokeWidth: 0.8, color: '#888888' },
      encoding: { x, y, x2: { field: 'leaderX' }, y2: { field: 'leaderY' } },
    },
    {
      name: 'labels',
      mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: LABEL_FONT_SIZE, color: '#222222' },
      encoding: { x: { ...x, field: 'labelX' }, y: { ...y, field: 'labelY' }, text: { field: 'label' } },
    },
  ] as const;
  return panelled({ title: { text: o.title, subtitle }, values }, { width: o.width, height: o.height, layer: [...layer] }, o.byPoint ? data.points.map((g) => g.label) : []);
}

/**
 * CI bars cut at the edge of the plot. (Not with vega's `clip`: resvg 2.6.2 aborts the whole
 * process on a clipped group of vertical rules.)
 */
function clamp(b: { lo: number | null; hi: number | null }, [min, max]: [number, number]): { lo: number | null; hi: number | null } {
  return b.lo === null || b.hi === null ? b : { lo: Math.max(b.lo, min), hi: Math.min(b.hi, max) };
}

/** A label's centre and the end of its leader line (null: none), in data units. */
interface LabelSpot {
  x: number;
  y: number;
  leaderX: number | null;
  leaderY: number | null;
}

/** Label centres in data units, laid out in pixels (frontier marks first, per panel when faceted). */
function labelPositions(marks: readonly TradeOffPoint[], xs: PositionScale, ys: PositionScale, o: ScatterOptions): LabelSpot[] {
  const out: LabelSpot[] = marks.map(() => ({ x: Number.NaN, y: Number.NaN, leaderX: null, leaderY: null }));
  const panels = new Map<string, number[]>();
  marks.forEach((m, i) => {
    const key = o.byPoint ? m.point : '';
    panels.set(key, [...(panels.get(key) ?? []), i]);
  });
  for (const indexes of panels.values()) {
    const order = [...indexes.filter((i) => marks[i]?.onFrontier === true), ...indexes.filter((i) => marks[i]?.onFrontier !== true)];
    const anchors = order.map((i) => {
      const m = marks[i] as TradeOffPoint;
      return { x: toPixels(xs, m.messages, o.width), y: o.height - toPixels(ys, m.overheadP95, o.height), text: m.label };
    });
    const placed = placeLabels(anchors, { width: o.width, height: o.height, fontSize: LABEL_FONT_SIZE, markRadius: Math.sqrt(RING_SIZE) / 2 + 1 });
    order.forEach((i, k) => {
      const p = placed[k] as PlacedLabel;
      out[i] = {
        x: fromPixels(xs, p.x, o.width),
        y: fromPixels(ys, o.height - p.y, o.height),
        leaderX: p.leader === null ? null : fromPixels(xs, p.leader.x, o.width),
        leaderY: p.leader === null ? null : fromPixels(ys, o.height - p.leader.y, o.height),
      };
    });
  }
  return out;
}
