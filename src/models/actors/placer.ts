/** A placer: the system that orders. Generates orders, keeps the open ones, may cancel some. */

import type { Distribution, Rng, Simulation } from '../../engine/index.js';
import type { Order, OrderLedger } from '../metrics/order-ledger.js';
import { OpenOrders } from './open-orders.js';
import { ProfiledArrivals, type ArrivalProfile } from './arrival-profile.js';

/** Placer settings (per placer). */
export interface PlacerConfig {
  /** Mean time between this placer's orders, microseconds. */
  meanInterarrival: number;
  /** `poisson`: exponential gaps; `fixed`: equal gaps, starting at a random phase. */
  arrivals: 'poisson' | 'fixed';
  /** Stop after this many orders (tiny traced worlds, tests); unlimited by default. */
  maxOrders?: number;
  /** Time of the first order, instead of a random one (tiny traced worlds, tests). */
  firstArrival?: number;
  /** A rate that varies over the day and in bursts (Poisson arrivals only); `meanInterarrival` is then the gap at multiplier 1. */
  profile?: ArrivalProfile;
}

/** Cancellation behaviour (pattern K). */
export interface CancellationConfig {
  /** Probability that an order is cancelled by its placer. */
  probability: number;
  /** Delay from placement to the cancel request. */
  after: Distribution;
  /**
   * `placer`: the placer updates the Task itself; `filler`: it asks the owner with an abort
   * Task; `auto`: as the pattern's Task is owned (filler for D and F, placer for E and G).
   */
  ownership: 'auto' | 'placer' | 'filler';
}

/** What the pattern does when this placer has a new order or wants to cancel one. */
export interface PlacerBehaviour {
  onOrder(placer: Placer, order: Order): void;
  /** Called when a cancellation falls due for an order that is still open as far as the placer knows. */
  onCancel?(placer: Placer, order: Order): void;
}

/**
 * Places orders at `meanInterarrival` (Poisson or fixed rate) from its own random streams,
 * records them in the ledger, and hands each to the pattern. It knows which of them are open
 * (a flag of each in the ledger, see {@link OpenOrders}) until it learns their outcome.
 */
export class Placer {
  /** Actor name, used as reference (`placer/<index>`): one string for the actor's life, shared by every resource that names it. */
  readonly name: string;
  /** Orders whose outcome this placer does not know yet, by id. */
  readonly open: OpenOrders;
  /** Orders closed so far: a reader of `open` that saw this count has seen every closing since. */
  closes = 0;
  private readonly arrivalRng: Rng;
  private cancelRng: Rng | null = null;
  private behaviour: PlacerBehaviour | null = null;
  private nextArrival = -1;
  private routingRng: Rng | null = null;
  private readonly streams: { stream(name: string): Rng };
  private readonly profiled: ProfiledArrivals | null;

  constructor(
    readonly index: number,
    private readonly sim: Simulation,
    private readonly ledger: OrderLedger,
    readonly config: PlacerConfig,
    private readonly cancellation: CancellationConfig | null,
    streams: { stream(name: string): Rng },
    /** The group it belongs to (reports). */
    readonly group = 'placers',
  ) {
    if (!(config.meanInterarrival > 0)) throw new RangeError(`placer ${index}: order rate must be positive`);
    this.name = `placer/${index}`;
    this.open = new OpenOrders(ledger, index);
    this.streams = streams;
    this.arrivalRng = streams.stream('arrivals');
    if (config.profile !== undefined && config.arrivals !== 'poisson') throw new RangeError(`placer ${index}: a rate profile needs Poisson arrivals`);
    this.profiled = config.profile !== undefined ? new ProfiledArrivals(config.profile, config.meanInterarrival) : null;
  }

  /** The placer's stream for choosing where to send an order (`placer/<i>/routing`), created on first use. */
  get routing(): Rng {
    return (this.routingRng ??= this.streams.stream('routing'));
  }

  /** The placer's stream for cancellation decisions and delays, created on first use (most scenarios never cancel). */
  private get cancellations(): Rng {
    return (this.cancelRng ??= this.streams.stream('cancellation'));
  }

  /** Starts placing orders, handing each to `behaviour`. */
  start(behaviour: PlacerBehaviour): void {
    this.behaviour = behaviour;
    const mean = this.config.meanInterarrival;
    const at = this.config.firstArrival ?? (this.profiled !== null ? this.profiled.next(this.sim.now, this.arrivalRng) : this.sim.now + (this.config.arrivals === 'poisson' ? this.gap() : this.arrivalRng.double() * mean));
    if ((this.config.maxOrders ?? Infinity) > 0) this.nextArrival = this.sim.scheduleAt(Math.max(at, this.sim.now), Placer.arrive, this);
  }

  /** Stops placing new orders. */
  stop(): void {
    if (this.nextArrival >= 0) this.sim.cancel(this.nextArrival);
    this.nextArrival = -1;
  }

  /** The placer has learned the order's outcome: it is no longer open for it. */
  close(order: Order): void {
    if (this.open.delete(order.id)) this.closes++;
  }

  private gap(): number {
    const mean = this.config.meanInterarrival;
    return this.config.arrivals === 'poisson' ? -mean * Math.log(this.arrivalRng.double()) : mean;
  }

  private placed = 0;

  private static arrive(this: void, placer: Placer): void {
    placer.placed++;
    const more = placer.placed < (placer.config.maxOrders ?? Infinity);
    if (!more) placer.nextArrival = -1;
    else if (placer.profiled !== null) placer.nextArrival = placer.sim.scheduleAt(placer.profiled.next(placer.sim.now, placer.arrivalRng), Placer.arrive, placer);
    else placer.nextArrival = placer.sim.schedule(placer.gap(), Placer.arrive, placer);
    // The order's key comes from the arrival stream: one draw per arrival, whatever the pattern.
    const order = placer.ledger.place(placer.index, placer.sim.now, (placer.arrivalRng.double() * 0x100000000) | 0);
    placer.open.add(order.id);
    const c = placer.cancellation;
    if (c !== null && c.probability > 0 && placer.cancellations.double() < c.probability) {
      placer.sim.schedule(c.after.sample(placer.cancellations), Placer.cancelDue, { placer, order });
    }
    placer.behaviour?.onOrder(placer, order);
  }

  private static cancelDue(this: void, p: { placer: Placer; order: Order }): void {
    const { placer, order } = p;
    if (!placer.open.has(order.id) || order.cancelRequested) return;
    order.cancelRequested = true;
    placer.behaviour?.onCancel?.(placer, order);
  }
}
