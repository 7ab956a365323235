#!/usr/bin/env node
/** The `fwsim` command line: parses argv with yargs and hands off to the command modules. */

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { benchCommand } from './commands/bench.js';
import { calibrateCommand } from './commands/calibrate.js';
import { chartCommand } from './commands/chart.js';
import { conformanceCommand } from './commands/conformance.js';
import { explainCommand } from './commands/explain.js';
import { patternsCommand } from './commands/patterns.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { workerCommand } from './commands/worker.js';
import { EXIT, toolVersion } from './exit.js';

await yargs(hideBin(process.argv))
  .scriptName('fwsim')
  .usage('$0 <command> [options]\n\nSimulates FHIR order/fulfilment workflow patterns and reports what each costs.')
  .command(runCommand)
  .command(chartCommand)
  .command(validateCommand)
  .command(schemaCommand)
  .command(patternsCommand)
  .command(explainCommand)
  .command(benchCommand)
  .command(conformanceCommand)
  .command(calibrateCommand)
  .command(workerCommand)
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
