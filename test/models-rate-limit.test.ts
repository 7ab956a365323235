import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../src/engine/index.js';
import { RATE_LIMIT_RETRIES, World, collectRunOutcome, type Attempt, type RequestTarget } from '../src/models/index.js';
import { patterns } from '../src/patterns/index.js';
import { parseScenario, toWorldConfig } from '../src/scenario/index.js';
import { c, rig, server as rigServer, serverConfig, worldConfig } from './support/world-config.js';

// A server's rate limit is a token bucket per client in front of its workers: a request
// beyond it is answered 429 with the wait until the client's next token (Retry-After); the
// client waits that long and sends again, and gives up (as after a timeout) after a few.

describe('rate limits (429)', () => {
  it('by hand: burst 2 at 1/s: the third of three requests at once gets 429 and is served 1 s later; the bucket refills', () => {
    const r = rig();
    const server = rigServer(r, 'q', { rateLimit: { perSecond: 1, burst: 2 } });
    const answered: [number, number][] = [];
    for (let i = 0; i < 3; i++) {
      r.network.call('placer/0', server, { kind: 'read', type: 'Task', id: 'x' }, 'placer-server', (res) => answered.push([res.status, r.sim.now]));
    }
    r.sim.run();
    // Latency 10 ms each way, read 4 ms: the first two at 24 ms; the third is told to wait
    // 1 s (2 tokens spent at 10 ms), resends at 1.020 s, arrives 1.030 s, answered 1.044 s.
    expect(answered).toEqual([[404, 24_000], [404, 24_000], [404, 1_044_000]]);
    expect(r.traffic.rateLimited).toBe(1);
    expect(r.traffic.retries).toBe(1);
  });

  it('a client always refused gives up after RATE_LIMIT_RETRIES resends, with status 0 as after a timeout', () => {
    const r = rig();
    let seen = 0;
    const alwaysBusy: RequestTarget = {
      name: 'busy',
      receive(attempt: Attempt) {
        seen++;
        r.network.respond(attempt, { status: 429, body: { retryAfter: SECOND } });
      },
    };
    const got: [number, number][] = [];
    r.network.call('placer/0', alwaysBusy, { kind: 'read', type: 'Task', id: 'x' }, 'placer-server', (res) => got.push([res.status, r.sim.now]));
    r.sim.run();
    expect(seen).toBe(1 + RATE_LIMIT_RETRIES);
    // Each round trip 20 ms, then 1 s of Retry-After, eight times; the ninth answer ends it.
    expect(got).toEqual([[0, (1 + RATE_LIMIT_RETRIES) * 20_000 + RATE_LIMIT_RETRIES * SECOND]]);
    expect(r.traffic.timedOut).toBe(1);
  });

  it('B: fillers polling every 5 s against a limit of 6 per minute per client are slowed, not broken: every order completes, 429s counted', () => {
    const cfg = worldConfig({
      horizon: 2 * HOUR,
      placers: { count: 4, meanInterarrival: 10 * MINUTE, arrivals: 'poisson' },
      fillers: { count: 2, capacity: 20, processing: c(5 * MINUTE), acceptProbability: 1 },
      polling: { interval: 5 * SECOND, jitter: 0, phase: 'random' },
      server: { ...serverConfig({ rateLimit: { perSecond: 0.1, burst: 3 } }), host: 'intermediary' },
    });
    const w = new World(cfg);
    patterns.B.setup(w);
    w.run();
    const m = collectRunOutcome(w).metrics;
    expect(m.rate_limited).toBeGreaterThan(500);
    for (const o of w.ledger.orders()) if (o.placedAt < HOUR) expect(o.outcome, `order ${o.id}`).toBe('completed');
    const free = new World({ ...cfg, server: { ...cfg.server, rateLimit: undefined } });
    patterns.B.setup(free);
    free.run();
    expect(collectRunOutcome(free).metrics.rate_limited).toBe(0);
  });

  it('scenario files: server.rateLimit with a rate and a burst', () => {
    const w = toWorldConfig(parseScenario('name: r\nserver: { rateLimit: { perClient: 120/min, burst: 5 } }\n', 'r.yaml'), 1);
    expect(w.server.rateLimit).toEqual({ perSecond: 2, burst: 5 });
    expect(() => parseScenario('name: r\nserver: { rateLimit: { perClient: -1 } }\n', 'r.yaml')).toThrow(/server\.rateLimit\.perClient: expected a positive rate/);
  });
});
