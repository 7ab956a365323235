import { describe, expect, it } from 'vitest';
import { readReportData, ReportInputError } from '../src/report/report-data.js';
import { parseSummaryCsv, SummaryFormatError } from '../src/report/summary-data.js';
import { sweepAxes } from '../src/report/sweep-axes.js';
import { plausible, resultsText } from './support/report-input.js';

describe('summary.csv read back from its text', () => {
  it('parses numbers, keeps an empty cell as NaN ("did not happen") and inf as infinity', () => {
    const text = 'scenario,pattern,point,replications,a_mean,a_ci95,b_mean\ns,E,0,3,12.5,,inf\ns,A,1,1,0,-0.25,-inf\n';
    const rows = parseSummaryCsv(text, []);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.pattern).toBe('E');
    expect(rows[0]?.cells.a_mean).toBe(12.5);
    expect(rows[0]?.cells.a_ci95).toBeNaN();
    expect(rows[0]?.cells.b_mean).toBe(Number.POSITIVE_INFINITY);
    expect(rows[1]?.point).toBe(1);
    expect(rows[1]?.replications).toBe(1);
    expect(rows[1]?.cells.a_ci95).toBe(-0.25);
    expect(rows[1]?.cells.b_mean).toBe(Number.NEGATIVE_INFINITY);
  });

  it('keeps swept values as the text written (30s stays 30s, 4 stays "4")', () => {
    const text = 'scenario,pattern,point,polling.interval,fillers.count,replications,x_mean\ns,B,0,30s,4,2,1\n';
    const [row] = parseSummaryCsv(text, ['polling.interval', 'fillers.count']);
    expect(row?.swept).toEqual({ 'polling.interval': '30s', 'fillers.count': '4' });
    expect(row?.cells).toEqual({ x_mean: 1 });
  });

  it.each([
    ['0x10', 'hex'],
    [' ', 'blank but not empty is still empty'],
    ['12abc', 'trailing garbage'],
    ['NaN', 'the word NaN'],
  ])('rejects "%s" (%s) naming the line and column, except a blank cell', (cell) => {
    const text = `scenario,pattern,point,replications,x_mean\ns,B,0,2,${cell}\n`;
    if (cell.trim() === '') {
      expect(parseSummaryCsv(text, [])[0]?.cells.x_mean).toBeNaN();
      return;
    }
    expect(() => parseSummaryCsv(text, [], 'r/summary.csv')).toThrow(SummaryFormatError);
    expect(() => parseSummaryCsv(text, [], 'r/summary.csv')).toThrow(/r\/summary\.csv line 2, column 'x_mean': expected a number or an empty cell/);
  });

  it('names a missing swept column instead of charting nonsense', () => {
    expect(() => parseSummaryCsv('scenario,pattern,point,replications\ns,A,0,1\n', ['polling.interval'])).toThrow(/no column 'polling.interval'/);
  });

  it('round-trips the numbers fwsim run writes, through toCsv', () => {
    const t = resultsText('name: t\n', [{ pattern: 'C', metrics: plausible(7.123456789012, 2074.5, { etag_conflicts: [1.5, 0.25] }) }]);
    const data = readReportData(t);
    const [row] = data.rows;
    expect(row?.cells.interactions_per_order_mean).toBe(7.123456789);
    expect(row?.cells.etag_conflicts_ci95).toBe(0.25);
    expect(row?.cells.lost_updates_mean).toBeNaN();
  });

  it('reports a scenario.resolved.json that is not one, or holds an invalid scenario', () => {
    const t = resultsText('name: t\n', [{ pattern: 'A', metrics: plausible(2, 100) }]);
    expect(() => readReportData({ ...t, resolvedScenarioJson: '{"foo": 1}' })).toThrow(ReportInputError);
    expect(() => readReportData({ ...t, resolvedScenarioJson: '{not json' })).toThrow(/scenario\.resolved\.json: not valid JSON/);
    const bad = JSON.parse(t.resolvedScenarioJson) as { scenario: Record<string, unknown> };
    bad.scenario.horizon = 'soon';
    expect(() => readReportData({ ...t, resolvedScenarioJson: JSON.stringify({ ...bad, tool: 'fhir-workflow-sim' }) })).toThrow(/horizon/);
  });
});

describe('sweep axes order values by what they mean', () => {
  const rowsFor = (path: string, values: string[]) => values.map((v, i) => ({ pattern: 'B', point: i, swept: { [path]: v }, replications: 1, cells: {} }));

  it('durations by their length: 30s < 2min < 10min, whatever order they ran in', () => {
    const t = resultsText('name: t\nsweep:\n  polling.interval: [10min, 30s, 2min]\n', []);
    const [axis] = sweepAxes(t.scenario, rowsFor('polling.interval', ['10min', '30s', '2min']));
    expect(axis?.kind).toBe('duration');
    expect(axis?.values).toEqual(['30s', '2min', '10min']);
    expect(axis?.position('2min')).toBe(120);
    expect(axis?.title).toBe('polling.interval (s)');
  });

  it('numbers numerically (9 before 10, not as text)', () => {
    const t = resultsText('name: t\nsweep:\n  fillers.count: [10, 9, 40]\n', []);
    const [axis] = sweepAxes(t.scenario, rowsFor('fillers.count', ['10', '9', '40']));
    expect(axis?.kind).toBe('number');
    expect(axis?.values).toEqual(['9', '10', '40']);
  });

  it('categories in the order the scenario lists them', () => {
    const t = resultsText('name: t\nsweep:\n  subscription.payload: [full-resource, empty, id-only]\n', []);
    const [axis] = sweepAxes(t.scenario, rowsFor('subscription.payload', ['empty', 'id-only', 'full-resource']));
    expect(axis?.kind).toBe('category');
    expect(axis?.values).toEqual(['full-resource', 'empty', 'id-only']);
  });
});
