/**
 * Runs one pattern of a scenario (its first job) up to a given horizon and prints one JSON line
 * with its events: the program `npm run bench -- cost` runs under cachegrind, twice per pattern.
 * Usage: node cost-child.js <scenario.yaml> <pattern> <horizon> <warmup>
 */

import { loadScenario } from '../src/cli/scenario-file.js';
import { expandJobs, runJob } from '../src/runner/index.js';

const [file = 'scenarios/scale.yaml', pattern = 'D', horizon = '80min', warmup = '10min'] = process.argv.slice(2);
const scenario = loadScenario(file, { set: [`horizon=${horizon}`, `warmup=${warmup}`] }, { allowLarge: true });
const job = expandJobs(scenario).find((j) => j.pattern === pattern);
if (job === undefined) throw new Error(`${file}: pattern ${pattern} is not in the scenario`);
const result = runJob(scenario, job, () => 0);
console.log(JSON.stringify({ pattern, events: result.metrics.events }));
