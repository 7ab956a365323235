/** The small results folder `fwsim chart` is tested on: where it lives and the run it came from. */

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
