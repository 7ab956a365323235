/** The reduced default scenario the golden files come from (fast enough for every test run). */

export const GOLDEN_ARGS = ['scenarios/default.yaml', '--set', 'horizon=2h', '--set', 'warmup=15min', '--replications', '2'] as const;
