/**
 * Regenerates the results folder the `fwsim chart` test re-renders (test/fixtures/results-small/),
 * after a deliberate change to the charts: `npm run fixture:charts`, then review the SVGs.
 */

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHART_FIXTURE_ARGS, CHART_FIXTURE_DIR, copyChartInputs } from '../test/support/chart-fixture.js';

const out = mkdtempSync(join(tmpdir(), 'fwsim-chart-fixture-'));
const r = spawnSync(process.execPath, ['dist/bundle/main.js', 'run', ...CHART_FIXTURE_ARGS, '--out', out, '--quiet'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
const results = join(out, 'polling-interval');
const expected = join(CHART_FIXTURE_DIR, 'expected');
rmSync(CHART_FIXTURE_DIR, { recursive: true, force: true });
mkdirSync(expected, { recursive: true });
copyChartInputs(results, CHART_FIXTURE_DIR);
for (const f of readdirSync(join(results, 'charts')).filter((x) => x.endsWith('.svg'))) copyFileSync(join(results, 'charts', f), join(expected, f));
console.log(`updated ${CHART_FIXTURE_DIR}: review the SVGs before committing`);
