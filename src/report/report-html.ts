/** report.html as one self-contained string: scenario, "which pattern when", rankings, inline SVG charts, one order per pattern, data. */

import { groupList, groupTotal } from '../models/index.js';
import type { Chart } from './chart.js';
import { formatValue, formatWithCi, METRICS } from './metrics.js';
import { patternColor } from './palette.js';
import type { Ranking } from './rankings.js';
import type { Advice } from './recommendations.js';
import type { ReportData } from './report-data.js';
import { REPORT_CSS } from './report-style.js';
import { testSeedClaims } from './seed-claims.js';

/** One pattern's traced order, as `formatOrderSequence` lists it. */
export interface PatternSequence {
  pattern: string;
  title: string;
  specName: string;
  /** The conditions of the traced world, in words. */
  world: string;
  lines: string[];
  remoteMessages: number;
  endToEndSeconds: number;
  outcome: string;
}

/** Everything report.html shows. */
export interface ReportContent {
  data: ReportData;
  charts: readonly { chart: Chart; svg: string }[];
  rankings: readonly Ranking[];
  /** Ranked metrics that are the same everywhere. */
  uniform: readonly { metric: { label: string }; value: number }[];
  advice: Advice;
  sequences: readonly PatternSequence[];
}

/** HTML-escapes text. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A pattern letter on its colour (dark text on light colours). */
function badge(pattern: string): string {
  const c = patternColor(pattern);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
  const light = 0.299 * r + 0.587 * g + 0.114 * b > 160;
  return `<span class="pat" style="background:${c};color:${light ? '#222' : '#fff'}">${escapeHtml(pattern)}</span>`;
}

/** Pattern letters in running text become badges. */
function withBadges(text: string, patterns: readonly string[]): string {
  const set = new Set(patterns);
  return escapeHtml(text).replace(/\b([A-Z])\b(?=[ ,;:.)]|$)/g, (m, p: string) => (set.has(p) ? badge(p) : m));
}

/** A scenario value in YAML flow style: `{ lognormal: { mean: 20min, cv: 0.5 } }`. */
function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }`;
  }
  return String(v);
}

function scenarioSection(d: ReportData): string {
  const s = d.scenario;
  const rows: [string, unknown][] = [
    ['patterns', s.patterns === 'all' ? `all (${d.patterns.join(', ')})` : s.patterns],
    ['horizon / warm-up', `${flow(s.horizon)} / ${flow(s.warmup)}`],
    ['replications / seed', `${s.replications} / ${s.seed}`],
    ['placers', s.placers],
    ['fillers', s.fillers],
    ['discovery', s.discovery],
    ['polling', s.polling],
    ['subscription', s.subscription],
    ['network', s.network],
    ['server', s.server],
    ['messaging / service', `${flow(s.messaging)} / ${flow(s.service)}`],
    ['broker', s.broker],
    ['cancellation', s.cancellation],
    ['status queries', s.statusQuery],
    ['clock start', s.clockStart],
    ['outages', s.outages.length > 0 ? s.outages : 'none'],
    ['message sizes (bytes)', s.bytes],
    ['sweep', Object.keys(s.sweep).length > 0 ? s.sweep : 'nothing swept'],
    ['latency budget (e2e p95)', s.report.latencyBudget ?? 'not set (report.latencyBudget)'],
  ];
  return `<section id="scenario"><h2>Scenario</h2><p class="note">Every input, defaults filled in, as scenario.resolved.json has it.</p>
<table class="kv">${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td><code>${escapeHtml(flow(v))}</code></td></tr>`).join('')}</table></section>`;
}

function adviceSection(c: ReportContent): string {
  const { advice, data } = c;
  const items = advice.findings.map((f) => `<li>${withBadges(f, data.patterns)}</li>`).join('\n');
  let table = '';
  if (advice.points.length > 1) {
    const budget = data.latencyBudgetSeconds !== undefined;
    const head = `<tr><th>sweep point</th><th>fewest messages</th><th>lowest e2e p95</th><th>Pareto frontier, messages × overhead p95 (cheapest first)</th>${budget ? '<th>cheapest within budget</th>' : ''}</tr>`;
    const rows = advice.points.map((a) => {
      const first = (xs: readonly { pattern: string }[] | null | undefined): string => (xs?.[0] !== undefined ? badge(xs[0].pattern) : '–');
      return `<tr><td>${escapeHtml(a.label)}</td><td>${first(a.cheapest)}</td><td>${first(a.fastest)}</td><td>${a.frontier.map((f) => badge(f.pattern)).join(' ')}</td>${budget ? `<td>${first(a.withinBudget)}</td>` : ''}</tr>`;
    });
    table = `<table class="grid advice">${head}${rows.join('')}</table>`;
  }
  return `<section id="which-pattern-when"><h2>Which pattern when</h2><p class="note">Generated from the results below: means over replications, Pareto sets and the latency budget.</p><ul class="findings">${items}</ul>${table}</section>`;
}

