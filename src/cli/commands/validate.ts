/** `fwsim validate <scenario..>`: check scenario files without running them. */

import type { CommandModule } from 'yargs';
import { ScenarioError, profileOf, sweepPoints } from '../../scenario/index.js';
import { scenarioPatterns } from '../../runner/index.js';
import { EXIT } from '../exit.js';
import { loadScenario } from '../scenario-file.js';

export const validateCommand: CommandModule<object, { scenario: string[] }> = {
  command: 'validate <scenario..>',
  describe: 'Check scenario files and report every problem with its line and field',
  builder: (y) => y.positional('scenario', { type: 'string', array: true, demandOption: true }),
  handler: (argv) => {
    let bad = false;
    for (const path of argv.scenario) {
      try {
        const s = loadScenario(path);
        const points = sweepPoints(s).length;
        const runs = scenarioPatterns(s).length * points * s.replications;
        const profile = profileOf(s) !== 'generic' ? `; server profile ${profileOf(s)}` : '';
        console.log(`${path}: ok (${s.name}: ${scenarioPatterns(s).join('')} x ${points} sweep point${points === 1 ? '' : 's'} x ${s.replications} replication${s.replications === 1 ? '' : 's'} = ${runs} runs${profile})`);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        bad = true;
        process.stderr.write(`${e.message}\n`);
      }
    }
    if (bad) process.exitCode = EXIT.badInput;
  },
};
