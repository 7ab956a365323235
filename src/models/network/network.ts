/** The simulated network: requests and responses cross links with latency and loss; senders time out and retry. */

import type { Distribution, Process, Rng, Simulation, TimerLane, Waitable } from '../../engine/index.js';
import { TIMED_OUT, type FhirRequest, type FhirResponse } from './interaction.js';
import { DEFAULT_PAYLOAD_SIZES, requestBytes, responseBytes, type PayloadSizes } from './payload-sizes.js';
import { LINK_CLASSES, linkIndex, type LinkClass, type TrafficMeter, type TrafficStats } from './traffic.js';

/** Network settings, durations in microseconds. */
export interface NetworkConfig {
  /** One-way latency of every link class without its own entry. */
  latency: Distribution;
  /** Per-class one-way latency overrides. */
  links?: Partial<Record<LinkClass, Distribution>>;
  /** Probability that one message (request or response) is lost. */
  loss: number;
  /** How long a sender waits for a response before retrying. */
  timeout: number;
  /** Retries after the first attempt before giving up (the caller then sees status 0). */
  retries: number;
  /** Sizes of what crosses the network (default: {@link DEFAULT_PAYLOAD_SIZES}). */
  payload?: PayloadSizes;
}

/** Anything requests can be sent to: a FHIR server, a subscriber's endpoint, a messaging endpoint. */
export interface RequestTarget {
  readonly name: string;
  /** Called when a request attempt arrives; the target answers later with `network.respond(attempt, response)`. */
  receive(attempt: Attempt): void;
}

/** Receives every request attempt as it is sent and every response as it arrives (for `explain` and exact-trace tests). */
export interface NetworkTracer {
  request(attempt: Attempt, now: number): void;
  response(attempt: Attempt, now: number): void;
}

/** Callback form of a completed exchange. */
export type ExchangeCallback<C> = (response: FhirResponse, context: C, exchange: Exchange) => void;

/**
 * One logical request and its eventual response, across any number of attempts. It is a
 * waitable: a process can `yield` it and resumes with the response.
 */
export class Exchange implements Waitable {
  /** Attempts made so far. */
  attempts = 0;
  /** True once answered or abandoned. */
  done = false;
  /** The response, once done. */
  response: FhirResponse = TIMED_OUT;
  /** The pending timeout of the latest attempt, in `timeouts` (-1: none). */
  timeoutHandle = -1;
  /** Set by a server once any attempt of this exchange has been executed there (so a lost answer is told from a lost request). */
  applied = false;
  /** 429 answers this exchange has had (the client waits Retry-After and sends again, up to RATE_LIMIT_RETRIES). */
  rateLimited = 0;
  private waiter: Process | null = null;

  constructor(
    /** The network carrying it. */
    readonly network: Network,
    /** Unique id; retries reuse it, so servers can recognise them. */
    readonly id: number,
    /** Name of the sending actor (for errors and traces). */
    readonly from: string,
    readonly target: RequestTarget,
    readonly request: FhirRequest,
    readonly link: LinkClass,
    /** The timer lane of this exchange's attempt timeouts (null: it waits as long as it takes). */
    readonly timeouts: TimerLane | null,
    private readonly callback: ExchangeCallback<any> | null,
    private readonly context: unknown,
    /** Whose traffic it is (see {@link Network.account}). */
    readonly account: number,
    /** Also counted here, when given. */
    readonly meter: TrafficMeter | null,
  ) {}

  /** Per-attempt timeout in microseconds (Infinity: wait as long as it takes): its lane's delay. */
  get timeout(): number {
    return this.timeouts === null ? Infinity : this.timeouts.delay;
  }

  wait(process: Process): void {
    if (this.done) process.resume(this.response);
    else this.waiter = process;
  }

  /**
   * The client stops waiting (it gave up on what this exchange was for): no further attempt is
   * sent, and an attempt still travelling or queued is dropped by its server when its turn
   * comes, as for an exchange that timed out. Whoever waits is told it timed out.
   */
  abandon(): void {
    if (this.done) return;
    if (this.timeoutHandle >= 0) (this.timeouts as TimerLane).cancel(this.timeoutHandle);
    this.timeoutHandle = -1;
    this.settle(TIMED_OUT);
  }

