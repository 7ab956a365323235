/** One order of the ledger: who placed it, its random key, how it ended, and where its times are kept. */

/** How an order ended; `open` while it has not. */
export type Outcome = 'open' | 'completed' | 'rejected' | 'cancelled' | 'failed';

/** Every outcome, in results column order. */
export const OUTCOMES: readonly Outcome[] = ['completed', 'rejected', 'cancelled', 'failed', 'open'];

/** Where an order's times sit in its chunk of the ledger's time columns (for {@link Order.setTime}). */
export const ORDER_TIME = {
  placedAt: 0, receivedAt: 1, acceptedAt: 2, acceptKnownAt: 3, finishedAt: 4,
  outcomeKnownAt: 5, jobQueuedAt: 6, jobStartedAt: 7, jobEndedAt: 8,
} as const;
/** Times kept per order (the fields of ORDER_TIME). */
export const TIMES = 9;
/** Orders per chunk of times: chunks are never copied or moved as the ledger grows. */
export const CHUNK_ORDERS = 4096;

/** Bits of {@link Order}'s flags: the outcome's index in OUTCOME_CODES, then two booleans. */
const OUTCOME_BITS = 7;
const MEASURED = 8;
const CANCEL_REQUESTED = 16;
/** Outcomes by their code in an order's flags ('open' is 0). */
const OUTCOME_CODES: readonly Outcome[] = ['open', 'completed', 'rejected', 'cancelled', 'failed'];

/**
 * One order. Times are simulated microseconds, -1 until they happen. They are kept in the
 * ledger's Float64Array chunks, nine to an order, not as fields: a time is a double, which
 * an object field would box (16 bytes each, nine per order, for every order of the run).
 * Its outcome and two booleans share one small-integer field, and where its times start
 * in its chunk follows from its id: a run keeps every order to the end, and each field is
 * eight bytes (72 bytes an order, not 96). Only the ledger sets the times and the outcome.
 */
export class Order {
  /** Index of the filler that did (or refused) it; -1 if none. */
  filler = -1;
  /** The outcome's code (OUTCOME_CODES), MEASURED and CANCEL_REQUESTED. */
  private flags: number;

  constructor(
    readonly id: number,
    /** Index of the placer. */
    readonly placer: number,
    /** Placed after the warm-up, so counted in results. */
    measured: boolean,
    /**
     * The order's own random key, drawn once by its placer: its processing time and every
     * filler's business decision about it come from streams keyed by it, so every pattern of
     * a sweep point sees the same work for the same order (common random numbers).
     */
    readonly key: number,
    /** The chunk of time columns holding this order's times (from `(id % CHUNK_ORDERS) * TIMES`). */
    private readonly times: Float64Array,
  ) {
    this.flags = measured ? MEASURED : 0;
  }

  /** How it ended; `open` while it has not (set by the ledger). */
  get outcome(): Outcome {
    return OUTCOME_CODES[this.flags & OUTCOME_BITS] as Outcome;
  }

  set outcome(o: Outcome) {
    this.flags = (this.flags & ~OUTCOME_BITS) | OUTCOME_CODES.indexOf(o);
  }

  /** Placed after the warm-up, so counted in results. */
  get measured(): boolean {
    return (this.flags & MEASURED) !== 0;
  }

  /** Whether the placer has asked to cancel it. */
  get cancelRequested(): boolean {
    return (this.flags & CANCEL_REQUESTED) !== 0;
  }

  set cancelRequested(yes: boolean) {
    this.flags = yes ? this.flags | CANCEL_REQUESTED : this.flags & ~CANCEL_REQUESTED;
  }

  /** Where its times start in its chunk. */
  private get at(): number {
    return (this.id % CHUNK_ORDERS) * TIMES;
  }

  get placedAt(): number {
    return this.times[this.at + ORDER_TIME.placedAt] as number;
  }

  get receivedAt(): number {
    return this.times[this.at + ORDER_TIME.receivedAt] as number;
  }

  get acceptedAt(): number {
    return this.times[this.at + ORDER_TIME.acceptedAt] as number;
  }

  get acceptKnownAt(): number {
    return this.times[this.at + ORDER_TIME.acceptKnownAt] as number;
  }

  get finishedAt(): number {
    return this.times[this.at + ORDER_TIME.finishedAt] as number;
  }

  get outcomeKnownAt(): number {
    return this.times[this.at + ORDER_TIME.outcomeKnownAt] as number;
  }

  // The filler job that did the work, recorded when it ends (see OrderLedger.jobEnded): a
  // job that was aborted, or a second job of the same order, never mixes its times in.
  /** When the filler queued the work for one of its slots; -1 until a job has ended. */
  get jobQueuedAt(): number {
    return this.times[this.at + ORDER_TIME.jobQueuedAt] as number;
  }

  /** When the work started in a slot (the wait for a free slot ends); -1 until a job has ended. */
  get jobStartedAt(): number {
    return this.times[this.at + ORDER_TIME.jobStartedAt] as number;
  }

  /** When the work ended; -1 until it has. */
  get jobEndedAt(): number {
    return this.times[this.at + ORDER_TIME.jobEndedAt] as number;
  }

  /** Sets one of its times (the ledger's own use). */
  setTime(which: number, us: number): void {
    this.times[this.at + which] = us;
  }
}

