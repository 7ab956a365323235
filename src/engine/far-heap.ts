/** The event queue's far heap: events due at or after the near heap's bound, handed over in time order when the near heap runs empty; and the window that sets the bound. */

import { heapify, siftDown, siftUp } from './heap-sift.js';
import { withRoomFor } from './typed-room.js';

/** The first window (us past the earliest far event when the near heap is refilled); it adapts from there, never below it. */
const WINDOW = 1_000_000;
const MAX_WINDOW = 2 ** 40;
/** What a refill's call and loop cost, in sift levels, against one heap (see adapt). */
const REFILL_LEVELS = 8;

/**
 * Why a second heap: a model's messages and service times are due in milliseconds, sooner than
 * nearly every poll tick, arrival or job pending. In one heap each of them climbed its whole
 * depth when pushed, and the last entry went down it again at each pop. Here the queue keeps
 * the events due before a bound in a small near heap and the rest in this one; when the near
 * heap runs empty, the events here before a new bound (a window past the earliest) move to it in
 * time order, each appended (a sorted array is a heap). Every near event is before the bound and
 * every far one at or after it, so the near heap's top is the earliest of all: a pop looks at
 * one heap, and the order is exactly one heap's, ties on time included.
 */
export class FarHeap {
  /** Position `i` -> its time at `2i`, its slot at `2i + 1` (see heap-sift). */
  heap: Float64Array;
  count = 0;
  /** The near heap's bound as last set by {@link split} or {@link refill}: every event here is at or after it. */
  bound = Infinity;
  private window = WINDOW;
  /** Pushes here since the last refill, and the queue's count of heap pushes then (see adapt). */
  private pushes = 0;
  private since = 0;

  constructor(
    capacity: number,
    /** Lets go of the slot of a cancelled event found here while refilling. */
    private readonly dropCancelled: (slot: number) => void,
  ) {
    this.heap = new Float64Array(2 * capacity);
  }

  push(time: number, slot: number, seq: Float64Array): void {
    this.pushes++;
    siftUp(this.heap, seq, this.count++, time, slot);
  }

  /**
   * Splits the queue's one heap (`near`, `n` entries; this one empty) at a window past its top:
   * what is at or after that comes here. Returns the near heap's new size.
   */
  split(near: Float64Array, n: number, seq: Float64Array, pushed: number): number {
    const far = this.heap;
    const bound = (near[0] as number) + this.window;
    let k = 0;
    let f = 0;
    for (let i = 0; i < n; i++) {
      const t = near[i << 1] as number;
      const slot = near[(i << 1) | 1] as number;
      if (t < bound) {
        near[k << 1] = t;
        near[(k << 1) | 1] = slot;
        k++;
      } else {
        far[f << 1] = t;
        far[(f << 1) | 1] = slot;
        f++;
      }
    }
    heapify(near, seq, k);
    heapify(far, seq, f);
    this.count = f;
    this.bound = bound;
    this.restart(pushed);
    return k;
  }

  /**
   * Moves the events before a new bound (a window past the earliest live one) into the empty
   * `near` heap, in order, dropping cancelled ones (`time[slot] < 0`) on the way. Returns how
   * many moved: none only when nothing live was left here. `pushed`: the queue's heap pushes
   * so far (both heaps), for {@link adapt}.
   */
  refill(near: Float64Array, seq: Float64Array, time: Float64Array, pushed: number): number {
    const far = this.heap;
    let bound = Infinity;
    let n = this.count;
    let k = 0;
    while (n > 0) {
      const t = far[0] as number;
      if (t >= bound) break;
      const slot = far[1] as number;
      const last = --n;
      if (last > 0) siftDown(far, seq, last, 0, far[last << 1] as number, far[(last << 1) | 1] as number);
      if ((time[slot] as number) < 0) this.dropCancelled(slot);
      else {
        if (k === 0) bound = t + this.window;
        near[k << 1] = t;
        near[(k << 1) | 1] = slot;
        k++;
      }
    }
    this.count = n;
    if (k > 0) {
      this.bound = bound;
      this.adapt(k, n, pushed);
    }
    return k;
  }

  /**
   * Widens or narrows the window by what the period since the last refill cost in sift levels,
   * split against one heap. A near event climbs its heap when pushed and is sifted down it when
   * popped (the near heap's depth, or one heap's whole depth: due soonest, it climbs nearly to
   * the top); a far event climbs a level or two, then is sifted down this heap when moved and
   * the near one when popped (one heap: its depth once). Where delays are of one scale (nothing
   * to split) the window widens until the near heap is the whole queue; where they are of two
   * (a network's milliseconds, a poll's minutes) it stays between them, at a second or more.
   */
  private adapt(moved: number, farLeft: number, pushed: number): void {
    const far = this.pushes;
    const near = pushed - this.since - far;
    const depth = log2(moved + farLeft);
    const one = near * 2 * depth + far * (2 + depth);
    const split = near * 2 * log2(moved) + far * (2 + log2(farLeft) + log2(moved)) + REFILL_LEVELS;
    if (split > one) this.window = Math.min(this.window * 2, MAX_WINDOW);
    else if (2 * split < one) this.window = Math.max(this.window / 2, WINDOW);
    this.restart(pushed);
  }

  private restart(pushed: number): void {
    this.pushes = 0;
    this.since = pushed;
  }

  /** Room for `capacity` events. */
  grow(capacity: number): void {
    this.heap = withRoomFor(this.heap, 2 * capacity - 1);
  }
}

/** The depth of a heap of `n`, about (for {@link FarHeap.adapt}). */
function log2(n: number): number {
  return 32 - Math.clz32(n);
}
