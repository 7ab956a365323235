/** A validated scenario in the engine's units: the WorldConfig of one run. */

import type { WorldConfig } from '../models/index.js';
import type { LinkClass } from '../models/index.js';
import type { Distribution } from '../engine/index.js';
import type { Scenario } from './schema.js';
import { buildDistribution, durationUs, parseRate, type DistributionInput } from './units.js';

/** Builds the model configuration of one run of `scenario` (at a sweep point already applied), seeded with `seed`. */
export function toWorldConfig(s: Scenario, seed: number): WorldConfig {
  const dist = (d: DistributionInput): Distribution => buildDistribution(d);
  const links: Partial<Record<LinkClass, Distribution>> = {};
  for (const [k, v] of Object.entries(s.network.links)) if (v !== undefined) links[k as LinkClass] = dist(v as DistributionInput);
  const rate = parseRate(s.placers.orderRate);
  if (rate === undefined) throw new RangeError(`placers.orderRate: not a rate: ${String(s.placers.orderRate)}`);
  return {
    seed,
    horizon: durationUs(s.horizon),
    warmup: Math.min(durationUs(s.warmup), durationUs(s.horizon)),
    placers: { count: s.placers.count, meanInterarrival: 1 / rate, arrivals: s.placers.arrivals },
    fillers: { count: s.fillers.count, capacity: s.fillers.capacity, processing: dist(s.fillers.processing), acceptProbability: s.fillers.acceptProbability, whenBusy: s.fillers.whenBusy },
    network: { latency: dist(s.network.latency), links, loss: s.network.loss, timeout: durationUs(s.network.timeout), retries: s.network.retries },
    server: {
      workers: s.server.workers,
      serviceTime: {
        read: dist(s.server.serviceTime.read),
        search: dist(s.server.serviceTime.search),
        create: dist(s.server.serviceTime.create),
        update: dist(s.server.serviceTime.update),
        operation: dist(s.server.serviceTime.operation),
        notify: dist(s.server.serviceTime.notify),
      },
      perMatch: durationUs(s.server.perMatch),
      perValue: durationUs(s.server.perValue),
      pageSize: s.server.pageSize,
      conflictStatus: s.server.conflictStatus,
      host: s.server.host,
    },
    discovery: s.discovery,
    polling: { interval: durationUs(s.polling.interval), jitter: s.polling.jitter, phase: s.polling.phase, placerQuery: s.polling.placerQuery, refsPerQuery: s.polling.refsPerQuery },
    subscription: {
      payload: s.subscription.payload,
      matchDelay: durationUs(s.subscription.matchDelay),
      batchInterval: durationUs(s.subscription.batchInterval),
      loss: s.subscription.loss,
      retries: s.subscription.retries,
      heartbeat: durationUs(s.subscription.heartbeat),
    },
    messaging: { mode: s.messaging.mode, ackTimeout: durationUs(s.messaging.ackTimeout), retries: s.messaging.retries, progress: s.messaging.progress },
    service: { mode: s.service.mode },
    broker: { selection: s.broker.selection, assignTimeout: durationUs(s.broker.assignTimeout) },
    task: { expiry: durationUs(s.task.expiry) },
    clients: { ifMatch: s.clients.ifMatch },
    cancellation: { probability: s.cancellation.probability, after: dist(s.cancellation.after), ownership: s.cancellation.ownership },
    statusQuery: { interval: durationUs(s.statusQuery.interval), via: s.statusQuery.via },
  };
}
