import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fwsim } from './support/cli.js';

const dir = 'test/fixtures/bad-scenarios';

// Each malformed scenario: exit code 2, a message naming the file (and line where there is
// one), the field path and what was expected; and no results folder created.
const cases: [file: string, expected: RegExp][] = [
  ['wrong-type.yaml', /wrong-type\.yaml:3 fillers\.count: expected a whole number of fillers >= 1, got "five"/],
  ['negative-count.yaml', /negative-count\.yaml:3 fillers\.count: expected a whole number of fillers >= 1, got -3/],
  ['unknown-key.yaml', /unknown-key\.yaml:4 fillers\.capacty: unknown field 'capacty' \(did you mean 'capacity'\?\)/],
  ['unknown-top-key.yaml', /unknown-top-key\.yaml:2 horizn: unknown field 'horizn' \(did you mean 'horizon'\?\)/],
  ['unknown-pattern.yaml', /unknown-pattern\.yaml:2 patterns\[1\]: expected a pattern letter \(A, B, C, D, E, F, G, H, I\), got "Q"/],
  ['bad-duration.yaml', /bad-duration\.yaml:2 horizon: expected a duration > 0 .*got "8 hours"/],
  ['negative-duration.yaml', /negative-duration\.yaml:3 polling\.interval: expected a duration > 0 .*got -5/],
  ['bad-distribution-family.yaml', /bad-distribution-family\.yaml:3 fillers\.processing: expected exactly one distribution family .*got \{"weibull"/],
  ['bad-distribution-param.yaml', /bad-distribution-param\.yaml:3 network\.latency\.lognormal\.cv: expected a coefficient of variation >= 0, got -0\.5/],
  ['bad-sweep-path.yaml', /bad-sweep-path\.yaml:3 sweep\.fillers\.cont: no field 'fillers\.cont' to sweep/],
  ['bad-sweep-value.yaml', /bad-sweep-value\.yaml:3 sweep\.polling\.interval\[1\]: expected a duration > 0 .*got "soon"/],
  ['bad-rate.yaml', /bad-rate\.yaml:3 placers\.orderRate: expected a positive rate .*got "-4\/h"/],
  ['probability-above-one.yaml', /probability-above-one\.yaml:3 fillers\.acceptProbability: expected a probability between 0 and 1, got 1\.5/],
  ['bad-enum.yaml', /bad-enum\.yaml:2 discovery: expected one of poll, subscription, got "carrier-pigeon"/],
  ['missing-name.yaml', /missing-name\.yaml:1 name: expected a name .*\(the field is required\)/],
  ['bad-name.yaml', /bad-name\.yaml:1 name: expected a name of letters, digits/],
  ['empty.yaml', /empty\.yaml: the file is empty/],
  ['not-yaml.yaml', /not-yaml\.yaml:\d+: not valid YAML or JSON/],
  ['list-not-map.yaml', /list-not-map\.yaml:1: expected a mapping of fields/],
  ['bad-conflict-status.yaml', /bad-conflict-status\.yaml:3 server\.conflictStatus: expected 412 or 409, got 418/],
  ['does-not-exist.yaml', /does-not-exist\.yaml: cannot read the scenario: no such file/],
  ['long-name.yaml', /long-name\.yaml:1 name: expected a name of at most 100 characters \(it names the results folder\), got 300 characters/],
  ['warmup-reaches-horizon.yaml', /warmup-reaches-horizon\.yaml:3 warmup: expected a warm-up shorter than the horizon .*got warmup "1h" and horizon "1h"/],
  ['sweep-horizon-within-warmup.yaml', /sweep-horizon-within-warmup\.yaml:4 sweep\.horizon\[1\]: expected a warm-up shorter than the horizon .*got warmup "30min" and horizon "20min"/],
  ['sweep-warmup-across-horizon.yaml', /sweep-warmup-across-horizon\.yaml:4 sweep\.warmup: expected every swept warm-up shorter than every swept horizon .*got warmup "2h" with horizon "1h"/],
  ['duration-beyond-range.yaml', /duration-beyond-range\.yaml:2 horizon: expected a duration of at most 285 years \(simulated time is whole microseconds below 2\^53\), got "365000d"/],
  ['horizon-beyond-store.yaml', /horizon-beyond-store\.yaml:2 horizon: expected a horizon of at most 142 years \(a server keeps each resource's lastUpdated below 2\^52 us\), got "54750d"/],
  ['alias-bomb.yaml', /alias-bomb\.yaml:5 l4: too many aliases: .*expected anchors and aliases that expand to at most 100$/m],
  ['unresolved-alias.yaml', /unresolved-alias\.yaml:3 fillers\.processing: not valid YAML or JSON: the alias \*slow names no anchor \(&slow\) set before it/],
];

describe('bad input: exit 2, a message naming file, line, field and expectation, nothing written', () => {
  it.each(cases)('%s', (file, expected) => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-bad-'));
    const r = fwsim(['run', join(dir, file), '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a device instead of reading it (a pipe or /dev/zero would be read until memory runs out)', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-bad-'));
    const r = fwsim(['run', '/dev/null', '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^\/dev\/null: cannot read the scenario: not a regular file .*expected a YAML or JSON file$/m);
    expect(readdirSync(out)).toEqual([]);
  });

  it('names an --out that cannot hold a results folder instead of crashing (a file in the way, a path too long)', () => {
    const parent = mkdtempSync(join(tmpdir(), 'fwsim-bad-'));
    const file = join(parent, 'a-file');
    writeFileSync(file, 'x');
    const r = fwsim(['run', 'scenarios/default.yaml', '--out', file, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a-file\/default: cannot create the results folder: a file is in the way .*expected --out to name a folder/);
    expect(readFileSync(file, 'utf8')).toBe('x');
    const long = fwsim(['run', 'scenarios/default.yaml', '--out', join(parent, 'd'.repeat(300)), '--quiet']);
    expect(long.status).toBe(2);
    expect(long.stderr).toMatch(/cannot create the results folder: the path is too long for the file system/);
    expect(readdirSync(parent)).toEqual(['a-file']);
  });

  it('reports several problems of one file together, in line order', () => {
    const r = fwsim(['validate', join(dir, 'several-problems.yaml')]);
    expect(r.status).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/:2 replications: expected a whole number of replications >= 1, got 0/);
    expect(lines[1]).toMatch(/:4 fillers\.count: expected a whole number of fillers >= 1, got 0/);
    expect(lines[2]).toMatch(/:5 fillers\.capacity: expected a whole number of parallel jobs >= 1, got 2\.5/);
  });

  it('reports a bad --set override like a bad field', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-bad-'));
    const r = fwsim(['run', 'scenarios/default.yaml', '--set', 'fillers.count=-1', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/default\.yaml(:\d+)? fillers\.count: expected a whole number of fillers >= 1, got -1/);
    expect(existsSync(join(out, 'default'))).toBe(false);
  });

  it('rejects bad arguments with exit 2 and the usage', () => {
    expect(fwsim(['run']).status).toBe(2);
    expect(fwsim(['explain', 'Z']).status).toBe(2);
    expect(fwsim(['frobnicate']).status).toBe(2);
    expect(fwsim(['run', 'scenarios/default.yaml', '--workers', '0']).status).toBe(2);
    const bench = fwsim(['bench', 'scenarios/default.yaml', '--workers', '0']);
    expect(bench.status).toBe(2);
    expect(bench.stderr).toMatch(/--workers: expected a whole number of threads from 1 to 256, got 0/);
  });
});

// Values given on the command line: exit 2 before anything runs, the message naming the
// option (and the field it sets), not the file's line, and nothing written.
const argumentCases: [args: string[], expected: RegExp][] = [
  [['--workers', '0'], /^--workers: expected a whole number of threads from 1 to 256, got 0$/m],
  [['--workers', '-1'], /^--workers: expected a whole number of threads from 1 to 256, got -1$/m],
  [['--workers', '100000'], /^--workers: expected a whole number of threads from 1 to 256, got 100000$/m],
  [['--seed', '-1'], /^scenarios\/default\.yaml seed: expected a whole number >= 0, got -1 \(given by --seed -1\)$/m],
  [['--seed', 'abc'], /^scenarios\/default\.yaml seed: expected a whole number >= 0, got NaN \(given by --seed NaN\)$/m],
  [['--replications', '0'], /^scenarios\/default\.yaml replications: expected a whole number of replications >= 1, got 0 \(given by --replications 0\)$/m],
  [['--set', 'fillers..count=3'], /^scenarios\/default\.yaml: --set fillers\.\.count=3: expected path=value with a path of field names joined by dots .*got the path "fillers\.\.count"$/m],
  [['--set', '__proto__.polluted=1'], /^scenarios\/default\.yaml: --set __proto__\.polluted=1: expected path=value .*got the path "__proto__\.polluted"$/m],
  [['--set', 'sweep.=[1]'], /^scenarios\/default\.yaml: --set sweep\.=\[1\]: expected path=value .*got the path "sweep\."$/m],
  [['--set', 'fillers.count=[1,'], /^scenarios\/default\.yaml fillers\.count: expected a whole number of fillers >= 1, got "\[1," \(given by --set fillers\.count=\[1,\)$/m],
  [['--set', 'sweep.polling.interval=[15s, soon]'], /^scenarios\/default\.yaml sweep\.polling\.interval\[1\]: expected a duration > 0 .*got "soon" \(given by --set sweep\.polling\.interval=\[15s, soon\]\)$/m],
  [['--set', 'fillers.count=2.5', '--set', 'fillers.count=3', '--set', 'placers.count=0'], /^scenarios\/default\.yaml placers\.count: expected a whole number of placers >= 1, got 0 \(given by --set placers\.count=0\)$/m],
];

describe('bad command-line values: exit 2, the option named, nothing written', () => {
  it.each(argumentCases)('%j', (args, expected) => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-bad-'));
    const r = fwsim(['run', 'scenarios/default.yaml', ...args, '--out', out, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual([]);
  });
});
