/** Generator processes on top of the callback core: `yield delay` or `yield waitable`, never Promises. */

import type { Simulation } from './simulation.js';

/**
 * Something a process can wait on. `wait` registers the process; the waitable later calls
 * `process.resume(value)` exactly once. Calling `resume` from inside `wait` (the thing is
 * already available) continues the process at once, without an extra event.
 */
export interface Waitable {
  wait(process: Process): void;
}

/** What a process body may yield: a delay in microseconds, or a waitable. */
export type ProcessYield = number | Waitable;

/** A process body: a generator that yields delays and waitables and receives resume values. */
export type ProcessBody = Generator<ProcessYield, any, any>;

/**
 * A process driven by the simulation. Delays become ordinary events (handler + payload,
 * no closure). Resumption by a waitable happens synchronously inside the event that fired
 * it, in the order the waitable wakes its waiters, so event order never depends on the
 * microtask queue. A process is itself waitable: `yield other` waits for `other` to end
 * and receives its return value.
 */
export class Process implements Waitable {
  /** True once the body has returned. */
  done = false;
  /** The body's return value, once done. */
  result: unknown = undefined;

  private running = false;
  private waiting = false;
  private syncResumed = false;
  private syncValue: unknown = undefined;
  private joiners: Process[] | null = null;

  constructor(
    readonly sim: Simulation,
    private readonly body: ProcessBody,
    /** A name for traces and errors. */
    readonly name = 'process',
  ) {}

  /** Starts the body at the current time (as a zero-delay event, so FIFO with other events). */
  start(): this {
    this.sim.schedule(0, Process.onTimeout, this);
    return this;
  }

  /**
   * Runs the body up to its first yield right now, inside the current event. Use it when a
   * handler creates the process and wants no extra zero-delay event (e.g. one per arrival).
   */
  startNow(): this {
    this.waiting = true;
    this.resume(undefined);
    return this;
  }

  /** Resumes a waiting process with `value`. Called by waitables. */
  resume(value?: unknown): void {
    if (!this.waiting) throw new Error(`process ${this.name}: resumed while not waiting on anything`);
    this.waiting = false;
    if (this.running) {
      this.syncResumed = true;
      this.syncValue = value;
      return;
    }
    this.advance(value);
  }

  wait(process: Process): void {
    if (this.done) {
      process.resume(this.result);
      return;
    }
    (this.joiners ??= []).push(process);
  }

  private static onTimeout(this: void, process: Process): void {
    process.advance(undefined);
  }

  private advance(value: unknown): void {
    this.running = true;
    try {
      for (;;) {
        const r = this.body.next(value);
        if (r.done === true) {
          this.finish(r.value);
          return;
        }
        const y = r.value;
        if (typeof y === 'number') {
          this.sim.schedule(y, Process.onTimeout, this);
          return;
        }
        this.syncResumed = false;
        this.waiting = true;
        y.wait(this);
        if (!this.syncResumed) return;
        value = this.syncValue;
        this.syncValue = undefined;
      }
    } finally {
      this.running = false;
    }
  }

  private finish(result: unknown): void {
    this.done = true;
    this.result = result;
    this.running = false;
    const joiners = this.joiners;
    this.joiners = null;
    if (joiners !== null) for (const j of joiners) j.resume(result);
  }
}

/**
 * A condition processes can wait on. `fire(value)` resumes every process waiting at that
 * moment, in the order they started waiting; processes that wait later wait for the next fire.
 */
export class Signal implements Waitable {
  private waiters: Process[] = [];

  /** Number of processes waiting. */
  get waiting(): number {
    return this.waiters.length;
  }

  wait(process: Process): void {
    this.waiters.push(process);
  }

  /** Resumes all current waiters with `value`; returns how many were resumed. */
  fire(value?: unknown): number {
    const ws = this.waiters;
    if (ws.length === 0) return 0;
    this.waiters = [];
    for (const w of ws) w.resume(value);
    return ws.length;
  }
}

/** Creates and starts a process on `sim` (convenience for `new Process(...).start()`). */
export function spawn(sim: Simulation, body: ProcessBody, name?: string): Process {
  return new Process(sim, body, name).start();
}
