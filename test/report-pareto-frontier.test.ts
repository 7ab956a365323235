import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFrontier } from '../src/report/pareto.js';

describe('Pareto frontier of (messages, p95)', () => {
  it('keeps what nothing beats on both, in order of messages (hand-computed)', () => {
    const options = [
      { x: 2.5, y: 2250 }, // 0 A: cheapest
      { x: 5.2, y: 2074 }, // 1 H: faster than A, dearer
      { x: 7.7, y: 2382 }, // 2 C: dominated by H
      { x: 20, y: 1987 }, // 3 F: fastest
      { x: 45, y: 2000 }, // 4 dominated by F
    ];
    expect(paretoFrontier(options)).toEqual([0, 1, 3]);
  });

  it('keeps ties (neither is strictly better on both) and drops figures that did not happen', () => {
    expect(paretoFrontier([{ x: 1, y: 5 }, { x: 1, y: 5 }, { x: Number.NaN, y: 1 }, { x: 0.5, y: Number.POSITIVE_INFINITY }])).toEqual([0, 1]);
    expect(paretoFrontier([{ x: 1, y: 5 }, { x: 1, y: 4 }])).toEqual([1, 0]);
    expect(paretoFrontier([])).toEqual([]);
  });

  it('property: no frontier option is dominated, and every other option is dominated by one on the frontier', () => {
    const point = fc.record({ x: fc.integer({ min: 0, max: 20 }), y: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), (options) => {
        const frontier = paretoFrontier(options);
        const dominates = (a: { x: number; y: number }, b: { x: number; y: number }): boolean => a.x < b.x && a.y < b.y;
        for (const i of frontier) expect(options.some((o) => dominates(o, options[i] as { x: number; y: number }))).toBe(false);
        options.forEach((o, i) => {
          if (!frontier.includes(i)) expect(frontier.some((j) => dominates(options[j] as { x: number; y: number }, o))).toBe(true);
        });
        const xs = frontier.map((i) => (options[i] as { x: number }).x);
        expect(xs).toEqual([...xs].sort((a, b) => a - b));
      }),
    );
  });
});
