/** A validated scenario in the engine's units: the WorldConfig of one run. */

import type { FillerGroup, GroupPolling, PlacerGroup, WorldConfig } from '../models/index.js';
import type { LinkClass } from '../models/index.js';
import { SECOND, type Distribution } from '../engine/index.js';
import type { Scenario } from './schema.js';

type ScenarioPlacers = Scenario['placers'];
type ScenarioFillers = Scenario['fillers'];
type Item<T> = T extends readonly (infer I)[] ? I : T;
import { buildDistribution, durationUs, parseRate, type DistributionInput } from './units.js';
import { effectiveProfileValues } from './profiles.js';

/**
 * Builds the model configuration of one run of `scenario` (at a sweep point already applied),
 * seeded with `seed`. Fields its server profile governs take the scenario's own value, else the profile's.
 */
export function toWorldConfig(s: Scenario, seed: number): WorldConfig {
  const dist = (d: DistributionInput): Distribution => buildDistribution(d);
  const p = effectiveProfileValues(s);
  const links: Partial<Record<LinkClass, Distribution>> = {};
  for (const [k, v] of Object.entries(s.network.links)) if (v !== undefined) links[k as LinkClass] = dist(v as DistributionInput);
  return {
    seed,
    horizon: durationUs(s.horizon),
    warmup: Math.min(durationUs(s.warmup), durationUs(s.horizon)),
    clockStart: durationUs(s.clockStart),
    placers: sameForm(s.placers, (g, at) => placerGroup(g, at, durationUs(s.clockStart))),
    fillers: sameForm(s.fillers, fillerGroup),
    network: { latency: dist(s.network.latency), links, loss: s.network.loss, timeout: durationUs(s.network.timeout), retries: s.network.retries, payload: s.bytes },
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
      conflictStatus: p['server.conflictStatus'],
      ...(s.server.rateLimit !== undefined ? { rateLimit: { perSecond: (parseRate(s.server.rateLimit.perClient) ?? Number.NaN) * SECOND, burst: s.server.rateLimit.burst } } : {}),
      host: s.server.host,
    },
    discovery: s.discovery,
    polling: { interval: durationUs(s.polling.interval), jitter: s.polling.jitter, phase: s.polling.phase, placerQuery: s.polling.placerQuery, refsPerQuery: s.polling.refsPerQuery },
    subscription: {
      payload: s.subscription.payload,
      matchDelay: durationUs(s.subscription.matchDelay),
      batchInterval: durationUs(p['subscription.batchInterval']),
      batchDelivery: p['subscription.batchDelivery'],
      loss: s.subscription.loss,
      retries: p['subscription.retries'],
      retryDelay: durationUs(p['subscription.retryDelay']),
      retryBackoff: p['subscription.retryBackoff'],
      retryDelayMax: durationUs(p['subscription.retryDelayMax']),
      giveUpAfter: durationUs(p['subscription.giveUpAfter']),
      heartbeat: durationUs(s.subscription.heartbeat),
    },
    messaging: { mode: s.messaging.mode, ackTimeout: durationUs(s.messaging.ackTimeout), retries: s.messaging.retries, progress: s.messaging.progress },
    service: { mode: s.service.mode },
    broker: { selection: s.broker.selection, assignTimeout: durationUs(s.broker.assignTimeout) },
    task: { expiry: durationUs(s.task.expiry) },
    clients: { ifMatch: s.clients.ifMatch },
    cancellation: { probability: s.cancellation.probability, after: dist(s.cancellation.after), ownership: s.cancellation.ownership },
    statusQuery: { interval: durationUs(s.statusQuery.interval), via: s.statusQuery.via },
    outages: s.outages.map((o) => ({ kind: o.server !== undefined ? 'server' : 'endpoint', target: (o.server ?? o.endpoint) as string, at: durationUs(o.at), for: durationUs(o.for) })),
  };
}

/** A list stays a list and one group stays one group, so the world reports them as written. */
function sameForm<I, O>(groups: I | readonly I[], convert: (g: I, at: string) => O): O | O[] {
  return Array.isArray(groups) ? (groups as readonly I[]).map((g, i) => convert(g, `[${i}]`)) : convert(groups as I, '');
}

function placerGroup(g: Item<ScenarioPlacers>, at: string, clockStart: number): PlacerGroup {
  const rate = parseRate(g.orderRate);
  if (rate === undefined) throw new RangeError(`placers${at}.orderRate: not a rate: ${String(g.orderRate)}`);
  return {
    ...(g.name !== undefined ? { name: g.name } : {}),
    count: g.count,
    meanInterarrival: 1 / rate,
    arrivals: g.arrivals,
    ...(g.profile !== undefined ? { profile: { hourly: g.profile.hourly, bursts: g.profile.bursts.map((b) => ({ at: durationUs(b.at), for: durationUs(b.for), factor: b.factor })), clockStart } } : {}),
    ...(g.polling !== undefined ? { polling: polling(g.polling) } : {}),
  };
}

function fillerGroup(g: Item<ScenarioFillers>): FillerGroup {
  return {
    ...(g.name !== undefined ? { name: g.name } : {}),
    count: g.count,
    capacity: g.capacity,
    processing: buildDistribution(g.processing),
    acceptProbability: g.acceptProbability,
    whenBusy: g.whenBusy,
    ...(g.discovery !== undefined ? { discovery: g.discovery } : {}),
    ...(g.polling !== undefined ? { polling: polling(g.polling) } : {}),
  };
}

function polling(p: NonNullable<Item<ScenarioPlacers>['polling']>): GroupPolling {
  return {
    ...(p.interval !== undefined ? { interval: durationUs(p.interval) } : {}),
    ...(p.jitter !== undefined ? { jitter: p.jitter } : {}),
    ...(p.phase !== undefined ? { phase: p.phase } : {}),
  };
}
