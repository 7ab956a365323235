import { describe, expect, it } from 'vitest';
import { Constant, HOUR, MILLISECOND, MINUTE } from '../src/engine/index.js';
import { World } from '../src/models/index.js';
import { patterns, tinyWorldConfig } from '../src/patterns/index.js';

// Synchronous service invocation (I sync) over a lossy network: a lost request or answer is
// retried after network.timeout (1 h here, longer than the 5 min of work), so every order
// ends and the placer learns how; none hangs on an exchange that never times out.
function run(seed: number): World {
  const base = tinyWorldConfig();
  const w = new World(tinyWorldConfig({
    seed,
    horizon: 30 * HOUR,
    placers: { count: 10, meanInterarrival: 24 * MINUTE, arrivals: 'poisson', maxOrders: 20 },
    fillers: { count: 2, capacity: 4, processing: new Constant(5 * MINUTE), acceptProbability: 0.9 },
    network: { latency: new Constant(40 * MILLISECOND), loss: 0.1, timeout: HOUR, retries: 3 },
    server: { ...base.server, workers: 64 },
    service: { mode: 'sync' },
  }));
  patterns.I.setup(w);
  w.run();
  return w;
}

describe('I sync under 10% message loss: every order ends', () => {
  it.each([1, 2, 3])('seed %i', (seed) => {
    const w = run(seed);
    expect(w.ledger.size).toBe(200);
    expect(w.traffic.retries).toBeGreaterThan(10);
    for (const o of w.ledger.orders()) {
      expect(o.outcome, `order ${o.id}`).not.toBe('open');
      // With 4 attempts each way, a placer can still give up (0.1^... rare): then it knows it did.
      if (o.outcomeKnownAt < 0) expect(w.placers[o.placer]?.open.has(o.id)).toBe(false);
    }
    for (const p of w.placers) expect(p.open.size).toBe(0);
    // Every held call was answered in the end: no worker is still held.
    for (const s of w.servers) expect(s.heldRequests).toBe(0);
    const known = w.ledger.all().filter((o) => o.outcomeKnownAt >= 0).length;
    expect(known).toBeGreaterThan(190);
  });
});
