/** Scenario files: schema, parsing with located errors, sweeps, and conversion to a run's WorldConfig. */

export { scenarioSchema, scenarioJsonSchema, type Scenario, type ScenarioInput } from './schema.js';
export { parseScenario, readScenarioText, validateScenario } from './parse.js';
export { ScenarioError, formatProblem, type ScenarioProblem } from './problems.js';
export { sweepPoints, scenarioAt, withValue, type SweepPoint } from './sweep.js';
export { toWorldConfig } from './world-config.js';
export { buildDistribution, parseRate, durationUs, type DistributionInput, type DurationInput, type RateInput } from './units.js';
