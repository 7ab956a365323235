/** The pending-event set: binary min-heaps on (time, seq) in typed arrays, a near and a far one, with cancellation, beside FIFO lanes of fixed-delay timers. */

import { EventSlots, GEN_MASK, SLOT_SPACE, type EventHandle, type Handler } from './event-slots.js';
import { FarHeap } from './far-heap.js';
import { heapify, siftDown, siftUp } from './heap-sift.js';
import { earliestLane, TimerLane, type LaneHost } from './timer-lane.js';
import { withRoomFor } from './typed-room.js';

export type { EventHandle, Handler } from './event-slots.js';

/** While the far heap is empty and the near one holds fewer than this, the queue is one heap (see makeRoom). */
const SMALL = 64;

/**
 * Why this shape: a heap holds only what the sift loops compare and move (time and a slot
 * number, side by side in one typed array); everything else about an event lives in its slot
 * (event-slots). Ties on time are broken by the slot's `seq`, read only on ties. Events due
 * before a bound are in a small near heap, the rest in a far one (far-heap says why), and a
 * queue under SMALL events is one heap. Nothing is allocated per event.
 *
 * A cancelled event stays in the heap, marked, until it reaches the top (where it is
 * dropped unseen), so the sift loops move times and slots only: no per-slot heap position
 * to keep up. A large world has hundreds of thousands of events pending, and every level
 * of a sift is then a cache miss; the positions' writes were a third array per level, at
 * random slots. Cancelled events are few (a stopped poller, a cancelled job); should they
 * outnumber the live ones, the heaps are rebuilt without them. (A 4-ary heap was tried on
 * top of this: no faster at 30,000 or 300,000 pending, slower at 1,000.)
 */
export class EventQueue extends EventSlots implements LaneHost {
  private nextSeq = 0;

  /** The near heap (events before `bound`): position `i` -> its time at `2i`, its slot at `2i + 1` (see heap-sift). */
  private heap: Float64Array;
  private count = 0;
  /** The far heap (see far-heap): events at or after `bound`. */
  private readonly far: FarHeap;
  /** Events before it go to the near heap; Infinity while the queue is small (one heap). */
  private bound = Infinity;
  /** {@link push} calls makeRoom when the free slots are down to this: 0, or while the queue is one heap, where it reaches SMALL events. */
  private freeFloor: number;

