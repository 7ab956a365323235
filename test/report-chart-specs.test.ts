import { describe, expect, it } from 'vitest';
import { chooseCharts, sweepMetrics } from '../src/report/choose-charts.js';
import type { Chart } from '../src/report/chart.js';
import { PATTERN_COLORS } from '../src/report/palette.js';
import { readReportData } from '../src/report/report-data.js';
import { compileChart, renderSvg } from '../src/report/render.js';
import { tradeOffPoints } from '../src/report/trade-off-chart.js';
import { plausible, resultsText } from './support/report-input.js';
import { axisTitles, countItems, fillsByPattern, markGroups } from './support/svg.js';

/** Four patterns, nothing swept: A cheapest, E fastest, H in between, C dominated by H. */
const comparison = readReportData(
  resultsText('name: cmp\npatterns: [A, C, E, H]\n', [
    { pattern: 'A', metrics: plausible(2.5, 2250) },
    { pattern: 'C', metrics: plausible(7.7, 2382, { interactions_notification: 180 }) },
    { pattern: 'E', metrics: plausible(45, 1987, { etag_conflicts: [3, 1], interactions_update: 300 }) },
    { pattern: 'H', metrics: plausible(5.2, 2074, { interactions_message: 400 }) },
  ]),
);

/** B and E over three polling intervals, with an empty-poll count that falls as the interval grows. */
const intervals = ['30s', '2min', '10min'];
const swept = readReportData(
  resultsText(
    'name: poll\npatterns: [B, E]\nsweep:\n  polling.interval: [2min, 30s, 10min]\n',
    ['2min', '30s', '10min'].flatMap((v, point) =>
      ['B', 'E'].map((pattern) => {
        const i = intervals.indexOf(v);
        return { pattern, point, swept: { 'polling.interval': v }, metrics: plausible(40 / (i + 1) + (pattern === 'E' ? 5 : 0), 100 * (i + 1), { polls_empty: [1000 / (i + 1), 50] }) };
      }),
    ),
  ),
);

const names = (charts: readonly Chart[]): string[] => charts.map((c) => c.name);

describe('charts are chosen by what the scenario swept', () => {
  it('nothing swept: the comparison charts only', () => {
    expect(names(chooseCharts(comparison))).toEqual(['trade-off', 'messages-by-kind', 'latency-e2e', 'latency-receipt', 'outcomes']);
  });

  it('a polling.interval sweep adds the interval charts (messages, latency, empty polls, receipt) and small multiples', () => {
    expect(names(chooseCharts(swept))).toEqual([
      'trade-off',
      'trade-off-by-point',
      'polling-interval-vs-messages',
      'polling-interval-vs-e2e-p95',
      'polling-interval-vs-empty-polls',
      'polling-interval-vs-receipt-p95',
      'messages-by-kind',
      'latency-e2e',
      'latency-receipt',
      'outcomes',
    ]);
  });

  it('maps swept paths to the metrics they move', () => {
    expect(sweepMetrics('fillers.count')).toEqual(['messages', 'e2eP95', 'conflicts', 'claims', 'utilization']);
    expect(sweepMetrics('placers.count')).toEqual(['messages', 'e2eP95', 'utilization', 'queueWait']);
    expect(sweepMetrics('polling.phase')).toEqual(['messages', 'e2eP95', 'conflicts', 'emptyPolls']);
    expect(sweepMetrics('fillers.processing.lognormal.mean')).toEqual(['messages', 'e2eP95', 'conflicts', 'completedShare']);
  });

  it('leaves out a sweep chart of a metric that is zero everywhere (no conflicts without contention)', () => {
    const yaml = 'name: f\npatterns: [A]\nsweep:\n  fillers.count: [1, 2]\n';
    const rows = (conflicts: number) => [1, 2].map((n, point) => ({ pattern: 'A', point, swept: { 'fillers.count': n }, metrics: plausible(2, 100, { etag_conflicts: conflicts }) }));
    expect(names(chooseCharts(readReportData(resultsText(yaml, rows(0)))))).not.toContain('fillers-count-vs-etag-conflicts');
    expect(names(chooseCharts(readReportData(resultsText(yaml, rows(2)))))).toContain('fillers-count-vs-etag-conflicts');
  });
});

