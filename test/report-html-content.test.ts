import { describe, expect, it } from 'vitest';
import { chartFontFiles } from '../src/cli/fonts.js';
import { whichPatternWhen } from '../src/report/recommendations.js';
import { readReportData } from '../src/report/report-data.js';
import { buildReport } from '../src/report/report.js';
import { plausible, resultsText, type HandRow } from './support/report-input.js';

/** A cheapest, E fastest, H in between, C dominated by H. */
const rows: HandRow[] = [
  { pattern: 'A', metrics: plausible(2.5, 2250) },
  { pattern: 'C', metrics: plausible(7.7, 2382) },
  { pattern: 'E', metrics: plausible(45, 1987, { etag_conflicts: 3 }) },
  { pattern: 'H', metrics: plausible(5.2, 2074) },
];
const scenario = (budget?: string): string => `name: html\npatterns: [A, C, E, H]\n${budget !== undefined ? `report: { latencyBudget: ${budget} }\n` : ''}`;

describe('"which pattern when" comes from the numbers', () => {
  it('names the cheapest, the fastest, the frontier and the trade along it', () => {
    const f = whichPatternWhen(readReportData(resultsText(scenario(), rows))).findings;
    expect(f).toContain('Fewest messages per completed order: A (2.50), then H (5.20).');
    expect(f).toContain('Lowest end-to-end p95 latency: E (1987 s), then H (2074 s).');
    expect(f.find((s) => s.startsWith('Pareto frontier'))).toBe(
      'Pareto frontier of messages and overhead p95 (end-to-end less processing and slot wait; no other pattern is both cheaper and adds less latency): A (2.50 messages, 225 s overhead) → H (5.20 messages, 207 s overhead) → E (45.0 messages, 199 s overhead). Going from A to E costs 42.5 more messages per order for an overhead p95 26.3 s (11.7%) lower.',
    );
    expect(f).toContain('ETag conflicts (412/409) happen in E (up to 3.00 per run); A, C, H had none.');
    expect(f.some((s) => s.startsWith('No latency budget is set'))).toBe(true);
  });

  it('with a latency budget: the cheapest pattern whose p95 stays within it', () => {
    // 35min = 2100 s: A (2250 s) and C (2382 s) miss it; H is the cheapest of H and E.
    const f = whichPatternWhen(readReportData(resultsText(scenario('35min'), rows))).findings;
    expect(f).toContain('Within the latency budget (end-to-end p95 ≤ 35min (2100 s)): H, E; the cheapest of them is H (5.20 messages, 2074 s).');
    // 30min = 1800 s: nobody; the closest is the fastest.
    const none = whichPatternWhen(readReportData(resultsText(scenario('30min'), rows))).findings;
    expect(none).toContain('No pattern keeps end-to-end p95 within the latency budget of 30min (1800 s); the closest is E (45.0 messages, 1987 s).');
  });

  it('says when the leader is within the confidence interval of the runner-up', () => {
    const close: HandRow[] = [
      { pattern: 'A', metrics: plausible(2.5, 2250, { interactions_per_order: [2.5, 1] }) },
      { pattern: 'H', metrics: plausible(3, 2074, { interactions_per_order: [3, 1] }) },
    ];
    const f = whichPatternWhen(readReportData(resultsText('name: c\npatterns: [A, H]\n', close))).findings;
    expect(f[0]).toBe("Fewest messages per completed order: A (2.50 ± 1.00), then H (3.00 ± 1.00); the two are within each other's 95% confidence intervals.");
  });

  it('over a sweep: winners tallied across points, per-point advice, and how costs move along an ordered path', () => {
    const yaml = 'name: s\npatterns: [B, C]\nsweep:\n  polling.interval: [30s, 5min]\n';
    const sweepRows: HandRow[] = [
      { pattern: 'B', point: 0, swept: { 'polling.interval': '30s' }, metrics: plausible(40, 100) },
      { pattern: 'C', point: 0, swept: { 'polling.interval': '30s' }, metrics: plausible(8, 120) },
      { pattern: 'B', point: 1, swept: { 'polling.interval': '5min' }, metrics: plausible(5, 600) },
      { pattern: 'C', point: 1, swept: { 'polling.interval': '5min' }, metrics: plausible(8, 121) },
    ];
    const advice = whichPatternWhen(readReportData(resultsText(yaml, sweepRows)));
    expect(advice.points.map((p) => p.cheapest[0]?.pattern)).toEqual(['C', 'B']);
    expect(advice.findings).toContain('Fewest messages per completed order: B at 1 of 2 (polling.interval=5min), C at 1 of 2 (polling.interval=30s).');
    expect(advice.findings).toContain('As polling.interval goes from 30s to 5min, messages per completed order: down for B (-87.5%); within ±10% for C.');
    expect(advice.findings).toContain('As polling.interval goes from 30s to 5min, end-to-end p95 latency: up for B (+500%); within ±10% for C.');
  });
});

