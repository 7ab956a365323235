#!/usr/bin/env node
/** The `fwsim` command line: parses argv with yargs and hands off to the command modules. */

import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { explainCommand } from './commands/explain.js';
import { patternsCommand } from './commands/patterns.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

await yargs(hideBin(process.argv))
  .scriptName('fwsim')
  .usage('$0 <command> [options]\n\nSimulates FHIR order/fulfilment workflow patterns and reports their cost.')
  .command(
    'status',
    'What this build can do so far',
    () => {},
    () => {
      console.log(`fwsim ${pkg.version}: the discrete-event engine (src/engine) is in place and benchmarked (npm run bench -- engine).`);
      console.log('The FHIR models, the patterns and `fwsim run <scenario>` follow in the next issues;');
      console.log('once they land, `npm start` runs scenarios/default.yaml and writes results/default/.');
    },
  )
  .command(patternsCommand)
  .command(explainCommand)
  .demandCommand(1, 'Name a command; see --help.')
  .strict()
  .version(pkg.version)
  .help()
  .fail((msg, err, y) => {
    if (err) throw err;
    console.error(`${y.help()}\n\n${msg}`);
    process.exit(2);
  })
  .parseAsync();
