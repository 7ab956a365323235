import { describe, expect, it } from 'vitest';
import { SECOND } from '../src/engine/index.js';
import { World, collectRunOutcome } from '../src/models/index.js';
import { BUSINESS, patterns, tinyWorldConfig, traceOneOrder } from '../src/patterns/index.js';

/** Tiny world with two fillers for the broker to choose from. */
function twoFillers(overrides: Parameters<typeof tinyWorldConfig>[0] = {}) {
  const base = tinyWorldConfig(overrides);
  return tinyWorldConfig({ ...overrides, fillers: { ...base.fillers, count: 2 } });
}

describe('G: the broker reassigns on rejection and on silence', () => {
  it('a rejection makes the broker offer the order to the next filler', () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const base = twoFillers({ seed });
      const t = traceOneOrder(patterns.G, tinyWorldConfig({ seed, fillers: { ...base.fillers, acceptProbability: 0.5 } }));
      const offers = t.lines.filter((l) => l.from === 'broker' && l.text.startsWith('POST Task'));
      const rejections = t.lines.filter((l) => l.text.includes('(status=rejected)') && l.status === 200);
      if (rejections.length === 0) continue;
      checked++;
      // Every rejection is followed by a new offer while a filler is left, and no filler is offered the order twice.
      const offered = t.world.serverNamed('intermediary').store.search({ type: 'Task', where: { requester: 'placer/0' } }).resources.map((x) => x.owner);
      expect(new Set(offered).size).toBe(offered.length);
      if (rejections.length === 1 && t.order.outcome === 'completed') expect(offers.length).toBe(2);
      if (rejections.length === 2) {
        // Both fillers refused: the last Task is marked unassignable and the order rejected.
        expect(offers.length).toBe(2);
        expect(t.order.outcome).toBe('rejected');
        expect(t.lines.some((l) => l.text.includes(`businessStatus=${BUSINESS.unassignable}`))).toBe(true);
        expect(t.order.outcomeKnownAt).toBeGreaterThan(0);
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('a filler that does not answer within assignTimeout is timed out and the order goes to the next', () => {
    // The broker offers at 60.14 s; filler 0 first looks at 120 s. With a 30 s timeout the
    // broker withdraws the Task at 90 s and offers it to filler 1, which takes it at 120 s.
    const base = twoFillers();
    const t = traceOneOrder(patterns.G, twoFillers({ broker: { ...base.broker, assignTimeout: 30 * SECOND } }));
    const withdrawn = t.lines.filter((l) => l.from === 'broker' && l.text.includes(`status=cancelled, businessStatus=${BUSINESS.reassigned}`));
    expect(withdrawn.length).toBeGreaterThanOrEqual(1);
    expect(withdrawn[0]?.status).toBe(200);
    expect(t.order.outcome).toBe('completed');
    expect(t.order.filler).toBe(1);
  });

  it('a late acceptance of a withdrawn Task gets a conflict', () => {
    // Filler 0's poll at 120 s sees the Task still requested; it reads the request (answered at
    // 120.179 s) and its accept reaches the server at 120.219 s. A timeout of 59.95 s lands the
    // broker's withdrawal at 60.183 + 59.95 + 0.04 = 120.173 s: between the two, so the accept
    // is stale. The second offer (answered at 120.309 s) times out at 180.259 s, after filler 1's
    // accept, so filler 1 gets the order.
    const base = twoFillers();
    const t = traceOneOrder(patterns.G, twoFillers({ broker: { ...base.broker, assignTimeout: 59.95 * SECOND } }));
    const lateAccept = t.lines.find((l) => l.from === 'filler/0' && l.text.includes('(status=accepted)'));
    expect(lateAccept?.status).toBe(412);
    expect(t.order.outcome).toBe('completed');
    expect(t.order.filler).toBe(1);
    expect(collectRunOutcome(t.world).metrics.etag_conflicts).toBeGreaterThanOrEqual(1);
  });

  it('least-loaded spreads orders over fillers; preference sends them all to the first one that accepts', () => {
    const counts = (selection: 'preference' | 'least-loaded'): number[] => {
      const base = tinyWorldConfig();
      const world = new World(tinyWorldConfig({
        horizon: 4 * 3600 * SECOND,
        placers: { count: 2, meanInterarrival: 300 * SECOND, arrivals: 'poisson' },
        fillers: { ...base.fillers, count: 3, capacity: 4 },
        broker: { selection, assignTimeout: 600 * SECOND },
      }));
      patterns.G.setup(world);
      world.run();
      const byFiller = [0, 0, 0];
      for (const o of world.ledger.orders()) if (o.acceptedAt >= 0) byFiller[o.filler]!++;
      return byFiller;
    };
    const pref = counts('preference');
    expect(pref[1]! + pref[2]!).toBe(0);
    const spread = counts('least-loaded');
    expect(Math.min(...spread)).toBeGreaterThan(0);
  });
});
