import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../bench/local-redis.js';
import { fwsim } from './support/cli.js';

const SMALL = ['scenarios/default.yaml', '--set', 'horizon=30min', '--set', 'warmup=5min', '--replications', '1', '--patterns', 'A'];

let down: string;
beforeAll(async () => {
  // A loopback port nothing listens on: connecting is refused at once.
  down = `redis://127.0.0.1:${await freePort()}`;
});

describe('a queue whose Redis does not answer', () => {
  it('fwsim run --queue names the URL, exits 1 and writes no results folder', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-queue-down-'));
    const r = fwsim(['run', ...SMALL, '--queue', down, '--out', out, '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot reach the queue's Redis at ${down}: `);
    expect(r.stderr).toMatch(/ECONNREFUSED/);
    expect(existsSync(join(out, 'default'))).toBe(false);
  });

  it('fwsim run --queue --resume leaves an earlier results folder byte for byte as it was', () => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-queue-down-'));
    expect(fwsim(['run', ...SMALL, '--out', out, '--quiet', '--workers', '1']).status).toBe(0);
    const files = ['jobs.jsonl', 'runs.csv', 'summary.csv', 'timing.csv', 'scenario.resolved.json'];
    const before = files.map((f) => readFileSync(join(out, 'default', f), 'utf8'));
    const r = fwsim(['run', ...SMALL, '--queue', down, '--out', out, '--quiet', '--resume']);
    expect(r.status).toBe(1);
    expect(files.map((f) => readFileSync(join(out, 'default', f), 'utf8'))).toEqual(before);
  });

  it('fwsim worker names the URL and exits 1', () => {
    const r = fwsim(['worker', '--queue', `${down}/2`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot reach the queue's Redis at ${down}/2: `);
  });
});

describe('a queue URL that is not redis://host:port[/db]', () => {
  it.each([
    ['http://127.0.0.1:6380', /the scheme is http, not redis/],
    ['redis://127.0.0.1', /no port/],
  ])('%s is bad input (exit 2) for run and worker, and nothing is written', (url, why) => {
    const out = mkdtempSync(join(tmpdir(), 'fwsim-queue-url-'));
    const run = fwsim(['run', ...SMALL, '--queue', url, '--out', out]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(why);
    expect(run.stderr).toContain('expected redis://host:port');
    expect(existsSync(join(out, 'default'))).toBe(false);
    const worker = fwsim(['worker', '--queue', url]);
    expect(worker.status).toBe(2);
    expect(worker.stderr).toMatch(why);
  });

  it('hides a password in messages', () => {
    const r = fwsim(['worker', '--queue', 'redis://fwsim:s3cret@127.0.0.1/x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('redis://fwsim:***@127.0.0.1/x');
    expect(r.stderr).not.toContain('s3cret');
  });

  it('--workers with --queue is bad input: the queue\'s workers are separate processes', () => {
    const r = fwsim(['run', ...SMALL, '--queue', 'redis://127.0.0.1:6380', '--workers', '2']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--concurrency/);
  });
});
