/** Pattern B: the request waits on a server; the filler polls for it and the placer polls for the event. */

import type { World } from '../models/index.js';
import type { Pattern } from './pattern.js';
import { setupRequestOnServer } from './shared/request-on-server.js';

/** Request on the placer's server or an intermediary (`server.host`), discovered by polling. */
export const polling: Pattern = {
  id: 'B',
  title: 'Request on a server, receivers poll',
  specName: 'Option C: POST of request to placer/queue server system, receiver uses polling',
  summary: 'P POSTs the ServiceRequest (performer=F) to a server; F polls it, works, POSTs the event there; P polls for events of its open orders',
  minMessages: { value: 4 },
  signalsAcceptance: false,
  taskBased: false,
  setup(world: World): void {
    world.ledger.acceptanceSignalled = false;
    setupRequestOnServer(world, 'poll');
  },
};
