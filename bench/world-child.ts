/**
 * Runs one pattern of a scenario (one replication) in a fresh process and prints one JSON
 * line: events, wall time, peak RSS, orders. Usage:
 * node world-child.js <scenario.yaml> <pattern> [placers]   (placers: also sets fillers = placers / 10)
 */

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { World, collectRunOutcome } from '../src/models/index.js';
import { patterns, type PatternId } from '../src/patterns/index.js';
import { runSeed } from '../src/runner/index.js';
import { parseScenario, toWorldConfig } from '../src/scenario/index.js';

const [file = 'scenarios/scale.yaml', id = 'A', placersArg] = process.argv.slice(2);
const scenario = parseScenario(readFileSync(file, 'utf8'), file);
if (placersArg !== undefined) {
  scenario.placers.count = Number(placersArg);
  scenario.fillers.count = Math.max(1, Math.round(Number(placersArg) / 10));
}
const pattern = id as PatternId;
const t0 = performance.now();
const world = new World(toWorldConfig(scenario, runSeed(scenario.seed, pattern, 0, 1)));
patterns[pattern].setup(world);
const t1 = performance.now();
world.run();
const t2 = performance.now();
const m = collectRunOutcome(world).metrics;
const wall = (t2 - t1) / 1000;
console.log(JSON.stringify({
  pattern,
  placers: scenario.placers.count,
  fillers: scenario.fillers.count,
  orders: m.orders_placed,
  messages: m.interactions_total,
  events: m.events,
  setup_s: Math.round(t1 - t0) / 1000,
  wall_s: Math.round(wall * 1000) / 1000,
  events_per_s: Math.round((m.events as number) / wall),
  rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
