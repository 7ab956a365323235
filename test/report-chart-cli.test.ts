import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_FIXTURE_DIR, copyChartInputs } from './support/chart-fixture.js';
import { fwsim } from './support/cli.js';

/** A fresh folder holding only summary.csv and scenario.resolved.json copied from `from`. */
function inputsOnly(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fwsim-chart-'));
  copyChartInputs(from, dir);
  return dir;
}

const files = (dir: string): string[] => readdirSync(dir).sort();

describe('fwsim chart <results-dir>', () => {
  it('re-renders the committed small results folder to the same SVG bytes (regenerate with npm run fixture:charts)', () => {
    const dir = inputsOnly(CHART_FIXTURE_DIR);
    const r = fwsim(['chart', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('report.html');
    const expected = files(join(CHART_FIXTURE_DIR, 'expected'));
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(files(join(dir, 'charts')).filter((f) => f.endsWith('.svg'))).toEqual(expected);
    for (const svg of expected) {
      expect(readFileSync(join(dir, 'charts', svg), 'utf8'), svg).toBe(readFileSync(join(CHART_FIXTURE_DIR, 'expected', svg), 'utf8'));
      const stem = svg.replace(/\.svg$/, '');
      expect(readFileSync(join(dir, 'charts', `${stem}.png`)).subarray(1, 4).toString()).toBe('PNG');
      expect((JSON.parse(readFileSync(join(dir, 'charts', `${stem}.vl.json`), 'utf8')) as { $schema: string }).$schema).toMatch(/vega-lite\/v6/);
    }
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const svg of expected) expect(html).toContain(readFileSync(join(CHART_FIXTURE_DIR, 'expected', svg), 'utf8'));
  });

  it('gives exactly what fwsim run wrote (charts and report.html), and drops charts an earlier run left behind', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-run-'));
    const run = fwsim(['run', 'scenarios/default.yaml', '--patterns', 'A,C', '--set', 'horizon=1h', '--set', 'warmup=10min', '--set', 'placers.count=10', '--set', 'sweep.fillers.count=[4]', '--replications', '2', '--out', out, '--quiet']);
    expect(run.status, run.stderr).toBe(0);
    const ran = join(out, 'default');
    const dir = inputsOnly(ran);
    mkdirSync(join(dir, 'charts'));
    // fillers.count has a single value here, so no chart is drawn against it: these are stale.
    writeFileSync(join(dir, 'charts', 'fillers-count-vs-messages.svg'), '<svg/>');
    writeFileSync(join(dir, 'charts', 'fillers-count-vs-messages.png'), 'png');
    writeFileSync(join(dir, 'charts', 'notes.txt'), 'mine');
    const r = fwsim(['chart', dir]);
    expect(r.status, r.stderr).toBe(0);
    const charts = files(join(ran, 'charts'));
    expect(charts).toContain('polling-interval-vs-messages.svg');
    expect(charts).not.toContain('fillers-count-vs-messages.svg');
    expect(files(join(dir, 'charts'))).toEqual([...charts, 'notes.txt'].sort());
    for (const f of charts) expect(readFileSync(join(dir, 'charts', f)).equals(readFileSync(join(ran, 'charts', f))), f).toBe(true);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(readFileSync(join(ran, 'report.html'), 'utf8'));
  });

  it('bad input: exit 2 naming the file (and the line and column of a bad cell), nothing written', () => {
    const missing = fwsim(['chart', join(tmpdir(), 'fwsim-no-such-results')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/fwsim-no-such-results\/summary\.csv: not found/);

    const dir = inputsOnly(CHART_FIXTURE_DIR);
    const csv = readFileSync(join(dir, 'summary.csv'), 'utf8').split('\n');
    const header = (csv[0] ?? '').split(',');
    const col = header.indexOf('polls_empty_mean');
    const cells = (csv[2] ?? '').split(',');
    cells[col] = 'lots';
    csv[2] = cells.join(',');
    writeFileSync(join(dir, 'summary.csv'), csv.join('\n'));
    const bad = fwsim(['chart', dir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("summary.csv line 3, column 'polls_empty_mean': expected a number or an empty cell, got \"lots\"");
    expect(existsSync(join(dir, 'charts'))).toBe(false);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
  });
});
