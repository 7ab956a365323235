/** One order of the ledger: a handle on who placed it, its random key, how it ended and its times, kept in the ledger's columns. */

/** How an order ended; `open` while it has not. */
export type Outcome = 'open' | 'completed' | 'rejected' | 'cancelled' | 'failed';

/** Every outcome, in results column order. */
export const OUTCOMES: readonly Outcome[] = ['completed', 'rejected', 'cancelled', 'failed', 'open'];

/** Where an order's times sit among its numbers in the ledger's Float64Array chunks (for {@link Order.setTime}). */
export const ORDER_TIME = {
  placedAt: 0, receivedAt: 1, acceptedAt: 2, acceptKnownAt: 3, finishedAt: 4,
  outcomeKnownAt: 5, jobQueuedAt: 6, jobStartedAt: 7, jobEndedAt: 8,
} as const;
/** Times kept per order (the fields of ORDER_TIME). */
export const TIMES = 9;
/** Doubles kept per order: its times, then its random key. */
export const DOUBLES = TIMES + 1;
const KEY = TIMES;
/** Integers kept per order: its placer, its filler and its flags. */
export const INTS = 3;
const PLACER = 0;
const FILLER = 1;
const FLAGS = 2;
/** Orders per chunk of columns: chunks are never copied or moved as the ledger grows. */
export const CHUNK_ORDERS = 4096;

/** Bits of an order's flags: the outcome's index in OUTCOME_CODES, then two booleans. */
const OUTCOME_BITS = 7;
const MEASURED = 8;
const CANCEL_REQUESTED = 16;
/** Its placer holds it open: the placer has not learned its outcome yet (see `OpenOrders`). */
const OPEN_AT_PLACER = 32;
/** Outcomes by their code in an order's flags ('open' is 0). */
const OUTCOME_CODES: readonly Outcome[] = ['open', 'completed', 'rejected', 'cancelled', 'failed'];

/** Writes a new order's numbers into its chunks (`doubles` filled with -1 when made): its placer, no filler yet, its flags, its key and placement time. */
export function writeNewOrder(doubles: Float64Array, ints: Int32Array, id: number, placer: number, measured: boolean, key: number, placedAt: number): void {
  const i = (id % CHUNK_ORDERS) * INTS;
  ints[i + PLACER] = placer;
  ints[i + FILLER] = -1;
  ints[i + FLAGS] = measured ? MEASURED : 0;
  const d = (id % CHUNK_ORDERS) * DOUBLES;
  doubles[d + KEY] = key;
  doubles[d + ORDER_TIME.placedAt] = placedAt;
}

/** The flags of order `id`, read from its chunk of integers (no handle made). */
export function flagsIn(ints: Int32Array, id: number): number {
  return ints[(id % CHUNK_ORDERS) * INTS + FLAGS] as number;
}

/** Whether order `id` is placer `placer`'s and still open for it, read from its chunk of integers. */
export function openAtPlacerIn(ints: Int32Array, id: number, placer: number): boolean {
  const i = (id % CHUNK_ORDERS) * INTS;
  return ((ints[i + FLAGS] as number) & OPEN_AT_PLACER) !== 0 && ints[i + PLACER] === placer;
}

/** Marks order `id` open (or no longer) for its placer in its chunk of integers; true if that changed its flags. */
export function setOpenAtPlacerIn(ints: Int32Array, id: number, open: boolean): boolean {
  const i = (id % CHUNK_ORDERS) * INTS + FLAGS;
  const flags = ints[i] as number;
  const next = open ? flags | OPEN_AT_PLACER : flags & ~OPEN_AT_PLACER;
  ints[i] = next;
  return next !== flags;
}

/** An order's flags with `outcome` set. */
function withOutcome(flags: number, outcome: Outcome): number {
  return (flags & ~OUTCOME_BITS) | OUTCOME_CODES.indexOf(outcome);
}

/** The outcome an order's flags hold. */
export function outcomeOfFlags(flags: number): Outcome {
  return OUTCOME_CODES[flags & OUTCOME_BITS] as Outcome;
}

/** Whether an order's flags say it was placed after the warm-up (counted in results). */
export function measuredInFlags(flags: number): boolean {
  return (flags & MEASURED) !== 0;
}

