/**
 * Times one engine model in a fresh process (so no other model's code has polluted the JIT's
 * type feedback): 2 warm-up runs, then `runs` timed runs; prints one JSON object.
 * Usage: node engine-child.js <model> <layer> <rng 0|1> <runs>
 */

import { hold, holdProcess, holdReference, mm1, mm1Process, mm1Reference, pending, pendingProcess, pendingReference, type Model } from './engine-models.js';

const MODELS: Record<string, Record<string, Model>> = {
  mm1: { callback: mm1, process: mm1Process, reference: mm1Reference },
  hold: { callback: hold, process: holdProcess, reference: holdReference },
  pending: { callback: pending, process: pendingProcess, reference: pendingReference },
};

const [modelName = '', layer = '', rngArg = '0', runsArg = '5'] = process.argv.slice(2);
const model = MODELS[modelName]?.[layer];
if (model === undefined) {
  console.error(`engine-child: unknown model/layer ${modelName}/${layer}`);
  process.exit(2);
}
const rng = rngArg === '1';
const runs = Math.max(1, Number(runsArg));
for (let i = 0; i < 2; i++) model(rng, 1 + i);
const walls: number[] = [];
let events = 0;
let check = 0;
for (let i = 0; i < runs; i++) {
  // The same seed every timed run: identical work, so the spread is the machine's noise.
  const r = model(rng, 20261126);
  walls.push(Number(r.wallNs) / 1e9);
  events = r.events;
  check = r.check;
}
walls.sort((a, b) => a - b);
const median = walls[Math.floor(walls.length / 2)] as number;
console.log(JSON.stringify({ events, wall_s: median, min_wall_s: walls[0], max_wall_s: walls[walls.length - 1], check, rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
