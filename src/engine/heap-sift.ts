/** The sift steps of the event queue's binary min-heap on (time, seq): one interleaved array in, nothing else written. */

/**
 * The heap is one `Float64Array` of pairs: position `i` holds its time at `2i` and its slot at
 * `2i + 1` (a slot number is a small integer, exact as a double). Ties on time are broken by
 * `seq[slot]` (scheduling order), read only on ties. Positions `0 .. n - 1` are in use.
 *
 * Why one array of pairs, not a time array and a slot array: a sift is a loop, and TurboFan
 * re-checks and re-loads every typed array it reads at each turn of a loop (the loop's stack
 * check may run anything), so each array costs its upkeep at every level; a level's time and
 * slot are also in one cache line. Indices are computed with `<<` and `|`, which cannot
 * overflow, so they carry no overflow checks (counted under callgrind, the default
 * scenario's D: ~70 instructions a level with two arrays, ~58 with one).
 */

/** Moves (t, slot) up from the hole at `pos` to where it belongs. */
export function siftUp(heap: Float64Array, seqOf: Float64Array, pos: number, t: number, slot: number): void {
  let seq = -1;
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    const pt = heap[parent << 1] as number;
    if (pt < t) break;
    const ps = heap[(parent << 1) | 1] as number;
    if (pt === t) {
      if (seq < 0) seq = seqOf[slot] as number;
      if ((seqOf[ps] as number) < seq) break;
    }
    heap[pos << 1] = pt;
    heap[(pos << 1) | 1] = ps;
    pos = parent;
  }
  heap[pos << 1] = t;
  heap[(pos << 1) | 1] = slot;
}

/** Moves (t, slot) down from the hole at `pos` in a heap of `n` entries to where it belongs. */
export function siftDown(heap: Float64Array, seqOf: Float64Array, n: number, pos: number, t: number, slot: number): void {
  for (;;) {
    let child = (pos << 1) | 1;
    if (child >= n) break;
    let ct = heap[child << 1] as number;
    const right = child + 1;
    if (right < n) {
      const rt = heap[right << 1] as number;
      if (rt < ct || (rt === ct && (seqOf[heap[(right << 1) | 1] as number] as number) < (seqOf[heap[(child << 1) | 1] as number] as number))) {
        child = right;
        ct = rt;
      }
    }
    if (t < ct || (t === ct && (seqOf[slot] as number) < (seqOf[heap[(child << 1) | 1] as number] as number))) break;
    heap[pos << 1] = ct;
    heap[(pos << 1) | 1] = heap[(child << 1) | 1] as number;
    pos = child;
  }
  heap[pos << 1] = t;
  heap[(pos << 1) | 1] = slot;
}

/** Makes the first `n` entries of `heap` a heap. */
export function heapify(heap: Float64Array, seqOf: Float64Array, n: number): void {
  for (let i = (n - 2) >> 1; i >= 0; i--) siftDown(heap, seqOf, n, i, heap[i << 1] as number, heap[(i << 1) | 1] as number);
}
