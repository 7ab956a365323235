/** A filler's own FHIR server holding Tasks (patterns D and F): outcomes recorded, `$status` offered, Task work local. */

import type { Filler, FhirServer, World } from '../../models/index.js';
import { offerStatusOperation } from './status-operation.js';
import { FillerTasks } from './task-filler.js';
import { recordTaskOutcomes } from './task-outcomes.js';

/** The server named `<filler>/fhir`, with the filler's Task work on it over the `local` link. */
export function fillerTaskServer(world: World, filler: Filler): { server: FhirServer; work: FillerTasks } {
  const server = world.server(`${filler.name}/fhir`, 'filler');
  recordTaskOutcomes(world, server, false);
  offerStatusOperation(server);
  return { server, work: new FillerTasks(world, filler, server, 'local') };
}
