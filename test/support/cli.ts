/** Runs the built CLI (dist/, built by `pretest`) as a child process and captures what it printed. */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = `${ROOT}dist/cli/main.js`;

/** The outcome of one CLI invocation. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
  /** The process id it ran as (what a lock it took would name). */
  pid: number | undefined;
}

/** Runs `fwsim <args>` in `cwd` (default: the project root), without a terminal. */
export function fwsim(args: readonly string[], cwd = ROOT): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}
