/** The pending-event set: a binary min-heap on (time, seq) in typed arrays, with cancellation, beside FIFO lanes of fixed-delay timers. */

import { siftDown, siftUp } from './heap-sift.js';
import { TimerLane, type LaneHost } from './timer-lane.js';
import { withRoomFor } from './typed-room.js';

/** A function run when its event fires; it receives the payload given when it was scheduled. */
export type Handler<P = never> = (payload: P) => void;

/**
 * Opaque handle of a scheduled event, for cancellation. It encodes the event's slot and the
 * slot's generation, so a handle whose event already ran (or was cancelled) is recognised as
 * stale even after the slot has been reused.
 */
export type EventHandle = number;

const SLOT_BITS = 23;
const SLOT_SPACE = 2 ** SLOT_BITS; // at most ~8.4M events pending at once
const GEN_MASK = 2 ** 30 - 1;

/**
 * Why this shape: the heap holds only what the sift loops compare and move (time and a slot
 * number, side by side in one typed array); everything else about an event lives in per-slot
 * arrays written once on push. Ties on time are broken by the slot's `seq`, read only on
 * ties. Nothing is allocated per event once the arrays have grown to the peak pending size.
 *
 * A cancelled event stays in the heap, marked, until it reaches the top (where it is
 * dropped unseen), so the sift loops move times and slots only: no per-slot heap position
 * to keep up. A large world has hundreds of thousands of events pending, and every level
 * of a sift is then a cache miss; the positions' writes were a third array per level, at
 * random slots. Cancelled events are few (a stopped poller, a cancelled job); should they
 * outnumber the live ones, the heap is rebuilt without them. (A 4-ary heap was tried on
 * top of this: no faster at 30,000 or 300,000 pending, slower at 1,000.)
 */
export class EventQueue implements LaneHost {
  private capacity: number;
  private count = 0;
  private nextSeq = 0;

  /** Heap position `i` -> its time at `2i`, its slot at `2i + 1` (see heap-sift). */
  private heap: Float64Array;

  // slot -> event
  private slotSeq: Float64Array;
  /** The event's time while it is pending; -1 once it ran or was cancelled (a cancelled one may still be in the heap). */
  private slotTime: Float64Array;
  /** Cancelled events still in the heap. */
  private dead = 0;
  private slotGen: Int32Array;
  private slotHandler: (Handler<any> | undefined)[];
  private slotPayload: unknown[];
  private freeSlots: Int32Array;
  private freeCount: number;

  /** Fixed-delay lanes (timeouts); their earliest head is cached below, so a pop compares once. */
  private readonly lanes: TimerLane[] = [];
  private laneTime = Infinity;
  private laneSeq = 0;
  private laneFirst: TimerLane | null = null;
  /** Live events in the lanes (see {@link LaneHost}). */
  laneLive = 0;

