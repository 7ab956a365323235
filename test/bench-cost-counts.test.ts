import { describe, expect, it } from 'vitest';
import { countsOf } from '../bench/cost.js';

/** A cachegrind output file in miniature: columns Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw, trailing zeros left out as cachegrind does. */
const FILE = `desc: LL cache: 8388608 B, 64 B, 16-way associative
cmd: node child.js
events: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw
fl=???
fn=???
0 1000 5 1 300 20 7 100 4 2
fn=v8::internal::Scavenger::ScavengePage(v8::internal::MemoryChunk*)
12 200 0 0 50 9 3 40 1 1
fl=./malloc/malloc.c
fn=_int_free
88 30 1 0 10 2
89 5
summary: 1235 6 1 360 31 10 140 5 3
`;

describe("bench cost's reading of a cachegrind file", () => {
  it('sums instructions, L1 and last-level misses (reads and writes) in all, in compiled code, and in the collector', () => {
    const c = countsOf(FILE, 42);
    expect(c.events).toBe(42);
    // Ir; D1mr + D1mw; DLmr + DLmw.
    expect(c.total).toEqual([1235, 20 + 4 + 9 + 1 + 2, 7 + 2 + 3 + 1]);
    expect(c.jit).toEqual([1000, 24, 9]);
    expect(c.gc).toEqual([200, 10, 4]);
  });
});
