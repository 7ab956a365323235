import { describe, expect, it } from 'vitest';
import type { PatternId } from '../src/patterns/index.js';
import { expandJobs, runJobs } from '../src/runner/index.js';
import { parseScenario } from '../src/scenario/index.js';

describe('a failing run', () => {
  it('is reported with its pattern, point, replication and seed; the other runs finish', async () => {
    const s = parseScenario('name: f\nhorizon: 30min\nwarmup: 0s\nreplications: 2\npatterns: [A]\nplacers: {count: 2}\n', 'f.yaml');
    const jobs = expandJobs(s);
    // A job naming a pattern that does not exist throws inside the worker.
    const broken = { ...jobs[0]!, pattern: 'Z' as PatternId, seed: 99 };
    const out = await runJobs(s, [broken, ...jobs], { workers: 2 });
    expect(out.results).toHaveLength(jobs.length);
    expect(out.failures).toHaveLength(1);
    expect(out.failures[0]!.message).toMatch(/^pattern Z, sweep point 0, replication 1, seed 99: /);
    expect(out.aborted).toBe(false);
  });
});
