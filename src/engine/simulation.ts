/** The simulation clock and run loop: schedule handlers at simulated times and execute them in (time, seq) order. */

import { EventQueue, type EventHandle, type Handler } from './event-queue.js';
import type { TimerLane } from './timer-lane.js';
import { MAX_TIME } from './time.js';
import { StatCells } from './stats/stat-cells.js';

/**
 * Receives every executed event when tracing is on: the time, a kind (the handler's name,
 * so name handler functions for what they do) and the payload.
 */
export type Tracer = (time: number, kind: string, payload: unknown) => void;

/** Options of {@link Simulation.run}. */
export interface RunOptions {
  /**
   * Stop before the first event at or after this time and leave the clock at `until`.
   * Events scheduled exactly at `until` stay pending (as in SimPy), so consecutive runs
   * `run({until: a})`, `run({until: b})` never execute an event twice or skip one.
   */
  until?: number;
  /** Stop after this many events (a guard against runaway models). */
  maxEvents?: number;
}

/**
 * A discrete-event simulation: the clock (`now`, integer microseconds) and the pending
 * events. Handlers are plain functions that receive a payload, so scheduling allocates no
 * closure; simultaneous events run in the order they were scheduled, including zero-delay
 * events scheduled while others at the same time are pending (FIFO).
 */
export class Simulation {
  /** Current simulated time in microseconds. */
  now = 0;
  /** Number of events executed since construction. */
  eventsExecuted = 0;
  /** Tracing hook; `null` (the default) costs one comparison per event. */
  tracer: Tracer | null = null;
  /** Cells where the simulation's queues (and their owners) keep their statistics' numbers, side by side. */
  readonly statCells = new StatCells();

  private readonly queue: EventQueue;
  private readonly lanes = new Map<number, TimerLane>();
  private stopRequested = false;

  constructor(options: { initialCapacity?: number } = {}) {
    this.queue = new EventQueue(options.initialCapacity ?? 1024);
  }

  /** Number of pending events. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next pending event, or `Infinity`. */
  peek(): number {
    return this.queue.peekTime();
  }

  /**
   * Schedules `handler(payload)` after `delay` microseconds (rounded to an integer).
   * Throws on a negative, NaN or infinite delay: such a delay is always a model bug.
   */
  schedule<P>(delay: number, handler: Handler<P>, payload: P): EventHandle;
  schedule(delay: number, handler: Handler<undefined>): EventHandle;
  schedule(delay: number, handler: Handler<any>, payload?: unknown): EventHandle {
    const time = this.now + Math.round(delay);
    if (!(delay >= 0 && time <= MAX_TIME)) invalidDelay(delay, this.now);
    return this.queue.push(time, handler, payload);
  }

  /** Schedules `handler(payload)` at absolute time `time` (rounded), which must not be in the past. */
  scheduleAt<P>(time: number, handler: Handler<P>, payload: P): EventHandle;
  scheduleAt(time: number, handler: Handler<undefined>): EventHandle;
  scheduleAt(time: number, handler: Handler<any>, payload?: unknown): EventHandle {
    const t = Math.round(time);
    if (!(t >= this.now && t <= MAX_TIME)) throw new RangeError(`scheduleAt: time ${time} is before now (${this.now}) or invalid`);
    return this.queue.push(t, handler, payload);
  }

  /**
   * The lane of events that fire `delay` microseconds (rounded) after they are scheduled:
   * timeouts, which are nearly always cancelled. Scheduling and cancelling there cost O(1)
   * instead of heap sifts, in the same (time, seq) order as {@link schedule}. One lane per
   * delay, shared by everyone who asks for it.
   */
  timerLane(delay: number): TimerLane {
    const d = Math.round(delay);
    if (!(d >= 0 && d <= MAX_TIME)) throw new RangeError(`timerLane: invalid delay ${delay}`);
    let lane = this.lanes.get(d);
    if (lane === undefined) {
      lane = this.queue.addLane(d, this);
      this.lanes.set(d, lane);
    }
    return lane;
  }

  /** Cancels a pending event; false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** True while the event named by `handle` is pending. */
  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** When the pending event `handle` will fire, or `undefined` if it is not pending. */
  timeOf(handle: EventHandle): number | undefined {
    return this.queue.timeOf(handle);
  }

  /** Executes the next event. Returns false when none is pending. */
  step(): boolean {
    return this.run({ maxEvents: 1 }) === 1;
  }

  /**
   * Executes events in order until none is pending, `until` is reached, `maxEvents` have run
   * or {@link stop} is called. Returns the number of events executed by this call.
   */
  run(options: RunOptions = {}): number {
    const until = options.until ?? Infinity;
    const maxEvents = options.maxEvents ?? Infinity;
    if (until < this.now) throw new RangeError(`run: until ${until} is before now (${this.now})`);
    const queue = this.queue;
    this.stopRequested = false;
    const start = this.eventsExecuted;
    const limit = start + maxEvents;
    while (this.eventsExecuted < limit && !this.stopRequested && queue.popBefore(until)) {
      this.now = queue.poppedTime;
      this.eventsExecuted++;
      const handler = queue.poppedHandler;
      const payload = queue.takePayload();
      if (this.tracer !== null) this.tracer(this.now, handler.name, payload);
      handler(payload);
    }
    const executed = this.eventsExecuted - start;
    const interrupted = this.stopRequested || (executed >= maxEvents && queue.peekTime() < until);
    if (until !== Infinity && !interrupted && this.now < until) this.now = until;
    return executed;
  }

  /** Makes the current {@link run} return after the event being executed. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Drops all pending events (the clock is unchanged). */
  clear(): void {
    this.queue.clear();
  }
}

/**
 * Throws schedule's error: out of its body, which the run loop inlines with the queue's push
 * under one budget for inlined bytecode (a template string and a `new` cost bytes there).
 */
function invalidDelay(delay: number, now: number): never {
  throw new RangeError(`schedule: invalid delay ${delay} at time ${now}`);
}
