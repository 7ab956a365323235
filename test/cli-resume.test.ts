import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, fwsim } from './support/cli.js';
import { GOLDEN_ARGS } from './support/golden.js';

const journalLines = (dir: string): number => (existsSync(join(dir, 'jobs.jsonl')) ? readFileSync(join(dir, 'jobs.jsonl'), 'utf8').trim().split('\n').length : 0);

/** Starts a run and sends it SIGINT once `after` jobs are in its journal; resolves with its exit code. */
function interruptedRun(out: string, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'run', ...GOLDEN_ARGS, '--out', out, '--workers', '1', '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    const dir = join(out, 'default');
    const timer = setInterval(() => {
      // The first journal line is its header.
      if (journalLines(dir) > after) {
        clearInterval(timer);
        child.kill('SIGINT');
      }
    }, 10);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve(code ?? -1);
    });
    child.on('error', reject);
  });
}

describe('resume: a run interrupted by Ctrl-C and resumed equals an uninterrupted run', () => {
  it('keeps finished jobs, runs only the rest, and writes identical results', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-resume-'));
    const dir = join(out, 'default');
    const code = await interruptedRun(out, 5);
    expect(code).toBe(130);
    const kept = journalLines(dir) - 1;
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(kept).toBeLessThan(162);
    // The interrupted run already left consistent (partial) tables.
    expect(readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + kept);

    const resumed = fwsim(['run', ...GOLDEN_ARGS, '--out', out, '--workers', '2', '--quiet', '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    // Only the missing jobs ran: the journal gained exactly those.
    expect(journalLines(dir) - 1).toBe(162);
    expect(readFileSync(join(dir, 'runs.csv'), 'utf8')).toBe(readFileSync('test/golden/default.runs.csv', 'utf8'));
    expect(readFileSync(join(dir, 'summary.csv'), 'utf8')).toBe(readFileSync('test/golden/default.summary.csv', 'utf8'));
  });

  it('refuses to resume into a folder that holds another version of the scenario', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-resume-'));
    expect(fwsim(['run', ...GOLDEN_ARGS, '--patterns', 'A', '--replications', '1', '--out', out, '--quiet']).status).toBe(0);
    const r = fwsim(['run', ...GOLDEN_ARGS, '--patterns', 'A', '--replications', '1', '--set', 'fillers.capacity=2', '--out', out, '--quiet', '--resume']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/different version of scenario 'default'/);
  });
});
