/** A server with a subscription hub and one subscriber endpoint: the rig of the subscription model tests. */

import { MILLISECOND, SECOND, createStream, type Distribution, type Rng } from '../../src/engine/index.js';
import { NotificationStats, SubscriberEndpoint, SubscriptionHub, type FhirResource, type FhirServer, type SubscriptionConfig, type Topic } from '../../src/models/index.js';
import { c, rig, server, type Rig } from './world-config.js';

/** One-way latency of every link (unless the rig is given another). */
export const L = 10 * MILLISECOND;
/** Dispatch work of one notification. */
export const NOTIFY = 2 * MILLISECOND;
/** New ServiceRequests for filler/0. */
export const TOPIC: Topic = { type: 'ServiceRequest', where: { performer: 'filler/0' }, trigger: 'create' };

export interface SubRig extends Rig {
  q: FhirServer;
  stats: NotificationStats;
  /** Every handler call: when, and which resource ids. */
  seen: { at: number; ids: string[] }[];
  endpoint: SubscriberEndpoint;
}

/**
 * Server `q` (create 8 ms, read 4 ms, notify 2 ms, latency 10 ms, timeout 1 s) with a
 * subscription hub whose delivery draws come from `hubRng`, and one subscriber endpoint for filler/0.
 */
export function subRig(config: Partial<SubscriptionConfig> = {}, options: { hubRng?: Rng; networkRng?: Rng; loss?: number; latency?: Distribution } = {}): SubRig {
  const r = rig({ latency: options.latency ?? c(L), timeout: SECOND, loss: options.loss ?? 0 }, options.networkRng);
  const q = server(r, 'q', { serviceTime: { read: c(4000), search: c(15000), create: c(8000), update: c(8000), operation: c(20000), notify: c(NOTIFY) }, perMatch: 0 });
  const stats = new NotificationStats();
  const full: SubscriptionConfig = { payload: 'full-resource', matchDelay: 0, batchInterval: 0, loss: 0, retries: 3, heartbeat: 0, ...config };
  q.subscriptions = new SubscriptionHub(q, r.sim, r.network, full, options.hubRng ?? createStream('subs', 'hub'), stats);
  const seen: SubRig['seen'] = [];
  const endpoint = new SubscriberEndpoint('filler/0/notifications', 'filler/0', r.network, 'filler-server', stats, (resources) => {
    seen.push({ at: r.sim.now, ids: resources.map((x) => x.id) });
  });
  return { ...r, q, stats, seen, endpoint };
}

/** Creates a ServiceRequest for `performer` directly in the store at each time (seconds); the array fills as the run goes. */
export function createAt(s: SubRig, seconds: readonly number[], performer = 'filler/0'): FhirResource[] {
  const made: FhirResource[] = [];
  for (const t of seconds) s.sim.scheduleAt(Math.round(t * SECOND), () => made.push(s.q.store.create({ type: 'ServiceRequest', performer }, s.sim.now, 'placer/0')));
  return made;
}

/** Every resource id the handler was given. */
export const allIds = (s: SubRig): Set<string> => new Set(s.seen.flatMap((x) => x.ids));
