/** Builders shared by the models tests: a working WorldConfig, a standalone network + server rig, scripted loss. */

import { Constant, HOUR, MILLISECOND, MINUTE, SECOND, Simulation, createStream, type Distribution, type Rng } from '../../src/engine/index.js';
import {
  FhirServer,
  Network,
  TrafficStats,
  type Attempt,
  type FhirResponse,
  type NetworkConfig,
  type RequestTarget,
  type ServerConfig,
  type ServiceKind,
  type WorldConfig,
} from '../../src/models/index.js';

/** A constant duration in microseconds. */
export const c = (us: number): Constant => new Constant(us);

/** Service times of every kind set to `d` (e.g. zero-cost servers for polling tests). */
export function serviceTimes(d: Distribution, overrides: Partial<Record<ServiceKind, Distribution>> = {}): Record<ServiceKind, Distribution> {
  return { read: d, search: d, create: d, update: d, operation: d, notify: d, ...overrides };
}

/** The default server of these tests: constant service times, 4 workers. */
export function serverConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    workers: 4,
    serviceTime: { read: c(4000), search: c(15000), create: c(8000), update: c(8000), operation: c(20000), notify: c(2000) },
    perMatch: 200,
    pageSize: 50,
    conflictStatus: 412,
    ...overrides,
  };
}

type Sections = { [K in keyof WorldConfig]?: WorldConfig[K] extends object ? Partial<WorldConfig[K]> : WorldConfig[K] };

/** A complete, working WorldConfig; each section of `overrides` is merged one level deep. */
export function worldConfig(overrides: Sections = {}): WorldConfig {
  const base: WorldConfig = {
    seed: 1,
    horizon: 2 * HOUR,
    warmup: 0,
    placers: { count: 2, meanInterarrival: 2 * MINUTE, arrivals: 'poisson' },
    fillers: { count: 2, capacity: 2, processing: c(5 * MINUTE), acceptProbability: 1 },
    network: { latency: c(40 * MILLISECOND), loss: 0, timeout: 10 * SECOND, retries: 3 },
    server: { ...serverConfig(), host: 'intermediary' },
    discovery: 'poll',
    polling: { interval: MINUTE, jitter: 0.1, phase: 'random' },
    subscription: { payload: 'id-only', matchDelay: 0, batchInterval: 0, loss: 0, retries: 3, heartbeat: 0 },
    messaging: { mode: 'async', ackTimeout: 30 * SECOND, retries: 3 },
    broker: { selection: 'preference', assignTimeout: 10 * MINUTE },
    cancellation: { probability: 0, after: c(10 * MINUTE), ownership: 'auto' },
    statusQuery: { interval: 0 },
  };
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) {
    const b = (base as unknown as Record<string, unknown>)[k];
    out[k] = typeof b === 'object' && b !== null && !Array.isArray(b) && typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...b, ...v } : v;
  }
  return out as unknown as WorldConfig;
}

/** A simulation, its traffic counters and a network: the smallest world a server can live in. */
export interface Rig {
  sim: Simulation;
  traffic: TrafficStats;
  network: Network;
}

/** Builds a rig; `rng` is the network's stream (pass a {@link ScriptedLoss} to decide which messages are lost). */
export function rig(net: Partial<NetworkConfig> = {}, rng: Rng = createStream('models-test', 'network')): Rig {
  const sim = new Simulation();
  const traffic = new TrafficStats();
  const network = new Network(sim, rng, { latency: c(10 * MILLISECOND), loss: 0, timeout: SECOND, retries: 3, ...net }, traffic);
  return { sim, traffic, network };
}

/** A server in a rig. */
export function server(r: Rig, name: string, overrides: Partial<ServerConfig> = {}, options: { keepHistory?: boolean } = {}): FhirServer {
  return new FhirServer(name, 'intermediary', r.sim, r.network, serverConfig(overrides), createStream('models-test', `server/${name}`), options);
}

/**
 * A network stream that loses exactly the listed transmissions (1-based, in the order the
 * network puts messages on the wire). The network draws one number per transmission when
 * `loss > 0` and none for Constant latencies, so with any loss in (0, 1) and constant
 * latencies this decides every message. Tests that use it also assert `traffic.lost`, so a
 * script that stops matching the model fails loudly instead of testing nothing.
 */
export class ScriptedLoss implements Rng {
  draws = 0;
  private readonly lose: ReadonlySet<number>;

  constructor(lose: Iterable<number>, private readonly loseAllAfter = Infinity) {
    this.lose = new Set(lose);
  }

  double(): number {
    this.draws++;
    return this.lose.has(this.draws) || this.draws > this.loseAllAfter ? 1e-9 : 1 - 1e-9;
  }
}

/** A request target that answers at once with 200 and records when each attempt arrived. */
export class EchoTarget implements RequestTarget {
  readonly arrivals: number[] = [];

  constructor(readonly name: string, private readonly r: Rig, private readonly answer: FhirResponse = { status: 200 }) {}

  receive(attempt: Attempt): void {
    this.arrivals.push(this.r.sim.now);
    this.r.network.respond(attempt, this.answer);
  }
}

export { HOUR, MILLISECOND, MINUTE, SECOND };
