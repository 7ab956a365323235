/**
 * One queue worker process for the queue bench: the `startQueueWorker` that `fwsim worker`
 * runs (one thread), started from the bench build. Prints "ready" once it listens; SIGTERM
 * stops it after its run in progress.
 * Usage: node queue-worker-child.js <redis://host:port/db> <tool version>
 */

import { availableParallelism } from 'node:os';
import { parseQueueAddress, startQueueWorker } from '../src/runner/queue/index.js';

const [url = '', version = ''] = process.argv.slice(2);
const worker = await startQueueWorker({
  address: parseQueueAddress(url),
  toolVersion: version,
  concurrency: 1,
  cores: availableParallelism(),
  name: `bench#${process.pid}`,
  onEvent: (e) => {
    if (e.kind === 'failed' || e.kind === 'refused' || e.kind === 'error') process.stderr.write(`${e.kind}: ${'message' in e ? e.message : ''}\n`);
  },
});
process.once('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
process.stdout.write('ready\n');
