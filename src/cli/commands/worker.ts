/** `fwsim worker --queue <url>`: runs queued jobs on this machine until stopped, logging each on stderr. */

import { availableParallelism, hostname, totalmem } from 'node:os';
import type { CommandModule } from 'yargs';
import { describeJob, parseQueueAddress, QueueAddressError, type QueueAddress, type QueueWorkerEvent } from '../../runner/index.js';
import { durationUs } from '../../scenario/index.js';
import { EXIT, toolVersion } from '../exit.js';

interface WorkerArgs {
  queue: string;
  concurrency?: number;
  'lock-duration'?: string;
  'stalled-interval'?: string;
  'max-stalled'?: number;
  quiet: boolean;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'Run jobs that `fwsim run --queue` put on a BullMQ queue in Redis, until stopped (Ctrl-C or SIGTERM finishes the runs in progress)',
  builder: (y) =>
    y
      .option('queue', { type: 'string', demandOption: true, describe: 'The queue: redis://host:port[/db]' })
      .option('concurrency', { type: 'number', describe: 'Runs at once, each on its own thread (default: available cores)' })
      .option('lock-duration', { type: 'string', describe: 'How long a job stays locked to this worker unless renewed (renewed every half of it); a dead worker\'s jobs go back to the queue after it (default 30s)' })
      .option('stalled-interval', { type: 'string', describe: 'How often this worker looks for jobs whose worker died (default 30s)' })
      .option('max-stalled', { type: 'number', describe: 'Times a job may go back to the queue after its worker died before it fails (default 1)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'Log only problems, not each job' }),
  handler: async (argv) => {
    let address: QueueAddress;
    try {
      address = parseQueueAddress(argv.queue);
    } catch (e) {
      if (!(e instanceof QueueAddressError)) throw e;
      return fail(e.message);
    }
    const concurrency = argv.concurrency ?? availableParallelism();
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) fail(`--concurrency: expected a whole number >= 1, got ${argv.concurrency}`);
    const maxStalled = argv['max-stalled'];
    if (maxStalled !== undefined && !(Number.isInteger(maxStalled) && maxStalled >= 0)) fail(`--max-stalled: expected a whole number >= 0, got ${maxStalled}`);
    const lockMs = milliseconds('--lock-duration', argv['lock-duration']);
    const stalledMs = milliseconds('--stalled-interval', argv['stalled-interval']);
    // BullMQ and ioredis are loaded by this command only, not by every fwsim command line.
    const { checkQueueReachable, startQueueWorker, QueueUnreachableError } = await import('../../runner/queue/index.js');
    try {
      await checkQueueReachable(address);
    } catch (e) {
      if (!(e instanceof QueueUnreachableError)) throw e;
      process.stderr.write(`${e.message}\n`);
      process.exit(EXIT.runFailed);
    }
    const version = toolVersion();
    const name = `${hostname()}#${process.pid}`;
    const log = (text: string): void => {
      process.stderr.write(`${new Date().toISOString()} ${text}\n`);
    };
    // While Redis is away every reconnect attempt fails alike: say so once a minute, not once a second.
    let lastError = { message: '', at: 0 };
    const repeated = (e: QueueWorkerEvent): boolean => {
      if (e.kind !== 'error') {
        if (e.kind === 'started') lastError = { message: '', at: 0 };
        return false;
      }
      const now = Date.now();
      if (e.message === lastError.message && now - lastError.at < 60_000) return true;
      lastError = { message: e.message, at: now };
      return false;
    };
    const worker = await startQueueWorker({
      address,
      toolVersion: version,
      concurrency,
      cores: availableParallelism(),
      memory: totalmem(),
      name,
      ...(lockMs !== undefined ? { lockDurationMs: lockMs } : {}),
      ...(stalledMs !== undefined ? { stalledIntervalMs: stalledMs } : {}),
      ...(maxStalled !== undefined ? { maxStalledCount: maxStalled } : {}),
      onEvent: (e) => {
        const line = describeEvent(e);
        if (!repeated(e) && (!argv.quiet || e.kind === 'failed' || e.kind === 'refused' || e.kind === 'error')) log(line);
      },
    });
    log(`worker ${name}: fwsim ${version}, ${concurrency} thread${concurrency === 1 ? '' : 's'}, queue ${address.display}`);
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals): void => {
        if (stopping) {
          log(`${signal} again: abandoning the runs in progress (other workers will run them)`);
          void worker.close(true).finally(() => process.exit(130));
          return;
        }
        stopping = true;
        log(`${signal}: finishing the runs in progress, then stopping (${signal} again abandons them)`);
        void worker.close(false).then(resolve, (e: unknown) => {
          log(`stopping: ${(e as Error).message ?? String(e)}`);
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    log(`worker ${name}: stopped`);
    // BullMQ may keep a reconnect timer to a Redis that is gone: nothing is left to do.
    process.exit(EXIT.ok);
  },
};

/** One log line per event. */
function describeEvent(e: QueueWorkerEvent): string {
  switch (e.kind) {
    case 'started':
      return `started ${e.id} (${describeJob(e.job)})`;
    case 'done':
      return `done ${e.id} in ${(e.wallMs / 1000).toFixed(2)} s`;
    case 'failed':
      return `failed ${e.id}: ${e.message}`;
    case 'refused':
      return `refused ${e.id}: ${e.message}`;
    case 'stalled':
      return `stalled ${e.id}: its worker stopped renewing the lock; back on the queue`;
    case 'error':
      return `queue: ${e.message}`;
  }
}

/** A duration option (`500ms`, `30s`, or seconds) in whole milliseconds >= 1. */
function milliseconds(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  let us: number;
  try {
    us = durationUs(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
  } catch {
    return fail(`${option}: expected a duration such as 500ms, 30s or 2min, got ${JSON.stringify(text)}`);
  }
  const ms = Math.round(us / 1000);
  if (ms < 1) fail(`${option}: expected at least 1ms, got ${JSON.stringify(text)}`);
  return ms;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT.badInput);
}
