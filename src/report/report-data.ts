/** Everything the charts and the report are made from: the resolved scenario and summary.csv, read from their text. */

import { parseGroupsCsv, type GroupPoint } from './group-data.js';
import { validateScenario, ScenarioError, type Scenario } from '../scenario/index.js';
import { sortPatterns } from './palette.js';
import { parseSummaryCsv, SummaryFormatError, type SummaryPoint } from './summary-data.js';
import { orderedPoints, pointLabel, pointShortLabel, seconds, sweepAxes, type SweepAxis } from './sweep-axes.js';

/** One sweep point with its rows (one per pattern). */
export interface PointGroup {
  /** The run's point index. */
  point: number;
  /** `fillers.count=4, polling.interval=30s`, or empty when nothing is swept. */
  label: string;
  /** `4 · 30s`, or empty when nothing is swept. */
  short: string;
  /** Rows in catalogue order of patterns. */
  rows: SummaryPoint[];
}

/** The results of one scenario, ready to chart. */
export interface ReportData {
  scenario: Scenario;
  /** Version of the tool that produced the results (from scenario.resolved.json). */
  toolVersion: string;
  /** Every summary row, points in natural order, patterns in catalogue order within a point. */
  rows: SummaryPoint[];
  /** Swept paths in the scenario's order (empty when nothing is swept). */
  axes: SweepAxis[];
  /** Patterns present, in catalogue order. */
  patterns: string[];
  /** Sweep points in natural order (one group when nothing is swept). */
  points: PointGroup[];
  /** The report's latency budget for end-to-end p95, in seconds, if the scenario sets one. */
  latencyBudgetSeconds: number | undefined;
  /** Per group figures (means over replications) from groups.csv; empty without groups. */
  groups: GroupPoint[];
}

/** The text of a results folder's two inputs. */
export interface ResultsText {
  /** summary.csv as written by `fwsim run`. */
  summaryCsv: string;
  /** scenario.resolved.json as written by `fwsim run`. */
  resolvedScenarioJson: string;
  /** groups.csv as written by `fwsim run`, when the scenario has groups. */
  groupsCsv?: string;
  /** Names used in error messages (default: the file names). */
  summarySource?: string;
  resolvedSource?: string;
  groupsSource?: string;
}

/** Thrown when the inputs cannot be read; the message names the file and what was wrong. */
export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

/**
 * Reads the results from their text. The scenario is validated again, exactly as a scenario
 * file is, so a hand-edited or foreign scenario.resolved.json is reported, not half-used.
 */
export function readReportData(input: ResultsText): ReportData {
  const resolvedSource = input.resolvedSource ?? 'scenario.resolved.json';
  let resolved: unknown;
  try {
    resolved = JSON.parse(input.resolvedScenarioJson);
  } catch (e) {
    throw new ReportInputError(`${resolvedSource}: not valid JSON: ${(e as Error).message}`);
  }
  const r = resolved as { tool?: unknown; version?: unknown; scenario?: unknown };
  if (r === null || typeof r !== 'object' || r.tool !== 'fhir-workflow-sim' || r.scenario === null || typeof r.scenario !== 'object') {
    throw new ReportInputError(`${resolvedSource}: expected the scenario.resolved.json that fwsim run writes ({"tool": "fhir-workflow-sim", "scenario": {...}})`);
  }
  let scenario: Scenario;
  try {
    scenario = validateScenario(r.scenario as Record<string, unknown>, `${resolvedSource} (scenario)`);
  } catch (e) {
    if (e instanceof ScenarioError) throw new ReportInputError(e.message);
    throw e;
  }
  let rows: SummaryPoint[];
  try {
    rows = parseSummaryCsv(input.summaryCsv, Object.keys(scenario.sweep), input.summarySource ?? 'summary.csv');
  } catch (e) {
    if (e instanceof SummaryFormatError) throw new ReportInputError(e.message);
    throw e;
  }
  const axes = sweepAxes(scenario, rows);
  const patterns = sortPatterns(rows.map((p) => p.pattern));
  const points: PointGroup[] = orderedPoints(rows, axes).map(({ point, rows: group }) => {
    const first = group[0] as SummaryPoint;
    return { point, label: pointLabel(first, axes), short: pointShortLabel(first, axes), rows: patterns.flatMap((p) => group.filter((g) => g.pattern === p)) };
  });
  const budget = scenario.report.latencyBudget;
  let groups: GroupPoint[] = [];
  if (input.groupsCsv !== undefined) {
    try {
      groups = parseGroupsCsv(input.groupsCsv, input.groupsSource ?? 'groups.csv');
    } catch (e) {
      throw new ReportInputError((e as Error).message);
    }
  }
  return {
    scenario,
    toolVersion: typeof r.version === 'string' ? r.version : 'unknown',
    rows: points.flatMap((g) => g.rows),
    axes,
    patterns,
    points,
    latencyBudgetSeconds: budget === undefined ? undefined : seconds(budget),
    groups,
  };
}
