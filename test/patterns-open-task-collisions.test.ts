import { describe, expect, it } from 'vitest';
import { Constant, MINUTE } from '../src/engine/index.js';
import { World, collectRunOutcome, type WorldConfig } from '../src/models/index.js';
import { patterns, tinyWorldConfig } from '../src/patterns/index.js';
import { openTaskRace } from './support/open-task-race.js';

const ORDERS = 20;

/** E with k fillers that all want every order and have room: one order every 7 min, 1 min of work. */
function contention(k: number, overrides: Partial<WorldConfig> = {}): WorldConfig {
  return openTaskRace(k, ORDERS, overrides);
}

function runE(config: WorldConfig): { completed: number; accepted: number; conflicts: number; claims: number } {
  const world = new World(config);
  patterns.E.setup(world);
  world.run();
  const m = collectRunOutcome(world).metrics;
  const accepted = world.ledger.all().filter((o) => o.acceptedAt >= 0).length;
  return { completed: m.orders_completed as number, accepted, conflicts: m.etag_conflicts as number, claims: m.claim_attempts as number };
}

describe('E: claim collisions emerge from fillers racing for the same Task version', () => {
  it.each([2, 3, 5])('aligned polls, %i fillers: every open Task sees exactly k-1 conflicts', (k) => {
    const r = runE(contention(k));
    expect(r.completed).toBe(ORDERS);
    expect(r.claims).toBe(k * ORDERS);
    expect(r.conflicts).toBe((k - 1) * ORDERS);
  });

  it('random poll phases: far fewer collisions than aligned ones (same fillers, same orders)', () => {
    const k = 5;
    const base = tinyWorldConfig();
    let conflicts = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = runE(contention(k, { seed, polling: { ...base.polling, phase: 'random', jitter: 0.1 } }));
      expect(r.completed).toBe(ORDERS);
      conflicts += r.conflicts;
    }
    // Aligned gives (k-1) per Task = 80 per run; a 60 s interval with ~0.2 s claim windows
    // almost never lines two random phases up.
    expect(conflicts / 10).toBeLessThan(0.1 * (k - 1) * ORDERS);
  });

  it('subscriptions with zero matching delay notify everyone at once: k-1 conflicts again', () => {
    const k = 4;
    for (const payload of ['id-only', 'full-resource'] as const) {
      const base = tinyWorldConfig();
      const r = runE(contention(k, { discovery: 'subscription', subscription: { ...base.subscription, payload } }));
      expect(r.completed).toBe(ORDERS);
      expect(r.conflicts).toBe((k - 1) * ORDERS);
    }
  });

  it('a filler without a free slot does not claim; the Task waits for whoever has room', () => {
    // One filler, capacity 1, work longer than the gap between orders: Tasks queue as open
    // Tasks and are claimed one at a time, never with a conflict.
    const r = runE(contention(1, { fillers: { count: 1, capacity: 1, processing: new Constant(10 * MINUTE), acceptProbability: 1 } }));
    expect(r.conflicts).toBe(0);
    // One claim per Task taken on (the last may still be in progress at the horizon).
    expect(r.claims).toBe(r.accepted);
    expect(r.accepted - r.completed).toBeLessThanOrEqual(1);
    expect(r.completed).toBeGreaterThan(10);
  });
});
