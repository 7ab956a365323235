/**
 * Regenerates the golden results the tests compare against, after a deliberate model change:
 * `npm run golden`, then review `git diff test/golden/` before committing.
 */

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOLDEN_ARGS } from '../test/support/golden.js';

const out = mkdtempSync(join(tmpdir(), 'fwsim-golden-'));
const r = spawnSync(process.execPath, ['dist/cli/main.js', 'run', ...GOLDEN_ARGS, '--out', out, '--quiet'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
for (const f of ['runs.csv', 'summary.csv']) copyFileSync(join(out, 'default', f), join('test/golden', `default.${f}`));
console.log('updated test/golden/default.runs.csv and default.summary.csv: review the diff');
