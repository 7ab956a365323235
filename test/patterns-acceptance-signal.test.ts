import { describe, expect, it } from 'vitest';
import { collectRunOutcome } from '../src/models/index.js';
import { PATTERN_IDS, patterns, traceOneOrder } from '../src/patterns/index.js';

// A, B and C tell the placer nothing between sending the request and seeing the event (seed:
// "no indication of agreement"), so "acceptance known" must stay empty for them rather than
// echo the end-to-end figure; every other pattern tells it before completion.
describe('acceptance is known only where the pattern signals it', () => {
  for (const id of PATTERN_IDS) {
    it(id, () => {
      const t = traceOneOrder(patterns[id]);
      expect(t.order.outcome).toBe('completed');
      expect(t.order.outcomeKnownAt).toBeGreaterThan(0);
      const m = collectRunOutcome(t.world).metrics;
      if (patterns[id].signalsAcceptance) {
        expect(t.order.acceptKnownAt).toBeGreaterThan(0);
        expect(t.order.acceptKnownAt).toBeLessThanOrEqual(t.order.outcomeKnownAt);
        expect(m.latency_accept_known_mean_s).toBeGreaterThan(0);
      } else {
        expect(t.order.acceptKnownAt).toBe(-1);
        expect(m.latency_accept_known_mean_s).toBeNaN();
        expect(m.latency_accept_known_p99_s).toBeNaN();
      }
    });
  }
  it('only A, B and C are silent', () => {
    expect(PATTERN_IDS.filter((id) => !patterns[id].signalsAcceptance)).toEqual(['A', 'B', 'C']);
  });
});
