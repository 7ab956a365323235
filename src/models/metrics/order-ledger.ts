/** The life of every order: when it was placed, received, accepted, finished, and when the placer learned each. */

import { Percentiles, Tally } from '../../engine/index.js';
import { CHUNK_ORDERS, DOUBLES, INTS, ORDER_TIME, Order, flagsIn, measuredInFlags, openAtPlacerIn, outcomeOfFlags, setOpenAtPlacerIn, writeNewOrder, type Outcome } from './order.js';

export { CHUNK_ORDERS, ORDER_TIME, OUTCOMES, Order, type Outcome } from './order.js';

/**
 * Latency measures of DESIGN.md section 5: from placement to filler receipt, to the placer
 * aware of acceptance, to completion, to the placer aware of completion (`e2e`); and
 * `overhead`, the end-to-end latency less the order's processing and its wait for a free
 * filler slot. Under common random numbers every pattern does the same work, so processing
 * is the same for all of them and only swamps their differences: overhead is what the
 * communication pattern itself costs (discovery, messages, claims, learning the outcome).
 */
export type LatencyMeasure = 'receipt' | 'accept_known' | 'complete' | 'e2e' | 'overhead';

/** Every latency measure, in results column order. */
export const LATENCY_MEASURES: readonly LatencyMeasure[] = ['receipt', 'accept_known', 'complete', 'e2e', 'overhead'];

/** A model invariant broke: the run fails, naming the order. */
export class InvariantViolation extends Error {
  constructor(readonly order: number, message: string) {
    super(`invariant violated for order ${order}: ${message}`);
    this.name = 'InvariantViolation';
  }
}

/** Latency statistics of one measure: exact mean via a tally, percentiles via a histogram (microseconds). */
export class LatencyStats {
  readonly tally = new Tally();
  readonly histogram = new Percentiles();

  record(us: number): void {
    this.tally.record(us);
    this.histogram.record(us);
  }
}

/**
 * Records each order's milestones as they happen (first milestone wins; an outcome is set
 * once) and streams the latencies of measured orders into fixed-memory statistics. Outcome
 * rules are invariants: a second, different outcome, or cancelling a completed order,
 * throws {@link InvariantViolation} and fails the run.
 */
export class OrderLedger {
  readonly latency: Readonly<Record<LatencyMeasure, LatencyStats>> = {
    receipt: new LatencyStats(),
    accept_known: new LatencyStats(),
    complete: new LatencyStats(),
    e2e: new LatencyStats(),
    overhead: new LatencyStats(),
  };
  /** Times a filler declined an order (an order can be declined by several before one takes it). */
  declines = 0;
  /**
   * Whether the pattern tells the placer of acceptance at all. When it does, learning of
   * completion implies learning of acceptance; when it does not (A, B, C: the placer hears
   * nothing until the event arrives), acceptance is never known and its latency stays empty.
   */
  acceptanceSignalled = true;

  /** Orders placed so far; their ids are 0 .. size - 1. */
  private placed = 0;
  /** Every order's times and key, CHUNK_ORDERS orders a chunk (see {@link Order}). */
  private readonly doubles: Float64Array[] = [];
  /** Every order's placer, filler and flags, CHUNK_ORDERS orders a chunk. */
  private readonly ints: Int32Array[] = [];

  constructor(private readonly warmup: number) {}

  /** Number of orders placed. */
  get size(): number {
    return this.placed;
  }

  /** Records a new order placed by `placer` at `now`, with its random `key`. */
  place(placer: number, now: number, key = 0): Order {
    const id = this.placed++;
    const k = Math.floor(id / CHUNK_ORDERS);
    if (k === this.doubles.length) {
      this.doubles.push(new Float64Array(CHUNK_ORDERS * DOUBLES).fill(-1));
      this.ints.push(new Int32Array(CHUNK_ORDERS * INTS));
    }
    writeNewOrder(this.doubles[k] as Float64Array, this.ints[k] as Int32Array, id, placer, now >= this.warmup, key, now);
    return this.order(id) as Order;
  }

  /** A handle on order `id` (a new one each call; see {@link Order}), or undefined if no such order was placed. */
  order(id: number): Order | undefined {
    if (!(id >= 0 && id < this.placed)) return undefined;
    const k = Math.floor(id / CHUNK_ORDERS);
    return new Order(id, this.doubles[k] as Float64Array, this.ints[k] as Int32Array);
  }

  /** Whether order `id` is placer `placer`'s and still open for it (see `OpenOrders`); false for an id never placed. */
  openAt(placer: number, id: number): boolean {
    if (!(id >= 0 && id < this.placed)) return false;
    return openAtPlacerIn(this.ints[Math.floor(id / CHUNK_ORDERS)] as Int32Array, id, placer);
  }

  /** Marks order `id` (placed) open or no longer open for its placer; true if that changed it. */
  markOpenAtPlacer(id: number, open: boolean): boolean {
    return setOpenAtPlacerIn(this.ints[Math.floor(id / CHUNK_ORDERS)] as Int32Array, id, open);
  }

  /** Every order in id order, as new handles (one at a time: nothing kept). */
  *orders(): IterableIterator<Order> {
    for (let id = 0; id < this.placed; id++) yield this.order(id) as Order;
  }

  /** Every order, as new handles in an array: for tests and small runs (a run's own code asks {@link order}). */
  all(): Order[] {
    return [...this.orders()];
  }

