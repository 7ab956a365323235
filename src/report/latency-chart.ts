/** Latency distribution per pattern: p50, p95 and p99 of the pooled histograms, as a range with a mark per percentile. */

import type { LatencyMeasure } from '../models/index.js';
import { isPatternId, patterns } from '../patterns/index.js';
import { continuousScale, panelled, scaleNote, type Chart } from './chart.js';
import { patternColorScale } from './palette.js';
import type { ReportData } from './report-data.js';
import { meanOf } from './summary-data.js';

/** What each latency measure is, for titles. */
const MEASURES: Readonly<Record<LatencyMeasure, { question: string; what: string }>> = {
  e2e: { question: 'How long until the placer knows the outcome?', what: 'from placement until the placer knows the outcome' },
  receipt: { question: 'How long until the filler sees the order?', what: 'from placement until a filler has received the order' },
  accept_known: { question: 'How long until the placer knows the order was accepted?', what: 'from placement until the placer knows of the acceptance' },
  complete: { question: 'How long until the filler completes the order?', what: 'from placement until the filler completes it' },
  overhead: { question: 'How much latency does the pattern itself add?', what: "end to end, less the filler's processing and its wait for a free slot" },
};

const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/**
 * The chart of one latency measure (null when no pattern measured it). Percentiles come
 * from the replications' histograms merged (all orders pooled), as summary.csv has them.
 */
export function latencyChart(data: ReportData, measure: LatencyMeasure): Chart | null {
  const values: { pattern: string; panel: string; p50: number; p95: number; p99: number }[] = [];
  for (const g of data.points) {
    for (const r of g.rows) {
      const [p50, p95, p99] = PERCENTILES.map((p) => meanOf(r, `latency_${measure}_${p}_s`)) as [number, number, number];
      if ([p50, p95, p99].every((v) => Number.isFinite(v))) values.push({ pattern: r.pattern, panel: g.label, p50, p95, p99 });
    }
  }
  if (values.length === 0) return null;
  const scale = continuousScale(values.flatMap((v) => [v.p50, v.p99]));
  const m = MEASURES[measure];
  const title = `${m.question} Latency percentiles per pattern`;
  // Patterns that never tell the placer of acceptance have no such figure, by design.
  const silent = measure === 'accept_known' ? data.patterns.filter((p) => isPatternId(p) && !patterns[p].signalsAcceptance) : [];
  const missing = data.rows.filter((r) => !silent.includes(r.pattern)).length - values.length;
  const subtitle = [
    `Seconds ${m.what}: the line spans p50 to p99; marks at p50, p95 and p99 of all measured orders pooled over replications.`,
    silent.length > 0 ? `${silent.join(', ')} not shown: ${silent.length > 1 ? 'these patterns give' : 'this pattern gives'} the placer no indication of acceptance, only of completion.` : '',
    missing > 0 ? `${missing} pattern/point combinations not shown: no order got that far.` : '',
  ].filter((s) => s !== '');
  const x = { type: 'quantitative', scale, title: scaleNote('latency (s)', scale) } as const;
  const y = { field: 'pattern', type: 'nominal', sort: data.patterns, title: 'pattern' } as const;
  const color = { field: 'pattern', type: 'nominal', scale: patternColorScale(data.patterns), legend: null } as const;
  const spec = panelled(
    { title: { text: title, subtitle }, values },
    {
      width: 460,
      height: { step: 22 },
      layer: [
        { name: 'range', mark: { type: 'rule', strokeWidth: 2 }, encoding: { y, x: { ...x, field: 'p50' }, x2: { field: 'p99' }, color } },
        {
          name: 'percentiles',
          transform: [{ fold: [...PERCENTILES], as: ['percentile', 'seconds'] }],
          mark: { type: 'point', filled: true, size: 70, opacity: 1 },
          encoding: {
            y,
            x: { ...x, field: 'seconds' },
            color,
            shape: { field: 'percentile', type: 'nominal', scale: { domain: [...PERCENTILES], range: ['circle', 'square', 'triangle-up'] }, title: 'percentile' },
          },
        },
      ],
    },
    data.points.map((g) => g.label),
  );
  return { name: `latency-${measure.replace('_', '-')}`, title, spec };
}
