import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_FIXTURE_DIR, copyChartInputs } from './support/chart-fixture.js';
import { CLI, ROOT, fwsim } from './support/cli.js';

/** A small run: one pattern, one point, one replication, 30 simulated minutes. */
const SMALL = ['scenarios/default.yaml', '--patterns', 'A', '--set', 'sweep={}', '--set', 'horizon=30min', '--set', 'warmup=5min', '--replications', '1', '--quiet'];

const LOCK = '.fwsim.lock';
const lockOf = (pid: number): string => `${JSON.stringify({ pid, host: hostname(), since: '2026-12-01T10:00:00.000Z' })}\n`;

/** A pid that was a process a moment ago and is none now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid as number;
}

describe('a results folder is written by one fwsim at a time', () => {
  it('a second run refuses while a live process holds the lock, naming the lock and its pid; it writes nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-lock-'));
    const dir = join(out, 'default');
    mkdirSync(dir);
    // This test's own process is alive: as good a holder as another fwsim run.
    writeFileSync(join(dir, LOCK), lockOf(process.pid));
    const r = fwsim(['run', ...SMALL, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, LOCK)}: another fwsim process (pid ${process.pid}, since 2026-12-01T10:00:00.000Z) is writing ${dir}; expected a results folder no other run is writing`);
    expect(readdirSync(dir)).toEqual([LOCK]);
    expect(readFileSync(join(dir, LOCK), 'utf8')).toBe(lockOf(process.pid));
    // fwsim chart rewrites charts/ and report.html: it waits its turn too.
    copyChartInputs(CHART_FIXTURE_DIR, dir);
    const chart = fwsim(['chart', dir]);
    expect(chart.status).toBe(2);
    expect(chart.stderr).toContain(`(pid ${process.pid}, since 2026-12-01T10:00:00.000Z) is writing ${dir}`);
    expect(readdirSync(dir).sort()).toEqual([LOCK, 'scenario.resolved.json', 'summary.csv']);
  });

  it('takes over the lock of a process that is gone, says so, and removes it at the end', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-lock-'));
    const dir = join(out, 'default');
    mkdirSync(dir);
    const dead = deadPid();
    writeFileSync(join(dir, LOCK), lockOf(dead));
    const r = fwsim(['run', ...SMALL, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`taking over ${join(dir, LOCK)}: the fwsim process that held it (pid ${dead}, since 2026-12-01T10:00:00.000Z) is no longer running`);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    expect(existsSync(join(dir, 'runs.csv'))).toBe(true);
  });

  it('is removed on a normal exit and when the run stops on bad input after taking it', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-lock-'));
    const dir = join(out, 'default');
    expect(fwsim(['run', ...SMALL, '--out', out]).status).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    // --resume of another scenario version is refused after the folder was locked: the lock still goes.
    const refused = fwsim(['run', ...SMALL, '--set', 'fillers.capacity=3', '--resume', '--out', out]);
    expect(refused.status).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('is removed when the run dies of an unexpected error', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-lock-'));
    const dir = join(out, 'default');
    // A folder where runs.csv should go: writing the results throws after every run finished.
    mkdirSync(join(dir, 'runs.csv'), { recursive: true });
    const r = fwsim(['run', ...SMALL, '--out', out]);
    expect(r.status).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    // Nor half a file where the write failed.
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('holds while a run is under way, refuses a second, and is removed after Ctrl-C', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-lock-'));
    const dir = join(out, 'default');
    const args = ['scenarios/default.yaml', '--set', 'horizon=2h', '--set', 'warmup=15min', '--replications', '2', '--workers', '1', '--quiet', '--out', out];
    const first = spawn(process.execPath, [CLI, 'run', ...args], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<number>((resolve) => first.on('exit', (code) => resolve(code ?? -1)));
    // The journal's second line is the first finished run: the lock was taken before it.
    while (!(existsSync(join(dir, 'jobs.jsonl')) && readFileSync(join(dir, 'jobs.jsonl'), 'utf8').split('\n').length > 2)) await new Promise((r) => setTimeout(r, 20));
    expect(JSON.parse(readFileSync(join(dir, LOCK), 'utf8')).pid).toBe(first.pid);
    const second = fwsim(['run', ...args]);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(`${join(dir, LOCK)}: another fwsim process (pid ${first.pid},`);
    expect(readdirSync(dir).filter((f) => f.includes(`.${second.pid ?? 'none'}.`))).toEqual([]);
    first.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
