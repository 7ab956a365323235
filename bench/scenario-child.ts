/**
 * Runs a whole scenario with N worker threads in a fresh process (as `fwsim run` does, without
 * writing files) and prints one JSON line: wall time and the process's peak RSS (all threads).
 * Usage: node scenario-child.js <scenario.yaml> <workers>
 */

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runScenario } from '../src/runner/index.js';
import { parseScenario } from '../src/scenario/index.js';

const [file = 'scenarios/scale.yaml', workersArg = '2'] = process.argv.slice(2);
const scenario = parseScenario(readFileSync(file, 'utf8'), file);
const t0 = performance.now();
// As `fwsim run` does it: it tells the runner how many cores the machine has.
const results = await runScenario(scenario, { workers: Number(workersArg), cores: availableParallelism() });
const wall = (performance.now() - t0) / 1000;
const events = results.results.reduce((s, r) => s + (r.metrics.events ?? 0), 0);
console.log(JSON.stringify({
  scenario: scenario.name,
  workers: Number(workersArg),
  runs: results.results.length,
  failures: results.failures.length,
  events,
  wall_s: Math.round(wall * 100) / 100,
  rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
