import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fwsim } from './support/cli.js';
import { GOLDENS } from './support/golden.js';

const shipped = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

describe('every shipped scenario (reduced): golden files', () => {
  it('has a golden for every scenario in scenarios/, and none for a scenario no longer shipped', () => {
    expect(Object.keys(GOLDENS).sort()).toEqual(shipped);
  });

  // default's golden is checked by runner-golden-determinism, with 1 and 2 workers.
  for (const name of shipped.filter((n) => n !== 'default')) {
    it(`${name}: reproduces test/golden/${name}.runs.csv and .summary.csv exactly (regenerate with npm run golden ${name} after a deliberate change)`, () => {
      const args = GOLDENS[name];
      if (args === undefined) throw new Error(`no golden arguments for ${name}`);
      const out = mkdtempSync(join(tmpdir(), `fwsim-golden-${name}-`));
      const r = fwsim(['run', ...args, '--out', out, '--workers', '1', '--quiet']);
      expect(r.status, r.stderr).toBe(0);
      for (const f of ['runs.csv', 'summary.csv']) {
        expect(readFileSync(join(out, name, f), 'utf8'), f).toBe(readFileSync(`test/golden/${name}.${f}`, 'utf8'));
      }
    }, 120_000);
  }
});