/**
 * One order, as a handle on its numbers in the ledger's columns: ten doubles (nine times in
 * simulated microseconds, -1 until they happen, and its random key) in one chunk, three
 * integers (placer, filler, flags) in another; where in its chunks follows from its id. A
 * run keeps every order's numbers to the end (92 bytes an order) but no object: the ledger
 * hands out a new handle for an id when asked ({@link OrderLedger.order}), and the handles
 * the placers and patterns hold while the order is open are let go with it. Two handles on
 * one order read and write the same numbers. Only the ledger sets the times and the outcome.
 */
export class Order {
  constructor(
    readonly id: number,
    /** The chunk of doubles holding this order's times and key. */
    private readonly doubles: Float64Array,
    /** The chunk of integers holding its placer, filler and flags. */
    private readonly ints: Int32Array,
  ) {}

  /** Where its doubles start in their chunk. */
  private get at(): number {
    return (this.id % CHUNK_ORDERS) * DOUBLES;
  }

  /** Where its integers start in their chunk. */
  private get intAt(): number {
    return (this.id % CHUNK_ORDERS) * INTS;
  }

  /** Index of the placer. */
  get placer(): number {
    return this.ints[this.intAt + PLACER] as number;
  }

  /**
   * The order's own random key, drawn once by its placer: its processing time and every
   * filler's business decision about it come from streams keyed by it, so every pattern of
   * a sweep point sees the same work for the same order (common random numbers).
   */
  get key(): number {
    return this.doubles[this.at + KEY] as number;
  }

  /** Index of the filler that did (or refused) it; -1 if none. */
  get filler(): number {
    return this.ints[this.intAt + FILLER] as number;
  }

  set filler(f: number) {
    this.ints[this.intAt + FILLER] = f;
  }

  private get flags(): number {
    return this.ints[this.intAt + FLAGS] as number;
  }

  private set flags(f: number) {
    this.ints[this.intAt + FLAGS] = f;
  }

  /** How it ended; `open` while it has not (set by the ledger). */
  get outcome(): Outcome {
    return outcomeOfFlags(this.flags);
  }

  set outcome(o: Outcome) {
    this.flags = withOutcome(this.flags, o);
  }

  /** Placed after the warm-up, so counted in results. */
  get measured(): boolean {
    return measuredInFlags(this.flags);
  }

  /** Whether the placer has asked to cancel it. */
  get cancelRequested(): boolean {
    return (this.flags & CANCEL_REQUESTED) !== 0;
  }

  set cancelRequested(yes: boolean) {
    this.flags = yes ? this.flags | CANCEL_REQUESTED : this.flags & ~CANCEL_REQUESTED;
  }

  get placedAt(): number {
    return this.doubles[this.at + ORDER_TIME.placedAt] as number;
  }

  get receivedAt(): number {
    return this.doubles[this.at + ORDER_TIME.receivedAt] as number;
  }

  get acceptedAt(): number {
    return this.doubles[this.at + ORDER_TIME.acceptedAt] as number;
  }

  get acceptKnownAt(): number {
    return this.doubles[this.at + ORDER_TIME.acceptKnownAt] as number;
  }

  get finishedAt(): number {
    return this.doubles[this.at + ORDER_TIME.finishedAt] as number;
  }

  get outcomeKnownAt(): number {
    return this.doubles[this.at + ORDER_TIME.outcomeKnownAt] as number;
  }

  // The filler job that did the work, recorded when it ends (see OrderLedger.jobEnded): a
  // job that was aborted, or a second job of the same order, never mixes its times in.
  /** When the filler queued the work for one of its slots; -1 until a job has ended. */
  get jobQueuedAt(): number {
    return this.doubles[this.at + ORDER_TIME.jobQueuedAt] as number;
  }

  /** When the work started in a slot (the wait for a free slot ends); -1 until a job has ended. */
  get jobStartedAt(): number {
    return this.doubles[this.at + ORDER_TIME.jobStartedAt] as number;
  }

  /** When the work ended; -1 until it has. */
  get jobEndedAt(): number {
    return this.doubles[this.at + ORDER_TIME.jobEndedAt] as number;
  }

  /** Sets one of its times (the ledger's own use). */
  setTime(which: number, us: number): void {
    this.doubles[this.at + which] = us;
  }
}
