/** `fwsim run <scenario..>`: run scenarios in worker threads and write results/<name>/. */

import { setMaxListeners } from 'node:events';
import { availableParallelism, totalmem } from 'node:os';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { PATTERN_IDS } from '../../patterns/index.js';
import { groupsCsv, hasGroups, resolvedScenarioJson, runsCsv, summaryCsv, timingCsv } from '../../report/tables.js';
import { parseQueueAddress, QueueAddressError, runScenario, type QueueAddress, type QueuedCounts, type ScenarioResults } from '../../runner/index.js';
import { ScenarioError, type Scenario } from '../../scenario/index.js';
import { ResultsFolder, ResumeError } from '../results-folder.js';
import { FolderLockError, ResultsLock } from '../results-lock.js';
import { loadScenario } from '../scenario-file.js';
import { workersProblem } from '../workers-option.js';
import { EXIT, toolVersion } from '../exit.js';
import { printRunTable } from '../run-table.js';

interface RunArgs {
  scenario: string[];
  out: string;
  workers?: number;
  replications?: number;
  seed?: number;
  patterns?: string[];
  set?: string[];
  resume: boolean;
  'allow-large': boolean;
  queue?: string;
  charts: boolean;
  quiet: boolean;
  json: boolean;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run <scenario..>',
  describe: 'Run scenario files; results go to <out>/<name>/',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'Scenario files (YAML or JSON)' })
      .option('out', { type: 'string', default: 'results', describe: 'Parent folder of the results' })
      .option('workers', { type: 'number', describe: 'Worker threads (default: available cores)' })
      .option('replications', { type: 'number', describe: 'Override the number of replications' })
      .option('seed', { type: 'number', describe: 'Override the master seed' })
      .option('patterns', { type: 'string', array: true, describe: `Run only these patterns (${PATTERN_IDS.join(',')}), e.g. --patterns A,E`, coerce: (v: string[]) => v.flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x !== '') })
      .option('set', { type: 'string', array: true, describe: 'Override a field: --set fillers.count=10 --set polling.interval=30s' })
      .option('allow-large', { type: 'boolean', default: false, describe: 'Run work beyond the limits (20,000 runs, 5 G simulated events, 2 GB a run), which is otherwise refused with its estimate' })
      .option('resume', { type: 'boolean', default: false, describe: 'Keep finished runs of an interrupted run and do only the rest' })
      .option('queue', { type: 'string', describe: 'Run the jobs on `fwsim worker` processes through a BullMQ queue in Redis: redis://host:port[/db]' })
      .option('charts', { type: 'boolean', default: true, describe: 'Draw charts/ and report.html (--no-charts: the CSV and JSON files only, and no time spent loading the charting libraries)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'No progress bar' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the summary as JSON instead of a table' }),
  handler: async (argv) => {
    const badWorkers = workersProblem(argv.workers);
    if (badWorkers !== undefined) fail(badWorkers);
    let queue: QueueAddress | undefined;
    if (argv.queue !== undefined) {
      if (argv.workers !== undefined) fail('--workers sets the threads of a local run; with --queue the jobs run on `fwsim worker` processes (give those --concurrency)');
      try {
        queue = parseQueueAddress(argv.queue);
      } catch (e) {
        if (!(e instanceof QueueAddressError)) throw e;
        fail(e.message);
      }
    }
    // Validate everything before running anything: bad input writes nothing.
    const scenarios: { path: string; scenario: Scenario }[] = [];
    const problems: string[] = [];
    for (const path of argv.scenario) {
      try {
        scenarios.push({
          path,
          scenario: loadScenario(path, {
            ...(argv.set !== undefined ? { set: argv.set } : {}),
            ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
            ...(argv.replications !== undefined ? { replications: argv.replications } : {}),
            ...(argv.patterns !== undefined ? { patterns: argv.patterns } : {}),
          }, { allowLarge: argv['allow-large'] }),
        });
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        problems.push(e.message);
      }
    }
    if (problems.length > 0) fail(problems.join('\n'));
    // A queue that does not answer stops the run before any results folder is touched.
    // The queue's libraries (BullMQ, ioredis) are loaded only for a queued run.
    const queueing = queue !== undefined ? await import('../../runner/queue/index.js') : undefined;
    if (queue !== undefined) await queueing?.checkQueueReachable(queue).catch(unreachable);
    // Every folder is taken before anything runs, so a second run refuses without writing;
    // the locks go when this process exits, however it exits short of a kill.
    let locks: ResultsLock[];
    try {
      const taken = ResultsLock.acquireAll(scenarios.map(({ scenario }) => join(argv.out, scenario.name)));
      locks = taken.locks;
      for (const note of taken.tookOver) process.stderr.write(`${note}\n`);
    } catch (e) {
      if (e instanceof FolderLockError) fail(e.message);
      throw e;
    }
    // And every resume is checked before anything runs: never half the scenarios resumed.
    const folders = scenarios.map(({ scenario }) => {
      const folder = new ResultsFolder(join(argv.out, scenario.name));
      try {
        return { scenario, folder, previous: argv.resume ? folder.previous(scenario, toolVersion()) : [] };
      } catch (e) {
        if (e instanceof ResumeError) fail(e.message);
        throw e;
      }
    });
    const workers = argv.workers ?? availableParallelism();
    const controller = new AbortController();
    // One listener per queued run is expected, not a leak.
    setMaxListeners(0, controller.signal);
    let interrupted = false;
    const onSigint = (): void => {
      if (interrupted) {
        // A second Ctrl-C: stop at once (the journal keeps what finished; the exit hook removes the locks).
        process.stderr.write('\ninterrupted again: stopping now (resume with --resume)\n');
        process.exit(130);
      }
      interrupted = true;
      process.stderr.write('\ninterrupted: finishing the runs in progress is abandoned; finished ones are kept (resume with --resume)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    let failed = false;
    const summaries: unknown[] = [];
    try {
      for (const { scenario, folder, previous } of folders) {
        folder.begin(scenario, argv.resume, toolVersion());
        // cli-progress is loaded only to draw a bar (on a terminal).
        const cliProgress = !argv.quiet && process.stderr.isTTY === true ? (await import('cli-progress')).default : null;
        const bar = cliProgress !== null
          ? new cliProgress.SingleBar({ stream: process.stderr, format: `${scenario.name} [{bar}] {value}/{total} runs | ETA {eta_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic)
          : null;
        bar?.start(1, 0);
        const say = (text: string): void => {
          if (!argv.quiet) process.stderr.write(`${bar !== null ? '\n' : ''}${text}\n`);
        };
        const results = await runScenario(scenario, {
          workers,
          cores: availableParallelism(),
          memory: totalmem(),
          ...(queue !== undefined && queueing !== undefined ? { execute: queueing.queueExecutor({ address: queue, toolVersion: toolVersion(), onNotice: say, onQueued: (c) => say(queuedLine(c, queue)) }) } : {}),
          previous,
          signal: controller.signal,
          onResult: (r, done, total) => {
            folder.record(r);
            bar?.setTotal(total);
            bar?.update(done);
          },
          onFailure: (f) => process.stderr.write(`${bar !== null ? '\n' : ''}run failed: ${f.message}\n`),
        }).catch(unreachable);
        bar?.stop();
        await writeResults(folder, results, argv.charts);
        if (results.failures.length > 0) failed = true;
        if (argv.json) summaries.push({ scenario: scenario.name, folder: folder.dir, failures: results.failures.map((f) => f.message), summary: results.summary });
        else printRunTable(results, folder.dir, argv.charts);
        if (results.aborted) {
          const onQueue = queue !== undefined ? '; the rest stay on the queue, where the workers go on with them' : '';
          process.stderr.write(`stopped after ${results.results.length} of ${results.jobs.length} runs${onQueue}; run again with --resume to finish\n`);
          process.exitCode = 130;
          return;
        }
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
      for (const lock of locks) lock.release();
    }
    if (argv.json) console.log(JSON.stringify(summaries, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? null : v), 2));
    if (failed) process.exitCode = EXIT.runFailed;
  },
};

/**
 * Writes every results file of a (possibly partial) run, then the charts and report.html,
 * built from the very text of summary.csv and scenario.resolved.json (as `fwsim chart` reads it).
 * Without `charts`, charts/ and report.html are removed instead: what is left of them would
 * describe an earlier run.
 */
export async function writeResults(folder: ResultsFolder, results: ScenarioResults, charts = true): Promise<void> {
  const summary = summaryCsv(results);
  const resolved = resolvedScenarioJson(results.scenario, results, toolVersion());
  folder.write('runs.csv', runsCsv(results));
  folder.write('summary.csv', summary);
  folder.write('timing.csv', timingCsv(results));
  const groups = hasGroups(results.scenario) ? groupsCsv(results) : undefined;
  if (groups !== undefined) folder.write('groups.csv', groups);
  folder.write('scenario.resolved.json', resolved);
  if (!charts) {
    folder.removeReport();
    return;
  }
  // vega, vega-lite and resvg take longer to load than a small run takes to simulate.
  const { writeReport } = await import('../report-files.js');
  await writeReport(folder, summary, resolved, groups);
}

/** What queueing found, in a line: "queued 36 runs on redis://h:6380 (12 were there already, 4 of them finished)". */
function queuedLine(c: QueuedCounts, queue: QueueAddress): string {
  const there = c.present + c.finished;
  const already = there > 0 ? ` (${there} ${there === 1 ? 'was' : 'were'} there already${c.finished > 0 ? `, ${c.finished} of them finished` : ''})` : '';
  return `queued ${c.added + there} runs on ${queue.display}${already}`;
}

/** Redis did not answer: named, exit 1 (a failed run, not bad input); anything else is a bug and is thrown on. */
function unreachable(e: unknown): never {
  if (!(e instanceof Error) || e.name !== 'QueueUnreachableError') throw e;
  process.stderr.write(`${e.message}\n`);
  process.exit(EXIT.runFailed);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT.badInput);
}
