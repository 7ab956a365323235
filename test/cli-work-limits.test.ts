import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fwsim } from './support/cli.js';

const dir = 'test/fixtures/too-large';

// Work too large to run by accident: refused before any job is expanded, with the estimate,
// the field that makes it large (file, line, path), the limit, and --allow-large; nothing written.
const cases: [file: string, problems: RegExp[]][] = [
  ['replications.yaml', [
    /replications\.yaml:3 replications: expected at most 20,000 runs without --allow-large, got 90,000,000 \(9 patterns x 1 sweep point x 10,000,000 replications\)/,
    /replications\.yaml:3 replications: expected at most 5 billion simulated events in all without --allow-large, got up to 6\.9 trillion/,
  ]],
  ['grid.yaml', [/grid\.yaml:4 sweep\.polling\.interval: expected at most 20,000 runs without --allow-large, got 45,000,000 \(9 patterns x 1,000,000 sweep points x 5 replications\)/]],
  ['placers.yaml', [/placers\.yaml:4 placers\.count: expected a run that fits in 2 GB of memory without --allow-large, got about 84 TB \(up to 32 billion orders at 2\.5 KB and 1 billion placers and fillers at 3\.5 KB in one run\)/]],
  ['order-rate.yaml', [/order-rate\.yaml:4 placers\.orderRate: expected a run that fits in 2 GB of memory without --allow-large, got about 400 TB \(up to 160 billion orders/]],
  ['horizon.yaml', [/horizon\.yaml:4 horizon: expected a run that fits in 2 GB of memory without --allow-large, got about 180 GB \(up to 70 million orders/]],
  ['polls.yaml', [/polls\.yaml:5 polling\.interval: expected at most 5 billion simulated events in all without --allow-large, got up to 120 billion \(9 runs x up to 14 billion events a run: 45 an order, 4 a poll\)/]],
];

/** The last line: the whole estimate and the flag that allows it. */
const ESTIMATE = /: estimated work: [\d,]+ runs \(.*\); a run: up to .* orders, .* placers and fillers, .* polls, .* events and about .* of memory; in all up to .* events; pass --allow-large to run it anyway\n$/;

describe('work beyond the limits: exit 2 with the estimate and --allow-large, nothing written', () => {
  it.each(cases)('run %s', (file, problems) => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-large-'));
    const r = fwsim(['run', join(dir, file), '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    for (const p of problems) expect(r.stderr).toMatch(p);
    expect(r.stderr).toMatch(ESTIMATE);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });

  it.each(cases)('validate %s reports the same', (file, problems) => {
    const r = fwsim(['validate', join(dir, file)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    for (const p of problems) expect(r.stderr).toMatch(p);
  });

  it('a sweep of 200,000 values is refused for its size before its values are checked one by one', () => {
    // Generated, not a fixture: 200,000 values are 1.3 MB of YAML. Checking each value costs a
    // validation of the whole scenario (minutes for all of them); the size is known at once.
    const work = mkdtempSync(join(tmpdir(), 'fwsim-large-'));
    const file = join(work, 'long-sweep.yaml');
    const values = Array.from({ length: 200_000 }, (_v, i) => `${i + 1}s`);
    writeFileSync(file, `name: long-sweep\nsweep:\n  polling.interval: [${values.join(', ')}]\n`);
    const out = join(work, 'results');
    const r = fwsim(['run', file, '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/long-sweep\.yaml:3 sweep\.polling\.interval: expected at most 20,000 runs without --allow-large, got 9,000,000 \(9 patterns x 200,000 sweep points x 5 replications\)/);
    expect(r.stderr).toMatch(ESTIMATE);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work)).toEqual(['long-sweep.yaml']);
  });

  it('--allow-large lifts the refusal: validate says ok with the estimate, run goes on to its results folder', () => {
    const ok = fwsim(['validate', join(dir, 'replications.yaml'), '--allow-large']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/replications\.yaml: ok \(many-replications: ABCDEFGHI; 90,000,000 runs \(9 patterns x 1 sweep point x 10,000,000 replications\); a run: up to 640 orders, .* in all up to 6\.9 trillion events\)/);
    // A results folder that cannot be made is the next thing run checks, before expanding
    // any job: reaching it shows the size no longer stops the run (and nothing runs).
    const parent = mkdtempSync(join(tmpdir(), 'fwsim-large-'));
    writeFileSync(join(parent, 'a-file'), 'x');
    const r = fwsim(['run', join(dir, 'placers.yaml'), '--allow-large', '--out', join(parent, 'a-file'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/--allow-large/);
    expect(r.stderr).toMatch(/cannot create the results folder/);
  });

  it('every shipped scenario runs without --allow-large, but the national day, which says so', () => {
    const shipped = readdirSync('scenarios').filter((f) => f.endsWith('.yaml') && f !== 'national.yaml').map((f) => join('scenarios', f));
    expect(shipped).toContain('scenarios/scale.yaml');
    const national = fwsim(['validate', 'scenarios/national.yaml']);
    expect(national.status).toBe(2);
    expect(national.stderr).toMatch(/national\.yaml:\d+ placers\.count: expected a run that fits in 2 GB of memory without --allow-large, got about [\d.]+ GB \(up to 2 million orders/);
    expect(fwsim(['validate', 'scenarios/national.yaml', '--allow-large']).status).toBe(0);
    const r = fwsim(['validate', ...shipped]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(shipped.length);
    expect(r.stdout).toMatch(/scenarios\/scale\.yaml: ok \(scale: ABCDEFGHI; 9 runs .* up to 160,000 orders, 11,000 placers and fillers/);
  });
});
