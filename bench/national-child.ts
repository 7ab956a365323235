/**
 * One pattern of scenarios/national.yaml in a fresh process (started with --expose-gc): the
 * world is paused every 2 simulated hours, collected, and its heap measured beside the orders
 * it holds, finished (stored) and open (in flight). Prints one JSON line.
 * Usage: node --expose-gc national-child.js <pattern> <fraction>  (fraction of the placers and
 * fillers: 1 is the whole country, 0.1 a tenth of it)
 */

import { performance } from 'node:perf_hooks';
import { loadScenario } from '../src/cli/scenario-file.js';
import { HOUR } from '../src/engine/index.js';
import { World } from '../src/models/index.js';
import { patterns, type PatternId } from '../src/patterns/index.js';
import { expandJobs } from '../src/runner/index.js';
import { scenarioAt, toWorldConfig } from '../src/scenario/index.js';

const [pattern = 'A', fractionArg = '0.1'] = process.argv.slice(2);
const fraction = Number(fractionArg);
const scenario = loadScenario('scenarios/national.yaml', {
  set: [`placers.count=${Math.round(100_000 * fraction)}`, `fillers.count=${Math.round(5_000 * fraction)}`],
}, { allowLarge: true });
const job = expandJobs(scenario).find((j) => j.pattern === pattern);
if (job === undefined) throw new Error(`national: no pattern ${pattern}`);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('national-child needs --expose-gc');

const t0 = performance.now();
const world = new World(toWorldConfig(scenarioAt(scenario, job.point), job.seed));
patterns[pattern as PatternId].setup(world);
const setup = performance.now() - t0;
const samples: { hour: number; heap_mb: number; stored: number; in_flight: number }[] = [];
let paused = 0;
const t1 = performance.now();
world.run({
  every: 2 * HOUR,
  call: (w) => {
    const p0 = performance.now();
    // Counted first: the handles the walk makes are garbage the collection below then takes.
    let stored = 0;
    let open = 0;
    for (const o of w.ledger.orders()) {
      if (o.outcome === 'open') open++;
      else stored++;
    }
    // Twice: typed arrays a collection frees leave `arrayBuffers` only once swept, which the
    // next collection waits for (read after one, the same code's figure moved by up to 10 MB).
    gc();
    gc();
    // The V8 heap and the typed arrays' backing stores (the store's rows, the ledger's times), which live outside it.
    const m = process.memoryUsage();
    samples.push({ hour: w.sim.now / HOUR, heap_mb: (m.heapUsed + m.arrayBuffers) / 1e6, stored, in_flight: open });
    paused += performance.now() - p0;
  },
});
const simulation = (performance.now() - t1 - paused) / 1000;
const events = world.sim.eventsExecuted;
console.log(JSON.stringify({
  pattern,
  fraction,
  placers: world.placers.length,
  fillers: world.fillers.length,
  orders: world.ledger.size,
  events,
  setup_s: Math.round(setup) / 1000,
  wall_s: Math.round(simulation * 1000) / 1000,
  events_per_s: Math.round(events / simulation),
  rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  samples,
}));
