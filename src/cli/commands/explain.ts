/** `fwsim explain <pattern>`: one order's message sequence, from a traced run of a tiny world. */

import type { CommandModule } from 'yargs';
import { formatOrderSequence } from '../../report/order-sequence.js';
import { MINUTE } from '../../engine/index.js';
import { EXIT } from '../exit.js';
import { CANCEL_AFTER, PATTERN_IDS, describeTinyWorld, patterns, tinyWorldWith, traceOneOrder, type PatternId } from '../../patterns/index.js';

interface ExplainArgs {
  pattern: string;
  discovery: 'poll' | 'subscription';
  payload: 'empty' | 'id-only' | 'full-resource';
  mode: 'sync' | 'async';
  cancel: boolean;
  ownership: 'auto' | 'placer' | 'filler';
  'if-match': boolean;
  local: boolean;
  mermaid: boolean;
}

/** The patterns whose orders a placer can cancel (K is an option of the Task patterns). */
const CANCELLABLE: readonly PatternId[] = ['D', 'E', 'F', 'G'];

export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: 'explain <pattern>',
  describe: 'Show the messages of one order through a pattern, traced from a real run of a tiny world',
  builder: (y) =>
    y
      .positional('pattern', { type: 'string', choices: [...PATTERN_IDS], demandOption: true, describe: 'Seed letter' })
      .option('discovery', { choices: ['poll', 'subscription'] as const, default: 'poll' as const, describe: 'How D, E, F, G learn of changes' })
      .option('payload', { choices: ['empty', 'id-only', 'full-resource'] as const, default: 'id-only' as const, describe: 'Subscription notification payload' })
      .option('mode', { choices: ['sync', 'async'] as const, default: 'async' as const, describe: 'Messaging (H) and service (I) mode' })
      .option('cancel', { type: 'boolean', default: false, describe: `The placer cancels the order ${CANCEL_AFTER / MINUTE} min after placing it (D, E, F, G)` })
      .option('ownership', { choices: ['auto', 'placer', 'filler'] as const, default: 'auto' as const, describe: 'Who owns the Task when cancelling: auto = filler in D and F, placer in E and G' })
      .option('if-match', { type: 'boolean', default: true, describe: 'Clients send If-Match on updates (--no-if-match: blind writes)' })
      .option('local', { type: 'boolean', default: false, describe: "Also show applications' calls to their own servers" })
      .option('mermaid', { type: 'boolean', default: true, describe: 'Print a Mermaid sequenceDiagram block' }),
  handler: (argv) => {
    const pattern = patterns[argv.pattern as PatternId];
    if (argv.cancel && !CANCELLABLE.includes(pattern.id)) {
      process.stderr.write(`--cancel: cancellation is an option of the Task patterns ${CANCELLABLE.join(', ')}, not of ${pattern.id}\n`);
      process.exitCode = EXIT.badInput;
      return;
    }
    const config = tinyWorldWith({
      discovery: argv.discovery,
      payload: argv.payload,
      messaging: argv.mode,
      service: argv.mode,
      ...(argv.cancel ? { cancel: argv.ownership } : {}),
      ifMatch: argv['if-match'],
    });
    const trace = traceOneOrder(pattern, config);
    const seq = formatOrderSequence(pattern, trace, { includeLocal: argv.local });
    console.log(`${pattern.id}: ${pattern.title}`);
    console.log(`FHIR spec: ${pattern.specName}`);
    console.log(`${pattern.summary}.`);
    console.log('');
    console.log(`One order in a tiny world (${describeTinyWorld(config)}):`);
    for (const line of seq.list) console.log(line);
    console.log('');
    console.log(`${seq.remoteMessages} messages between systems (polls that found nothing not shown); outcome ${trace.order.outcome}; placer knew after ${seq.endToEndSeconds.toFixed(3)} s.`);
    if (argv.mermaid) {
      console.log('');
      console.log('```mermaid');
      console.log(seq.mermaid);
      console.log('```');
    }
  },
};
