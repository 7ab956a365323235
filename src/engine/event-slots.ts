/** Per-event storage of the event queue, by slot: sequence number, time, generation, handler and payload; the free slots; the handles that name them. */

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
/** Slots a handle can name: at most ~8.4M events pending at once. */
export const SLOT_SPACE = 2 ** SLOT_BITS;
/** Generations wrap at 2^30: a handle stays below 2^53. */
export const GEN_MASK = 2 ** 30 - 1;

/**
 * The queue's heaps hold only what their sift loops compare and move (a time and a slot);
 * everything else about an event lives here, written once on push, in arrays that grow to the
 * peak pending size and are reused from then on: nothing is allocated per event.
 */
export class EventSlots {
  protected capacity: number;
  protected slotSeq: Float64Array;
  /** The event's time while it is pending; -1 once it ran or was cancelled (a cancelled one may still be in a heap). */
  protected slotTime: Float64Array;
  protected slotGen: Int32Array;
  protected slotHandler: (Handler<any> | undefined)[];
  protected slotPayload: unknown[];
  protected freeSlots: Int32Array;
  protected freeCount: number;

  constructor(initialCapacity: number) {
    const cap = Math.max(16, initialCapacity | 0);
    this.capacity = cap;
    this.slotSeq = new Float64Array(cap);
    this.slotTime = new Float64Array(cap).fill(-1);
    this.slotGen = new Int32Array(cap);
    this.slotHandler = new Array<Handler<any> | undefined>(cap).fill(undefined);
    this.slotPayload = new Array<unknown>(cap).fill(undefined);
    this.freeSlots = new Int32Array(cap);
    for (let i = 0; i < cap; i++) this.freeSlots[i] = cap - 1 - i;
    this.freeCount = cap;
  }

  /** The slot of the pending event a handle names; -1 when the handle is stale (its event ran or was cancelled). */
  protected liveSlot(handle: EventHandle): number {
    if (!(handle >= 0)) return -1;
    const slot = handle % SLOT_SPACE;
    const gen = (handle - slot) / SLOT_SPACE;
    return slot < this.capacity && this.slotGen[slot] === gen && (this.slotTime[slot] as number) >= 0 ? slot : -1;
  }

  /** Marks a slot's event gone and frees the slot. */
  protected clearSlot(slot: number): void {
    this.slotTime[slot] = -1;
    this.freeSlot(slot);
  }

  protected freeSlot(slot: number): void {
    // The handler is left in place (functions are long-lived); the payload is let go.
    this.slotPayload[slot] = undefined;
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Doubles the slots (all were in use); returns the new capacity. */
  protected growSlots(): number {
    const old = this.capacity;
    const cap = old * 2;
    if (cap > SLOT_SPACE) throw new RangeError(`EventQueue: more than ${SLOT_SPACE} events pending at once`);
    this.capacity = cap;
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
    return cap;
  }
}
