import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../src/engine/index.js';
import { World, groupFigures, type Order } from '../src/models/index.js';
import { patterns, type PatternId } from '../src/patterns/index.js';
import { c, worldConfig } from './support/world-config.js';

// Groups of placers and fillers: each group's own rate, capacity, processing, discovery and
// polling must show in what the simulation does, not only in what it was told.

function run(id: PatternId, overrides: Parameters<typeof worldConfig>[0]): World {
  const world = new World(worldConfig(overrides));
  patterns[id].setup(world);
  world.run();
  return world;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const receipt = (orders: readonly Order[]): number[] => orders.filter((o) => o.receivedAt >= 0).map((o) => (o.receivedAt - o.placedAt) / SECOND);

describe('groups of placers and fillers', () => {
  it('numbers actors on across groups and gives each group its name and settings', () => {
    const world = new World(worldConfig({
      placers: [{ name: 'clinics', count: 3, meanInterarrival: HOUR, arrivals: 'poisson' }, { count: 2, meanInterarrival: MINUTE, arrivals: 'fixed' }],
      fillers: [{ name: 'big lab', count: 1, capacity: 16, processing: c(MINUTE), acceptProbability: 1 }, { count: 2, capacity: 2, processing: c(HOUR), acceptProbability: 0.5 }],
    }));
    expect(world.placers.map((p) => [p.name, p.group, p.config.meanInterarrival])).toEqual([
      ['placer/0', 'clinics', HOUR], ['placer/1', 'clinics', HOUR], ['placer/2', 'clinics', HOUR],
      ['placer/3', 'placers[1]', MINUTE], ['placer/4', 'placers[1]', MINUTE],
    ]);
    expect(world.fillers.map((f) => [f.name, f.group, f.slots.capacity])).toEqual([
      ['filler/0', 'big lab', 16], ['filler/1', 'fillers[1]', 2], ['filler/2', 'fillers[1]', 2],
    ]);
  });

  it('each placer group orders at its own rate: 1/h and 30/h over 8 h, 20 placers each, within 3 sd of Poisson', () => {
    const world = run('A', {
      horizon: 8 * HOUR,
      placers: [{ count: 20, meanInterarrival: HOUR, arrivals: 'poisson' }, { count: 20, meanInterarrival: 2 * MINUTE, arrivals: 'poisson' }],
      fillers: { count: 10, capacity: 100, processing: c(MINUTE), acceptProbability: 1 },
    });
    const slow = world.ledger.all().filter((o) => o.placer < 20).length;
    const fast = world.ledger.all().filter((o) => o.placer >= 20).length;
    // Expected 160 and 4800 orders; a Poisson count's sd is its square root.
    expect(Math.abs(slow - 160)).toBeLessThan(3 * Math.sqrt(160));
    expect(Math.abs(fast - 4800)).toBeLessThan(3 * Math.sqrt(4800));
  });

  it('B: fillers poll every 15 s and placers every 5 min (separate settings): receipt waits about 7.5 s, the placer about 150 s more', () => {
    const world = run('B', {
      horizon: 6 * HOUR,
      placers: { count: 10, meanInterarrival: 10 * MINUTE, arrivals: 'poisson', polling: { interval: 5 * MINUTE } },
      fillers: { count: 4, capacity: 50, processing: c(MINUTE), acceptProbability: 1, polling: { interval: 15 * SECOND } },
      polling: { interval: MINUTE, jitter: 0, phase: 'random' },
    });
    const done = world.ledger.all().filter((o) => o.outcome === 'completed');
    expect(done.length).toBeGreaterThan(250);
    // A uniform phase against an arrival at random: half an interval on average (plus a
    // fraction of a second of network and service time).
    expect(mean(receipt(done))).toBeGreaterThan(6.5);
    expect(mean(receipt(done))).toBeLessThan(8.5);
    const known = done.filter((o) => o.outcomeKnownAt >= 0).map((o) => (o.outcomeKnownAt - o.jobEndedAt) / SECOND);
    expect(mean(known)).toBeGreaterThan(130);
    expect(mean(known)).toBeLessThan(170);
  });

  it('E: a filler group on subscriptions learns of open Tasks at once, the polling group only at its next poll', () => {
    const world = run('E', {
      horizon: 6 * HOUR,
      placers: { count: 10, meanInterarrival: 5 * MINUTE, arrivals: 'poisson' },
      fillers: [
        { name: 'subscribed', count: 2, capacity: 50, processing: c(MINUTE), acceptProbability: 1, discovery: 'subscription' },
        { name: 'polling', count: 2, capacity: 50, processing: c(MINUTE), acceptProbability: 1, polling: { interval: 2 * MINUTE } },
      ],
      polling: { interval: 30 * SECOND, jitter: 0, phase: 'random' },
    });
    const by = (group: string): Order[] => world.ledger.all().filter((o) => o.filler >= 0 && world.fillers[o.filler]?.group === group);
    const sub = by('subscribed');
    const poll = by('polling');
    // The subscribed fillers are told within network + service time and win nearly every Task.
    expect(sub.length).toBeGreaterThan(10 * poll.length);
    expect(mean(receipt(sub))).toBeLessThan(1);
    // groups.csv's figures say the same: the subscribed group's share of completed work.
    const figures = groupFigures(world).filter((g) => g.kind === 'fillers');
    expect(figures.map((g) => g.group)).toEqual(['subscribed', 'polling']);
    expect(figures[0]?.completedShare).toBeGreaterThan(90);
    expect((figures[0]?.completedShare ?? 0) + (figures[1]?.completedShare ?? 0)).toBeCloseTo(100, 9);
    expect(figures[0]?.completed).toBe(sub.filter((o) => o.outcome === 'completed' && o.measured).length);
  });

  it('B and C with mixed labs: a subscribed group in B is told at once, a polling group in C waits for its poll', () => {
    const labs = [
      { name: 'subscribed', count: 2, capacity: 50, processing: c(MINUTE), acceptProbability: 1, discovery: 'subscription' as const },
      { name: 'polling', count: 2, capacity: 50, processing: c(MINUTE), acceptProbability: 1, discovery: 'poll' as const, polling: { interval: 2 * MINUTE } },
    ];
    for (const id of ['B', 'C'] as const) {
      const world = run(id, { horizon: 4 * HOUR, placers: { count: 10, meanInterarrival: 5 * MINUTE, arrivals: 'poisson' }, fillers: labs, polling: { interval: MINUTE, jitter: 0, phase: 'random' } });
      const by = (group: string): Order[] => world.ledger.all().filter((o) => o.filler >= 0 && world.fillers[o.filler]?.group === group);
      // Routed by capacity, each group gets about half; the subscribed one sees its orders within a second,
      // the polling one after about half of its 2 min interval.
      expect(mean(receipt(by('subscribed'))), id).toBeLessThan(1);
      expect(mean(receipt(by('polling'))), id).toBeGreaterThan(45);
      expect(mean(receipt(by('polling'))), id).toBeLessThan(75);
    }
  });

  it('G least-loaded: the broker weighs open assignments by capacity, so a 12-slot lab gets about 3 times the work of each 4-slot one', () => {
    const world = run('G', {
      horizon: 8 * HOUR,
      placers: { count: 20, meanInterarrival: 10 * MINUTE, arrivals: 'poisson' },
      fillers: [
        { name: 'big', count: 1, capacity: 12, processing: c(20 * MINUTE), acceptProbability: 1 },
        { name: 'small', count: 3, capacity: 4, processing: c(20 * MINUTE), acceptProbability: 1 },
      ],
      broker: { selection: 'least-loaded', assignTimeout: 10 * MINUTE },
    });
    const share = (i: number): number => world.ledger.all().filter((o) => o.filler === i).length;
    const big = share(0);
    const small = mean([share(1), share(2), share(3)]);
    expect(big + 3 * small).toBeGreaterThan(800);
    expect(big / small).toBeGreaterThan(2.4);
    expect(big / small).toBeLessThan(3.6);
  });
});
