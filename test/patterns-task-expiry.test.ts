import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/engine/index.js';
import type { WorldConfig } from '../src/models/index.js';
import { BUSINESS, patterns, tinyWorldConfig, traceOneOrder } from '../src/patterns/index.js';

const withdrawal = `(status=cancelled, businessStatus=${BUSINESS.unclaimed})`;

/** The tiny world with a task expiry and fillers that may refuse everything. */
function world(expiry: number, acceptProbability = 1, extra: Partial<WorldConfig> = {}): WorldConfig {
  const base = tinyWorldConfig();
  return tinyWorldConfig({ horizon: 3 * 60 * MINUTE, task: { expiry }, fillers: { ...base.fillers, acceptProbability }, ...extra });
}

describe('task.expiry: a Task nobody takes is withdrawn by its placer and the order ends rejected (unclaimed)', () => {
  it('E: an open Task no filler wants is withdrawn after the expiry; the order is rejected and its placer knows', () => {
    const t = traceOneOrder(patterns.E, world(30 * MINUTE, 0));
    // Placed at 1 s; the transaction (two entries) is answered at 1.096 s; the withdrawal is sent 30 min later.
    const put = t.lines.filter((l) => l.from === 'placer/0' && l.text.includes(withdrawal));
    expect(put.map((l) => [l.sentAt / SECOND, l.status])).toEqual([[1.096 + 1800, 200]]);
    expect(put[0]?.text).toBe(`PUT Task/2 If-Match W/"1" ${withdrawal}`);
    expect(t.order.outcome).toBe('rejected');
    expect(t.order.outcomeKnownAt / SECOND).toBeCloseTo(1.096 + 1800 + 0.088, 6);
  });

  it('no expiry (0): the unwanted order stays open to the horizon', () => {
    const t = traceOneOrder(patterns.E, world(0, 0));
    expect(t.lines.some((l) => l.text.includes(withdrawal))).toBe(false);
    expect(t.order.outcome).toBe('open');
  });

  it('E: a Task claimed before the expiry but not yet known claimed: the withdrawal meets 412, the placer re-reads and lets it be', () => {
    // The claim lands at 60.2 s; the placer polls every minute and learns of it at 120 s. At
    // 91 s its view still says requested, so it tries to withdraw on the stale version.
    const t = traceOneOrder(patterns.E, world(90 * SECOND));
    const put = t.lines.filter((l) => l.from === 'placer/0' && l.text.includes(withdrawal));
    expect(put.map((l) => l.status)).toEqual([412]);
    expect(t.lines.some((l) => l.from === 'placer/0' && l.text === 'GET Task/2' && l.sentAt > (put[0]?.sentAt ?? 0))).toBe(true);
    expect(t.order.outcome).toBe('completed');
  });

  it('D: an offer held by a full filler past the expiry is withdrawn; the late accept gets 412 and the slot is given back', () => {
    const base = world(5 * MINUTE);
    const config: WorldConfig = {
      ...base,
      placers: { count: 1, meanInterarrival: 10 * SECOND, arrivals: 'fixed', maxOrders: 2, firstArrival: SECOND },
      fillers: { ...base.fillers, whenBusy: 'hold' },
    };
    const t = traceOneOrder(patterns.D, config);
    const [first, second] = t.world.ledger.all();
    expect(first?.outcome).toBe('completed');
    expect(second?.outcome).toBe('rejected');
    expect(second?.outcomeKnownAt).toBeGreaterThan(0);
    const filler = t.world.fillers[0];
    expect(filler?.slots.inUse).toBe(0);
    expect(filler?.slots.waiting).toBe(0);
  });

  it('G: offers expire by the broker (assignTimeout), not by task.expiry', () => {
    const t = traceOneOrder(patterns.G, world(5 * MINUTE, 0));
    expect(t.lines.some((l) => l.text.includes(withdrawal))).toBe(false);
    expect(t.order.outcome).toBe('rejected');
  });
});
