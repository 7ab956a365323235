/** What a chart is (a named vega-lite spec with its question), and the look every chart shares: fonts, sizes, scales. */

import type { TopLevelSpec } from 'vega-lite';

/** One chart of the report. */
export interface Chart {
  /** File stem under charts/ (`trade-off`, `polling-interval-vs-e2e-p95`): letters, digits and dashes. */
  name: string;
  /** The question it answers; also its title. */
  title: string;
  /** The vega-lite spec, data inline. */
  spec: TopLevelSpec;
}

/** The one font of every chart: DejaVu Sans ships with the package (dejavu-fonts-ttf), so PNGs look the same everywhere. */
export const CHART_FONT = 'DejaVu Sans';

/** Looks shared by every spec. Fixed sizes and fonts: the same data must give the same bytes. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: 'white',
  padding: 10,
  title: { anchor: 'start', fontSize: 15, subtitleFontSize: 11, subtitleColor: '#555555', offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'bold', titleLimit: 400, labelLimit: 300, symbolOpacity: 1 },
  header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 400 },
  view: { stroke: '#cccccc' },
} as const;

/** The $schema every spec declares. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A chart file name from free text: `polling.interval` -> `polling-interval`. */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * True when `values` are all positive and span at least a decade: then a log scale shows
 * 2 and 80 messages per order without squashing the small ones against the axis.
 */
export function spansDecades(values: readonly number[]): boolean {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length < 2 || xs.some((v) => v <= 0)) return false;
  return Math.max(...xs) / Math.min(...xs) >= 10;
}

/** A continuous scale for `values`: log when they span decades, otherwise linear without forcing zero in. */
export function continuousScale(values: readonly number[], zero = false): { type: 'log' | 'linear'; zero?: boolean } {
  return spansDecades(values) ? { type: 'log' } : { type: 'linear', zero };
}

/** `(s, log scale)` added to an axis title when the scale is logarithmic. */
export function scaleNote(title: string, scale: { type: string }): string {
  return scale.type === 'log' ? `${title}, log scale` : title;
}

/**
 * Lower and upper ends of a 95% CI bar, or nulls when there is no CI. Every metric is a count,
 * a share or a time, so the lower end stops at zero; on a log scale, where zero cannot be
 * drawn, it stops at a tenth of the mean instead (the mark itself stays exact).
 */
export function ciBounds(value: number, ci: number, log: boolean): { lo: number | null; hi: number | null } {
  if (!Number.isFinite(value) || !Number.isFinite(ci) || ci <= 0) return { lo: null, hi: null };
  const lo = value - ci;
  return { lo: log ? (lo <= 0 ? value / 10 : lo) : Math.max(0, lo), hi: value + ci };
}

/**
 * A vega expression that labels axis ticks at `positions` with the user's spellings
 * (`30` -> `30s`, `120` -> `2min`), so a duration axis can be continuous and still read as written.
 */
export function tickLabelExpr(ticks: readonly { position: number; label: string }[]): string {
  const parts = ticks.map((t) => `abs(datum.value - ${t.position}) < ${Math.abs(t.position) * 1e-9 + 1e-12} ? ${JSON.stringify(t.label)} : `);
  return `${parts.join('')}datum.label`;
}

/** A subtitle line saying how many replications the means are over (and, where the chart draws them, that bars are 95% CIs). */
export function replicationNote(replications: readonly number[], ciBars = true): string {
  const rs = [...new Set(replications)].sort((a, b) => a - b);
  if (rs.length === 0) return '';
  const n = rs.length === 1 ? String(rs[0]) : `${rs[0]}-${rs[rs.length - 1]}`;
  if (rs.every((r) => r < 2)) return ciBars ? 'one replication each: no confidence intervals' : 'one replication each';
  return ciBars ? `means over ${n} replications; bars: 95% confidence intervals` : `means over ${n} replications`;
}

/** The parts of a top-level spec that every chart has. */
export interface SpecHead {
  title: { text: string; subtitle: string[] };
  values: readonly object[];
}

/**
 * A whole spec: `inner` (width, height, mark or layer, encoding) drawn once, or once per
 * panel (field `panel` of the data, in the order of `panels`) when there is more than one.
 */
export function panelled(head: SpecHead, inner: Record<string, unknown>, panels: readonly string[]): TopLevelSpec {
  const top = { $schema: VEGA_LITE_SCHEMA, title: head.title, config: CHART_CONFIG, data: { values: head.values } };
  if (panels.length < 2) return { ...top, ...inner } as unknown as TopLevelSpec;
  return {
    ...top,
    facet: { field: 'panel', type: 'ordinal', sort: [...panels], title: null },
    columns: panels.length <= 4 ? 2 : 3,
    spec: inner,
  } as unknown as TopLevelSpec;
}