function rankingSection(c: ReportContent): string {
  const tables = c.rankings.map((r) => {
    const multi = r.columns.length > 1;
    const depth = Math.max(...r.columns.map((col) => col.ranked.length));
    const head = `<tr><th>rank</th>${r.columns.map((col) => `<th>${multi ? escapeHtml(col.label) : escapeHtml(r.metric.label)}</th>`).join('')}</tr>`;
    const body: string[] = [];
    for (let i = 0; i < depth; i++) {
      body.push(`<tr><td class="num">${i + 1}</td>${r.columns.map((col) => {
        const x = col.ranked[i];
        if (x === undefined) return '<td></td>';
        return `<td>${badge(x.pattern)} <span class="num">${escapeHtml(formatWithCi(x.value, x.ci))}</span>${x.rank !== null && x.rank !== i + 1 ? ' <span class="tie" title="tied with the place above">=</span>' : ''}</td>`;
      }).join('')}</tr>`);
    }
    const better = r.metric.better === 'lower' ? 'lower is better' : 'higher is better';
    return `<h3>${escapeHtml(r.metric.label)} <span class="unit">(${escapeHtml(r.metric.unit)}; ${better})</span></h3><table class="grid ranking" data-metric="${escapeHtml(r.metric.key)}">${head}${body.join('')}</table>`;
  });
  const uniform = c.uniform.map((u) => `<li>${escapeHtml(u.metric.label)}: ${escapeHtml(formatValue(u.value))} for every pattern${c.data.points.length > 1 ? ' at every point' : ''}</li>`);
  return `<section id="rankings"><h2>Rankings</h2><p class="note">Best first, mean ± 95% confidence half-width over replications${c.data.points.length > 1 ? ', one column per sweep point' : ''}.</p>${tables.join('\n')}${uniform.length > 0 ? `<p>Not ranked, the same everywhere:</p><ul>${uniform.join('')}</ul>` : ''}</section>`;
}

function chartSection(c: ReportContent): string {
  const figures = c.charts.map(({ chart, svg }) => `<figure class="chart" id="chart-${chart.name}">${svg}<figcaption>charts/${escapeHtml(chart.name)}.svg (.png, .vl.json)</figcaption></figure>`);
  return `<section id="charts"><h2>Charts</h2>${figures.length > 0 ? figures.join('\n') : '<p>No finished runs: nothing to chart.</p>'}</section>`;
}

function sequenceSection(c: ReportContent): string {
  const blocks = c.sequences.map((s) => `<details class="sequence" open><summary>${badge(s.pattern)} ${escapeHtml(s.title)} <span class="unit">${escapeHtml(s.specName)}</span></summary>
<p class="note">${escapeHtml(s.world)}: ${s.remoteMessages} messages between systems, outcome ${escapeHtml(s.outcome)}, placer knew after ${escapeHtml(Number.isNaN(s.endToEndSeconds) ? '-' : s.endToEndSeconds.toFixed(3))} s.</p>
<pre>${escapeHtml(s.lines.join('\n'))}</pre></details>`);
  return `<section id="one-order"><h2>One order, message by message</h2><p class="note">Traced from a real run of a tiny world per pattern (as <code>fwsim explain</code>); polls that found nothing are not shown.</p>${blocks.join('\n')}</section>`;
}

function dataSection(c: ReportContent): string {
  const d = c.data;
  const cols: [string, (r: (typeof d.rows)[number]) => string][] = [
    ['pattern', (r) => badge(r.pattern)],
    ...d.axes.map((a): [string, (r: (typeof d.rows)[number]) => string] => [a.path, (r) => escapeHtml(r.swept[a.path] ?? '')]),
    ['replications', (r) => String(r.replications)],
    ...[METRICS.messages, METRICS.bytes, METRICS.e2eP95, METRICS.completedShare, METRICS.conflicts, METRICS.utilization].map((m): [string, (r: (typeof d.rows)[number]) => string] => [m.label, (r) => escapeHtml(formatWithCi(m.value(r), m.ci(r)))]),
  ];
  const table = `<table class="grid data"><tr>${cols.map(([h]) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${d.rows.map((r) => `<tr>${cols.map(([, f]) => `<td>${f(r)}</td>`).join('')}</tr>`).join('')}</table>`;
  // The figures the charts were drawn from, for anyone who wants them without the CSV; `<` escaped so no text can close the script element.
  const json = JSON.stringify(d.rows.map((r) => ({ pattern: r.pattern, point: r.point, swept: r.swept, replications: r.replications, ...r.cells })), (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)).replace(/</g, '\\u003c');
  return `<section id="data"><h2>Data</h2><p class="note">Headline figures per pattern and sweep point (summary.csv has every column).</p>${table}<script type="application/json" id="summary-data">${json}</script></section>`;
}

