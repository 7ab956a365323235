/** The scaling curves of the ladder benchmark as charts: run time, speed and memory against world size, per pattern. */

import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, VEGA_LITE_SCHEMA, type Chart } from '../src/report/chart.js';
import { PATTERN_COLORS } from '../src/report/palette.js';
import type { WorldFigure } from './world.js';

/** Three charts from ladder figures: wall time, events per second and peak RSS against placers. */
export function scalingCharts(figures: readonly WorldFigure[], date: string): Chart[] {
  const patterns = [...new Set(figures.map((f) => f.pattern))].sort();
  const values = figures.map((f) => ({ pattern: f.pattern, placers: f.placers, orders: f.orders, wall_s: f.wall_s, events_per_s: f.events_per_s / 1e6, rss_mb: f.rss_mb }));
  const chart = (name: string, title: string, subtitle: string, field: string, axis: string, log: boolean): Chart => ({
    name,
    title,
    spec: {
      $schema: VEGA_LITE_SCHEMA,
      config: CHART_CONFIG,
      title: { text: title, subtitle: [subtitle, `npm run bench -- ladder, ${date}; one thread per run, fillers = placers / 10, 2 orders/h per placer, 8 h`] },
      width: 560,
      height: 320,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'placers', type: 'quantitative', scale: { type: 'log' }, title: 'placers (log scale)', axis: { values: [...new Set(values.map((v) => v.placers))] } },
        y: { field, type: 'quantitative', scale: log ? { type: 'log' } : { zero: true }, title: axis },
        color: { field: 'pattern', type: 'nominal', scale: { domain: patterns, range: patterns.map((p) => PATTERN_COLORS[p] ?? '#7f7f7f') }, title: 'pattern' },
      },
    } as TopLevelSpec,
  });
  return [
    chart('ladder-wall-time', 'Does run time grow linearly with the world?', 'Ten times the placers (and orders) should cost about ten times the time: slope 1 on log-log axes.', 'wall_s', 'wall time of one run (s, log scale)', true),
    chart('ladder-events-per-second', 'How fast does one thread simulate, as the world grows?', 'Simulated events per second of wall time; flat lines mean cost per event does not grow with stored resources.', 'events_per_s', 'million events per second', false),
    chart('ladder-peak-rss', 'How much memory does one run need?', 'Peak resident memory of the process running one pattern.', 'rss_mb', 'peak RSS (MB, log scale)', true),
  ];
}
