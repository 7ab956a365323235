import { describe, expect, it } from 'vitest';
import { OrderLedger } from '../src/models/index.js';

describe('orders are handles on the ledger columns', () => {
  it('every handle on an order reads what any other wrote, for orders on both sides of a chunk boundary', () => {
    // 4096 orders a chunk: ids 4094..4098 straddle the first boundary; the warm-up ends at 5000 us.
    const ledger = new OrderLedger(5000);
    for (let id = 0; id < 9000; id++) ledger.place(id % 7, id * 10, id + 0.25);
    expect(ledger.size).toBe(9000);
    for (const id of [0, 4095, 4096, 4097, 8191, 8192, 8999]) {
      const a = ledger.order(id)!;
      expect([a.id, a.placer, a.key, a.placedAt, a.filler, a.outcome, a.measured]).toEqual([id, id % 7, id + 0.25, id * 10, -1, 'open', id * 10 >= 5000]);
      ledger.received(a, 3, id * 10 + 1);
      a.cancelRequested = true;
      ledger.finish(a, 'cancelled', id * 10 + 2);
      const b = ledger.order(id)!;
      expect(b).not.toBe(a);
      expect([b.filler, b.receivedAt, b.finishedAt, b.outcome, b.cancelRequested, b.measured]).toEqual([3, id * 10 + 1, id * 10 + 2, 'cancelled', true, id * 10 >= 5000]);
      // Its neighbours are untouched.
      for (const n of [id - 1, id + 1]) {
        const c = ledger.order(n);
        if (c !== undefined && ![0, 4095, 4096, 4097, 8191, 8192, 8999].includes(n)) expect([c.filler, c.outcome, c.cancelRequested, c.receivedAt]).toEqual([-1, 'open', false, -1]);
      }
    }
    expect(ledger.order(9000)).toBeUndefined();
    expect(ledger.order(-1)).toBeUndefined();
    // Outcome counts read the flags column: measured orders only (placed at >= 5000 us: ids 500 and up; order 0 is not).
    expect(ledger.countOutcomes()).toEqual({ completed: 0, rejected: 0, cancelled: 6, failed: 0, open: 8494 });
    expect(ledger.measuredCount).toBe(8500);
    expect([...ledger.orders()].map((o) => o.id)).toEqual(ledger.all().map((o) => o.id));
    ledger.clear();
    expect([ledger.size, ledger.order(0)]).toEqual([0, undefined]);
  });
});
