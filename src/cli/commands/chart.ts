/** `fwsim chart <results-dir>`: re-renders the charts and report.html of a results folder from its summary.csv alone. */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { ReportInputError } from '../../report/report-data.js';
import { EXIT } from '../exit.js';
import { ResultsFolder } from '../results-folder.js';
import { FolderLockError, ResultsLock } from '../results-lock.js';

interface ChartArgs {
  dir: string;
}

export const chartCommand: CommandModule<object, ChartArgs> = {
  command: 'chart <dir>',
  describe: 'Re-render charts/ and report.html of a results folder from its summary.csv and scenario.resolved.json',
  builder: (y) => y.positional('dir', { type: 'string', demandOption: true, describe: 'A results folder written by fwsim run (e.g. results/default)' }),
  handler: async (argv) => {
    const texts: string[] = [];
    for (const name of ['summary.csv', 'scenario.resolved.json']) {
      const path = join(argv.dir, name);
      if (!existsSync(path)) fail(`${path}: not found; expected a results folder written by fwsim run (with summary.csv and scenario.resolved.json)`);
      texts.push(readFileSync(path, 'utf8'));
    }
    const [summary, resolved] = texts as [string, string];
    // groups.csv is there when the scenario lists groups; the report then has their table.
    const groupsPath = join(argv.dir, 'groups.csv');
    const groups = existsSync(groupsPath) ? readFileSync(groupsPath, 'utf8') : undefined;
    // A run writing this folder would rewrite charts/ under us: take its lock as run does.
    let lock: ResultsLock | undefined;
    try {
      const taken = ResultsLock.acquireAll([argv.dir]);
      [lock] = taken.locks;
      for (const note of taken.tookOver) process.stderr.write(`${note}\n`);
    } catch (e) {
      if (e instanceof FolderLockError) fail(e.message);
      throw e;
    }
    try {
      // Loaded here, not with the command line: vega and resvg are slow to load.
      const { writeReport } = await import('../report-files.js');
      const written = await writeReport(new ResultsFolder(argv.dir), summary, resolved, groups);
      console.log(`charts: ${join(argv.dir, 'charts')}/ (${written.charts} charts as .svg, .png and .vl.json)`);
      console.log(`report: ${written.report}`);
    } catch (e) {
      if (e instanceof ReportInputError) fail(e.message);
      throw e;
    } finally {
      lock?.release();
    }
  },
};

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT.badInput);
}
