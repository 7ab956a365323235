/** The reduced shipped scenarios the golden files come from (fast enough for every test run). */

/** The reduced default scenario (also what the determinism and resume tests run). */
export const GOLDEN_ARGS = ['scenarios/default.yaml', '--set', 'horizon=2h', '--set', 'warmup=15min', '--replications', '2'] as const;

/**
 * One golden per shipped scenario, `test/golden/<name>.runs.csv` and `.summary.csv`: each file
 * of `scenarios/` at 2 h simulated (15 min warm-up), 2 replications, its sweep and patterns
 * unchanged; the scale scenario with a tenth of its placers and fillers and one replication, the
 * national day with a fiftieth (2,000 placers, 100 fillers) and one replication.
 */
export const GOLDENS: Readonly<Record<string, readonly string[]>> = {
  cancellation: reduced('cancellation'),
  default: GOLDEN_ARGS,
  'lossy-network': reduced('lossy-network'),
  national: ['scenarios/national.yaml', '--set', 'horizon=2h', '--set', 'warmup=15min', '--set', 'placers.count=2000', '--set', 'fillers.count=100', '--replications', '1'],
  'open-order-backlog': reduced('open-order-backlog'),
  'open-task-contention': reduced('open-task-contention'),
  'messaging-vs-rest': reduced('messaging-vs-rest'),
  'polling-interval': reduced('polling-interval'),
  'regional-lab-network': reduced('regional-lab-network'),
  scale: ['scenarios/scale.yaml', '--set', 'horizon=2h', '--set', 'warmup=15min', '--set', 'placers.count=1000', '--set', 'fillers.count=100', '--replications', '1'],
  'subscriptions-vs-polling': reduced('subscriptions-vs-polling'),
};

function reduced(name: string): readonly string[] {
  return [`scenarios/${name}.yaml`, '--set', 'horizon=2h', '--set', 'warmup=15min', '--replications', '2'];
}
