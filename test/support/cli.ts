/** Runs the built CLI (dist/bundle/, built by `pretest`) as a child process and captures what it printed. */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = `${ROOT}dist/bundle/main.js`;

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

/** A CLI run in the background (the test keeps its event loop, e.g. for a server the CLI talks to). */
export interface CliChild {
  child: ChildProcess;
  /** What it printed on stderr so far. */
  stderr(): string;
  /** Resolves when it exits. */
  done: Promise<CliRun>;
}

/** Starts `fwsim <args>` without waiting for it (spawnSync would block a server living in the test process). */
export function fwsimAsync(args: readonly string[], cwd = ROOT): CliChild {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ status: code ?? (signal !== null ? 128 : -1), stdout, stderr, pid: child.pid })));
  return { child, stderr: () => stderr, done };
}
