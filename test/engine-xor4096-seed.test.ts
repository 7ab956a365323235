import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { xor4096Outputs } from '../src/engine/xor4096-seed.js';

/** seedrandom's own generator: the reference. */
function reference(seed: string, n: number): number[] {
  const g = seedrandom.xor4096(seed);
  return Array.from({ length: n }, () => g.int32());
}

function ours(seed: string, n: number): number[] {
  const out = new Int32Array(n);
  xor4096Outputs(seed, out);
  return Array.from(out);
}

describe('xor4096 seeding without a generator', () => {
  it("gives seedrandom's xor4096 outputs for the names a world seeds", () => {
    for (const seed of ['fwsim:20261206:placer/17/arrivals', 'fwsim:0:', 'fwsim:x:network', 'fwsim:1:filler/4999/processing']) {
      expect(ours(seed, 300)).toEqual(reference(seed, 300));
    }
  });

  it('gives them for any string: empty, past the 128-word state, surrogate pairs, NULs', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 })), fc.integer({ min: 1, max: 200 }), (seed, n) => {
        expect(ours(seed, n)).toEqual(reference(seed, n));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves nothing behind from the previous seed (the state is shared between calls)', () => {
    const first = ours('a'.repeat(400), 50);
    ours('b', 10);
    expect(ours('a'.repeat(400), 50)).toEqual(first);
    expect(ours('', 5)).toEqual(reference('', 5));
  });
});