/** The seed catalogue's Benefits and Limitations, each with the metric that tests it and the verdict here. */
function claimsSection(c: ReportContent): string {
  const claims = testSeedClaims(c.data.points);
  if (claims.length === 0) return '';
  const cls = (v: string): string => (v === 'holds' ? 'holds' : v === 'does not hold' ? 'fails' : v === 'holds at some points' ? 'mixed' : 'unknown');
  const rows = claims.map((x) => `<tr><td>${withBadges(x.patterns, c.data.patterns)}</td><td>${escapeHtml(x.kind)}: “${escapeHtml(x.claim)}”</td><td>${escapeHtml(x.test)}</td><td class="verdict ${cls(x.verdict)}">${escapeHtml(x.verdict)}</td><td>${escapeHtml(x.detail)}</td></tr>`);
  return `<section id="seed-claims"><h2>The seed's claims, tested</h2><p class="note">Each Benefit or Limitation the pattern catalogue states, the figure that tests it in these results, and the verdict at this scenario's points.</p><table class="grid claims"><tr><th>pattern</th><th>claim</th><th>test</th><th>verdict</th><th>figures</th></tr>${rows.join('')}</table></section>`;
}

/**
 * Peak and quiet hours, beside the means, where the load varies over the day: polling costs
 * the same around the clock, subscriptions and messaging scale with activity.
 */
function peakHourSection(c: ReportContent): string {
  const d = c.data;
  if (!groupList(d.scenario.placers).some((g) => g.profile !== undefined)) return '';
  const cell = (m: (typeof METRICS)[keyof typeof METRICS], r: (typeof d.rows)[number]): string => `<td class="num">${escapeHtml(formatWithCi(m.value(r), m.ci(r)))}</td>`;
  const head = `<tr><th>pattern</th>${d.axes.map((a) => `<th>${escapeHtml(a.path)}</th>`).join('')}<th>orders in the busiest hour</th><th>messages, busiest hour</th><th>messages, quietest hour</th><th>quietest / busiest</th><th>overhead p95, all orders (s)</th><th>overhead p95, busiest hour's orders (s)</th></tr>`;
  const body = d.rows.map((r) => {
    const ratio = METRICS.messagesQuietHour.value(r) / METRICS.messagesPeakHour.value(r);
    return `<tr><td>${badge(r.pattern)}</td>${d.axes.map((a) => `<td>${escapeHtml(r.swept[a.path] ?? '')}</td>`).join('')}${cell(METRICS.ordersPeakHour, r)}${cell(METRICS.messagesPeakHour, r)}${cell(METRICS.messagesQuietHour, r)}<td class="num">${Number.isFinite(ratio) ? `${(100 * ratio).toFixed(0)}%` : '-'}</td>${cell(METRICS.overheadP95, r)}${cell(METRICS.overheadP95PeakHour, r)}</tr>`;
  });
  return `<section id="peak-hour"><h2>Peak and quiet hours</h2><p class="note">The placers' rate follows a daily profile. Whole clock hours after the warm-up: a pattern whose quietest hour costs nearly what its busiest does pays around the clock (polling); one that falls with the orders scales with activity.</p><table class="grid peak">${head}${body.join('')}</table></section>`;
}

/** Each group's share of the work and latency, per pattern and point (only with groups.csv). */
function groupSection(c: ReportContent): string {
  const d = c.data;
  if (d.groups.length === 0) return '';
  const label = new Map(d.points.map((p) => [p.point, p.label]));
  const num = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');
  const head = `<tr><th>pattern</th>${d.points.length > 1 ? '<th>sweep point</th>' : ''}<th>group</th><th>actors</th><th>orders</th><th>completed</th><th>share of completed</th><th>overhead mean (s)</th><th>overhead p95 (s)</th><th>its messages per completed order</th><th>its kB per completed order</th></tr>`;
  const body = d.groups.map((g) => `<tr><td>${badge(g.pattern)}</td>${d.points.length > 1 ? `<td>${escapeHtml(label.get(g.point) ?? String(g.point))}</td>` : ''}<td>${escapeHtml(g.kind === 'placers' ? 'placers: ' : 'fillers: ')}${escapeHtml(g.group)}</td><td class="num">${g.actors}</td><td class="num">${num(g.orders, 1)}</td><td class="num">${num(g.completed, 1)}</td><td class="num">${num(g.completedSharePct, 1)}%</td><td class="num">${num(g.overheadMeanS, 1)}</td><td class="num">${num(g.overheadP95S, 1)}</td><td class="num">${num(g.interactionsPerOrder, 1)}</td><td class="num">${num(g.bytesPerOrder / 1000, 1)}</td></tr>`);
  return `<section id="groups"><h2>Groups</h2><p class="note">From groups.csv: means over replications. Placers' orders are those they placed, fillers' those they took on; the share is of every completed order of the run. A group's messages are those its actors sent and those servers delivered to them (notifications), per order it completed: labs that poll pay for their polls whether work comes or not.</p><table class="grid groups">${head}${body.join('')}</table></section>`;
}

