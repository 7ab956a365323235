/** Writes a results folder's charts and report.html (atomically, file by file) and removes charts a previous run left. */

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../report/report.js';
import type { ResultsFolder } from './results-folder.js';
import { chartFontFiles } from './fonts.js';

const CHART_FILE = /\.(vl\.json|svg|png)$/;

/** What was written. */
export interface WrittenReport {
  charts: number;
  report: string;
}

/**
 * Builds the charts and the report from the text of summary.csv and scenario.resolved.json
 * (the same text `fwsim run` writes and `fwsim chart` reads, so both give the same bytes),
 * writes them into `folder`, then deletes chart files of earlier runs that this one did not
 * produce (a sweep removed since, say), so charts/ always matches report.html.
 */
export async function writeReport(folder: ResultsFolder, summaryCsv: string, resolvedScenarioJson: string, groupsCsv?: string): Promise<WrittenReport> {
  const files = await buildReport(
    {
      summaryCsv, resolvedScenarioJson, summarySource: join(folder.dir, 'summary.csv'), resolvedSource: join(folder.dir, 'scenario.resolved.json'),
      ...(groupsCsv !== undefined ? { groupsCsv, groupsSource: join(folder.dir, 'groups.csv') } : {}),
    },
    { fontFiles: chartFontFiles() },
  );
  for (const f of files) folder.write(f.name, f.content);
  const written = new Set(files.map((f) => f.name));
  const chartsDir = join(folder.dir, 'charts');
  if (existsSync(chartsDir)) {
    for (const name of readdirSync(chartsDir)) {
      if (CHART_FILE.test(name) && !written.has(`charts/${name}`)) folder.remove(`charts/${name}`);
    }
  }
  return { charts: files.filter((f) => f.name.endsWith('.svg')).length, report: join(folder.dir, 'report.html') };
}
