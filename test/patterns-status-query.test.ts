import { describe, expect, it } from 'vitest';
import { SECOND } from '../src/engine/index.js';
import { PATTERN_IDS, patterns, tinyWorldConfig, traceOneOrder } from '../src/patterns/index.js';

describe('J: status queries while an order is open', () => {
  it.each(['D', 'E', 'F', 'G'] as const)('%s: GET Task?focus= every 30 s until the placer knows the outcome', (id) => {
    const t = traceOneOrder(patterns[id], tinyWorldConfig({ statusQuery: { interval: 30 * SECOND, via: 'search' } }));
    const queries = t.lines.filter((l) => l.from === 'placer/0' && l.text.startsWith('GET Task?focus='));
    expect(t.order.outcome).toBe('completed');
    // Queries start 30 s after the placer knows where its Task is, and stop once it knows the outcome.
    const open = (t.order.outcomeKnownAt - t.order.placedAt) / SECOND;
    expect(queries.length).toBeGreaterThanOrEqual(Math.floor(open / 30) - 2);
    expect(queries.length).toBeLessThanOrEqual(Math.ceil(open / 30));
    for (let i = 1; i < queries.length; i++) expect((queries[i]!.sentAt - queries[i - 1]!.sentAt) / SECOND).toBeCloseTo(30, 3);
    expect(queries.every((q) => q.kind === 'search' && q.status === 200)).toBe(true);
  });

  it('by operation: $status calls, counted as operations', () => {
    const t = traceOneOrder(patterns.D, tinyWorldConfig({ statusQuery: { interval: 30 * SECOND, via: 'operation' } }));
    const calls = t.lines.filter((l) => l.text === 'POST $status');
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.every((c) => c.kind === 'operation')).toBe(true);
  });

  it('a status query can be how the placer learns: with polls far apart it learns completion from a query', () => {
    const base = tinyWorldConfig();
    const t = traceOneOrder(patterns.F, tinyWorldConfig({ polling: { ...base.polling, interval: 3600 * SECOND }, statusQuery: { interval: 30 * SECOND, via: 'search' } }));
    // Work ends at 601.048 s; queries run every 30 s from 1.088 s, so the one at 601.088 s
    // (answered at 601.183 s) finds the Task completed; the GET of the event returns at 601.267 s.
    // Polls alone (hourly) would have told it at 3600 s.
    expect(t.order.outcomeKnownAt / SECOND).toBeCloseTo(601.088 + 0.095 + 0.084, 3);
  });

  it('is off for patterns that are not Task-based', () => {
    for (const id of PATTERN_IDS.filter((p) => !patterns[p].taskBased)) {
      const t = traceOneOrder(patterns[id], tinyWorldConfig({ statusQuery: { interval: 30 * SECOND, via: 'search' } }));
      expect(t.lines.some((l) => l.text.startsWith('GET Task?focus='))).toBe(false);
    }
  });
});
