/** The jobs of a world's fillers as rows of columns, reached by handles: no object per job. */

import { withRoomFor, type EventHandle } from '../../engine/index.js';
import type { Order } from '../metrics/order-ledger.js';

/** What a job calls when it starts or is done: with its order and the payload it was given. */
export type JobStep<P> = (order: Order, payload: P) => void;

/**
 * A job's handle: its row, and the row's generation in the bits above. A row is used again
 * once its job is over, so the handle of a finished job does not reach the row's next job
 * (until the row has been used 512 times more: a handle is meant to be let go when its job
 * is done, as `FillerTasks` does).
 */
export type JobHandle = number;

/** Rows a handle addresses: 4,194,304 jobs waiting or running at once. */
const ROW_BITS = 22;
const ROWS = 2 ** ROW_BITS;
/** Generations a handle tells apart, so that every handle is a small integer (below 2^31). */
const GENERATIONS = 2 ** (31 - ROW_BITS);

/** A row's state. */
export const FREE = 0;
export const WAITING = 1;
export const RUNNING = 2;
/** Aborted while waiting: the row is kept until the job would have got its slot. */
export const ABORTED = 3;

/**
 * Every job of a world's fillers: its state, order, times, end event, steps and payload, one
 * row each in columns that grow (doubling) to the most jobs ever waiting or running at once.
 * A job waits and works for many minutes of simulated time: as an object (with its order's
 * handle) each outlived the young generation, and what a run promotes is what sizes V8's
 * old generation (bench/README.md, national).
 */
export class FillerJobs {
  private size = 0;
  private stateOf = new Uint8Array(16);
  private generation = new Uint16Array(16);
  private orderOf = new Int32Array(16);
  private queued = new Float64Array(16);
  private started = new Float64Array(16);
  private endEvent = new Float64Array(16);
  private readonly doneSteps: (JobStep<unknown> | null)[] = [];
  private readonly startSteps: (JobStep<unknown> | null)[] = [];
  private readonly payloads: unknown[] = [];
  /** Rows free to use again. */
  private free: number[] = [];

  /** Opens a row for a waiting job on order `order` queued at `queuedAt`; returns the row. */
  open(order: number, done: JobStep<unknown>, started: JobStep<unknown> | null, payload: unknown, queuedAt: number): number {
    let row = this.free.pop();
    if (row === undefined) {
      row = this.size++;
      if (row >= ROWS) throw new RangeError(`filler jobs: more than ${ROWS} jobs at once`);
      if (row === this.stateOf.length) this.grow(row);
    }
    this.stateOf[row] = WAITING;
    this.orderOf[row] = order;
    this.queued[row] = queuedAt;
    this.started[row] = -1;
    this.endEvent[row] = -1;
    this.doneSteps[row] = done;
    this.startSteps[row] = started;
    this.payloads[row] = payload;
    return row;
  }

  /** Frees `row` (its job is over): its handles no longer reach it. */
  close(row: number): void {
    this.stateOf[row] = FREE;
    this.generation[row] = ((this.generation[row] as number) + 1) % GENERATIONS;
    this.doneSteps[row] = null;
    this.startSteps[row] = null;
    this.payloads[row] = undefined;
    this.free.push(row);
  }

  /** The handle of the job in `row`. */
  handle(row: number): JobHandle {
    return row + ROWS * (this.generation[row] as number);
  }

  /** The row of the job `handle` names, or -1 if that job is over. */
  rowOf(handle: JobHandle): number {
    const row = handle % ROWS;
    if (!(row < this.size) || this.stateOf[row] === FREE || this.handle(row) !== handle) return -1;
    return row;
  }

  state(row: number): number {
    return this.stateOf[row] as number;
  }

  setState(row: number, state: number): void {
    this.stateOf[row] = state;
  }

  order(row: number): number {
    return this.orderOf[row] as number;
  }

  queuedAt(row: number): number {
    return this.queued[row] as number;
  }

  startedAt(row: number): number {
    return this.started[row] as number;
  }

  /** The job started at `now`; its end is event `end`. */
  run(row: number, now: number, end: EventHandle): void {
    this.stateOf[row] = RUNNING;
    this.started[row] = now;
    this.endEvent[row] = end;
  }

  endOf(row: number): EventHandle {
    return this.endEvent[row] as number;
  }

  doneStep(row: number): JobStep<unknown> {
    return this.doneSteps[row] as JobStep<unknown>;
  }

  startStep(row: number): JobStep<unknown> | null {
    return this.startSteps[row] ?? null;
  }

  payload(row: number): unknown {
    return this.payloads[row];
  }

  /** Room for `row` in every numeric column. */
  private grow(row: number): void {
    this.stateOf = withRoomFor(this.stateOf, row);
    this.generation = withRoomFor(this.generation, row);
    this.orderOf = withRoomFor(this.orderOf, row);
    this.queued = withRoomFor(this.queued, row);
    this.started = withRoomFor(this.started, row);
    this.endEvent = withRoomFor(this.endEvent, row);
  }
}