  /** Cancelled events still in a heap. */
  private dead = 0;

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
    super(initialCapacity);
    const cap = this.capacity;
    this.heap = new Float64Array(2 * cap);
    this.far = new FarHeap(cap, (slot) => {
      this.dead--;
      this.freeSlot(slot);
    });
    this.freeFloor = Math.max(0, cap - SMALL);
  }

  /** Number of pending events (heap and lanes). */
  get size(): number {
    return this.count + this.far.count - this.dead + this.laneLive;
  }

  /** Time of the earliest pending event, or `Infinity` when none is pending. */
  peekTime(): number {
    this.dropDeadTop();
    if (this.count === 0) this.refilled();
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
    const first = earliestLane(this.lanes);
    this.laneFirst = first;
    this.laneTime = first === null ? Infinity : first.headTime;
    this.laneSeq = first === null ? 0 : first.headSeq;
  }

  /** Adds an event at absolute `time`; returns its handle. `time` must be a valid integer. */
  push(time: number, handler: Handler<any>, payload: unknown): EventHandle {
    if (this.freeCount === this.freeFloor) this.makeRoom();
    const slot = this.freeSlots[--this.freeCount] as number;
    const gen = ((this.slotGen[slot] as number) + 1) & GEN_MASK;
    this.slotGen[slot] = gen;
    this.slotSeq[slot] = this.nextSeq++;
    this.slotTime[slot] = time;
    this.slotHandler[slot] = handler;
    this.slotPayload[slot] = payload;
    if (time < this.bound) siftUp(this.heap, this.slotSeq, this.count++, time, slot);
    else this.pushFar(time, slot);
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
    if (this.count === 0 && !this.refilled()) return lt < until && this.shiftLane();
    const heap = this.heap;
    const ht = heap[0] as number;
    if (lt < ht || (lt === ht && this.laneWinsTie())) return lt < until && this.shiftLane();
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
    if (slot < 0) return this.takeLanePayload();
    const payload = this.slotPayload[slot];
    this.slotPayload[slot] = undefined;
    return payload;
  }

  /** {@link push} of an event at or after the bound: into the far heap, unless the queue is small again. */
  private pushFar(time: number, slot: number): void {
    if (this.far.count === 0 && this.count + 1 < SMALL) {
      // One heap again (its bound may move up freely while nothing is past it); see makeRoom.
      this.bound = Infinity;
      this.freeFloor = Math.max(0, this.capacity - SMALL);
      siftUp(this.heap, this.slotSeq, this.count++, time, slot);
      return;
    }
    this.far.push(time, slot, this.slotSeq);
  }

  /**
   * {@link push} found no free slot, or a small queue (one heap) reached SMALL events: it gets
   * a bound (split), then room. Counting free slots down to a floor is how push notices either
   * with the one comparison it made anyway (its budget for being inlined is tight).
   */
  private makeRoom(): void {
    if (this.bound === Infinity && this.capacity - this.freeCount >= SMALL) {
      this.count = this.far.split(this.heap, this.count, this.slotSeq, this.heapPushes());
      this.bound = this.far.bound;
    }
    if (this.freeCount === 0) this.grow();
    this.freeFloor = this.bound === Infinity ? Math.max(0, this.capacity - SMALL) : 0;
  }

  /** Refills the empty near heap from the far one; false when there is nothing to refill with. */
  private refilled(): boolean {
    if (this.far.count === 0) return false;
    this.count = this.far.refill(this.heap, this.slotSeq, this.slotTime, this.heapPushes());
    this.bound = this.far.bound;
    return this.count > 0;
  }

  /** Events ever pushed into the heaps: every sequence number but the lanes' (for the far heap's window). */
  private heapPushes(): number {
    let n = this.nextSeq;
    for (const lane of this.lanes) n -= lane.scheduled;
    return n;
  }

  /** A lane's head and the heap's top are due at once: true if the lane's was scheduled first. */
  private laneWinsTie(): boolean {
    return this.laneSeq < (this.slotSeq[this.heap[1] as number] as number);
  }

  /** {@link takePayload} of a lane's event (the lane copied it to `poppedPayload`). */
  private takeLanePayload(): unknown {
    const payload = this.poppedPayload;
    this.poppedPayload = undefined;
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
    const slot = this.liveSlot(handle);
    if (slot < 0) return false;
    // Marked, left in the heap until it reaches the top; its payload is let go now.
    this.slotTime[slot] = -1;
    this.slotPayload[slot] = undefined;
    if (++this.dead > this.count + this.far.count - this.dead) this.rebuild();
    return true;
  }

  /** Rebuilds the heaps from their live events (cancelled ones outnumber them). */
  private rebuild(): void {
    this.count = this.compact(this.heap, this.count);
    this.far.count = this.compact(this.far.heap, this.far.count);
    this.dead = 0;
  }

  /** A heap of `n` without its cancelled events (their slots freed); returns its new size. */
  private compact(heap: Float64Array, n: number): number {
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
    heapify(heap, this.slotSeq, live);
    return live;
  }

  /** True if the handle names an event that is still pending. */
  isPending(handle: EventHandle): boolean {
    return this.liveSlot(handle) >= 0;
  }

  /** Time at which a pending event will fire, or `undefined` for a stale handle. */
  timeOf(handle: EventHandle): number | undefined {
    const slot = this.liveSlot(handle);
    return slot < 0 ? undefined : this.slotTime[slot];
  }

  /** Drops every pending event. */
  clear(): void {
    while (this.count > 0) this.clearSlot(this.heap[2 * --this.count + 1] as number);
    while (this.far.count > 0) this.clearSlot(this.far.heap[2 * --this.far.count + 1] as number);
    this.dead = 0;
    for (const lane of this.lanes) lane.clear();
  }

  private grow(): void {
    const cap = this.growSlots();
    this.heap = withRoomFor(this.heap, 2 * cap - 1);
    this.far.grow(cap);
  }
}

function noop(): void {}
