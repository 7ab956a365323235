/** A filler: the system that performs. Limited parallel jobs, a processing-time distribution, and the right to say no. */

import { Resource, type Distribution, type Rng, type Simulation } from '../engine/index.js';
import type { Order, OrderLedger } from './order-ledger.js';

/** Filler settings (per filler). */
export interface FillerConfig {
  /** Jobs it works on at once; further jobs wait. */
  capacity: number;
  /** Time to perform one order. */
  processing: Distribution;
  /** Probability that it accepts an order offered to it, where the pattern lets it refuse. */
  acceptProbability: number;
}

/**
 * Jobs hold one of `capacity` slots (an engine resource: FIFO waiting, utilisation
 * statistics) for a processing time from the filler's own stream. Patterns where the filler
 * chooses its work (open Tasks) reserve a slot first with {@link tryReserve}, so a filler
 * never claims more than it can do; elsewhere work is queued with {@link perform}.
 */
export class Filler {
  readonly slots: Resource;
  private readonly processingRng: Rng;
  private readonly decisionRng: Rng;

  constructor(
    readonly index: number,
    private readonly sim: Simulation,
    private readonly ledger: OrderLedger,
    readonly config: FillerConfig,
    streams: { stream(name: string): Rng },
  ) {
    if (!(config.acceptProbability >= 0 && config.acceptProbability <= 1)) throw new RangeError(`filler ${index}: acceptProbability must be in [0, 1]`);
    this.slots = new Resource(sim, config.capacity, `filler/${index}`);
    this.processingRng = streams.stream('processing');
    this.decisionRng = streams.stream('decisions');
  }

  /** Actor name, used as reference (`filler/<index>`). */
  get name(): string {
    return `filler/${this.index}`;
  }

  /** Whether a slot is free right now. */
  get hasFreeSlot(): boolean {
    return this.slots.inUse < this.slots.capacity;
  }

  /** Decides whether to take an order (one draw per decision). */
  wantsOrder(): boolean {
    const p = this.config.acceptProbability;
    return p >= 1 || (p > 0 && this.decisionRng.double() < p);
  }

  /** Takes a free slot if there is one (for claiming work). */
  tryReserve(): boolean {
    if (!this.hasFreeSlot) return false;
    this.slots.request(noop, undefined);
    return true;
  }

  /** Gives back a reserved slot that was not used (a claim lost). */
  unreserve(): void {
    this.slots.release();
  }

  /** Queues the order for a slot, processes it, frees the slot and calls `done`. */
  perform(order: Order, done: (order: Order) => void): void {
    this.slots.request(Filler.startJob, { filler: this, order, done });
  }

  /** Processes the order in a slot already reserved, frees it and calls `done`. */
  performReserved(order: Order, done: (order: Order) => void): void {
    Filler.startJob({ filler: this, order, done });
  }

  private static startJob(this: void, job: Job): void {
    const f = job.filler;
    f.sim.schedule(Math.max(0, f.config.processing.sample(f.processingRng)), Filler.endJob, job);
  }

  private static endJob(this: void, job: Job): void {
    job.filler.slots.release();
    job.done(job.order);
  }

  /** Declines an order (counted by the ledger). */
  decline(order: Order): void {
    this.ledger.declined(order);
  }
}

interface Job {
  filler: Filler;
  order: Order;
  done: (order: Order) => void;
}

function noop(): void {}