describe('specs compile with vega-lite and render to SVG with the expected marks', () => {
  it('every chart compiles without a vega-lite warning, titles itself with a question, and uses no clip paths', async () => {
    for (const chart of [...chooseCharts(comparison), ...chooseCharts(swept)]) {
      expect(compileChart(chart).warnings, chart.name).toEqual([]);
      expect(chart.title, chart.name).toMatch(/\?/);
      const svg = await renderSvg(chart);
      expect(svg.startsWith('<svg'), chart.name).toBe(true);
      // resvg 2.6.2 aborts the process (not an exception) on some clipped groups.
      expect(svg, chart.name).not.toContain('clip-path');
      expect(svg, chart.name).toContain(chart.title.slice(0, 30));
    }
  });

  it('trade-off: one point and one label per pattern, rings on the hand-computed frontier A, H, E, axis titles with units', async () => {
    const marks = tradeOffPoints(comparison);
    expect(marks.filter((m) => m.onFrontier).map((m) => m.pattern).sort()).toEqual(['A', 'E', 'H']);
    const chart = chooseCharts(comparison).find((c) => c.name === 'trade-off') as Chart;
    const svg = await renderSvg(chart);
    expect(countItems(svg, 'points', 'path')).toBe(4);
    expect(countItems(svg, 'frontier_rings', 'path')).toBe(3);
    expect(countItems(svg, 'frontier', 'path')).toBe(1);
    expect(countItems(svg, 'labels', 'text')).toBe(4);
    // CI bars only where the CI is above zero (only E's conflicts had one; messages and p95 have CI 0 here).
    expect(markGroups(svg, 'overhead_ci')).toHaveLength(1);
    expect(countItems(svg, 'overhead_ci', 'line')).toBe(0);
    const titles = axisTitles(svg);
    expect(titles).toContain('messages per completed order, log scale');
    expect(titles).toContain('overhead p95 latency (s)');
    expect(svg).toContain('less its processing and its wait for a free filler slot');
    expect(svg).toContain('what the pattern itself adds');
  });

  it('trade-off: the latency axis is overhead p95, not end-to-end p95, and the frontier follows it', () => {
    // Y is slower end to end than X (its orders' work took longer) but adds less latency itself:
    // by end-to-end p95 X would dominate Y; by overhead neither dominates.
    const data = readReportData(resultsText('name: cmp\npatterns: [A, B]\n', [
      { pattern: 'A', metrics: plausible(2, 100, { latency_overhead_p95_s: 50 }) },
      { pattern: 'B', metrics: plausible(3, 200, { latency_overhead_p95_s: 10 }) },
    ]));
    const marks = tradeOffPoints(data);
    expect(marks.map((m) => [m.pattern, m.overheadP95, m.onFrontier])).toEqual([['A', 50, true], ['B', 10, true]]);
    const values = ((chooseCharts(data).find((c) => c.name === 'trade-off') as Chart).spec as { data: { values: { pattern: string; overheadP95: number }[] } }).data.values;
    expect(values.map((v) => v.overheadP95)).toEqual([50, 10]);
  });

  it('sweep chart: one point per pattern and interval, x ticks spelled as in the scenario, ordered by duration', async () => {
    const chart = chooseCharts(swept).find((c) => c.name === 'polling-interval-vs-empty-polls') as Chart;
    const svg = await renderSvg(chart);
    expect(countItems(svg, 'points', 'path')).toBe(6);
    expect(countItems(svg, 'lines', 'path')).toBe(2);
    expect(countItems(svg, 'ci', 'line')).toBe(6);
    expect(axisTitles(svg)).toEqual(expect.arrayContaining(['polling.interval (s), log scale', 'empty polls per run']));
    const ticks = [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)].map((m) => [...(m[1] as string).matchAll(/>([^<]+)<\/text>/g)].map((t) => t[1]));
    expect(ticks).toContainEqual(['30s', '2min', '10min']);
  });

  it('stacked bars: one segment per pattern and interaction kind that happened; outcomes per pattern', async () => {
    const [byKind, outcomes] = ['messages-by-kind', 'outcomes'].map((n) => chooseCharts(comparison).find((c) => c.name === n) as Chart);
    // create + search for all four, plus notification (C), update (E), message (H).
    expect(countItems(await renderSvg(byKind as Chart), 'bars', 'path')).toBe(4 * 2 + 3);
    // completed, rejected and open for each (cancelled and failed are zero).
    expect(countItems(await renderSvg(outcomes as Chart), 'bars', 'path')).toBe(4 * 3);
    // Each bar adds up to the headline messages per completed order the other charts show.
    const segments = ((byKind as Chart).spec as { data: { values: { pattern: string; perOrder: number }[] } }).data.values;
    const bars = new Map<string, number>();
    for (const v of segments) bars.set(v.pattern, (bars.get(v.pattern) ?? 0) + v.perOrder);
    for (const [pattern, messages] of [['A', 2.5], ['C', 7.7], ['E', 45], ['H', 5.2]] as const) expect(bars.get(pattern), pattern).toBeCloseTo(messages, 9);
  });

  it('a pattern has the same colour in every chart, from the palette', async () => {
    for (const name of ['trade-off', 'latency-e2e']) {
      const chart = chooseCharts(comparison).find((c) => c.name === name) as Chart;
      const fills = fillsByPattern(await renderSvg(chart), name === 'trade-off' ? 'points' : 'percentiles');
      expect([...fills.keys()].sort(), name).toEqual(['A', 'C', 'E', 'H']);
      for (const [pattern, colours] of fills) expect([...colours], `${name} ${pattern}`).toEqual([PATTERN_COLORS[pattern]]);
    }
    const sweepFills = fillsByPattern(await renderSvg(chooseCharts(swept).find((c) => c.name === 'polling-interval-vs-messages') as Chart), 'points');
    expect([...(sweepFills.get('E') ?? [])]).toEqual([PATTERN_COLORS.E]);
  });

  it('renders deterministically: the same data gives the same bytes, whatever was rendered before', async () => {
    const chart = chooseCharts(swept)[1] as Chart;
    const first = await renderSvg(chart);
    for (const other of chooseCharts(comparison)) await renderSvg(other);
    expect(await renderSvg(chart)).toBe(first);
  });
});