  /** Hands the response to whoever waits for it. */
  settle(response: FhirResponse): void {
    this.done = true;
    this.response = response;
    if (this.callback !== null) this.callback(response, this.context, this);
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w.resume(response);
    }
  }
}

/** One attempt of an exchange: a request transmission and, later, its response transmission. */
export class Attempt {
  response: FhirResponse = TIMED_OUT;
  /** Set by a target that will answer later than the end of its service. */
  deferred = false;
  constructor(readonly exchange: Exchange, readonly number: number) {}
}

/** How many 429 answers a client accepts for one request before it gives up (as after a timeout). */
export const RATE_LIMIT_RETRIES = 8;

/**
 * Carries requests and responses. Each message's one-way latency is drawn from its link's
 * distribution; with probability `loss` it is dropped, and the sender, hearing nothing within
 * `timeout`, sends the request again (same exchange id) up to `retries` times. Every message
 * is counted here and nowhere else.
 */
export class Network {
  /** Optional observer of every message; null (the default) costs one comparison per message. */
  tracer: NetworkTracer | null = null;
  /** Where the attempts' timeouts of the configured `timeout` wait (a FIFO lane beside the event heap); null if it is Infinity. */
  readonly timeouts: TimerLane | null;
  private nextExchangeId = 1;
  private readonly sizes: PayloadSizes;
  /** Each link class's latency, by its index (see `linkIndex`): the configured override or the default. */
  private readonly latencies: readonly Distribution[];
  /** Account of each actor, and of each endpoint a server delivers to (see {@link account}). */
  private readonly accounts = new Map<string, number>();

  constructor(
    readonly sim: Simulation,
    private readonly rng: Rng,
    readonly config: NetworkConfig,
    readonly traffic: TrafficStats,
  ) {
    if (!(config.loss >= 0 && config.loss < 1)) throw new RangeError(`network loss must be in [0, 1), got ${config.loss}`);
    if (!(config.timeout > 0)) throw new RangeError(`network timeout must be positive, got ${config.timeout}`);
    this.timeouts = config.timeout === Infinity ? null : sim.timerLane(config.timeout);
    this.sizes = config.payload ?? DEFAULT_PAYLOAD_SIZES;
    this.latencies = LINK_CLASSES.map((l) => config.links?.[l] ?? config.latency);
  }

  /**
   * Counts the traffic of actor or endpoint `name` on `account` (1, 2, ...; see
   * `TrafficStats.accountInteractions`): an exchange is the account of the actor that sends
   * it, or else of the endpoint it is sent to (a notification is its subscriber's traffic).
   */
  account(name: string, account: number): void {
    this.accounts.set(name, account);
  }

  /**
   * Sends `request` from actor `from` to `target` over `link`. Returns the exchange (yield it
   * in a process) and, if given, calls `callback(response, context, exchange)` when done.
   * What it costs on the wire is also added to `meter`, when given.
   */
  call<C>(from: string, target: RequestTarget, request: FhirRequest, link: LinkClass, callback: ExchangeCallback<C> | null = null, context?: C, timeout?: number, meter: TrafficMeter | null = null): Exchange {
    const t = link === 'local' ? Infinity : (timeout ?? this.config.timeout);
    // The configured timeout's lane is kept at hand: the simulation's lookup by delay is for the rest.
    const lane = t === this.config.timeout ? this.timeouts : t === Infinity ? null : this.sim.timerLane(t);
    const accounts = this.accounts;
    const account = accounts.size === 0 ? 0 : (accounts.get(from) ?? accounts.get(target.name) ?? 0);
    const ex = new Exchange(this, this.nextExchangeId++, from, target, request, link, lane, callback, context, account, meter);
    this.sendAttempt(ex);
    return ex;
  }