  /** Time and handler of the event most recently removed by {@link pop} or {@link popBefore}. */
  poppedTime = 0;
  poppedHandler: Handler<any> = noop;
  /** Payload of the event most recently removed by {@link pop} (or of a lane's event, until {@link takePayload}). */
  poppedPayload: unknown = undefined;
  /** Slot of the heap event most recently popped (its payload still there for {@link takePayload}); -1 for a lane's. */
  private poppedSlot = -1;

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity | 0);
    this.capacity = cap;
    this.heap = new Float64Array(2 * cap);
    this.slotSeq = new Float64Array(cap);
    this.slotTime = new Float64Array(cap).fill(-1);
    this.slotGen = new Int32Array(cap);
    this.slotHandler = new Array<Handler<any> | undefined>(cap).fill(undefined);
    this.slotPayload = new Array<unknown>(cap).fill(undefined);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeCount = cap;
  }

  /** Number of pending events (heap and lanes). */
  get size(): number {
    return this.count - this.dead + this.laneLive;
  }

  /** Time of the earliest pending event, or `Infinity` when none is pending. */
  peekTime(): number {
    this.dropDeadTop();
    const t = this.count > 0 ? (this.heap[0] as number) : Infinity;
    return this.laneTime < t ? this.laneTime : t;
  }

  /** A lane of events that fire `delay` after they are scheduled ({@link TimerLane}; `clock` gives now): pending events like any other. */
  addLane(delay: number, clock: { readonly now: number }): TimerLane {
    const lane = new TimerLane(delay, clock, this);
    this.lanes.push(lane);
    return lane;
  }

  /** The next sequence number (lanes take theirs from the heap's counter). */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /** Re-reads which lane head comes first (a lane's head changed). */
  laneHeadChanged(): void {
    let first: TimerLane | null = null;
    let t = Infinity;
    let seq = 0;
    const lanes = this.lanes;
    for (let k = 0; k < lanes.length; k++) {
      const lane = lanes[k] as TimerLane;
      if (lane.empty) continue;
      const lt = lane.headTime;
      if (lt < t || (lt === t && lane.headSeq < seq)) {
        first = lane;
        t = lt;
        seq = lane.headSeq;
      }
    }
    this.laneFirst = first;
    this.laneTime = t;
    this.laneSeq = seq;
  }

  /** Adds an event at absolute `time`; returns its handle. `time` must be a valid integer. */
  push(time: number, handler: Handler<any>, payload: unknown): EventHandle {
    if (this.freeCount === 0) this.grow();
    const slot = this.freeSlots[--this.freeCount] as number;
    const gen = ((this.slotGen[slot] as number) + 1) & GEN_MASK;
    this.slotGen[slot] = gen;
    this.slotSeq[slot] = this.nextSeq++;
    this.slotTime[slot] = time;
    this.slotHandler[slot] = handler;
    this.slotPayload[slot] = payload;
    siftUp(this.heap, this.slotSeq, this.count++, time, slot);
    return gen * SLOT_SPACE + slot;
  }

  /** Removes the earliest event into `poppedTime`, `poppedHandler` and `poppedPayload` (no allocation). Only when `size > 0`. */
  pop(): void {
    this.popBefore(Infinity);
    this.poppedPayload = this.takePayload();
  }

  /**
   * Pops the earliest event if one is pending before `until` (`poppedTime`, `poppedHandler`,
   * then {@link takePayload} before anything is pushed); false (nothing removed) otherwise.
   * The run loop's one call per event: no separate size or peek.
   */
  popBefore(until: number): boolean {
    if (this.dead > 0) this.dropDeadTop();
    const lt = this.laneTime;
    // No `count > 0 ? heap[0] : Infinity`: a phi with a constant kept the time boxed (a heap number an event).
    if (this.count === 0) return lt < until && this.shiftLane();
    const heap = this.heap;
    const ht = heap[0] as number;
    if (lt < ht || (lt === ht && this.laneSeq < (this.slotSeq[heap[1] as number] as number))) return lt < until && this.shiftLane();
    if (ht >= until) return false;
    const slot = heap[1] as number;
    this.poppedTime = ht;
    this.poppedHandler = this.slotHandler[slot] as Handler<any>;
    this.poppedSlot = slot;
    this.slotTime[slot] = -1;
    this.freeSlots[this.freeCount++] = slot; // its payload left for takePayload
    this.fillTop();
    return true;
  }

  /**
   * The payload of the event {@link popBefore} just popped, let go by the queue. Read from its
   * slot, not copied to a field: most payloads are young and the queue old, so each such store
   * was a call to V8's write barrier, on nearly every event.
   */
  takePayload(): unknown {
    const slot = this.poppedSlot;
    if (slot < 0) {
      const payload = this.poppedPayload;
      this.poppedPayload = undefined;
      return payload;
    }
    const payload = this.slotPayload[slot];
    this.slotPayload[slot] = undefined;
    return payload;
  }

  /** Pops the earliest lane's head. */
  private shiftLane(): true {
    (this.laneFirst as TimerLane).shift(this);
    this.poppedSlot = -1;
    return true;
  }

  /** Fills the top of the heap (its slot just freed) with the last element. */
  private fillTop(): void {
    const heap = this.heap;
    const last = --this.count;
    if (last > 0) siftDown(heap, this.slotSeq, last, 0, heap[last << 1] as number, heap[(last << 1) | 1] as number);
  }

  /** Drops cancelled events from the top of the heap. */
  private dropDeadTop(): void {
    while (this.dead > 0 && this.count > 0 && (this.slotTime[this.heap[1] as number] as number) < 0) {
      this.dead--;
      this.freeSlot(this.heap[1] as number);
      this.fillTop();
    }
  }

  /** Cancels a pending event. Returns false when the handle is stale (already ran or cancelled). */
  cancel(handle: EventHandle): boolean {
    if (!(handle >= 0)) return false;
    const slot = handle % SLOT_SPACE;
    const gen = (handle - slot) / SLOT_SPACE;
    if (slot >= this.capacity || this.slotGen[slot] !== gen || (this.slotTime[slot] as number) < 0) return false;
    // Marked, left in the heap until it reaches the top; its payload is let go now.
    this.slotTime[slot] = -1;
    this.slotPayload[slot] = undefined;
    if (++this.dead > this.count - this.dead) this.rebuild();
    return true;
  }

  /** Rebuilds the heap from its live events (cancelled ones outnumber them). */
  private rebuild(): void {
    const n = this.count;
    const heap = this.heap;
    let live = 0;
    for (let i = 0; i < n; i++) {
      const slot = heap[2 * i + 1] as number;
      if ((this.slotTime[slot] as number) < 0) this.freeSlot(slot);
      else {
        heap[2 * live] = heap[2 * i] as number;
        heap[2 * live + 1] = slot;
        live++;
      }
    }
    this.count = live;
    this.dead = 0;
    for (let i = (live - 2) >> 1; i >= 0; i--) siftDown(heap, this.slotSeq, live, i, heap[2 * i] as number, heap[2 * i + 1] as number);
  }

  /** True if the handle names an event that is still pending. */
  isPending(handle: EventHandle): boolean {
    if (!(handle >= 0)) return false;
    const slot = handle % SLOT_SPACE;
    const gen = (handle - slot) / SLOT_SPACE;
    return slot < this.capacity && this.slotGen[slot] === gen && (this.slotTime[slot] as number) >= 0;
  }

  /** Time at which a pending event will fire, or `undefined` for a stale handle. */
  timeOf(handle: EventHandle): number | undefined {
    if (!this.isPending(handle)) return undefined;
    return this.slotTime[handle % SLOT_SPACE];
  }

  /** Drops every pending event. */
  clear(): void {
    while (this.count > 0) {
      const slot = this.heap[2 * --this.count + 1] as number;
      this.slotTime[slot] = -1;
      this.freeSlot(slot);
    }
    this.dead = 0;
    for (const lane of this.lanes) lane.clear();
  }

  private freeSlot(slot: number): void {
    // The handler is left in place (functions are long-lived); the payload is let go.
    this.slotPayload[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const old = this.capacity;
    const cap = old * 2;
    if (cap > SLOT_SPACE) throw new RangeError(`EventQueue: more than ${SLOT_SPACE} events pending at once`);
    this.capacity = cap;
    this.heap = withRoomFor(this.heap, 2 * cap - 1);
    this.slotSeq = withRoomFor(this.slotSeq, cap - 1);
    this.slotTime = withRoomFor(this.slotTime, cap - 1).fill(-1, old);
    this.slotGen = withRoomFor(this.slotGen, cap - 1);
    for (let i = old; i < cap; i++) {
      this.slotHandler.push(undefined);
      this.slotPayload.push(undefined);
    }
    const free = new Int32Array(cap);
    free.set(this.freeSlots.subarray(0, this.freeCount));
    let n = this.freeCount;
    for (let i = cap - 1; i >= old; i--) free[n++] = i;
    this.freeSlots = free;
    this.freeCount = n;
  }
}

function noop(): void {}
