/** Pattern C: the request waits on a server; filler and placer learn of new resources by subscription. */

import type { World } from '../models/index.js';
import type { Pattern } from './pattern.js';
import { setupRequestOnServer } from './shared/request-on-server.js';

/** As B, with topic-based subscriptions instead of polls (notification payload per `subscription.payload`). */
export const subscription: Pattern = {
  id: 'C',
  title: 'Request on a server, subscriptions',
  specName: 'Option C: POST of request to placer/queue server system, receiver uses subscription',
  summary: 'subscriptions set up once; P POSTs the ServiceRequest; F is notified (reads it if id-only), works, POSTs the event; P is notified',
  minMessages: { value: 4, variant: '6 with id-only payloads' },
  signalsAcceptance: false,
  taskBased: false,
  setup(world: World): void {
    world.ledger.acceptanceSignalled = false;
    setupRequestOnServer(world, 'subscription');
  },
};
