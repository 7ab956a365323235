/** Rankings of the patterns per headline metric, at each sweep point: the tables of the report. */

import { METRICS, RANKED_METRICS, rankBy, type Metric } from './metrics.js';
import type { ReportData } from './report-data.js';

/** One place in a ranking. */
export interface RankedPattern {
  /** 1 for the best; equal values share a place (1, 1, 3); null when the metric did not happen. */
  rank: number | null;
  pattern: string;
  value: number;
  ci: number;
}

/** A metric's ranking at every sweep point (one column when nothing is swept). */
export interface Ranking {
  metric: Metric;
  columns: { label: string; ranked: RankedPattern[] }[];
}

/**
 * The rankings of the report, one per metric of RANKED_METRICS that shows a difference:
 * a metric that is the same everywhere (no ETag conflicts in any run) ranks nothing and is
 * listed in `uniform` instead, with its value.
 */
export function rankings(data: ReportData): { rankings: Ranking[]; uniform: { metric: Metric; value: number }[] } {
  const out: Ranking[] = [];
  const uniform: { metric: Metric; value: number }[] = [];
  for (const key of RANKED_METRICS) {
    const metric = METRICS[key];
    const all = data.rows.map((r) => metric.value(r)).filter((v) => !Number.isNaN(v));
    if (all.length === 0) continue;
    if (all.every((v) => v === all[0])) {
      uniform.push({ metric, value: all[0] as number });
      continue;
    }
    out.push({
      metric,
      columns: data.points.map((g) => {
        const ordered = rankBy(g.rows, metric);
        const ranked: RankedPattern[] = [];
        ordered.forEach((r, i) => {
          const value = metric.value(r);
          const previous = ranked[i - 1];
          const rank = Number.isNaN(value) ? null : previous !== undefined && previous.value === value ? previous.rank : i + 1;
          ranked.push({ rank, pattern: r.pattern, value, ci: metric.ci(r) });
        });
        return { label: g.label, ranked };
      }),
    });
  }
  return { rankings: out, uniform };
}
