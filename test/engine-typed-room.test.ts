import { describe, expect, it } from 'vitest';
import { withRoomFor } from '../src/engine/index.js';

describe('withRoomFor', () => {
  it('returns the array itself while the index fits, else a copy of the same type, doubled as often as needed, new elements zero', () => {
    const a = Int32Array.from([5, -6, 7]);
    expect(withRoomFor(a, 2)).toBe(a);
    const b = withRoomFor(a, 3);
    expect(b).toBeInstanceOf(Int32Array);
    expect([...b]).toEqual([5, -6, 7, 0, 0, 0]);
    const c = withRoomFor(new Float64Array([1.5]), 100);
    expect(c).toBeInstanceOf(Float64Array);
    expect(c.length).toBe(128);
    expect(c[0]).toBe(1.5);
    expect(c.subarray(1).every((x) => x === 0)).toBe(true);
    expect(withRoomFor(new Uint8Array(0), 0).length).toBe(2);
  });
});
