/** The sift steps of the event queue's binary min-heap on (time, seq): heap arrays in, nothing else written. */

/**
 * The heap is `heapTime` and `heapSlot` (position -> time, slot); ties on time are broken by
 * `seq[slot]` (scheduling order), read only on ties. Positions `0 .. n - 1` are in use.
 */

/** Moves (t, slot) up from the hole at `pos` to where it belongs. */
export function siftUp(heapTime: Float64Array, heapSlot: Int32Array, seqOf: Float64Array, pos: number, t: number, slot: number): void {
  const seq = seqOf[slot] as number;
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    const pt = heapTime[parent] as number;
    const ps = heapSlot[parent] as number;
    if (pt < t || (pt === t && (seqOf[ps] as number) < seq)) break;
    heapTime[pos] = pt;
    heapSlot[pos] = ps;
    pos = parent;
  }
  heapTime[pos] = t;
  heapSlot[pos] = slot;
}

/** Moves (t, slot) down from the hole at `pos` in a heap of `n` entries to where it belongs. */
export function siftDown(heapTime: Float64Array, heapSlot: Int32Array, seqOf: Float64Array, n: number, pos: number, t: number, slot: number): void {
  const seq = seqOf[slot] as number;
  for (;;) {
    let child = 2 * pos + 1;
    if (child >= n) break;
    let ct = heapTime[child] as number;
    let cs = heapSlot[child] as number;
    const right = child + 1;
    if (right < n) {
      const rt = heapTime[right] as number;
      const rs = heapSlot[right] as number;
      if (rt < ct || (rt === ct && (seqOf[rs] as number) < (seqOf[cs] as number))) {
        child = right;
        ct = rt;
        cs = rs;
      }
    }
    if (t < ct || (t === ct && seq < (seqOf[cs] as number))) break;
    heapTime[pos] = ct;
    heapSlot[pos] = cs;
    pos = child;
  }
  heapTime[pos] = t;
  heapSlot[pos] = slot;
}