describe('report.html', () => {
  it('is one self-contained file: inline SVG charts, ranking tables, one order per pattern, data; nothing loaded from anywhere', async () => {
    const files = await buildReport(resultsText(scenario('35min'), rows), { fontFiles: chartFontFiles() });
    const html = files.find((f) => f.name === 'report.html')?.content as string;
    const charts = files.filter((f) => f.name.endsWith('.svg')).map((f) => f.name);
    expect(charts).toEqual(['charts/trade-off.svg', 'charts/messages-by-kind.svg', 'charts/latency-e2e.svg', 'charts/latency-receipt.svg', 'charts/outcomes.svg']);
    expect(files.filter((f) => f.name.endsWith('.png'))).toHaveLength(5);
    expect(files.filter((f) => f.name.endsWith('.vl.json'))).toHaveLength(5);
    expect(html.match(/<figure class="chart"[^>]*><svg /g)).toHaveLength(5);
    for (const f of files.filter((x) => x.name.endsWith('.svg'))) expect(html).toContain(f.content as string);
    expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|@import|url\(\s*['"]?https?:/i);
    expect(html.match(/<script/g)).toEqual(['<script']);
    expect(html).toContain('<script type="application/json" id="summary-data">');
    for (const metric of ['messages', 'e2e-p95', 'etag-conflicts']) expect(html).toContain(`data-metric="${metric}"`);
    // Every pattern completed 90 of 100 orders and kept its busiest server 25% busy: nothing to rank.
    expect(html).not.toContain('data-metric="completed-share"');
    expect(html).toContain('<li>orders completed: 90.0 for every pattern</li>');
    expect(html).toContain('<li>utilisation of the busiest server: 25.0 for every pattern</li>');
    expect(html.match(/<details class="sequence"/g)).toHaveLength(4);
    expect(html).toContain('POST ServiceRequest');
    expect(html).toContain('the cheapest of them is <span class="pat"');
    expect(html).not.toMatch(/\b20\d\d-\d\d-\d\dT/);
  });

  it('is byte-identical for the same input', async () => {
    const t = resultsText(scenario(), rows);
    const [a, b] = [await buildReport(t, { fontFiles: chartFontFiles() }), await buildReport(t, { fontFiles: chartFontFiles() })];
    expect(b.map((f) => f.name)).toEqual(a.map((f) => f.name));
    a.forEach((f, i) => expect(Buffer.from(b[i]?.content ?? '').equals(Buffer.from(f.content)), f.name).toBe(true));
  });

  it('escapes text from the scenario', async () => {
    const files = await buildReport(resultsText(`${scenario()}description: "<b>bold</b> & more"\n`, rows), { fontFiles: chartFontFiles() });
    const html = files.find((f) => f.name === 'report.html')?.content as string;
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; more');
    expect(html).not.toContain('<b>bold</b>');
  });
});
