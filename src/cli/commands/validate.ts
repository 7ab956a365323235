/** `fwsim validate <scenario..>`: check scenario files without running them, and say how much work each asks for. */

import type { CommandModule } from 'yargs';
import { ScenarioError, describeWork, estimateWork, profileOf } from '../../scenario/index.js';
import { scenarioPatterns } from '../../runner/index.js';
import { EXIT } from '../exit.js';
import { loadScenario } from '../scenario-file.js';

export const validateCommand: CommandModule<object, { scenario: string[]; 'allow-large': boolean }> = {
  command: 'validate <scenario..>',
  describe: 'Check scenario files and report every problem with its line and field, and the work each asks for',
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', array: true, demandOption: true })
      .option('allow-large', { type: 'boolean', default: false, describe: 'Accept work beyond the limits, as run --allow-large would' }),
  handler: (argv) => {
    let bad = false;
    for (const path of argv.scenario) {
      try {
        const s = loadScenario(path, {}, { allowLarge: argv['allow-large'] });
        const profile = profileOf(s) !== 'generic' ? `; server profile ${profileOf(s)}` : '';
        // Counted, never expanded: a sweep of a million points is described as quickly as one of three.
        console.log(`${path}: ok (${s.name}: ${scenarioPatterns(s).join('')}; ${describeWork(estimateWork(s))}${profile})`);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        bad = true;
        process.stderr.write(`${e.message}\n`);
      }
    }
    if (bad) process.exitCode = EXIT.badInput;
  },
};
