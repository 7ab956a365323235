import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/engine/index.js';
import { LARGE_BACKLOG, World, collectRunOutcome } from '../src/models/index.js';
import { patterns } from '../src/patterns/index.js';
import { c, worldConfig } from './support/world-config.js';

// B's placer asks `DiagnosticReport?based-on=<every open request>` at each poll, 100 references
// a search: what one poll costs must grow with the backlog, measured on the wire.

describe('polls that list the open orders', () => {
  it('B: one search per 100 open orders at every poll; a poll over 500 or more costs many times one over a few', () => {
    // One hospital ordering 2 a minute from a lab that takes 6 h: the backlog climbs to about 720.
    const world = new World(worldConfig({
      horizon: 8 * HOUR,
      warmup: 0,
      placers: { count: 1, meanInterarrival: 30_000_000, arrivals: 'fixed' },
      fillers: { count: 1, capacity: 10_000, processing: c(6 * HOUR), acceptProbability: 1 },
      polling: { interval: MINUTE, jitter: 0, phase: 'random', refsPerQuery: 100 },
      server: { host: 'intermediary' },
    }));
    patterns.B.setup(world);
    const polls: { listed: number; interactions: number; bytes: number }[] = [];
    const record = world.backlogPolls.record.bind(world.backlogPolls);
    world.backlogPolls.record = (listed, interactions, bytes) => {
      polls.push({ listed, interactions, bytes });
      record(listed, interactions, bytes);
    };
    world.run();
    expect(polls.length).toBeGreaterThan(400);
    const most = Math.max(...polls.map((p) => p.listed));
    expect(most).toBeGreaterThan(650);
    expect(most).toBeLessThanOrEqual(world.ledger.size);
    // No loss, and fewer reports a minute than a page holds: each chunk is exactly one search.
    for (const p of polls) expect(p.interactions).toBe(Math.ceil(p.listed / 100));
    const meanBytes = (ps: typeof polls): number => ps.reduce((s, p) => s + p.bytes, 0) / ps.length;
    const few = polls.filter((p) => p.listed < 50);
    const many = polls.filter((p) => p.listed >= LARGE_BACKLOG);
    expect(few.length).toBeGreaterThan(10);
    expect(many.length).toBeGreaterThan(10);
    // Each listed reference is one value in a URL: about ten times the references, several times the bytes.
    expect(meanBytes(many)).toBeGreaterThan(5 * meanBytes(few));
    // The run's columns are these polls' figures.
    const m = collectRunOutcome(world).metrics;
    expect(m.backlog_polls).toBe(polls.length);
    expect(m.backlog_poll_open_max).toBe(most);
    expect(m.backlog_poll_messages_mean).toBeCloseTo(polls.reduce((s, p) => s + p.interactions, 0) / polls.length, 9);
    expect(m[`backlog_poll_bytes_${LARGE_BACKLOG}_open_mean`]).toBeCloseTo(meanBytes(many), 6);
  });

  it('the chained query and the other patterns list nothing: no backlog polls', () => {
    for (const [id, placerQuery] of [['B', 'chained'], ['E', 'based-on']] as const) {
      const world = new World(worldConfig({
        horizon: 2 * HOUR,
        placers: { count: 2, meanInterarrival: 5 * MINUTE, arrivals: 'fixed' },
        fillers: { count: 1, capacity: 100, processing: c(HOUR), acceptProbability: 1 },
        polling: { interval: MINUTE, jitter: 0, phase: 'random', placerQuery },
        server: { host: 'intermediary' },
      }));
      patterns[id].setup(world);
      world.run();
      const m = collectRunOutcome(world).metrics;
      expect(m.backlog_polls, id).toBe(0);
      expect(m.backlog_poll_open_mean, id).toBeNaN();
      expect(m.polls, id).toBeGreaterThan(0);
    }
  });
});