  /** The target's answer to one attempt: sent back over the same link. */
  respond(attempt: Attempt, response: FhirResponse): void {
    attempt.response = response;
    const ex = attempt.exchange;
    const link = ex.link;
    const bytes = link === 'local' ? 0 : responseBytes(this.sizes, ex.request, response);
    this.traffic.countResponse(link, ex.request.kind, bytes, ex.account);
    if (ex.meter !== null && link !== 'local') ex.meter.bytes += bytes;
    if (link === 'local') {
      this.sim.schedule(0, Network.onResponseArrives, attempt);
      return;
    }
    this.transmit(link, Network.onResponseArrives, attempt);
  }

  /** One-way latency draw for a link. */
  private latency(link: LinkClass): number {
    if (link === 'local') return 0;
    return Math.max(0, (this.latencies[linkIndex(link)] as Distribution).sample(this.rng));
  }

  /** Sends (or re-sends) a request attempt. */
  sendAttempt(ex: Exchange): void {
    const attempt = new Attempt(ex, ++ex.attempts);
    if (attempt.number > 1) this.traffic.retries++;
    const bytes = ex.link === 'local' ? 0 : requestBytes(this.sizes, ex.request);
    this.traffic.countRequest(ex.request.kind, ex.link, this.sim.now, bytes, ex.account);
    if (ex.meter !== null && ex.link !== 'local') {
      ex.meter.interactions++;
      ex.meter.bytes += bytes;
    }
    if (this.tracer !== null) this.tracer.request(attempt, this.sim.now);
    if (ex.link === 'local') {
      this.sim.schedule(0, Network.onRequestArrives, attempt);
      return;
    }
    if (ex.timeouts !== null) ex.timeoutHandle = ex.timeouts.schedule(Network.onTimeout, attempt);
    this.transmit(ex.link, Network.onRequestArrives, attempt);
  }

  private transmit(link: LinkClass, onArrive: (a: Attempt) => void, attempt: Attempt): void {
    const traffic = this.traffic;
    traffic.sent++;
    if (this.config.loss > 0 && this.rng.double() < this.config.loss) {
      traffic.lost++;
      return;
    }
    traffic.inFlight++;
    this.sim.schedule(this.latency(link), onArrive, attempt);
  }

  private static onRequestArrives(this: void, attempt: Attempt): void {
    const ex = attempt.exchange;
    const net = ex.network;
    if (ex.link !== 'local') {
      net.traffic.inFlight--;
      net.traffic.delivered++;
    }
    ex.target.receive(attempt);
  }

  private static onResponseArrives(this: void, attempt: Attempt): void {
    const ex = attempt.exchange;
    const net = ex.network;
    if (ex.link !== 'local') {
      net.traffic.inFlight--;
      net.traffic.delivered++;
    }
    if (net.tracer !== null) net.tracer.response(attempt, net.sim.now);
    if (ex.done) {
      net.traffic.lateResponses++;
      return;
    }
    if (ex.timeoutHandle >= 0) (ex.timeouts as TimerLane).cancel(ex.timeoutHandle);
    ex.timeoutHandle = -1;
    // Rate limited: wait as told (Retry-After) and send again; give up like a timeout after a few.
    if (attempt.response.status === 429) {
      if (ex.rateLimited < RATE_LIMIT_RETRIES) {
        ex.rateLimited++;
        const retryAfter = (attempt.response.body as { retryAfter?: number } | undefined)?.retryAfter ?? net.config.timeout;
        net.sim.schedule(retryAfter, Network.resend, ex);
        return;
      }
      net.traffic.timedOut++;
      ex.settle(TIMED_OUT);
      return;
    }
    ex.settle(attempt.response);
  }

  private static resend(this: void, ex: Exchange): void {
    if (!ex.done) ex.network.sendAttempt(ex);
  }

  private static onTimeout(this: void, attempt: Attempt): void {
    const ex = attempt.exchange;
    const net = ex.network;
    ex.timeoutHandle = -1;
    if (ex.done || attempt.number !== ex.attempts) return;
    // Resends after a 429 do not use up the retries a timeout allows.
    if (ex.attempts - ex.rateLimited <= net.config.retries) {
      net.sendAttempt(ex);
      return;
    }
    net.traffic.timedOut++;
    ex.settle(TIMED_OUT);
  }
}
