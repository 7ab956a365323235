/** A lane of events that all fire the same fixed delay after they are scheduled (timeouts), kept in FIFO order beside the heap. */

import type { Handler } from './event-slots.js';

/** Handle of an event in a {@link TimerLane}: the lane's running number of the event. Valid only with the lane that returned it. */
export type LaneHandle = number;

/** What a lane needs of the queue it belongs to. */
export interface LaneHost {
  /** Takes the next sequence number (the counter the heap's events use). */
  takeSeq(): number;
  /** Live events in all lanes (part of the queue's size). */
  laneLive: number;
  /** Called whenever a lane's head event changed (scheduled into an empty lane, cancelled, or run). */
  laneHeadChanged(): void;
}

/**
 * Timeouts are scheduled at `now + delay`, with one delay per lane and `now` never going
 * back, so they arrive in the order they fire: a ring buffer keeps them sorted for free.
 * Most are cancelled (the answer came in time): cancelling marks the entry dead in O(1) and
 * dead entries are skipped when they reach the head, where a heap pays a sift on every
 * cancel and carries every pending timeout in its depth. Each event takes its sequence
 * number from the queue's counter, so lane and heap events run in exactly the (time, seq)
 * order they would have had as heap events. The head is always live (or the lane empty).
 */
export class TimerLane {
  /** Running number of the head entry; `next` is the number the next entry gets. */
  private first = 0;
  private next = 0;
  private mask: number;
  private times: Float64Array;
  private seqs: Float64Array;
  private alive: Uint8Array;
  private handlers: (Handler<any> | undefined)[];
  private payloads: unknown[];

  constructor(
    /** Delay of every event of the lane, in microseconds (an integer). */
    readonly delay: number,
    private readonly clock: { readonly now: number },
    private readonly host: LaneHost,
  ) {
    if (!(Number.isInteger(delay) && delay >= 0)) throw new RangeError(`TimerLane: delay must be a non-negative integer, got ${delay}`);
    const cap = 16;
    this.mask = cap - 1;
    this.times = new Float64Array(cap);
    this.seqs = new Float64Array(cap);
    this.alive = new Uint8Array(cap);
    this.handlers = new Array<Handler<any> | undefined>(cap).fill(undefined);
    this.payloads = new Array<unknown>(cap).fill(undefined);
  }

  /** True when no event of the lane is pending. */
  get empty(): boolean {
    return this.first === this.next;
  }

  /** Time of the head event (when not {@link empty}). */
  get headTime(): number {
    return this.times[this.first & this.mask] as number;
  }

  /** Events ever scheduled in this lane. */
  get scheduled(): number {
    return this.next;
  }

  /** Sequence number of the head event (when not {@link empty}). */
  get headSeq(): number {
    return this.seqs[this.first & this.mask] as number;
  }

  /** Schedules `handler(payload)` at now + delay; returns its handle. */
  schedule<P>(handler: Handler<P>, payload: P): LaneHandle {
    if (this.next - this.first > this.mask) this.grow();
    const wasEmpty = this.first === this.next;
    const n = this.next++;
    const i = n & this.mask;
    this.times[i] = this.clock.now + this.delay;
    this.seqs[i] = this.host.takeSeq();
    this.alive[i] = 1;
    this.handlers[i] = handler;
    this.payloads[i] = payload;
    this.host.laneLive++;
    if (wasEmpty) this.host.laneHeadChanged();
    return n;
  }

  /** Cancels a pending event of this lane; false when the handle is stale (already ran or cancelled). */
  cancel(handle: LaneHandle): boolean {
    if (!this.isPending(handle)) return false;
    const i = handle & this.mask;
    this.alive[i] = 0;
    this.payloads[i] = undefined;
    this.host.laneLive--;
    if (handle === this.first) {
      this.dropDeadHead();
      this.host.laneHeadChanged();
    }
    return true;
  }

  /** True while the event named by `handle` is pending. */
  isPending(handle: LaneHandle): boolean {
    return handle >= this.first && handle < this.next && this.alive[handle & this.mask] === 1;
  }

  /** Removes the head event (the lane must not be empty) and hands it to `into`. */
  shift(into: { poppedTime: number; poppedHandler: Handler<any>; poppedPayload: unknown }): void {
    const i = this.first++ & this.mask;
    into.poppedTime = this.times[i] as number;
    into.poppedHandler = this.handlers[i] as Handler<any>;
    into.poppedPayload = this.payloads[i];
    this.alive[i] = 0;
    this.payloads[i] = undefined;
    this.host.laneLive--;
    this.dropDeadHead();
    this.host.laneHeadChanged();
  }

  /** Drops every entry (handles given out stay stale). */
  clear(): void {
    for (let n = this.first; n < this.next; n++) {
      const i = n & this.mask;
      if (this.alive[i] === 1) this.host.laneLive--;
      this.alive[i] = 0;
      this.payloads[i] = undefined;
    }
    this.first = this.next;
    this.host.laneHeadChanged();
  }

  /** Advances the head past cancelled entries. */
  private dropDeadHead(): void {
    const alive = this.alive;
    const mask = this.mask;
    while (this.first < this.next && alive[this.first & mask] === 0) this.first++;
  }

  private grow(): void {
    const oldMask = this.mask;
    const cap = (oldMask + 1) * 2;
    const mask = cap - 1;
    const times = new Float64Array(cap);
    const seqs = new Float64Array(cap);
    const alive = new Uint8Array(cap);
    const handlers = new Array<Handler<any> | undefined>(cap).fill(undefined);
    const payloads = new Array<unknown>(cap).fill(undefined);
    for (let n = this.first; n < this.next; n++) {
      const from = n & oldMask;
      const to = n & mask;
      times[to] = this.times[from] as number;
      seqs[to] = this.seqs[from] as number;
      alive[to] = this.alive[from] as number;
      handlers[to] = this.handlers[from];
      payloads[to] = this.payloads[from];
    }
    this.mask = mask;
    this.times = times;
    this.seqs = seqs;
    this.alive = alive;
    this.handlers = handlers;
    this.payloads = payloads;
  }
}

/** The lane whose head event comes first in (time, seq) order; null when every lane is empty. */
export function earliestLane(lanes: readonly TimerLane[]): TimerLane | null {
  let first: TimerLane | null = null;
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k] as TimerLane;
    if (lane.empty) continue;
    if (first === null || lane.headTime < first.headTime || (lane.headTime === first.headTime && lane.headSeq < first.headSeq)) first = lane;
  }
  return first;
}
