import { describe, expect, it } from 'vitest';
import { FillerJobs } from '../src/models/actors/filler-jobs.js';

/** A job's steps do nothing here: only the handles are under test. */
const noop = (): void => {};

describe("filler jobs' handles", () => {
  it('are small integers (V8 Smis, below 2^30) however often a row is used again', () => {
    const jobs = new FillerJobs();
    const handles: number[] = [];
    for (let k = 0; k < 1000; k++) {
      const row = jobs.open(k, noop, null, undefined, 0);
      expect(row).toBe(0);
      const h = jobs.handle(row);
      handles.push(h);
      jobs.close(row);
    }
    for (const h of handles) {
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(2 ** 30);
    }
    // 256 generations before a row's handles repeat.
    expect(new Set(handles.slice(0, 256)).size).toBe(256);
    expect(handles[256]).toBe(handles[0]);
  });

  it("do not reach a row's later jobs, and -1 reaches none", () => {
    const jobs = new FillerJobs();
    const first = jobs.open(1, noop, null, undefined, 0);
    const old = jobs.handle(first);
    expect(jobs.rowOf(old)).toBe(first);
    jobs.close(first);
    expect(jobs.rowOf(old)).toBe(-1);
    for (let k = 0; k < 255; k++) {
      const row = jobs.open(2 + k, noop, null, undefined, 0);
      expect(row).toBe(first);
      expect(jobs.rowOf(old)).toBe(-1);
      expect(jobs.rowOf(jobs.handle(row))).toBe(row);
      jobs.close(row);
    }
    expect(jobs.rowOf(-1)).toBe(-1);
  });
});