  /** Forgets every order (a finished run's ledger; see `World.dispose`). */
  clear(): void {
    this.placed = 0;
    this.doubles.length = 0;
    this.ints.length = 0;
  }

  /** A filler learned of the order (first time only). */
  received(o: Order, filler: number, now: number): void {
    if (o.receivedAt >= 0) return;
    o.setTime(ORDER_TIME.receivedAt, now);
    if (o.filler < 0) o.filler = filler;
    this.measure(o, 'receipt', now);
  }

  /** A filler accepted the order. */
  accepted(o: Order, filler: number, now: number): void {
    if (o.acceptedAt >= 0) return;
    o.setTime(ORDER_TIME.acceptedAt, now);
    o.filler = filler;
  }

  /** A filler declined it (the order may still go elsewhere). */
  declined(_o: Order): void {
    this.declines++;
  }

  /** The placer learned that the order was accepted (first time only). */
  acceptKnown(o: Order, now: number): void {
    if (o.acceptKnownAt >= 0 || !this.acceptanceSignalled) return;
    o.setTime(ORDER_TIME.acceptKnownAt, now);
    this.measure(o, 'accept_known', now);
  }

  /**
   * A filler job of the order ended, having been queued at `queuedAt` and started at
   * `startedAt`. The first job to end is the one whose work completes the order (a duplicate
   * delivery can queue a second): its times are kept.
   */
  jobEnded(o: Order, queuedAt: number, startedAt: number, now: number): void {
    if (o.jobEndedAt >= 0) return;
    o.setTime(ORDER_TIME.jobQueuedAt, queuedAt);
    o.setTime(ORDER_TIME.jobStartedAt, startedAt);
    o.setTime(ORDER_TIME.jobEndedAt, now);
  }

  /** The order ended with `outcome` at `now` (the filler completed it, nobody would take it, ...). */
  finish(o: Order, outcome: Exclude<Outcome, 'open'>, now: number): void {
    if (o.outcome === outcome) return;
    if (o.outcome !== 'open') {
      throw new InvariantViolation(o.id, `outcome ${o.outcome} at ${o.finishedAt} us, then ${outcome} at ${now} us`);
    }
    o.outcome = outcome;
    o.setTime(ORDER_TIME.finishedAt, now);
    if (outcome === 'completed') this.measure(o, 'complete', now);
  }

  /** The placer learned how the order ended (first time only); completion awareness is the end-to-end latency. */
  outcomeKnown(o: Order, outcome: Exclude<Outcome, 'open'>, now: number): void {
    if (o.outcomeKnownAt >= 0) return;
    if (o.outcome !== outcome) {
      throw new InvariantViolation(o.id, `placer told '${outcome}' but the order is '${o.outcome}'`);
    }
    o.setTime(ORDER_TIME.outcomeKnownAt, now);
    if (outcome === 'completed') {
      // Learning of completion implies learning of acceptance, where there is such a thing.
      if (this.acceptanceSignalled) this.acceptKnown(o, now);
      this.measure(o, 'e2e', now);
      if (o.measured) this.latency.overhead.record(this.overheadOf(o, now));
    }
  }

  /**
   * End-to-end latency less processing (jobEnded - jobStarted) and the wait for a filler
   * slot (jobStarted - jobQueued), i.e. everything outside the filler's queue and work. A
   * completed order without a finished job, or with a job outside placement..now, would
   * make it meaningless: that is a model error, and fails the run.
   */
  overheadOf(o: Order, now: number): number {
    if (o.jobEndedAt < 0) throw new InvariantViolation(o.id, 'completed, but no filler job of it ended');
    const e2e = now - o.placedAt;
    const overhead = e2e - (o.jobEndedAt - o.jobStartedAt) - (o.jobStartedAt - o.jobQueuedAt);
    if (!(o.jobQueuedAt >= o.placedAt && o.jobQueuedAt <= o.jobStartedAt && o.jobStartedAt <= o.jobEndedAt && o.jobEndedAt <= now)) {
      throw new InvariantViolation(o.id, `job queued ${o.jobQueuedAt}, started ${o.jobStartedAt}, ended ${o.jobEndedAt} us is not within placement ${o.placedAt} .. completion known ${now} us`);
    }
    return overhead;
  }

  /** Orders counted in results, by outcome (read from the flags column: no handle made). */
  countOutcomes(): Record<Outcome, number> {
    const c: Record<Outcome, number> = { completed: 0, rejected: 0, cancelled: 0, failed: 0, open: 0 };
    this.eachFlags((flags) => {
      if (measuredInFlags(flags)) c[outcomeOfFlags(flags)]++;
    });
    return c;
  }

  /** Orders counted in results. */
  get measuredCount(): number {
    let n = 0;
    this.eachFlags((flags) => {
      if (measuredInFlags(flags)) n++;
    });
    return n;
  }

  /** Calls `f` with every order's flags, in id order. */
  private eachFlags(f: (flags: number) => void): void {
    for (let id = 0; id < this.placed; id++) f(flagsIn(this.ints[Math.floor(id / CHUNK_ORDERS)] as Int32Array, id));
  }

  private measure(o: Order, m: LatencyMeasure, now: number): void {
    if (o.measured) this.latency[m].record(now - o.placedAt);
  }
}
