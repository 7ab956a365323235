/** `fwsim schema`: the JSON Schema of scenario files, for editors. */

import type { CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../../scenario/index.js';

export const schemaCommand: CommandModule = {
  command: 'schema',
  describe: 'Print the JSON Schema of scenario files (point your editor at it)',
  handler: () => {
    console.log(JSON.stringify({ title: 'fhir-workflow-sim scenario', ...scenarioJsonSchema() }, null, 2));
  },
};
