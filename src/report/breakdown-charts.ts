/** Per-pattern breakdowns as stacked bars: messages by interaction kind, and what became of the orders. */

import { INTERACTION_KINDS, OUTCOMES } from '../models/index.js';
import { panelled, replicationNote, type Chart } from './chart.js';
import { METRICS } from './metrics.js';
import { KIND_COLORS, OUTCOME_COLORS } from './palette.js';
import type { ReportData } from './report-data.js';
import { meanOf } from './summary-data.js';

/** Height of one bar. */
const BAR_STEP = 18;

/**
 * Messages per completed order split by interaction kind. A bar is the headline figure the
 * other charts and the rankings show (the mean over runs of messages per completed order),
 * and each segment is its kind's share of all messages: the segments add up to that figure.
 */
export function messagesByKindChart(data: ReportData): Chart | null {
  const values: { pattern: string; panel: string; kind: string; order: number; perOrder: number }[] = [];
  for (const g of data.points) {
    for (const r of g.rows) {
      const perOrder = METRICS.messages.value(r);
      const total = INTERACTION_KINDS.reduce((sum, kind) => sum + (meanOf(r, `interactions_${kind}`) || 0), 0);
      if (!(perOrder > 0 && total > 0)) continue;
      INTERACTION_KINDS.forEach((kind, order) => {
        const n = meanOf(r, `interactions_${kind}`);
        if (n > 0) values.push({ pattern: r.pattern, panel: g.label, kind, order, perOrder: (n / total) * perOrder });
      });
    }
  }
  if (values.length === 0) return null;
  const kinds = INTERACTION_KINDS.filter((k) => values.some((v) => v.kind === k));
  const title = 'Where do the messages go? Messages per completed order by interaction kind';
  return stackedBars(data, 'messages-by-kind', title, 'Messages per completed order (mean over runs), split by each kind\'s share of all messages; polls are searches (and pages), subscriptions add notifications.', values,
    { field: 'perOrder', type: 'quantitative', stack: 'zero', title: 'messages per completed order' },
    { field: 'kind', type: 'nominal', scale: { domain: kinds, range: kinds.map((k) => KIND_COLORS[k] ?? '#7f7f7f') }, title: 'interaction kind' });
}

/** The share of measured orders in each outcome, per pattern. */
export function outcomesChart(data: ReportData): Chart | null {
  const values: { pattern: string; panel: string; outcome: string; order: number; orders: number }[] = [];
  for (const g of data.points) {
    for (const r of g.rows) {
      OUTCOMES.forEach((outcome, order) => {
        const n = meanOf(r, `orders_${outcome}`);
        if (n > 0) values.push({ pattern: r.pattern, panel: g.label, outcome, order, orders: n });
      });
    }
  }
  if (values.length === 0) return null;
  const title = 'What becomes of the orders? Outcomes per pattern';
  return stackedBars(data, 'outcomes', title, 'Share of the orders placed after warm-up; open: still in progress when the run ended.', values,
    { field: 'orders', type: 'quantitative', stack: 'normalize', title: 'share of measured orders (%)', axis: { format: '.0%' } },
    { field: 'outcome', type: 'nominal', scale: { domain: [...OUTCOMES], range: OUTCOMES.map((o) => OUTCOME_COLORS[o] as string) }, title: 'outcome' });
}

/** One horizontal stacked bar per pattern (panelled by sweep point): `x` the segment sizes, `color` the segments. */
function stackedBars(data: ReportData, name: string, title: string, explanation: string, values: object[], x: object, color: object): Chart {
  const subtitle = [explanation, replicationNote(data.rows.map((r) => r.replications), false)].filter((s) => s !== '');
  const spec = panelled(
    { title: { text: title, subtitle }, values },
    {
      width: 420,
      height: { step: BAR_STEP },
      mark: { type: 'bar' },
      name: 'bars',
      encoding: {
        y: { field: 'pattern', type: 'nominal', sort: data.patterns, title: 'pattern' },
        x,
        color,
        order: { field: 'order', type: 'quantitative' },
      },
    },
    data.points.map((g) => g.label),
  );
  return { name, title, spec };
}
