import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../src/engine/index.js';
import { World, groupFigures, type GroupFigure } from '../src/models/index.js';
import { patterns, type PatternId } from '../src/patterns/index.js';
import { c, worldConfig } from './support/world-config.js';

// Each group's own traffic: what its actors send, and what servers deliver to them. Counted by
// the network as the messages cross it, so the groups' shares add up to the run's traffic.

function run(id: PatternId, overrides: Parameters<typeof worldConfig>[0]): World {
  const world = new World(worldConfig(overrides));
  patterns[id].setup(world);
  world.run();
  return world;
}

const byName = (figures: readonly GroupFigure[]): Map<string, GroupFigure> => new Map(figures.map((g) => [`${g.kind}:${g.group}`, g]));

describe("a group's own traffic", () => {
  it('A, no loss: each order is one create by its placer and one by its lab, bytes to the byte', () => {
    const world = run('A', {
      horizon: 4 * HOUR,
      warmup: 0,
      placers: [{ name: 'clinics', count: 4, meanInterarrival: 10 * MINUTE, arrivals: 'fixed' }],
      fillers: [{ name: 'big', count: 1, capacity: 100, processing: c(MINUTE), acceptProbability: 1 }, { name: 'small', count: 3, capacity: 100, processing: c(MINUTE), acceptProbability: 1 }],
    });
    const g = byName(groupFigures(world));
    const placed = world.ledger.size;
    const t = world.traffic;
    // Every message of A is a create; the placers sent one per order and the labs one per order they did.
    expect(t.count('create')).toBe(t.total);
    expect(g.get('placers:clinics')?.interactions).toBe(placed);
    const labs = ['fillers:big', 'fillers:small'].map((k) => g.get(k) as GroupFigure);
    for (const lab of labs) expect(lab.interactions).toBe(lab.completed);
    // Nothing else talks, so the groups' traffic is the run's (account 0 is empty).
    expect(t.accountInteractions[0]).toBe(0);
    expect((g.get('placers:clinics')?.interactions ?? 0) + labs[0]!.interactions + labs[1]!.interactions).toBe(t.total);
    expect((g.get('placers:clinics')?.bytes ?? 0) + labs[0]!.bytes + labs[1]!.bytes).toBe(t.totalBytes);
    expect(labs[0]!.interactionsPerOrder).toBe(1);
  });

  it('B with labs on subscription beside labs that poll: the polling labs pay per order for every poll, work or not', () => {
    const world = run('B', {
      horizon: 6 * HOUR,
      placers: { count: 10, meanInterarrival: 10 * MINUTE, arrivals: 'poisson' },
      fillers: [
        { name: 'subscribed', count: 2, capacity: 50, processing: c(5 * MINUTE), acceptProbability: 1, discovery: 'subscription' },
        { name: 'polling', count: 2, capacity: 50, processing: c(5 * MINUTE), acceptProbability: 1, discovery: 'poll' },
      ],
      polling: { interval: 30 * SECOND, jitter: 0.1, phase: 'random' },
    });
    const g = byName(groupFigures(world));
    const sub = g.get('fillers:subscribed') as GroupFigure;
    const poll = g.get('fillers:polling') as GroupFigure;
    expect(sub.completed).toBeGreaterThan(100);
    expect(poll.completed).toBeGreaterThan(100);
    // A subscribed lab's order: a notification (and, id-only, a read) plus its event; about 3.
    expect(sub.interactionsPerOrder).toBeGreaterThan(2);
    expect(sub.interactionsPerOrder).toBeLessThan(4);
    // A polling lab asks every 30 s whatever comes (one search a poll: no pages at this rate)
    // and POSTs one event per order: 2 labs x 120 polls an hour for about 15 orders an hour each.
    const measuredHours = (world.config.horizon - world.config.warmup) / HOUR;
    const expected = (2 * 120 * measuredHours) / poll.completed + 1;
    expect(poll.interactionsPerOrder).toBeGreaterThan(0.9 * expected);
    expect(poll.interactionsPerOrder).toBeLessThan(1.1 * expected);
    expect(poll.interactionsPerOrder).toBeGreaterThan(2 * sub.interactionsPerOrder);
    // Every message is someone's: the groups and account 0 (the servers' handshakes) add up to the run.
    const t = world.traffic;
    let sum = 0;
    for (const v of t.accountInteractions) sum += v;
    expect(sum).toBe(t.total);
  });

  it('is not counted apart without groups', () => {
    const world = run('A', { horizon: HOUR, placers: { count: 2, meanInterarrival: 10 * MINUTE, arrivals: 'fixed' }, fillers: { count: 1, capacity: 10, processing: c(MINUTE), acceptProbability: 1 } });
    const figures = groupFigures(world);
    expect(figures.every((f) => Number.isNaN(f.interactions) && Number.isNaN(f.bytesPerOrder))).toBe(true);
  });
});
