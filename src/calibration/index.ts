/** Calibration: measures a live FHIR server and writes what it found as a scenario fragment. Wall-clock work: nothing here feeds a simulation run. */

export { calibrate, type CalibrationIo, type CalibrationOutcome, type CalibrationResult } from './calibrate.js';
export { CalibrationError, CalibrationStopped, FhirClient, parseHeaders, type FhirAnswer, type HttpIo } from './client.js';
export { cleanUp, CreatedResources, type CleanupReport } from './cleanup.js';
export { estimateWorkers, mean, median, quantile, serviceTimes, type LevelMeasurement, type ThroughputPoint, type WorkersEstimate } from './estimate.js';
export { fragmentYaml, msDuration, MEASURED_KINDS, type MeasuredKind } from './fragment.js';
export { consentMessage, DEFAULT_PLAN, describePlan, makePlan, planCounts, PLAN_LIMITS, type CalibrationPlan, type PlanCounts } from './plan.js';
export { calibrationTag, RESOURCE_TYPE, TAG_SYSTEM, tagSearch, type CalibrationTag } from './resources.js';
export { isLoopbackHost, parseBase, type CalibrationTarget, type ParsedBase } from './target.js';
export { leftovers, outcomeLines } from './summary.js';
