/**
 * fhir-workflow-sim: the public programmatic API.
 *
 * ```ts
 * import { loadScenario, runScenario, patterns } from 'fhir-workflow-sim';
 * const scenario = loadScenario('scenarios/default.yaml', { set: ['fillers.count=10'] });
 * const results = await runScenario(scenario, { workers: 2 });
 * console.log(results.summary);
 * ```
 */

export * from './engine/index.js';
export * from './models/index.js';
export * from './patterns/index.js';
export * from './scenario/index.js';
export * from './runner/index.js';
export { formatNumber, toCsv, runsCsv, summaryCsv, timingCsv, resolvedScenarioJson } from './report/tables.js';
export { formatOrderSequence, type OrderSequence } from './report/order-sequence.js';
export { buildReport, oneOrderSequences, type ReportFile, type ReportOptions } from './report/report.js';
export { readReportData, ReportInputError, type ReportData, type ResultsText } from './report/report-data.js';
export { chooseCharts } from './report/choose-charts.js';
export { compileChart, renderSvg, renderPng, renderPngAsync, rasterize } from './report/render.js';
export { paretoFrontier } from './report/pareto.js';
export { PATTERN_COLORS } from './report/palette.js';
export type { Chart } from './report/chart.js';
export { loadScenario, applyOverrides, type ScenarioOverrides } from './cli/scenario-file.js';
export {
  calibrate,
  calibrationTag,
  consentMessage,
  describePlan,
  estimateWorkers,
  fragmentYaml,
  makePlan,
  parseBase,
  type CalibrationIo,
  type CalibrationOutcome,
  type CalibrationPlan,
  type CalibrationResult,
  type CalibrationTarget,
  type WorkersEstimate,
} from './calibration/index.js';
