#!/usr/bin/env node
/** The `fwsim` command line: parses argv with yargs and hands off to the command modules. */

import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT, toolVersion } from './exit.js';

/**
 * Every command, by name, loaded on demand: a command line names one, and loading the others
 * (the report's charting libraries, the queue's Redis client, the calibration's HTTP code)
 * would cost more than a small run takes. Help without a command lists them all.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule<object, any>>>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  chart: async () => (await import('./commands/chart.js')).chartCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  schema: async () => (await import('./commands/schema.js')).schemaCommand,
  patterns: async () => (await import('./commands/patterns.js')).patternsCommand,
  explain: async () => (await import('./commands/explain.js')).explainCommand,
  bench: async () => (await import('./commands/bench.js')).benchCommand,
  conformance: async () => (await import('./commands/conformance.js')).conformanceCommand,
  calibrate: async () => (await import('./commands/calibrate.js')).calibrateCommand,
  worker: async () => (await import('./commands/worker.js')).workerCommand,
};

const args = hideBin(process.argv);
const named = args[0] !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, args[0])
  ? [args[0]]
  : args.length === 1 && args[0] === '--version' ? [] : Object.keys(COMMANDS);
const commands = await Promise.all(named.map((name) => (COMMANDS[name] as () => Promise<CommandModule<object, any>>)()));

const cli = yargs(args)
  .scriptName('fwsim')
  .usage('$0 <command> [options]\n\nSimulates FHIR order/fulfilment workflow patterns and reports what each costs.');
for (const c of commands) cli.command(c);
if (!args.some((a) => a === '--help' || a === '-h')) skipEagerHelp(cli);
await cli
  .demandCommand(1, 'Name a command; see --help.')
  .strict()
  .version(toolVersion())
  .help()
  .wrap(Math.min(110, process.stdout.columns ?? 110))
  .fail((msg, err, y) => {
    if (err) throw err;
    y.showHelp('error');
    process.stderr.write(`\n${msg}\n`);
    process.exit(EXIT.badInput);
  })
  .parseAsync();

/**
 * yargs renders a command's whole help text as the command's handler starts, and keeps it in
 * case the handler later asks for it (cliui, wrap-ansi and string-width: 20-30 ms of a 0.5 s
 * run). Our handlers never show help: their errors are thrown and reported without it, and
 * the help shown for a bad command line is rendered before any handler starts. So unless help
 * was asked for, that rendering is skipped (as the Angular CLI does, angular-cli#34087). The
 * method is yargs' own, not in its types: if a yargs upgrade removes it, nothing is skipped.
 */
function skipEagerHelp(cli: object): void {
  type Internals = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (cli as Internals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
