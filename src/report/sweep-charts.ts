/** A swept parameter against a metric: one line per pattern (ordered sweeps) or grouped marks (categories), with 95% CIs. */

import { ciBounds, continuousScale, panelled, replicationNote, scaleNote, slug, tickLabelExpr, type Chart } from './chart.js';
import { axisTitle, type Metric } from './metrics.js';
import { patternColorScale } from './palette.js';
import type { ReportData } from './report-data.js';
import { pointLabel, type SweepAxis } from './sweep-axes.js';

/** One mark: a pattern at one value of the swept path, in one panel (the other swept paths' values). */
interface SweepMark {
  pattern: string;
  panel: string;
  x: number | null;
  xLabel: string;
  value: number;
  lo: number | null;
  hi: number | null;
}

/**
 * `axis.path` against `metric` (null when the metric never happened, or when it is zero
 * everywhere and `skipIfZero`: an empty chart answers nothing). With other swept paths, one
 * panel per combination of their values.
 */
export function sweepChart(data: ReportData, axis: SweepAxis, metric: Metric, skipIfZero = false): Chart | null {
  if (axis.values.length < 2) return null;
  const others = data.axes.filter((a) => a.path !== axis.path);
  const raw = data.rows
    .map((r) => ({ r, v: metric.value(r) }))
    .filter(({ v }) => Number.isFinite(v));
  if (raw.length === 0 || (skipIfZero && raw.every(({ v }) => v === 0))) return null;
  const scale = continuousScale(raw.map(({ v }) => v));
  const log = scale.type === 'log';
  const values: SweepMark[] = raw.map(({ r, v }) => {
    const xLabel = r.swept[axis.path] ?? '';
    const b = ciBounds(v, metric.ci(r), log);
    return {
      pattern: r.pattern,
      panel: pointLabel(r, others),
      x: axis.kind === 'category' ? null : axis.position(xLabel),
      xLabel,
      value: v,
      lo: b.lo,
      hi: b.hi,
    };
  });
  const panels = [...new Set(data.points.flatMap((g) => (g.rows[0] === undefined ? [] : [pointLabel(g.rows[0], others)])))];
  const title = `${metric.question.replace(/\?$/, '')}, as ${axis.path} changes?`;
  const subtitle = [`One ${axis.kind === 'category' ? 'mark' : 'line'} per pattern.`, replicationNote(data.rows.map((r) => r.replications))].filter((s) => s !== '');
  const y = { field: 'value', type: 'quantitative', scale, title: scaleNote(axisTitle(metric), scale) } as const;
  const color = { field: 'pattern', type: 'nominal', scale: patternColorScale(data.patterns), title: 'pattern' } as const;
  const ci = { name: 'ci', transform: [{ filter: 'isValid(datum.lo)' }], mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 } } as const;
  let inner: Record<string, unknown>;
  if (axis.kind === 'category') {
    const x = { field: 'xLabel', type: 'nominal', sort: axis.values, title: axis.title, axis: { labelAngle: 0 } } as const;
    const xOffset = { field: 'pattern', type: 'nominal', sort: data.patterns } as const;
    inner = {
      // Fixed, not a band step: with an offset channel a step would size each pattern's slot.
      width: Math.min(600, Math.max(260, axis.values.length * (data.patterns.length * 16 + 40))),
      height: 260,
      layer: [
        { ...ci, encoding: { x, xOffset, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
        { name: 'points', mark: { type: 'point', filled: true, size: 70, opacity: 1 }, encoding: { x, xOffset, y, color } },
      ],
    };
  } else {
    const positions = axis.values.map((v) => axis.position(v));
    const xScale = continuousScale(positions);
    const x = {
      field: 'x',
      type: 'quantitative',
      scale: { ...xScale, nice: false },
      title: scaleNote(axis.title, xScale),
      axis: { values: positions, labelExpr: tickLabelExpr(axis.values.map((v) => ({ position: axis.position(v), label: v }))), grid: true },
    } as const;
    inner = {
      width: 420,
      height: 260,
      layer: [
        { ...ci, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color } },
        { name: 'lines', mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color, order: { field: 'x', type: 'quantitative' } } },
        { name: 'points', mark: { type: 'point', filled: true, size: 50, opacity: 1 }, encoding: { x, y, color } },
      ],
    };
  }
  return { name: `${slug(axis.path)}-vs-${metric.key}`, title, spec: panelled({ title: { text: title, subtitle }, values }, inner, panels) };
}
