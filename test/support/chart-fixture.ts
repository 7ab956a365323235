/** The small results folder `fwsim chart` is tested on: where it lives and the run it came from. */

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

/** summary.csv, scenario.resolved.json, and expected/*.svg as `fwsim run` rendered them. */
export const CHART_FIXTURE_DIR = 'test/fixtures/results-small';

/** The run that made it (`npm run fixture:charts`): two patterns, two polling intervals, two replications. */
export const CHART_FIXTURE_ARGS = [
  'scenarios/polling-interval.yaml',
  '--patterns', 'B,E',
  '--set', 'horizon=1h',
  '--set', 'warmup=10min',
  '--set', 'placers.count=5',
  '--set', 'sweep.polling.interval=[30s,2min]',
  '--replications', '2',
] as const;

/** The files of a results folder that `fwsim chart` reads. */
export const CHART_INPUTS = ['summary.csv', 'scenario.resolved.json'] as const;

/** Copies the chart inputs of results folder `from` into folder `to`. */
export function copyChartInputs(from: string, to: string): void {
  for (const f of CHART_INPUTS) copyFileSync(join(from, f), join(to, f));
}
