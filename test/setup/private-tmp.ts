/**
 * Vitest global setup: every test (and every process a test starts) makes its temporary
 * files under one directory of this run's own, removed when the run ends. Tests create
 * results folders, scenario files and Redis data with `mkdtempSync(join(tmpdir(), ...))`;
 * `os.tmpdir()` reads TMPDIR at each call, and the test workers and their child processes
 * inherit it, so none of them is left in the machine's /tmp.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'fwsim-tests-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
