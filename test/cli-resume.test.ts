import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Every file of a folder and its bytes (to show a refused run left it as it was). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name)] = readFileSync(join(e.parentPath, e.name), 'latin1');
  }
  return out;
}

const SMALL = 'name: resumable\nhorizon: 30min\nwarmup: 5min\nreplications: 1\npatterns: [A, C]\nplacers: { count: 5 }\nfillers: { count: 2, capacity: 4 }\nsweep:\n  polling.interval: [30s, 1min]\n';

describe('resume never mixes runs of two versions: exit 2 saying what changed, nothing written', () => {
  /** A finished small run of a scenario file in a fresh folder: the file, the results folder, its snapshot. */
  function finished(): { file: string; out: string; dir: string } {
    const work = mkdtempSync(join(tmpdir(), 'fwsim-resume-'));
    const file = join(work, 'resumable.yaml');
    writeFileSync(file, SMALL);
    const out = join(work, 'results');
    const r = fwsim(['run', file, '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    return { file, out, dir: join(out, 'resumable') };
  }

  it('after the scenario file changed: names each changed field with its old and new value', () => {
    const { file, out, dir } = finished();
    const before = snapshot(dir);
    writeFileSync(file, SMALL.replace('capacity: 4', 'capacity: 6').replace('[30s, 1min]', '[30s, 2min]'));
    const r = fwsim(['run', file, '--out', out, '--quiet', '--resume']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${join(dir, 'jobs.jsonl')}: holds runs of a different version of scenario 'resumable' (fillers.capacity: 4 -> 6; sweep.polling.interval[1]: "1min" -> "2min"); runs of two versions are never mixed: run without --resume to start over, or use another --out\n`);
    expect(snapshot(dir)).toEqual(before);
    // More replications are the same scenario, only more of it: that resumes.
    writeFileSync(file, SMALL.replace('replications: 1', 'replications: 2'));
    const more = fwsim(['run', file, '--out', out, '--quiet', '--resume']);
    expect(more.status, more.stderr).toBe(0);
    expect(readFileSync(join(dir, 'jobs.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1 + 8);
  });

  it('after the tool version changed, or with a journal that is not one', () => {
    const { file, out, dir } = finished();
    const journal = join(dir, 'jobs.jsonl');
    const lines = readFileSync(journal, 'utf8').split('\n');
    const header = JSON.parse(lines[0] ?? '') as { version: string };
    expect(header.version).toMatch(/^\d+\.\d+\.\d+/);
    writeFileSync(journal, [JSON.stringify({ ...header, version: '0.0.1' }), ...lines.slice(1)].join('\n'));
    let before = snapshot(dir);
    const older = fwsim(['run', file, '--out', out, '--quiet', '--resume']);
    expect(older.status).toBe(2);
    expect(older.stderr).toBe(`${journal}: holds runs of fwsim 0.0.1, this is fwsim ${header.version}; runs of two versions are never mixed: run without --resume to start over, or use another --out\n`);
    expect(snapshot(dir)).toEqual(before);
    writeFileSync(journal, '{"fingerpr');
    before = snapshot(dir);
    const cut = fwsim(['run', file, '--out', out, '--quiet', '--resume']);
    expect(cut.status).toBe(2);
    expect(cut.stderr).toMatch(/jobs\.jsonl:1: expected the journal header fwsim writes .*run without --resume to start over/);
    expect(snapshot(dir)).toEqual(before);
  });
});
