/** The charts and report.html of a results folder, built from the text of its files: contents only, for the CLI to write. */

import { describeTinyWorld, isPatternId, patterns, tinyWorldWith, traceOneOrder } from '../patterns/index.js';
import type { Chart } from './chart.js';
import { chooseCharts } from './choose-charts.js';
import { formatOrderSequence } from './order-sequence.js';
import { rankings } from './rankings.js';
import { whichPatternWhen } from './recommendations.js';
import { readReportData, type ReportData, type ResultsText } from './report-data.js';
import { renderReportHtml, type PatternSequence } from './report-html.js';
import { renderPngAsync, renderSvg } from './render.js';

/** A file of the report, by its path relative to the results folder. */
export interface ReportFile {
  name: string;
  content: string | Buffer;
}

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** TrueType files with DejaVu Sans (regular and bold), for the PNGs. */
  fontFiles: readonly string[];
}

/**
 * Every chart (`charts/<name>.vl.json`, `.svg`, `.png`) and `report.html`, from the text of
 * summary.csv and scenario.resolved.json. Deterministic: the same text gives the same bytes,
 * which is why `fwsim run` builds them from the CSV text it writes, exactly as `fwsim chart`
 * does from the file. Throws ReportInputError for inputs it cannot read.
 */
export async function buildReport(input: ResultsText, options: ReportOptions): Promise<ReportFile[]> {
  const data = readReportData(input);
  const charts = chooseCharts(data);
  const files: ReportFile[] = [];
  const rendered: { chart: Chart; svg: string }[] = [];
  // PNGs render on the thread pool while the next SVGs are built; files keep chart order.
  const pngs: Promise<void>[] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart);
    rendered.push({ chart, svg });
    files.push({ name: `charts/${chart.name}.vl.json`, content: `${JSON.stringify(chart.spec, null, 2)}\n` });
    files.push({ name: `charts/${chart.name}.svg`, content: svg });
    const png: ReportFile = { name: `charts/${chart.name}.png`, content: '' };
    files.push(png);
    pngs.push(renderPngAsync(svg, options.fontFiles).then((bytes) => {
      png.content = bytes;
    }));
  }
  await Promise.all(pngs);
  const ranked = rankings(data);
  const html = renderReportHtml({ data, charts: rendered, rankings: ranked.rankings, uniform: ranked.uniform, advice: whichPatternWhen(data), sequences: oneOrderSequences(data) });
  files.push({ name: 'report.html', content: html });
  return files;
}

/**
 * One order through each pattern the results hold, traced in the tiny world with the
 * scenario's discovery, notification payload and messaging/service modes.
 */
export function oneOrderSequences(data: ReportData): PatternSequence[] {
  const s = data.scenario;
  const config = tinyWorldWith({ discovery: s.discovery, payload: s.subscription.payload, messaging: s.messaging.mode, service: s.service.mode });
  const world = describeTinyWorld(config);
  return data.patterns.filter(isPatternId).map((id) => {
    const pattern = patterns[id];
    const trace = traceOneOrder(pattern, config);
    const seq = formatOrderSequence(pattern, trace);
    return { pattern: id, title: pattern.title, specName: pattern.specName, world, lines: seq.list, remoteMessages: seq.remoteMessages, endToEndSeconds: seq.endToEndSeconds, outcome: trace.order.outcome };
  });
}
