/** A throwaway redis-server on a free loopback port (never 6379), with no persistence: for the queue tests and the queue bench. */

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running redis-server of our own. */
export interface LocalRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` (add `/<db>` for another database). */
  url: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it; 6379, a shared server's port, is never used). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    if (port !== 0 && port !== 6379) return port;
  }
}

/**
 * Starts Debian's `redis-server` (`apt-get install -y redis-server`; `.ci/run` installs it)
 * on a free loopback port with a temporary folder and nothing saved. Rejects, saying so, when
 * redis-server is not installed: a test that needs it must fail, not skip.
 */
export async function startLocalRedis(): Promise<LocalRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'fwsim-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (e: NodeJS.ErrnoException) => {
      reject(new Error(e.code === 'ENOENT' ? 'redis-server is not installed: apt-get install -y redis-server (.ci/run installs it)' : `redis-server did not start: ${e.message}`));
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
  });
  child.stdout.removeAllListeners('data');
  child.stderr.removeAllListeners('data');
  // Drain what it logs from now on, so a full pipe never blocks it.
  child.stdout.resume();
  child.stderr.resume();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
