import { describe, expect, it } from 'vitest';
import { HOUR, MILLISECOND, MINUTE } from '../src/engine/index.js';
import { World } from '../src/models/index.js';
import { patterns, tinyWorldConfig, type PatternId } from '../src/patterns/index.js';

// With subscriptions made before the first order, a placer hears of every acceptance as soon
// as the notification (2 ms dispatch, 40 ms delivery) and its id-only read (40 + 4 + 40 ms)
// allow: about 126 ms plus queueing on lightly loaded servers. Had a subscription been made
// lazily, after an order was sent, that order's acceptance would only be known much later
// (through its completion), and the first orders of every placer would break the bound.
const BOUND = 500 * MILLISECOND;

function world(id: PatternId): World {
  const base = tinyWorldConfig();
  const w = new World(tinyWorldConfig({
    horizon: 4 * HOUR,
    discovery: 'subscription',
    placers: { count: 6, meanInterarrival: 30 * MINUTE, arrivals: 'poisson' },
    fillers: { ...base.fillers, count: 3, capacity: 1 },
    subscription: { ...base.subscription, payload: 'id-only', matchDelay: 0 },
  }));
  patterns[id].setup(w);
  w.run();
  return w;
}

describe('D, E and F with subscriptions made at the start learn each acceptance within network and service time', () => {
  for (const id of ['D', 'E', 'F'] as const) {
    it(id, () => {
      const w = world(id);
      const accepted = w.ledger.all().filter((o) => o.acceptedAt >= 0);
      expect(accepted.length).toBeGreaterThan(30);
      for (const o of accepted) {
        expect(o.acceptKnownAt, `order ${o.id}`).toBeGreaterThanOrEqual(o.acceptedAt);
        expect(o.acceptKnownAt - o.acceptedAt, `order ${o.id}`).toBeLessThan(BOUND);
      }
      // One subscription per placer and server holding its Tasks, each with one handshake, at the start.
      const servers = id === 'E' ? 1 : 3;
      expect(w.traffic.count('handshake')).toBe(6 * servers + (id === 'E' ? 3 : 0));
    });
  }
});
