/**
 * Runs one pattern of a scenario (its first job: first sweep point, replication 1) in a fresh
 * process, as a worker would, and prints one JSON line: events, wall time, peak RSS, orders.
 * Usage: node world-child.js <scenario.yaml> <pattern> [placers]   (placers: also sets
 * fillers = placers / 10, through the same validated overrides as `fwsim run --set`)
 */

import { performance } from 'node:perf_hooks';
import { loadScenario } from '../src/cli/scenario-file.js';
import { expandJobs, runJob } from '../src/runner/index.js';
import { groupTotal } from '../src/models/index.js';

const [file = 'scenarios/scale.yaml', pattern = 'A', placersArg] = process.argv.slice(2);
const set = placersArg === undefined ? [] : [`placers.count=${placersArg}`, `fillers.count=${Math.max(1, Math.round(Number(placersArg) / 10))}`];
const scenario = loadScenario(file, { set });
const job = expandJobs(scenario).find((j) => j.pattern === pattern);
if (job === undefined) throw new Error(`${file}: pattern ${pattern} is not in the scenario`);
const t0 = performance.now();
const result = runJob(scenario, job, () => performance.now());
const total = performance.now() - t0;
const m = result.metrics;
const wall = result.wallMs / 1000;
console.log(JSON.stringify({
  pattern,
  placers: groupTotal(scenario.placers),
  fillers: groupTotal(scenario.fillers),
  orders: m.orders_placed,
  messages: m.interactions_total,
  events: m.events,
  /** Building and wiring the world, and reading its metrics: everything but the simulation. */
  setup_s: Math.round(total - result.wallMs) / 1000,
  wall_s: Math.round(wall * 1000) / 1000,
  events_per_s: Math.round((m.events as number) / wall),
  rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
