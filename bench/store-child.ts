/**
 * Builds the 2,000,000-resource store and times its cases in a fresh process (so the engine
 * benchmark's code cannot have polluted the JIT's type feedback, and RSS is the store's);
 * prints one JSON object per line: the build, then each case.
 * Usage: node --expose-gc store-child.js <runs>
 */

import { buildFigure, buildStore, storeCases, timeCase } from './store.js';

const runs = Math.max(1, Number(process.argv[2] ?? '5'));
const built = buildStore();
console.log(JSON.stringify(buildFigure(built)));
for (const [name, body] of storeCases(built)) console.log(JSON.stringify(timeCase(name, body, runs, built.store.size)));
