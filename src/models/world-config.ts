/** What a world is made of, already parsed from a scenario: its actors, network, servers and the settings of every pattern. */

import type { Groups, FillerGroup, PlacerGroup } from './actors/actor-groups.js';
import type { BrokerConfig } from './actors/broker.js';
import type { CancellationConfig } from './actors/placer.js';
import type { MessagingConfig } from './messaging/messaging.js';
import type { NetworkConfig } from './network/network.js';
import type { OutageConfig } from './network/outages.js';
import type { PollingConfig } from './polling/poller.js';
import type { ServerConfig } from './server/server-config.js';
import type { SubscriptionConfig } from './subscriptions/subscription.js';

/** Everything a world needs, already parsed: durations in microseconds, distributions as objects. */
export interface WorldConfig {
  seed: number | string;
  /** Simulated time of the run. */
  horizon: number;
  /** Orders placed before this are not measured; statistics restart here. */
  warmup: number;
  /** Time of day at simulated time 0, microseconds after midnight (hourly figures are clock hours); default 0. */
  clockStart?: number;
  /** One group of placers, or several with their own rates and polling; actors are numbered on across groups. */
  placers: Groups<PlacerGroup>;
  /** One group of fillers, or several with their own capacity, processing, acceptance, discovery and polling. */
  fillers: Groups<FillerGroup>;
  network: NetworkConfig;
  server: ServerConfig & {
    /** Where B, C, E and G keep requests and Tasks: each placer's own server, or one intermediary. */
    host: 'placer' | 'intermediary';
  };
  /** How D, E, F and G learn of changes. */
  discovery: 'poll' | 'subscription';
  polling: PollingConfig & {
    /**
     * How a B placer asks for the events of its orders: `based-on` (the default) lists every
     * open request's reference, `refsPerQuery` per search; `chained` asks
     * `based-on:ServiceRequest.requester=<placer>` in one search (servers with chaining).
     */
    placerQuery?: 'based-on' | 'chained';
    /** References per `based-on` search (URL length); default 100. */
    refsPerQuery?: number;
  };
  subscription: SubscriptionConfig;
  messaging: MessagingConfig & {
    /** Whether the filler sends a progress message when work starts (pattern H; default false). */
    progress?: boolean;
  };
  /** Service invocation (pattern I): answer when done (`sync`), or 202 and status polling (`async`, the default). */
  service?: { mode: 'sync' | 'async' };
  broker: BrokerConfig;
  /**
   * Task patterns D and E: a Task nobody has accepted or claimed within `expiry` is withdrawn
   * by its placer and the order ends rejected ("unclaimed"); 0 or absent: never. (G's offers
   * expire by `broker.assignTimeout`.)
   */
  task?: { expiry: number };
  /** Whether clients send If-Match on their updates (default true); E's claims are conditional regardless. */
  clients?: { ifMatch: boolean };
  cancellation: CancellationConfig;
  /** Servers that stop answering and endpoints that refuse deliveries for a while. */
  outages?: readonly OutageConfig[];
  /** Status queries while an order is open (pattern J): every `interval` (0 = off), by search or by `$status` operation. */
  statusQuery: { interval: number; via?: 'search' | 'operation' };
}
