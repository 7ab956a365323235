import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/engine/index.js';
import { MessageTrace, World, collectRunOutcome, type FillerConfig, type WorldConfig } from '../src/models/index.js';
import { BUSINESS, patterns, tinyWorldConfig, type Pattern } from '../src/patterns/index.js';

/** The tiny world with two orders 10 s apart for one filler with one slot and 10 min of work. */
function twoOrders(whenBusy: FillerConfig['whenBusy'], fillers = 1): WorldConfig {
  const base = tinyWorldConfig();
  return tinyWorldConfig({
    horizon: 90 * MINUTE,
    placers: { count: 1, meanInterarrival: 10 * SECOND, arrivals: 'fixed', maxOrders: 2, firstArrival: SECOND },
    fillers: { ...base.fillers, count: fillers, whenBusy },
  });
}

function run(pattern: Pattern, config: WorldConfig): { world: World; trace: MessageTrace } {
  const world = new World(config);
  const trace = new MessageTrace();
  world.network.tracer = trace;
  pattern.setup(world);
  world.run();
  return { world, trace };
}

describe('a full filler queues, refuses or holds, by fillers.whenBusy', () => {
  for (const id of ['D', 'F', 'G'] as const) {
    it(`${id} queue: both accepted; the second waits for the slot`, () => {
      const { world } = run(patterns[id], twoOrders('queue'));
      const [a, b] = world.ledger.all();
      expect(a?.outcome).toBe('completed');
      expect(b?.outcome).toBe('completed');
      // Accepted long before its work could start: the wait is in the filler's queue.
      expect((b?.acceptedAt ?? 0) < (a?.jobEndedAt ?? 0)).toBe(true);
      expect(b?.jobStartedAt).toBe(a?.jobEndedAt);
      expect(collectRunOutcome(world).extra.declines_busy).toBe(0);
    });

    it(`${id} refuse: the second is refused as busy and ends rejected`, () => {
      const { world, trace } = run(patterns[id], twoOrders('refuse'));
      const [a, b] = world.ledger.all();
      expect(a?.outcome).toBe('completed');
      expect(b?.outcome).toBe('rejected');
      expect(b?.outcomeKnownAt).toBeGreaterThan(0);
      expect(b?.jobQueuedAt).toBe(-1);
      expect(collectRunOutcome(world).extra.declines_busy).toBe(1);
      // The refusal says why: D and G update the offered Task, F creates its Task rejected.
      if (id === 'F') {
        const tasks = world.servers.flatMap((s) => s.store.search({ type: 'Task', where: { owner: 'filler/0' } }).resources).filter((t) => t.order === b?.id);
        expect(tasks.map((t) => [t.status, t.businessStatus])).toEqual([['rejected', BUSINESS.busy]]);
      } else {
        expect(trace.lines.filter((l) => l.order === b?.id && l.text.includes(`(status=rejected, businessStatus=${BUSINESS.busy})`)).map((l) => l.status)).toEqual([200]);
      }
    });

    it(`${id} hold: the second offer waits unanswered until the slot is free, then is accepted`, () => {
      // G: the broker waits longer than the 10 min the offer is held (see the next test).
      const base = twoOrders('hold');
      const { world } = run(patterns[id], { ...base, broker: { ...base.broker, assignTimeout: 30 * MINUTE } });
      const [a, b] = world.ledger.all();
      expect(a?.outcome).toBe('completed');
      expect(b?.outcome).toBe('completed');
      // Accepted only once the first job freed the slot; the slot wait counts from the hold.
      expect(b?.acceptedAt).toBeGreaterThanOrEqual(a?.jobEndedAt ?? Infinity);
      expect((b?.jobQueuedAt ?? 0) < (a?.jobEndedAt ?? 0)).toBe(true);
      expect(b?.jobStartedAt).toBeGreaterThanOrEqual(a?.jobEndedAt ?? Infinity);
      expect(collectRunOutcome(world).extra.declines_busy).toBe(0);
    });
  }

  it('G hold: an offer held longer than assignTimeout is withdrawn; the late accept meets a conflict and the slot is given back', () => {
    const { world, trace } = run(patterns.G, twoOrders('hold'));
    const [a, b] = world.ledger.all();
    expect(a?.outcome).toBe('completed');
    expect(b?.outcome).toBe('rejected');
    const accepts = trace.lines.filter((l) => l.order === b?.id && l.from === 'filler/0' && l.text.includes('(status=accepted)'));
    expect(accepts.map((l) => l.status)).toEqual([412]);
    expect(world.fillers[0]?.slots.inUse).toBe(0);
  });

  it('G refuse: the broker offers the refused order to the next filler, which takes it', () => {
    // With preference selection both orders are offered to filler 0 first.
    const base = twoOrders('refuse', 2);
    const { world } = run(patterns.G, { ...base, broker: { ...base.broker, selection: 'preference' } });
    const [a, b] = world.ledger.all();
    expect(a?.filler).toBe(0);
    expect(b?.outcome).toBe('completed');
    expect(b?.filler).toBe(1);
    expect(collectRunOutcome(world).extra.declines_busy).toBe(1);
  });

  it('H and I must answer at once: refuse says no, hold queues the work', () => {
    for (const id of ['H', 'I'] as const) {
      const refused = run(patterns[id], twoOrders('refuse')).world.ledger.all();
      expect(refused.map((o) => o.outcome)).toEqual(['completed', 'rejected']);
      const held = run(patterns[id], twoOrders('hold')).world.ledger.all();
      expect(held.map((o) => o.outcome)).toEqual(['completed', 'completed']);
      expect(held[1]?.jobStartedAt).toBe(held[0]?.jobEndedAt);
    }
  });

  it('with a free slot, whenBusy changes nothing: the business decision alone refuses', () => {
    for (const whenBusy of ['queue', 'refuse', 'hold'] as const) {
      const base = tinyWorldConfig();
      const config = tinyWorldConfig({ fillers: { ...base.fillers, capacity: 4, whenBusy }, placers: { count: 1, meanInterarrival: 10 * SECOND, arrivals: 'fixed', maxOrders: 2, firstArrival: SECOND } });
      const outcomes = run(patterns.D, config).world.ledger.all().map((o) => o.outcome);
      expect(outcomes).toEqual(['completed', 'completed']);
    }
  });
});
