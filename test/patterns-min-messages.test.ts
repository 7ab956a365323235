import { describe, expect, it } from 'vitest';
import { Constant, MINUTE, SECOND } from '../src/engine/index.js';
import { patterns, tinyWorldConfig, traceOneOrder, type PatternId } from '../src/patterns/index.js';

// DESIGN.md section 4: minimum messages per order on the happy path with one filler, where a
// discovery by polling counts as one message ("polls are charged by time"). We count the
// order's remote messages that are not searches, and add one per discovery step the design's
// sequence has: e.g. B = POST request, POST event (2) + filler finds it, placer finds it (2).
// The placer marking its request completed is one message where the request is not on its own
// server (E, F, G); in D it is a write to the placer's own server, not a message.
const cases: { id: PatternId; discoveries: number; design: number; overrides?: Parameters<typeof tinyWorldConfig>[0] }[] = [
  { id: 'A', discoveries: 0, design: 2 },
  { id: 'B', discoveries: 2, design: 4 },
  { id: 'D', discoveries: 1, design: 4 },
  { id: 'E', discoveries: 2, design: 9 },
  { id: 'F', discoveries: 1, design: 4 },
  { id: 'G', discoveries: 3, design: 11 },
  { id: 'H', discoveries: 0, design: 4 },
  { id: 'H', discoveries: 0, design: 2, overrides: { messaging: { mode: 'sync', ackTimeout: 30 * SECOND, retries: 3 } } },
  // Synchronous work must fit in the HTTP exchange: the tiny world's 10 min of work, under a 15 min timeout.
  { id: 'I', discoveries: 0, design: 1, overrides: { service: { mode: 'sync' }, network: { ...tinyWorldConfig().network, timeout: 15 * MINUTE } } },
];

function remoteNonSearch(id: PatternId, overrides: Parameters<typeof tinyWorldConfig>[0] = {}): number {
  const t = traceOneOrder(patterns[id], tinyWorldConfig(overrides));
  expect(t.order.outcome).toBe('completed');
  expect(t.order.outcomeKnownAt).toBeGreaterThan(0);
  return t.lines.filter((l) => l.remote && l.kind !== 'search' && l.kind !== 'page').length;
}

describe('minimum messages per order on the happy path (DESIGN.md section 4)', () => {
  it.each(cases)('$id: $design', ({ id, discoveries, design, overrides }) => {
    expect(remoteNonSearch(id, overrides) + discoveries).toBe(design);
  });

  it('C: 4 with full-resource notifications, 6 with id-only (one read after each)', () => {
    const sub = (payload: 'full-resource' | 'id-only') => ({ subscription: { payload, matchDelay: 0, batchInterval: 0, loss: 0, retries: 3, heartbeat: 0 } });
    expect(remoteNonSearch('C', sub('full-resource'))).toBe(4);
    expect(remoteNonSearch('C', sub('id-only'))).toBe(6);
  });

  it('I async: the call and one status check when the work is done before the first check', () => {
    const base = tinyWorldConfig();
    const fast = { fillers: { ...base.fillers, processing: new Constant(30 * SECOND) } };
    expect(remoteNonSearch('I', fast)).toBe(2);
  });

  it('G: five more per rejection (filler finds it, reads the request, rejects, broker learns, broker offers the next)', () => {
    // Find a seed where filler 0 declines and filler 1 accepts (each filler's decision is keyed by the order and the filler).
    let found = false;
    for (let seed = 1; seed <= 60 && !found; seed++) {
      const base = tinyWorldConfig({ seed });
      const config = tinyWorldConfig({ seed, fillers: { ...base.fillers, count: 2, acceptProbability: 0.5 } });
      const t = traceOneOrder(patterns.G, config);
      if (t.world.ledger.declines !== 1 || t.order.outcome !== 'completed' || t.order.filler !== 1) continue;
      found = true;
      const nonSearch = t.lines.filter((l) => l.remote && l.kind !== 'search' && l.kind !== 'page').length;
      // discoveries: broker detects, filler 0 detects, broker learns of the rejection, filler 1 detects, placer learns
      expect(nonSearch + 5).toBe(11 + 5);
    }
    expect(found).toBe(true);
  });
});
