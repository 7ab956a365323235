/** `fwsim worker` processes for the queue tests: started from the built CLI, their log read line by line, stopped by their own pid. */

import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from './cli.js';

/** Lock settings that let a killed worker's job come back within seconds (BullMQ's defaults are 30 s). */
export const SHORT_LOCKS = ['--lock-duration', '2s', '--stalled-interval', '1s'] as const;

/** A running `fwsim worker`. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Its stderr so far. */
  log(): string;
  /** Ids of the jobs it started, in order. */
  started(): string[];
  /** Resolves with the id of the `n`th job it starts (1-based). */
  nthStarted(n: number): Promise<string>;
  /** SIGTERM (it finishes its runs in progress), or SIGKILL; resolves when it has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/** Starts `fwsim worker --queue <url> --concurrency 1 <extra>` from dist/. */
export function startWorker(url: string, extra: readonly string[] = []): WorkerProcess {
  const child = spawn(process.execPath, [CLI, 'worker', '--queue', url, '--concurrency', '1', ...extra], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const waiters: (() => void)[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const w of waiters.splice(0)) w();
  });
  const started = (): string[] => [...text.matchAll(/ started (\S+) /g)].map((m) => m[1] as string);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    log: () => text,
    started,
    nthStarted: (n) => new Promise((resolve, reject) => {
      const check = (): void => {
        const ids = started();
        if (ids.length >= n) resolve(ids[n - 1] as string);
        else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`worker exited before its job ${n}:\n${text}`));
        else waiters.push(check);
      };
      child.once('exit', check);
      check();
    }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Resolves with a child's exit code once it exits (128 + n for signal n, as a shell reports it). */
export function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGKILL' ? 137 : -1)));
  });
}
