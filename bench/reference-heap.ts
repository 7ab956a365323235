/**
 * The "minimal typed-array heap" of TOOLCHAIN.md's reference table, rebuilt here so the
 * engine can be compared with it in the same process and the same minute (this machine is
 * shared and noisy: ratios in one run are trustworthy, absolute figures less so). It has
 * no cancellation, no payloads and no tracing: events are small integer kinds dispatched
 * by a switch, the fastest a TypeScript event loop gets.
 */
export class ReferenceHeap {
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private kind = new Int32Array(1024);
  private n = 0;
  private nextSeq = 0;
  now = 0;
  poppedKind = 0;

  get size(): number {
    return this.n;
  }

  push(t: number, kind: number): void {
    if (this.n === this.time.length) this.grow();
    const s = this.nextSeq++;
    let i = this.n++;
    const time = this.time;
    const seq = this.seq;
    const kinds = this.kind;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = time[p] as number;
      if (pt < t || (pt === t && (seq[p] as number) < s)) break;
      time[i] = pt;
      seq[i] = seq[p] as number;
      kinds[i] = kinds[p] as number;
      i = p;
    }
    time[i] = t;
    seq[i] = s;
    kinds[i] = kind;
  }

  pop(): void {
    const time = this.time;
    const seq = this.seq;
    const kinds = this.kind;
    this.now = time[0] as number;
    this.poppedKind = kinds[0] as number;
    const n = --this.n;
    if (n === 0) return;
    const t = time[n] as number;
    const s = seq[n] as number;
    const k = kinds[n] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && ((time[r] as number) < (time[c] as number) || ((time[r] as number) === (time[c] as number) && (seq[r] as number) < (seq[c] as number)))) c = r;
      const ct = time[c] as number;
      if (t < ct || (t === ct && s < (seq[c] as number))) break;
      time[i] = ct;
      seq[i] = seq[c] as number;
      kinds[i] = kinds[c] as number;
      i = c;
    }
    time[i] = t;
    seq[i] = s;
    kinds[i] = k;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap);
    t.set(this.time);
    const s = new Float64Array(cap);
    s.set(this.seq);
    const k = new Int32Array(cap);
    k.set(this.kind);
    this.time = t;
    this.seq = s;
    this.kind = k;
  }
}
