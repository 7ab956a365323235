import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_FIXTURE_DIR, copyChartInputs } from './support/chart-fixture.js';
import { fwsim } from './support/cli.js';

const whole = readFileSync(join(CHART_FIXTURE_DIR, 'summary.csv'), 'utf8');
const lines = whole.split('\n');
const header = lines[0] ?? '';

// A summary.csv cut short (a copy interrupted, a full disk) or with a damaged row: fwsim chart
// exits 2 naming the file and the line, and writes no chart and no report.
const cases: [what: string, text: string, expected: RegExp][] = [
  // The last cell loses its last digits: same number of cells, a wrong number that would chart.
  ['cut inside the last cell', whole.slice(0, -3), /summary\.csv line 5: cut short \(the last line has no line break, as every line fwsim writes has\); expected the whole file/],
  // Cut inside the header: the file has no row at all, and used to chart nothing with exit 0.
  ['cut inside the header', header.slice(0, 200), /summary\.csv line 1: cut short/],
  ['a row cut short, line break kept', [...lines.slice(0, 2), (lines[2] ?? '').split(',').slice(0, 40).join(','), ...lines.slice(3)].join('\n'), new RegExp(`summary\\.csv line 3: expected ${header.split(',').length} cells as in the header, got 40`)],
];

describe('fwsim chart on a damaged summary.csv: exit 2 naming the line, nothing written', () => {
  it('the fixture is what the cases assume: 4 rows, each line ended', () => {
    expect(lines).toHaveLength(6);
    expect(lines[5]).toBe('');
  });

  it.each(cases)('%s', (_what, text, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'fwsim-chart-'));
    copyChartInputs(CHART_FIXTURE_DIR, dir);
    writeFileSync(join(dir, 'summary.csv'), text);
    const r = fwsim(['chart', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).toContain(join(dir, 'summary.csv'));
    expect(existsSync(join(dir, 'charts'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['scenario.resolved.json', 'summary.csv']);
  });
});
