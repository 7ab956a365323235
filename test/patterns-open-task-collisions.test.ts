import { describe, expect, it } from 'vitest';
import { Constant, MILLISECOND, MINUTE, SECOND } from '../src/engine/index.js';
import { InteractionLog, World, collectRunOutcome, type WorldConfig } from '../src/models/index.js';
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

describe('E: a filler that loses a claim moves on through the list it has', () => {
  it('after a 412 it re-reads the Task, then reads the next open request and claims it, without searching again', () => {
    // Two fillers of one slot each poll on the same grid and see the same three open Tasks;
    // both claim the first. The loser takes the second from the list it already has.
    const log = new InteractionLog();
    const world = new World(openTaskRace(2, 3, {
      placers: { count: 1, meanInterarrival: SECOND, arrivals: 'fixed', maxOrders: 3, firstArrival: SECOND },
      fillers: { count: 2, capacity: 1, processing: new Constant(10 * MINUTE), acceptProbability: 1 },
      horizon: 5 * MINUTE,
    }), { log });
    patterns.E.setup(world);
    world.run();
    const conflict = log.entries.find((e) => e.request.kind === 'update' && e.response.status === 412);
    expect(conflict).toBeDefined();
    const loser = (conflict as (typeof log.entries)[number]).actor;
    const after = log.entries
      .filter((e) => e.actor === loser && e.seq > (conflict as (typeof log.entries)[number]).seq && e.at < 2 * MINUTE)
      .map((e) => {
        const r = e.request;
        const what = r.kind === 'search' ? `search ${r.query.type}` : r.kind === 'update' ? `update ${r.type}/${r.id} status=${r.changes.status}` : r.kind === 'read' ? `read ${r.type}/${r.id}` : r.kind;
        return `${what} => ${e.response.status}`;
      });
    const tasks = log.entries.filter((e) => e.request.kind === 'create' && e.response.created !== undefined).map((e) => (e.response.created ?? [])[1]?.id);
    const requests = log.entries.filter((e) => e.request.kind === 'create' && e.response.created !== undefined).map((e) => (e.response.created ?? [])[0]?.id);
    expect(after).toEqual([
      `read Task/${tasks[0]} => 200`,
      `read ServiceRequest/${requests[1]} => 200`,
      `update Task/${tasks[1]} status=accepted => 200`,
      `update Task/${tasks[1]} status=in-progress => 200`,
    ]);
    const m = collectRunOutcome(world).metrics;
    expect(m.etag_conflicts).toBe(1);
    expect(world.ledger.all().filter((o) => o.acceptedAt >= 0 && o.acceptedAt < MINUTE + 5 * SECOND).length).toBe(2);
  });
});

describe('E: a filler reads the open list only as far as it needs', () => {
  it('with two free slots and 120 open Tasks it reads the first page, not the other two', () => {
    const log = new InteractionLog();
    const world = new World(openTaskRace(1, 120, {
      placers: { count: 1, meanInterarrival: 400 * MILLISECOND, arrivals: 'fixed', maxOrders: 120, firstArrival: SECOND },
      fillers: { count: 1, capacity: 2, processing: new Constant(60 * MINUTE), acceptProbability: 1 },
      horizon: 2 * MINUTE,
    }), { log });
    patterns.E.setup(world);
    world.run();
    const byFiller = log.entries.filter((e) => e.actor === 'filler/0' && e.at < 2 * MINUTE);
    // Polls at 0 s (nothing open yet) and 60 s: a search each, the second answered with a page
    // of 50 and a next link it does not follow; two requests read and two Tasks claimed.
    const kinds = byFiller.map((e) => e.request.kind);
    expect(kinds.filter((k) => k === 'search')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'page')).toHaveLength(0);
    const first = byFiller.find((e) => e.request.kind === 'search' && e.at >= MINUTE);
    expect(first?.response.page?.resources).toHaveLength(50);
    expect(first?.response.page?.next).not.toBeNull();
    expect(world.ledger.all().filter((o) => o.acceptedAt >= 0)).toHaveLength(2);
  });
});
