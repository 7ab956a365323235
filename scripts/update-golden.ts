/**
 * Regenerates the golden results the tests compare against, after a deliberate model change:
 * `npm run golden [name ...]` (default: every shipped scenario), then review
 * `git diff test/golden/` before committing.
 */

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GOLDENS } from '../test/support/golden.js';

const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(GOLDENS);
for (const name of names) {
  const args = GOLDENS[name];
  if (args === undefined) {
    console.error(`no golden scenario named ${name}; known: ${Object.keys(GOLDENS).join(', ')}`);
    process.exit(2);
  }
  const out = mkdtempSync(join(tmpdir(), 'fwsim-golden-'));
  const r = spawnSync(process.execPath, ['dist/bundle/main.js', 'run', ...args, '--out', out, '--quiet'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  for (const f of ['runs.csv', 'summary.csv']) copyFileSync(join(out, name, f), join('test/golden', `${name}.${f}`));
  console.log(`updated test/golden/${name}.runs.csv and ${name}.summary.csv`);
}
console.log('review the diff: git diff test/golden/');
