/** A filler: the system that performs. Limited parallel jobs, a processing-time distribution, and the right to say no. */

import { Resource, keyedStream, type Distribution, type Simulation } from '../../engine/index.js';
import type { Order, OrderLedger } from '../metrics/order-ledger.js';
import { ABORTED, FillerJobs, RUNNING, type JobHandle, type JobStep } from './filler-jobs.js';

export type { JobHandle, JobStep } from './filler-jobs.js';

/** Filler settings (per filler). */
export interface FillerConfig {
  /** Jobs it works on at once; further jobs wait. */
  capacity: number;
  /** Time to perform one order. */
  processing: Distribution;
  /** Probability that it accepts an order offered to it, where the pattern lets it refuse (business reasons). */
  acceptProbability: number;
  /**
   * What a filler with every slot taken does with an order it would take, where the pattern
   * lets it answer: `queue` accepts and the work waits for a slot (default); `refuse` says no
   * (busy); `hold` leaves the offer unanswered until a slot is free, then takes the slot and
   * accepts.
   */
  whenBusy?: 'queue' | 'refuse' | 'hold';
}

/**
 * A filler's answer to an order: take it (with a slot already reserved for it, or to queue
 * for one), or refuse it for business reasons or because it is full.
 */
export type FillerAnswer = 'accept' | 'accept-reserved' | 'refuse' | 'refuse-busy';

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
  /** Orders refused because every slot was taken (`whenBusy: refuse`). */
  busyRefusals = 0;
  /** Orders whose offer it holds (or held) until a slot was free, by order id: since when. */
  private readonly held = new Map<number, number>();
  /** Its jobs' event handlers, bound once (an event's payload is the job's row). */
  private readonly onSlot = (row: number): void => this.startJob(row);
  private readonly onJobEnd = (row: number): void => this.endJob(row);

  constructor(
    readonly index: number,
    private readonly sim: Simulation,
    private readonly ledger: OrderLedger,
    readonly config: FillerConfig,
    /** The group it belongs to (reports). */
    readonly group = 'fillers',
    /** Where its jobs are kept (a world's fillers share one table). */
    private readonly jobs: FillerJobs = new FillerJobs(),
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

  /**
   * Decides about an order it was offered: business first (the same answer each time), then
   * load per `whenBusy`. `answer` is called at once, except when holding: then when a slot
   * is free (FIFO among held offers), with the slot reserved. A reserved slot not used (the
   * offer was withdrawn meanwhile) must be given back with {@link giveBack}.
   */
  consider(order: Order, answer: (a: FillerAnswer) => void): void {
    // Checked in this order so the business decision is drawn once, by whichever path answers.
    if (this.config.whenBusy !== 'hold' || this.hasFreeSlot || !this.wantsOrder(order)) {
      answer(this.considerNow(order));
      return;
    }
    // Held: the wait for a slot starts now, as it would in a queue (the job's queue time).
    this.held.set(order.id, this.sim.now);
    this.slots.request(() => answer('accept-reserved'), undefined);
  }

  /**
   * As {@link consider} for a protocol that must answer at once (a message or an operation):
   * holding is not possible there, so `hold` queues the work as `queue` does.
   */
  considerNow(order: Order): FillerAnswer {
    if (!this.wantsOrder(order)) return 'refuse';
    const mode = this.config.whenBusy ?? 'queue';
    if (mode === 'queue') return 'accept';
    if (this.tryReserve()) return 'accept-reserved';
    if (mode === 'hold') return 'accept';
    this.busyRefusals++;
    return 'refuse-busy';
  }

  /** Gives back the slot reserved for `order` when the offer was withdrawn before it was accepted. */
  giveBack(order: Order): void {
    this.held.delete(order.id);
    this.slots.release();
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
   * it, frees the slot and calls `done`, each with the order and `payload`. Returns the job's
   * handle, with which it can be aborted. (A caller with state of its own passes it as
   * `payload` to static functions rather than closing over it: a job waits and works for many
   * minutes of simulated time, long enough for a closure made per order to outlive the young
   * generation.)
   */
  perform<P = undefined>(order: Order, done: JobStep<P>, started?: JobStep<P> | null, payload?: P): JobHandle {
    const row = this.jobs.open(order.id, done as JobStep<unknown>, (started ?? null) as JobStep<unknown> | null, payload, this.sim.now);
    const handle = this.jobs.handle(row);
    this.slots.request(this.onSlot, row);
    return handle;
  }

  /**
   * As {@link perform}, in a slot already reserved with {@link tryReserve} or granted by
   * {@link consider} (whose wait for it, if any, began when the order was held).
   */
  performReserved<P = undefined>(order: Order, done: JobStep<P>, started?: JobStep<P> | null, payload?: P): JobHandle {
    const heldSince = this.held.get(order.id);
    if (heldSince !== undefined) this.held.delete(order.id);
    const row = this.jobs.open(order.id, done as JobStep<unknown>, (started ?? null) as JobStep<unknown> | null, payload, heldSince ?? this.sim.now);
    const handle = this.jobs.handle(row);
    this.startJob(row);
    return handle;
  }

  /**
   * Stops a job (the order was cancelled): a running job frees its slot at once, a waiting
   * one gives its slot back as soon as it gets it; `done` is never called. False if it had
   * already finished (or was aborted).
   */
  abort(job: JobHandle): boolean {
    const jobs = this.jobs;
    const row = jobs.rowOf(job);
    if (row < 0 || jobs.state(row) === ABORTED) return false;
    if (jobs.state(row) === RUNNING) {
      this.sim.cancel(jobs.endOf(row));
      this.slots.release();
      jobs.close(row);
      return true;
    }
    jobs.setState(row, ABORTED);
    return true;
  }

  /** A job got its slot (`row` of the jobs' table), or an aborted one gives it back. */
  private startJob(row: number): void {
    const jobs = this.jobs;
    if (jobs.state(row) === ABORTED) {
      jobs.close(row);
      this.slots.release();
      return;
    }
    const order = this.ledger.order(jobs.order(row)) as Order;
    jobs.run(row, this.sim.now, this.sim.schedule(Math.max(0, this.config.processing.sample(keyedStream(order.key, PROCESSING))), this.onJobEnd, row));
    jobs.startStep(row)?.(order, jobs.payload(row));
  }

  /** A job's work is done: its slot is freed, then its `done` step runs. */
  private endJob(row: number): void {
    const jobs = this.jobs;
    const order = this.ledger.order(jobs.order(row)) as Order;
    const done = jobs.doneStep(row);
    const payload = jobs.payload(row);
    const queuedAt = jobs.queuedAt(row);
    const startedAt = jobs.startedAt(row);
    jobs.close(row);
    this.ledger.jobEnded(order, queuedAt, startedAt, this.sim.now);
    this.slots.release();
    done(order, payload);
  }

  /** Declines an order (counted by the ledger). */
  decline(order: Order): void {
    this.ledger.declined(order);
  }
}

function noop(): void {}
