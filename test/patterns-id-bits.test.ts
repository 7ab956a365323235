import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdBits } from '../src/patterns/shared/id-bits.js';

describe('IdBits', () => {
  it('answers as a Set of the same ids, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 300 }), fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 300 }), (added, asked) => {
        const bits = new IdBits();
        const set = new Set<number>();
        for (const id of added) {
          bits.add(id);
          set.add(id);
        }
        for (const id of [...added, ...asked]) expect(bits.has(id)).toBe(set.has(id));
      }),
    );
  });

  it('holds the first and the last id of a word, and of the grown room', () => {
    const bits = new IdBits();
    for (const id of [0, 31, 32, 2047, 2048, 65_535]) bits.add(id);
    expect([0, 31, 32, 2047, 2048, 65_535].every((id) => bits.has(id))).toBe(true);
    expect([1, 30, 33, 2046, 2049, 65_534, 65_536].some((id) => bits.has(id))).toBe(false);
  });

  it('has no id that is not a 32-bit unsigned integer, and refuses to add one', () => {
    const bits = new IdBits();
    bits.add(0);
    for (const bad of [-1, 0.5, Number.NaN, 2 ** 32]) {
      expect(bits.has(bad)).toBe(false);
      expect(() => bits.add(bad)).toThrow(RangeError);
    }
  });
});
