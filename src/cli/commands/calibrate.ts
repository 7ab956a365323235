/** `fwsim calibrate --base <url>`: measure a live FHIR server (a test server) and write what it found as a scenario fragment. */

import { randomUUID } from 'node:crypto';
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CommandModule } from 'yargs';
import { calibrate, calibrationTag, consentMessage, DEFAULT_PLAN, describePlan, fragmentYaml, leftovers, makePlan, outcomeLines, parseBase, parseHeaders, type CalibrationOutcome } from '../../calibration/index.js';
import { parseDuration } from '../../engine/index.js';
import { EXIT } from '../exit.js';

interface CalibrateArgs {
  base: string;
  samples: number;
  concurrency: number[];
  timeout: string;
  out?: string;
  yes: boolean;
  header?: string[];
  bearerEnv?: string;
}

/** Exit code of an interrupted calibration (as a shell reports SIGINT). */
const INTERRUPTED = 130;

export const calibrateCommand: CommandModule<object, CalibrateArgs> = {
  command: 'calibrate',
  describe: 'Measure a FHIR test server (service times, workers, conflict status) and write a scenario fragment',
  builder: (y) =>
    y
      .option('base', { type: 'string', demandOption: true, describe: 'FHIR base URL of a test server, e.g. http://localhost:8080/fhir' })
      .option('samples', { type: 'number', default: DEFAULT_PLAN.samples, describe: 'Timed samples per interaction kind, and per client at each concurrency level' })
      .option('concurrency', {
        type: 'string',
        default: DEFAULT_PLAN.levels.join(','),
        describe: 'Concurrency levels of the throughput curve (must include 1)',
        coerce: (v: string | string[]) => (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).filter((x) => x.trim() !== '').map(Number),
      })
      .option('timeout', { type: 'string', default: `${DEFAULT_PLAN.timeoutMs / 1000}s`, describe: 'How long one request may take' })
      .option('out', { type: 'string', describe: 'Write the fragment to this file (atomically) instead of stdout' })
      .option('yes', { type: 'boolean', default: false, describe: 'Go ahead with a server that is not on this machine (it writes and deletes resources there)' })
      .option('header', { type: 'string', array: true, describe: 'Extra request header, "Name: value" (e.g. "Authorization: Bearer ..."); repeatable' })
      .option('bearer-env', { type: 'string', describe: 'Name of an environment variable holding a bearer token (kept out of the process list)' }),
  handler: async (argv) => {
    const parsed = parseBase(argv.base);
    if (!parsed.ok) fail(parsed.problem);
    const target = parsed.target;
    const timeoutUs = parseDuration(argv.timeout);
    if (timeoutUs === undefined || timeoutUs === 0) fail(`--timeout: expected a duration > 0 such as 10s, got "${argv.timeout}"`);
    const plan = makePlan({ samples: argv.samples, levels: argv.concurrency, timeoutMs: timeoutUs / 1000 });
    if (!plan.ok) fail(plan.problems.join('\n'));
    const headers = requestHeaders(argv.header ?? [], argv.bearerEnv);
    if (argv.out !== undefined && !isDirectory(dirname(resolve(argv.out)))) fail(`--out: no folder ${dirname(resolve(argv.out))} to write ${argv.out} in`);
    const tag = calibrationTag(randomUUID());
    // Nothing is sent to a server off this machine unless the user says so.
    if (!target.loopback && !argv.yes) fail(consentMessage(plan.plan, target.base, tag));

    for (const line of describePlan(plan.plan, target.base, tag)) process.stderr.write(`${line}\n`);
    const stop = new AbortController();
    const onSigint = (): void => {
      if (!stop.signal.aborted) {
        process.stderr.write('\ninterrupted: sending nothing more; waiting for the requests in flight, then cleaning up (Ctrl-C again to quit at once)\n');
        stop.abort();
        return;
      }
      process.stderr.write(`\nquit without cleaning up: resources tagged ${tag.system}|${tag.code} may remain on ${target.base} (search ${target.base}/Basic?_tag=${tag.system}|${tag.code})\n`);
      process.exit(INTERRUPTED);
    };
    process.on('SIGINT', onSigint);
    let outcome: CalibrationOutcome;
    try {
      outcome = await calibrate(target, plan.plan, tag, { date: new Date().toISOString(), headers }, {
        fetch: globalThis.fetch,
        now: () => performance.now(),
        stop: stop.signal,
        progress: (line) => process.stderr.write(`${line}\n`),
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
    }

    const out = argv.out;
    if (outcome.state === 'done') {
      const yaml = fragmentYaml(outcome.result);
      if (out !== undefined) writeAtomically(out, yaml);
      else process.stdout.write(yaml);
    }
    for (const line of outcomeLines(outcome, target.base, tag, out)) process.stderr.write(`${line}\n`);
    // Leftovers on somebody's server are worth a non-zero exit, even with a good fragment.
    process.exitCode = outcome.state === 'stopped' ? INTERRUPTED : outcome.state === 'failed' || leftovers(outcome) ? EXIT.runFailed : EXIT.ok;
  },
};

/** Headers from `--header "Name: value"` and `--bearer-env VAR`; bad ones end the command (exit 2). */
function requestHeaders(given: readonly string[], bearerEnv: string | undefined): Record<string, string> {
  const parsed = parseHeaders(given);
  if (!parsed.ok) fail(parsed.problem);
  if (bearerEnv === undefined) return parsed.headers;
  const token = process.env[bearerEnv];
  if (token === undefined || token === '') fail(`--bearer-env: the environment variable ${bearerEnv} is not set`);
  return { ...parsed.headers, authorization: `Bearer ${token}` };
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** Writes `text` to `path` through a temporary file and a rename, so a reader never sees half a fragment. */
function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(EXIT.badInput);
}
