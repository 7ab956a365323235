/** The FHIR world: servers, versioned store, network, subscriptions, polling, messaging, actors and run metrics. */

export * from './resource.js';
export * from './task-state-machine.js';
export { SearchIndex, Bucket, type IndexSpec } from './search-index.js';
export * from './versioned-store.js';
export * from './store-search.js';
export * from './interaction.js';
export * from './traffic.js';
export * from './payload-sizes.js';
export * from './network.js';
export * from './fhir-server.js';
export * from './notification-stats.js';
export * from './subscription-hub.js';
export * from './subscriber.js';
export * from './search-fetch.js';
export * from './poller.js';
export * from './messaging.js';
export * from './order-ledger.js';
export * from './actor-groups.js';
export * from './arrival-profile.js';
export * from './placer.js';
export * from './filler.js';
export * from './broker.js';
export * from './world.js';
export * from './hourly-figures.js';
export * from './metrics.js';
export * from './message-trace.js';
