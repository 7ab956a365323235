/** Conformance: a scenario's runs replayed against real FHIR server code (Medplum), answer by answer. */

import { scenarioPatterns, runSeed } from '../runner/index.js';
import { scenarioAt, sweepPoints, toWorldConfig, type Scenario } from '../scenario/index.js';
import type { PatternId } from '../patterns/index.js';
import { checkRun, type RunCheck } from './check-run.js';
import { loadMedplum } from './medplum.js';

export { checkRun, type RunCheck } from './check-run.js';
export { KNOWN_DIFFERENCES, type KnownDifference, type KnownDifferenceId } from './known-differences.js';
export { loadMedplum, MedplumMissing, MEDPLUM_INSTALL, MEDPLUM_PACKAGES, MEDPLUM_VERSION, type Medplum } from './medplum.js';
export { Replay, type Disagreement, type ReplaySummary } from './replay.js';

/** Which run of a scenario to check. */
export interface ConformanceOptions {
  /** Patterns to check (default: the scenario's). */
  patterns?: readonly PatternId[];
  /** Sweep point index (default 0). */
  point?: number;
  /** Replication (default 1): with the point, it gives the run's seed, as `fwsim run` would. */
  replication?: number;
  /** Called before each pattern's run and after its replay. */
  onPattern?: (pattern: PatternId, check: RunCheck | null) => void;
}

/** The run checked and what each pattern's replay found. */
export interface ScenarioConformance {
  point: number;
  replication: number;
  seed: number;
  values: Record<string, unknown>;
  checks: RunCheck[];
}

/**
 * Runs one sweep point and replication of `scenario` for each pattern, as `fwsim run` would
 * (same seed), logs what its servers executed, and replays it against Medplum. Throws
 * `MedplumMissing` when Medplum is not installed, RangeError for a point that does not exist.
 */
export async function checkScenario(scenario: Scenario, options: ConformanceOptions = {}): Promise<ScenarioConformance> {
  const points = sweepPoints(scenario);
  const index = options.point ?? 0;
  const point = points[index];
  if (point === undefined) throw new RangeError(`sweep point ${index} does not exist: the scenario has ${points.length} (0-${points.length - 1})`);
  const replication = options.replication ?? 1;
  const seed = runSeed(scenario.seed, point.index, replication);
  const medplum = await loadMedplum();
  const config = toWorldConfig(scenarioAt(scenario, point), seed);
  const checks: RunCheck[] = [];
  for (const pattern of options.patterns ?? scenarioPatterns(scenario)) {
    options.onPattern?.(pattern, null);
    const check = await checkRun(config, pattern, medplum);
    checks.push(check);
    options.onPattern?.(pattern, check);
  }
  return { point: point.index, replication, seed, values: point.values, checks };
}