/** What the scenario's outages did, per pattern and point (only when it has outages). */
function outageSection(c: ReportContent): string {
  const d = c.data;
  if (d.scenario.outages.length === 0) return '';
  const what = d.scenario.outages.map((o) => `${o.server !== undefined ? `server ${o.server}` : `endpoint ${o.endpoint ?? ''}`} down from ${flow(o.at)} for ${flow(o.for)}`).join('; ');
  const ms = [METRICS.outageDropped, METRICS.outageCaught, METRICS.outageDelayed, METRICS.failed, METRICS.outageRecovery];
  const head = `<tr><th>pattern</th>${d.axes.map((a) => `<th>${escapeHtml(a.path)}</th>`).join('')}${ms.map((m) => `<th>${escapeHtml(m.label)} (${escapeHtml(m.unit)})</th>`).join('')}</tr>`;
  const body = d.rows.map((r) => `<tr><td>${badge(r.pattern)}</td>${d.axes.map((a) => `<td>${escapeHtml(r.swept[a.path] ?? '')}</td>`).join('')}${ms.map((m) => `<td class="num">${escapeHtml(formatWithCi(m.value(r), m.ci(r)))}</td>`).join('')}</tr>`);
  return `<section id="outages"><h2>Outages</h2><p class="note">${escapeHtml(what)}. Delayed: caught orders that completed with an overhead above the p95 of the orders no outage touched. Time to recover: how long after the end the delayed orders' communication was still catching up (their work after the outage left out).</p><table class="grid outages">${head}${body.join('')}</table></section>`;
}

/** The whole report. Deterministic: no dates, nothing fetched, the same content gives the same bytes. */
export function renderReportHtml(c: ReportContent): string {
  const s = c.data.scenario;
  const profiled = groupList(s.placers).some((g) => g.profile !== undefined);
  const nav = [['which-pattern-when', 'Which pattern when'], ['rankings', 'Rankings'], ['seed-claims', "Seed's claims"], ...(profiled ? [['peak-hour', 'Peak hours']] : []), ...(s.outages.length > 0 ? [['outages', 'Outages']] : []), ...(c.data.groups.length > 0 ? [['groups', 'Groups']] : []), ['charts', 'Charts'], ['one-order', 'One order'], ['scenario', 'Scenario'], ['data', 'Data']];
  const sweep = Object.entries(s.sweep).map(([path, values]) => `${path} ${flow(values)}`).join(' × ');
  const budget = s.report.latencyBudget;
  const facts = [
    `patterns ${c.data.patterns.join(', ')}`,
    `${s.replications} replication${s.replications === 1 ? '' : 's'} of ${flow(s.horizon)} (warm-up ${flow(s.warmup)})`,
    `${actors(s.placers, 'placers')}, ${actors(s.fillers, 'fillers')}, discovery by ${s.discovery}`,
    sweep !== '' ? `swept: ${sweep}` : 'nothing swept',
    budget !== undefined ? `latency budget: end-to-end p95 ≤ ${flow(budget)}` : 'no latency budget set',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`fwsim report: ${s.name}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(s.name)}: which FHIR workflow pattern, at what cost</h1>
${s.description !== '' ? `<p class="lead">${escapeHtml(s.description)}</p>` : ''}
<p class="facts">${facts.map(escapeHtml).join(' · ')}</p>
<p class="note">${c.data.rows.length} pattern × sweep point results from fhir-workflow-sim ${escapeHtml(c.data.toolVersion)}; every figure below comes from summary.csv and scenario.resolved.json in this folder.</p>
<nav>${nav.map(([id, t]) => `<a href="#${id}">${t}</a>`).join(' · ')}</nav></header>
<main>
${adviceSection(c)}
${rankingSection(c)}
${claimsSection(c)}
${peakHourSection(c)}
${outageSection(c)}
${groupSection(c)}
${chartSection(c)}
${sequenceSection(c)}
${scenarioSection(c.data)}
${dataSection(c)}
</main>
</body>
</html>
`;
}

/** `120 placers` or `120 placers in 3 groups`. */
function actors(groups: Parameters<typeof groupList<{ count: number }>>[0], kind: string): string {
  const n = groupList(groups).length;
  return `${groupTotal(groups)} ${kind}${n > 1 ? ` in ${n} groups` : ''}`;
}
