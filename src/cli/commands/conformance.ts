/** `fwsim conformance <scenario>`: one run per pattern replayed against Medplum's FHIR server code, every answer compared. */

import type { CommandModule } from 'yargs';
import { PATTERN_IDS, type PatternId } from '../../patterns/index.js';
import { ScenarioError } from '../../scenario/index.js';
import { EXIT } from '../exit.js';
import { loadScenario } from '../scenario-file.js';
import { printConformance } from '../conformance-report.js';

interface ConformanceArgs {
  scenario: string;
  patterns?: string;
  set?: string[];
  point: number;
  replication: number;
  json: boolean;
}

export const conformanceCommand: CommandModule<object, ConformanceArgs> = {
  command: 'conformance <scenario>',
  describe: "Replay one run per pattern against Medplum's FHIR server code and compare every answer",
  builder: (y) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (YAML or JSON)' })
      .option('patterns', { type: 'string', describe: `Patterns to check, e.g. E,G (default: the scenario's; of ${PATTERN_IDS.join(', ')})` })
      .option('set', { type: 'string', array: true, describe: 'Override a field, e.g. --set horizon=2h (replays are slower than runs: keep the world small)' })
      .option('point', { type: 'number', default: 0, describe: 'Sweep point to run' })
      .option('replication', { type: 'number', default: 1, describe: 'Replication (with the point, gives the seed fwsim run uses)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the findings as JSON' }),
  handler: async (argv) => {
    let scenario;
    try {
      scenario = loadScenario(argv.scenario, { ...(argv.set !== undefined ? { set: argv.set } : {}) });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      return fail(e.message);
    }
    let patterns: PatternId[] | undefined;
    if (argv.patterns !== undefined) {
      const wanted = argv.patterns.split(',').map((p) => p.trim().toUpperCase());
      const unknown = wanted.filter((p) => !(PATTERN_IDS as readonly string[]).includes(p));
      if (unknown.length > 0) return fail(`--patterns: unknown pattern ${unknown.join(', ')}; expected some of ${PATTERN_IDS.join(', ')}`);
      patterns = wanted as PatternId[];
    }
    if (!Number.isInteger(argv.replication) || argv.replication < 1) return fail(`--replication: expected a whole number from 1, got ${argv.replication}`);
    // Medplum is a devDependency: loaded here, on demand, so the rest of the CLI works without it.
    const conformance = await import('../../conformance/index.js');
    try {
      const tty = process.stderr.isTTY === true && !argv.json;
      const result = await conformance.checkScenario(scenario, {
        ...(patterns !== undefined ? { patterns } : {}),
        point: argv.point,
        replication: argv.replication,
        onPattern: (p, check) => {
          if (tty && check === null) process.stderr.write(`${p}: running and replaying...\r`);
        },
      });
      if (argv.json) console.log(JSON.stringify({ scenario: scenario.name, server: `Medplum ${conformance.MEDPLUM_VERSION} (FhirRouter, MemoryRepository)`, ...result }, null, 2));
      else printConformance(scenario.name, `Medplum ${conformance.MEDPLUM_VERSION}`, result);
      if (result.checks.some((c) => c.disagreements > 0)) process.exitCode = EXIT.runFailed;
    } catch (e) {
      if (e instanceof conformance.MedplumMissing || e instanceof RangeError) return fail((e as Error).message);
      throw e;
    }
  },
};

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = EXIT.badInput;
}
