import { describe, expect, it } from 'vitest';
import { OpenOrders, OrderLedger } from '../src/models/index.js';

// A placer's open orders are a flag in each order's ledger entry and a count: these are the
// answers the placer's former Map gave, which the patterns and the pollers rely on.

describe("a placer's open orders", () => {
  it('are its own orders, placed and not yet closed; a close counts once', () => {
    const ledger = new OrderLedger(0);
    const mine = new OpenOrders(ledger, 0);
    const theirs = new OpenOrders(ledger, 1);
    const a = ledger.place(0, 10);
    const b = ledger.place(1, 20);
    const c = ledger.place(0, 30);
    mine.add(a.id);
    theirs.add(b.id);
    mine.add(c.id);
    mine.add(c.id);
    expect([mine.size, theirs.size]).toEqual([2, 1]);
    expect([a.id, b.id, c.id].map((id) => mine.has(id))).toEqual([true, false, true]);
    expect([a.id, b.id, c.id].map((id) => theirs.has(id))).toEqual([false, true, false]);
    // Another placer's order is not closed by this one, and a closed order closes once.
    expect(mine.delete(b.id)).toBe(false);
    expect(theirs.has(b.id)).toBe(true);
    expect(mine.delete(a.id)).toBe(true);
    expect(mine.delete(a.id)).toBe(false);
    expect(mine.size).toBe(1);
    expect(mine.has(a.id)).toBe(false);
    // Ids never placed are not open; the order's other flags are untouched by its opening and closing.
    expect([mine.has(-1), mine.has(3), mine.has(1e9)]).toEqual([false, false, false]);
    expect(ledger.order(a.id)?.outcome).toBe('open');
    expect(ledger.order(a.id)?.measured).toBe(true);
    expect(ledger.order(a.id)?.cancelRequested).toBe(false);
  });

  it('are kept for orders in any chunk of the ledger', () => {
    const ledger = new OrderLedger(0);
    const open = new OpenOrders(ledger, 2);
    const ids: number[] = [];
    for (let i = 0; i < 10_000; i++) ids.push(ledger.place(i % 3, i).id);
    for (const id of ids) if (id % 3 === 2) open.add(id);
    for (const id of ids) if (id % 6 === 5) open.delete(id);
    expect(open.size).toBe(ids.filter((id) => id % 3 === 2 && id % 6 !== 5).length);
    expect(ids.filter((id) => open.has(id))).toEqual(ids.filter((id) => id % 6 === 2));
  });
});
