import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fwsim } from './support/cli.js';

const commands = readFileSync('bench/smoke.txt', 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => {
    const [code, _fwsim, ...args] = l.trim().split(/\s+/);
    return { line: l.trim(), code: Number(code), args };
  });

describe('CLI smoke list (bench/smoke.txt)', () => {
  it.each(commands)('$line', ({ code, args }) => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-smoke-'));
    const r = fwsim(args.map((a) => a.replace('{out}', out)));
    expect(r.status, r.stderr).toBe(code);
    if (code === 0) expect(r.stdout.length).toBeGreaterThan(0);
    else expect(r.stderr.length).toBeGreaterThan(0);
  });
});
