import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BucketPool, type Bucket } from '../src/models/index.js';
import type { ResourceTable } from '../src/models/server/resource-table.js';

/**
 * An index bucket is a handle into its store's pool: blocks sized to powers of two, moved when
 * outgrown or mostly emptied, reused by the next bucket of that size, and an array of its own
 * from 4,096 entries. Whatever the interleaving, each bucket must read back exactly its live
 * commits in order (plus at most a quarter of stale ones), and a watermark search must start
 * where a plain scan would.
 */

/** A commit map where superseded commits read as 0, as ResourceTable.currentRowOf does. */
function commits(stale: Set<number>): ResourceTable {
  return { currentRowOf: (tx: number) => (stale.has(tx) ? 0 : 1) } as unknown as ResourceTable;
}

function entries(pool: BucketPool, b: Bucket): number[] {
  const e = pool.entriesOf(b);
  const start = pool.startOf(b);
  return Array.from(e.subarray(start, start + pool.sizeOf(b)));
}

/** One step: append a new commit to bucket `b`, or supersede the `k`-th live commit of bucket `b`. */
const step = fc.oneof(
  fc.record({ append: fc.constant(true as const), b: fc.nat(7), times: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ append: fc.constant(false as const), b: fc.nat(7), k: fc.nat(), times: fc.integer({ min: 1, max: 40 }) }),
);

describe('bucket pool', () => {
  it('reads back each bucket as its live commits in order, whatever the interleaving', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), fc.array(fc.nat(), { maxLength: 12 }), (steps, probes) => {
        const pool = new BucketPool();
        const stale = new Set<number>();
        const table = commits(stale);
        const buckets = Array.from({ length: 8 }, () => pool.create());
        const live: number[][] = buckets.map(() => []);
        let tx = 0;
        for (const s of steps) {
          for (let n = 0; n < s.times; n++) {
            const list = live[s.b] as number[];
            if (s.append) {
              pool.append(buckets[s.b] as Bucket, ++tx);
              list.push(tx);
            } else if (list.length > 0) {
              const [gone] = list.splice(s.k % list.length, 1);
              stale.add(gone as number);
              pool.dropOne(buckets[s.b] as Bucket, table);
            }
          }
        }
        buckets.forEach((b, i) => {
          const kept = entries(pool, b);
          const want = live[i] as number[];
          expect(kept.filter((t) => !stale.has(t))).toEqual(want);
          expect(pool.liveOf(b)).toBe(want.length);
          expect(kept.length).toBeLessThanOrEqual(want.length + (want.length >> 2) + 1);
          for (const since of [0, ...probes.map((p) => p % (tx + 2))]) {
            const first = kept.findIndex((t) => t > since);
            expect(pool.firstAfter(b, since)).toBe(first < 0 ? kept.length : first);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('moves a bucket to an array of its own past 4,096 entries and back into the pool when it empties', () => {
    const pool = new BucketPool();
    const stale = new Set<number>();
    const small = pool.create();
    const big = pool.create();
    pool.append(small, 1);
    for (let tx = 2; tx <= 5000; tx++) pool.append(big, tx);
    expect(pool.entriesOf(big)).not.toBe(pool.entriesOf(small));
    expect(entries(pool, big)).toEqual(Array.from({ length: 4999 }, (_, i) => i + 2));
    for (let tx = 2; tx <= 4990; tx++) {
      stale.add(tx);
      pool.dropOne(big, commits(stale));
    }
    expect(pool.entriesOf(big)).toBe(pool.entriesOf(small));
    const kept = entries(pool, big);
    expect(kept.filter((tx) => !stale.has(tx))).toEqual([4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999, 5000]);
    expect(kept.length).toBeLessThanOrEqual(10 + 2 + 1);
    expect(entries(pool, small)).toEqual([1]);
  });
});
