/** A filler: the system that performs. Limited parallel jobs, a processing-time distribution, and the right to say no. */

import { Resource, keyedStream, type Distribution, type Simulation } from '../engine/index.js';
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

/** Salt of an order's processing-time stream; a filler's decision about it uses 1 + the filler's index. */
const PROCESSING = 0;

/**
 * Jobs hold one of `capacity` slots (an engine resource: FIFO waiting, utilisation
 * statistics) for a processing time drawn from the order's own keyed stream, and a filler's
 * business decision about an order is the order's too (keyed by order and filler): the same
 * order costs the same work and meets the same answers in every pattern. Patterns where the filler
 * chooses its work (open Tasks) reserve a slot first with {@link tryReserve}, so a filler
 * never claims more than it can do; elsewhere work is queued with {@link perform}.
 */
export class Filler {
  /** Actor name, used as reference (`filler/<index>`): one string for the actor's life, shared by every resource that names it. */
  readonly name: string;
  readonly slots: Resource;

  constructor(
    readonly index: number,
    private readonly sim: Simulation,
    private readonly ledger: OrderLedger,
    readonly config: FillerConfig,
  ) {
    if (!(config.acceptProbability >= 0 && config.acceptProbability <= 1)) throw new RangeError(`filler ${index}: acceptProbability must be in [0, 1]`);
    this.name = `filler/${index}`;
    this.slots = new Resource(sim, config.capacity, this.name);
  }

  /** Whether a slot is free right now. */
  get hasFreeSlot(): boolean {
    return this.slots.inUse < this.slots.capacity;
  }

  /** Whether this filler would take `order` (business reasons): the same answer each time it is asked. */
  wantsOrder(order: Order): boolean {
    const p = this.config.acceptProbability;
    return p >= 1 || (p > 0 && keyedStream(order.key, 1 + this.index).double() < p);
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

  /**
   * Queues the order for a slot; when it gets one, calls `started` (if given), processes
   * it, frees the slot and calls `done`. Returns the job, which can be aborted.
   */
  perform(order: Order, done: (order: Order) => void, started?: (order: Order) => void): FillerJob {
    const job = new FillerJob(this, order, done, started ?? null);
    order.jobQueuedAt = this.sim.now;
    this.slots.request(Filler.startJob, job);
    return job;
  }

  /** As {@link perform}, in a slot already reserved with {@link tryReserve}. */
  performReserved(order: Order, done: (order: Order) => void, started?: (order: Order) => void): FillerJob {
    const job = new FillerJob(this, order, done, started ?? null);
    order.jobQueuedAt = this.sim.now;
    Filler.startJob(job);
    return job;
  }

  /**
   * Stops a job (the order was cancelled): a running job frees its slot at once, a waiting
   * one gives its slot back as soon as it gets it; `done` is never called. False if it had
   * already finished.
   */
  abort(job: FillerJob): boolean {
    if (job.state === 'done' || job.state === 'aborted') return false;
    if (job.state === 'running') {
      this.sim.cancel(job.endHandle);
      this.slots.release();
    }
    job.state = 'aborted';
    return true;
  }

  private static startJob(this: void, job: FillerJob): void {
    const f = job.filler;
    if (job.state === 'aborted') {
      f.slots.release();
      return;
    }
    job.state = 'running';
    job.order.jobStartedAt = f.sim.now;
    job.endHandle = f.sim.schedule(Math.max(0, f.config.processing.sample(keyedStream(job.order.key, PROCESSING))), Filler.endJob, job);
    job.started?.(job.order);
  }

  private static endJob(this: void, job: FillerJob): void {
    job.state = 'done';
    job.order.jobEndedAt = job.filler.sim.now;
    job.filler.slots.release();
    job.done(job.order);
  }

  /** Declines an order (counted by the ledger). */
  decline(order: Order): void {
    this.ledger.declined(order);
  }
}

/** One order being (or waiting to be) processed by a filler. */
export class FillerJob {
  state: 'waiting' | 'running' | 'done' | 'aborted' = 'waiting';
  endHandle = -1;
  constructor(
    readonly filler: Filler,
    readonly order: Order,
    readonly done: (order: Order) => void,
    readonly started: ((order: Order) => void) | null,
  ) {}
}

function noop(): void {}
