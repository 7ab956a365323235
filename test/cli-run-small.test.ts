import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJobs, runScenario } from '../src/runner/index.js';
import { parseScenario } from '../src/scenario/index.js';
import { fwsim } from './support/cli.js';

// A small run starts quickly: one small job runs on the CLI's own thread (no worker thread to
// start and load), and --no-charts leaves the charting libraries unloaded. Neither may change
// a result.

const ONE_RUN = `name: one-run
seed: 11
horizon: 2h
warmup: 10min
replications: 1
patterns: [E]
placers: { count: 5, orderRate: 6/h }
fillers: { count: 2, capacity: 4, processing: 10min }
`;

describe('a small run', () => {
  it('one job on this thread gives the rows a worker thread gives', async () => {
    const scenario = parseScenario(ONE_RUN, 'one-run.yaml');
    const here = await runScenario(scenario, { workers: 2 });
    const threaded = await runScenario(scenario, { execute: (sc, jobs, callbacks) => runJobs(sc, jobs, { workers: 1, ...callbacks }) });
    expect(here.results).toHaveLength(1);
    expect(here.runs).toEqual(threaded.runs);
    expect(here.summary).toEqual(threaded.summary);
  });

  it('--no-charts writes the CSV and JSON files only, and takes away an earlier run\'s charts and report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwsim-no-charts-'));
    writeFileSync(join(dir, 'one-run.yaml'), ONE_RUN);
    const withCharts = fwsim(['run', join(dir, 'one-run.yaml'), '--out', dir, '--quiet']);
    expect(withCharts.status, withCharts.stderr).toBe(0);
    expect(existsSync(join(dir, 'one-run', 'report.html'))).toBe(true);
    expect(existsSync(join(dir, 'one-run', 'charts'))).toBe(true);
    const runs = readFileSync(join(dir, 'one-run', 'runs.csv'), 'utf8');
    const without = fwsim(['run', join(dir, 'one-run.yaml'), '--out', dir, '--quiet', '--no-charts']);
    expect(without.status, without.stderr).toBe(0);
    expect(without.stdout).toContain('scenario.resolved.json)');
    expect(readFileSync(join(dir, 'one-run', 'runs.csv'), 'utf8')).toBe(runs);
    for (const f of ['summary.csv', 'timing.csv', 'scenario.resolved.json', 'jobs.jsonl']) expect(existsSync(join(dir, 'one-run', f)), f).toBe(true);
    expect(existsSync(join(dir, 'one-run', 'report.html'))).toBe(false);
    expect(existsSync(join(dir, 'one-run', 'charts'))).toBe(false);
  });
});
