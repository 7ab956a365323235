/** Scenario files: schema, parsing with located errors, sweeps, and conversion to a run's WorldConfig. */

export { scenarioSchema, scenarioJsonSchema, SERVER_PROFILES, type Scenario, type ScenarioInput, type ServerProfile } from './schema.js';
export { PROFILE_FIELDS, PROFILE_SUMMARY, PROFILE_VALUES, effectiveProfileValues, profileFills, profileOf, profileReport, withProfile, type ProfileField, type ProfileReport, type ProfileValues } from './profiles.js';
export { parseScenario, readScenarioText, validateScenario } from './parse.js';
export { ScenarioError, formatProblem, type ScenarioProblem } from './problems.js';
export { sweepPoints, scenarioAt, withValue, type SweepPoint } from './sweep.js';
export { toWorldConfig } from './world-config.js';
export { buildDistribution, parseRate, durationUs, type DistributionInput, type DurationInput, type RateInput } from './units.js';
