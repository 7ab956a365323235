/** `fwsim patterns`: the catalogue, one line per pattern, with the FHIR spec's name for each option. */

import type { CommandModule } from 'yargs';
import { PATTERN_IDS, patterns } from '../../patterns/index.js';

export const patternsCommand: CommandModule<object, { json: boolean }> = {
  command: 'patterns',
  describe: 'List the communication patterns (seed letter, FHIR spec option, summary)',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' }),
  handler: (argv) => {
    const rows = PATTERN_IDS.map((id) => patterns[id]);
    if (argv.json) {
      console.log(JSON.stringify(rows.map((p) => ({ id: p.id, title: p.title, specName: p.specName, summary: p.summary, minMessages: p.minMessages, taskBased: p.taskBased })), null, 2));
      return;
    }
    for (const p of rows) {
      console.log(`${p.id}  ${p.title.padEnd(48)} spec: ${p.specName}`);
      console.log(`   ${p.summary}; min ${p.minMessages.value} messages/order${p.minMessages.variant !== undefined ? ` (${p.minMessages.variant})` : ''}`);
    }
    console.log('J  Status query (option of D, E, F, G: statusQuery.interval)   spec: Querying the status of a workflow using REST / using services');
    console.log('K  Cancellation of a Task (option of D, E, F, G: cancellation.*) spec: Cancellation of a Task using REST (placer owns / filler owns)');
  },
};
