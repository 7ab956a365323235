/**
 * The first outputs of seedrandom's `xor4096` for a string seed, number for number, without
 * building its generator. `seedrandom.xor4096(s)` makes a generator of three closures and a
 * 128-entry array grown one element at a time, about 1.5 KB of garbage and 3.4 us per
 * stream; a national world seeds some 400,000 named streams (one per actor and purpose), so
 * its set-up spent over a second and a gigabyte of young garbage on them. Here the state is
 * one typed array reused by every call.
 *
 * Richard Brent's xorgens xor4096 as seedrandom 3.0.5 writes it (lib/xor4096.js): the seed's
 * characters (and a terminating NUL) are mixed into the 128-word state, 512 outputs are
 * discarded, then each output combines the xorshift state with a Weyl sequence.
 */

const STATE = new Int32Array(128);

/** Writes the first `out.length` `int32()` outputs of `seedrandom.xor4096(seed)` into `out`. */
export function xor4096Outputs(seed: string, out: Int32Array): void {
  const X = STATE;
  X.fill(0);
  const s = seed + '\0';
  const limit = Math.max(128, s.length);
  let v = 0;
  let w = 0;
  let t = 0;
  let i = 0;
  // The characters go into v one by one; after 32 shuffles v starts the Weyl value w.
  for (let j = -32; j < limit; ++j) {
    v ^= s.charCodeAt((j + 32) % s.length);
    if (j === 0) w = v;
    v ^= v << 10;
    v ^= v >>> 15;
    v ^= v << 4;
    v ^= v >>> 13;
    if (j >= 0) {
      w = (w + 0x61c88647) | 0;
      t = (X[j & 127] as number) ^ (v + w);
      X[j & 127] = t;
      i = t === 0 ? i + 1 : 0;
    }
  }
  // A state of all zeroes is made nonzero.
  if (i >= 128) X[s.length & 127] = -1;
  // 512 rounds of the xorshift alone (the Weyl value is not advanced while warming up).
  i = 127;
  for (let j = 4 * 128; j > 0; --j) i = xorshift(X, i);
  for (let k = 0; k < out.length; k++) {
    w = (w + 0x61c88647) | 0;
    i = xorshift(X, i);
    out[k] = ((X[i] as number) + (w ^ (w >>> 16))) | 0;
  }
}

/** One step of the xorshift over the state: the word after `i` becomes the next output; returns its index. */
function xorshift(X: Int32Array, i: number): number {
  let v = X[(i + 34) & 127] as number;
  const next = (i + 1) & 127;
  let t = X[next] as number;
  v ^= v << 13;
  t ^= t << 17;
  v ^= v >>> 15;
  t ^= t >>> 12;
  X[next] = v ^ t;
  return next;
}
