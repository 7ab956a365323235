/** `fwsim bench <scenario>`: how fast this machine simulates a scenario, per pattern, with 1 and N worker threads. */

import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CommandModule } from 'yargs';
import { runScenario, scenarioPatterns, throughputByPattern, type ScenarioResults } from '../../runner/index.js';
import { ScenarioError } from '../../scenario/index.js';
import { EXIT } from '../exit.js';
import { loadScenario } from '../scenario-file.js';
import { workersProblem } from '../workers-option.js';

interface BenchArgs {
  scenario: string;
  workers?: number;
  set?: string[];
  replications?: number;
  'allow-large': boolean;
  json: boolean;
}

export const benchCommand: CommandModule<object, BenchArgs> = {
  command: 'bench <scenario>',
  describe: 'Time a scenario on this machine: events/s per pattern, and the speed-up of N worker threads over 1',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true })
      .option('workers', { type: 'number', describe: 'Threads for the parallel run (default: available cores)' })
      .option('replications', { type: 'number', describe: 'Override replications' })
      .option('set', { type: 'string', array: true, describe: 'Override fields, as for run' })
      .option('allow-large', { type: 'boolean', default: false, describe: 'Time work beyond the limits, as run --allow-large' })
      .option('json', { type: 'boolean', default: false, describe: 'One JSON object per line' }),
  handler: async (argv) => {
    const badWorkers = workersProblem(argv.workers);
    if (badWorkers !== undefined) {
      process.stderr.write(`${badWorkers}\n`);
      process.exit(EXIT.badInput);
    }
    let scenario;
    try {
      scenario = loadScenario(argv.scenario, { ...(argv.set !== undefined ? { set: argv.set } : {}), ...(argv.replications !== undefined ? { replications: argv.replications } : {}) }, { allowLarge: argv['allow-large'] });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      process.stderr.write(`${e.message}\n`);
      process.exit(EXIT.badInput);
    }
    const workers = argv.workers ?? availableParallelism();
    const timed = async (n: number): Promise<{ wall: number; results: ScenarioResults }> => {
      const t0 = performance.now();
      const results = await runScenario(scenario, { workers: n, cores: availableParallelism() });
      return { wall: (performance.now() - t0) / 1000, results };
    };
    const single = await timed(1);
    const parallel = workers > 1 ? await timed(workers) : single;
    for (const { pattern, jobs, events, runMs } of throughputByPattern(single.results.results, scenarioPatterns(scenario))) {
      const line = { bench: 'scenario', scenario: scenario.name, pattern, runs: jobs, events, wall_s: runMs / 1000, events_per_s: Math.round(events / (runMs / 1000)), rss_mb: null };
      console.log(argv.json ? JSON.stringify(line) : `${pattern}  ${String(jobs).padStart(4)} runs  ${String(events).padStart(12)} events  ${(runMs / 1000).toFixed(2).padStart(8)} s  ${(line.events_per_s / 1e6).toFixed(2)}M events/s per thread`);
    }
    const events = single.results.results.reduce((sum, r) => sum + (r.metrics.events ?? 0), 0);
    const total = {
      bench: 'workers', scenario: scenario.name, runs: single.results.results.length, wall_1_s: single.wall, workers, wall_n_s: parallel.wall,
      events, wall_s: parallel.wall, events_per_s: Math.round(events / parallel.wall), rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      speedup: single.wall / parallel.wall,
    };
    console.log(argv.json ? JSON.stringify(total) : `whole scenario: ${single.wall.toFixed(2)} s on 1 thread, ${parallel.wall.toFixed(2)} s on ${workers}: ${total.speedup.toFixed(2)}x`);
    if (single.results.failures.length + parallel.results.failures.length > 0) process.exitCode = EXIT.runFailed;
  },
};
