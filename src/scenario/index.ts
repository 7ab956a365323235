/** Scenario files: schema, parsing with located errors, sweeps, and conversion to a run's WorldConfig. */

export { scenarioSchema, scenarioJsonSchema, SERVER_PROFILES, type Scenario, type ScenarioInput, type ServerProfile } from './schema.js';
export { PROFILE_FIELDS, PROFILE_SUMMARY, PROFILE_VALUES, effectiveProfileValues, profileFills, profileOf, profileReport, withProfile, type ProfileField, type ProfileReport, type ProfileValues } from './profiles.js';
export { parseScenario, readScenarioText, validateScenario, MAX_ALIAS_COUNT, type ValidateOptions } from './parse.js';
export { ScenarioError, formatProblem, type ScenarioProblem } from './problems.js';
export { sweepPoints, scenarioAt, withValue, type SweepPoint } from './sweep.js';
export { toWorldConfig } from './world-config.js';
export { buildDistribution, parseRate, durationUs, type DistributionInput, type DurationInput, type RateInput } from './units.js';
export { estimateWork, EVENTS_PER_ORDER, EVENTS_PER_POLL, BYTES_PER_ORDER, BYTES_PER_ACTOR, BYTES_PER_WORLD, type WorkEstimate } from './work-estimate.js';
export { WORK_LIMITS, workProblems, describeWork, type WorkLimits } from './work-limits.js';
export { scenarioChanges } from './changes.js';
