/** A FIFO queue in front of `c` identical servers (the M/M/c shape), with queue and utilisation statistics. */

import type { Handler } from './event-queue.js';
import type { Process, Waitable } from './process.js';
import type { Simulation } from './simulation.js';
import { TALLY_CELLS, Tally } from './stats/tally.js';
import { TIME_WEIGHTED_CELLS, TimeWeighted } from './stats/time-weighted.js';

/** Where a queue's statistics sit in its run of the simulation's cells: the waits' tally, then the averages of queue length and busy servers. */
const WAITS = 0;
const QUEUE = WAITS + TALLY_CELLS;
const BUSY = QUEUE + TIME_WEIGHTED_CELLS;
const CELLS = BUSY + TIME_WEIGHTED_CELLS;

/**
 * `capacity` servers shared first come, first served. A request is granted at once when a
 * server is free, otherwise it waits in a ring buffer (no allocation per request once it has
 * grown); `release()` hands the freed server straight to the oldest waiter, inside the same
 * event, so a grant costs no extra event. The grant handler runs synchronously: it
 * typically schedules the end of service, whose handler calls `release()`.
 */
export class Resource {
  /** Requests granted since the last reset. */
  granted = 0;
  /**
   * How long the request now being granted waited (microseconds): valid inside the grant
   * handler, so a user of the resource can tally the waits of its own kinds of request.
   */
  lastWait = 0;

  private inService = 0;
  private ringHandler: (Handler<any> | undefined)[];
  private ringPayload: unknown[];
  private ringTime: Float64Array;
  private head = 0;
  private length = 0;
  private acquirer: Waitable | null = null;
  /**
   * The statistics' numbers, a run of the simulation's shared cells (see `StatCells`): a
   * grant and a release update them in place, touching no object of their own.
   */
  private readonly cells: Float64Array;
  private readonly at: number;

  constructor(
    private readonly sim: Simulation,
    readonly capacity: number,
    /** A name for errors and reports. */
    readonly name = 'resource',
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`Resource ${name}: capacity must be a positive integer, got ${capacity}`);
    this.at = sim.statCells.take(CELLS);
    this.cells = sim.statCells.slab;
    Tally.resetAt(this.cells, this.at + WAITS);
    TimeWeighted.startAt(this.cells, this.at + QUEUE, sim.now, 0);
    TimeWeighted.startAt(this.cells, this.at + BUSY, sim.now, 0);
    // None until the first wait: a large world has a server per placer, most of which never
    // queue (three arrays of four cost 380 bytes, 6% of such a placer's memory).
    this.ringHandler = NO_HANDLERS;
    this.ringPayload = NO_PAYLOADS;
    this.ringTime = NO_TIMES;
  }

  /** Time each granted request waited in the queue (microseconds): a view of the queue's cells, made at each call. */
  get waits(): Tally {
    return Tally.over(this.cells, this.at + WAITS);
  }

  /** Number of requests waiting, time-weighted (a view, made at each call). */
  get queueLength(): TimeWeighted {
    return TimeWeighted.over(this.cells, this.at + QUEUE);
  }

  /** Number of busy servers, time-weighted (a view, made at each call): divide the mean by capacity for utilisation. */
  get busy(): TimeWeighted {
    return TimeWeighted.over(this.cells, this.at + BUSY);
  }

  /** Lets a process `yield resource.acquire` and resume once it holds a server (created on first use). */
  get acquire(): Waitable {
    return (this.acquirer ??= { wait: (process: Process) => this.request(resumeProcess, process) });
  }

  /** Servers currently busy. */
  get inUse(): number {
    return this.inService;
  }

  /** Requests currently waiting. */
  get waiting(): number {
    return this.length;
  }

  /** Mean utilisation (busy servers / capacity) since the last reset. */
  utilisation(now = this.sim.now): number {
    return this.busy.mean(now) / this.capacity;
  }

  /** Asks for a server; `onGranted(payload)` runs when one is assigned (at once if free). */
  request<P>(onGranted: Handler<P>, payload: P): void {
    const now = this.sim.now;
    if (this.inService < this.capacity) {
      this.inService++;
      TimeWeighted.updateAt(this.cells, this.at + BUSY, now, this.inService);
      Tally.recordAt(this.cells, this.at + WAITS, 0);
      this.lastWait = 0;
      this.granted++;
      onGranted(payload);
      return;
    }
    if (this.length === this.ringTime.length) this.growRing();
    const i = (this.head + this.length) % this.ringTime.length;
    this.ringHandler[i] = onGranted;
    this.ringPayload[i] = payload;
    this.ringTime[i] = now;
    this.length++;
    TimeWeighted.updateAt(this.cells, this.at + QUEUE, now, this.length);
  }

  /** Frees one server; the oldest waiter, if any, gets it immediately. */
  release(): void {
    if (this.inService === 0) throw new Error(`Resource ${this.name}: release() without a matching grant`);
    const now = this.sim.now;
    if (this.length === 0) {
      this.inService--;
      TimeWeighted.updateAt(this.cells, this.at + BUSY, now, this.inService);
      return;
    }
    const i = this.head;
    const handler = this.ringHandler[i] as Handler<any>;
    const payload = this.ringPayload[i];
    this.ringHandler[i] = undefined;
    this.ringPayload[i] = undefined;
    this.lastWait = now - (this.ringTime[i] as number);
    Tally.recordAt(this.cells, this.at + WAITS, this.lastWait);
    this.head = (i + 1) % this.ringTime.length;
    this.length--;
    TimeWeighted.updateAt(this.cells, this.at + QUEUE, now, this.length);
    this.granted++;
    handler(payload);
  }

  /** Starts a new statistics window at the current time (warm-up); the state is kept. */
  resetStatistics(): void {
    const now = this.sim.now;
    Tally.resetAt(this.cells, this.at + WAITS);
    TimeWeighted.resetAt(this.cells, this.at + QUEUE, now);
    TimeWeighted.resetAt(this.cells, this.at + BUSY, now);
    this.granted = 0;
  }

  private growRing(): void {
    const old = this.ringTime.length;
    const cap = old === 0 ? 4 : old * 2;
    const handlers = new Array<Handler<any> | undefined>(cap).fill(undefined);
    const payloads = new Array<unknown>(cap).fill(undefined);
    const times = new Float64Array(cap);
    for (let k = 0; k < this.length; k++) {
      const j = (this.head + k) % old;
      handlers[k] = this.ringHandler[j];
      payloads[k] = this.ringPayload[j];
      times[k] = this.ringTime[j] as number;
    }
    this.ringHandler = handlers;
    this.ringPayload = payloads;
    this.ringTime = times;
    this.head = 0;
  }
}

// The empty ring every resource starts with (never written: the first wait grows it).
const NO_HANDLERS: (Handler<any> | undefined)[] = [];
const NO_PAYLOADS: unknown[] = [];
const NO_TIMES = new Float64Array(0);

function resumeProcess(process: Process): void {
  process.resume();
}
