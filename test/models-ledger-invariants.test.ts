import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/engine/index.js';
import { InvariantViolation, ORDER_TIME, OrderLedger, World, collectRunOutcome, type Order } from '../src/models/index.js';
import { worldConfig } from './support/world-config.js';

describe('order ledger: outcomes are invariants', () => {
  it('a second, different outcome throws InvariantViolation naming the order; the same outcome again is harmless', () => {
    const ledger = new OrderLedger(0);
    const o = ledger.place(0, 0);
    ledger.finish(o, 'rejected', 10);
    ledger.finish(o, 'rejected', 20);
    expect(o).toMatchObject({ outcome: 'rejected', finishedAt: 10 });
    let error: unknown;
    try {
      ledger.finish(o, 'completed', 30);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvariantViolation);
    expect((error as InvariantViolation).order).toBe(o.id);
    expect(o.outcome).toBe('rejected');
  });

  it('cancelling a completed order throws', () => {
    const ledger = new OrderLedger(0);
    const o = ledger.place(0, 0);
    ledger.finish(o, 'completed', 10);
    expect(() => ledger.finish(o, 'cancelled', 11)).toThrow(InvariantViolation);
  });

  it('telling the placer an outcome the order does not have throws', () => {
    const ledger = new OrderLedger(0);
    const o = ledger.place(0, 0);
    expect(() => ledger.outcomeKnown(o, 'completed', 5)).toThrow(InvariantViolation);
    ledger.finish(o, 'cancelled', 6);
    expect(() => ledger.outcomeKnown(o, 'completed', 7)).toThrow(InvariantViolation);
    ledger.outcomeKnown(o, 'cancelled', 8);
    expect(o.outcomeKnownAt).toBe(8);
  });
});

describe('order ledger: milestones and latencies', () => {
  it('records each milestone once (the first wins) and the five latencies of a completed order', () => {
    const ledger = new OrderLedger(0);
    const o = ledger.place(2, 100);
    ledger.received(o, 1, 150);
    ledger.received(o, 3, 160);
    ledger.accepted(o, 1, 200);
    ledger.accepted(o, 3, 210);
    ledger.acceptKnown(o, 300);
    ledger.acceptKnown(o, 310);
    // Queued at 220, started at 250 (30 of slot wait), ended at 390 (140 of processing).
    ledger.jobEnded(o, 220, 250, 390);
    ledger.jobEnded(o, 230, 260, 395);
    ledger.finish(o, 'completed', 400);
    ledger.outcomeKnown(o, 'completed', 500);
    ledger.outcomeKnown(o, 'completed', 600);
    expect(o).toMatchObject({ placer: 2, filler: 1, receivedAt: 150, acceptedAt: 200, acceptKnownAt: 300, finishedAt: 400, outcomeKnownAt: 500 });
    const means = Object.fromEntries(Object.entries(ledger.latency).map(([k, v]) => [k, [v.tally.count, v.tally.mean]]));
    expect(o).toMatchObject({ jobQueuedAt: 220, jobStartedAt: 250, jobEndedAt: 390 });
    // Overhead: 400 end to end less 140 processing less 30 slot wait.
    expect(means).toEqual({ receipt: [1, 50], accept_known: [1, 200], complete: [1, 300], e2e: [1, 400], overhead: [1, 230] });
  });

  it('a completed order whose work never ended, or ended outside placement .. completion known, fails the run', () => {
    const ledger = new OrderLedger(0);
    const none = ledger.place(0, 0);
    ledger.finish(none, 'completed', 40);
    expect(() => ledger.outcomeKnown(none, 'completed', 50)).toThrow(/no filler job of it ended/);
    const late = ledger.place(0, 0);
    ledger.jobEnded(late, 10, 20, 60);
    ledger.finish(late, 'completed', 40);
    expect(() => ledger.outcomeKnown(late, 'completed', 50)).toThrow(InvariantViolation);
    const early = ledger.place(0, 100);
    ledger.jobEnded(early, 90, 120, 130);
    ledger.finish(early, 'completed', 140);
    expect(() => ledger.outcomeKnown(early, 'completed', 150)).toThrow(InvariantViolation);
  });

  it('learning of completion implies learning of acceptance', () => {
    const ledger = new OrderLedger(0);
    const o = ledger.place(0, 0);
    ledger.jobEnded(o, 10, 10, 40);
    ledger.finish(o, 'completed', 40);
    ledger.outcomeKnown(o, 'completed', 50);
    expect(o.acceptKnownAt).toBe(50);
    expect(ledger.latency.accept_known.tally.mean).toBe(50);
  });

  it('records latencies only for orders placed at or after the warm-up, and counts only those', () => {
    const ledger = new OrderLedger(1000);
    const orders: Order[] = [ledger.place(0, 10), ledger.place(0, 999), ledger.place(0, 1000), ledger.place(0, 1500)];
    expect(orders.map((o) => o.measured)).toEqual([false, false, true, true]);
    for (const o of orders) {
      ledger.received(o, 0, 2000);
      ledger.jobEnded(o, 2000, 2000, 3000);
      ledger.finish(o, 'completed', 3000);
      ledger.outcomeKnown(o, 'completed', 4000);
    }
    expect(ledger.latency.receipt.tally.count).toBe(2);
    expect(ledger.latency.receipt.tally.mean).toBe((1000 + 500) / 2);
    expect(ledger.latency.e2e.tally.count).toBe(2);
    expect(ledger.latency.overhead.tally.count).toBe(2);
    expect(ledger.latency.overhead.tally.mean).toBe((1000 + 500) / 2 + 1000);
    expect(ledger.measuredCount).toBe(2);
    expect(ledger.countOutcomes()).toEqual({ completed: 2, rejected: 0, cancelled: 0, failed: 0, open: 0 });
  });

  it('rejections and other outcomes record no completion latency', () => {
    const ledger = new OrderLedger(0);
    const o = ledger.place(0, 0);
    ledger.finish(o, 'rejected', 10);
    ledger.outcomeKnown(o, 'rejected', 20);
    expect(ledger.latency.complete.tally.count).toBe(0);
    expect(ledger.latency.e2e.tally.count).toBe(0);
  });
});

describe('world: warm-up and end-of-run invariants', () => {
  it('restarts statistics at the warm-up and measures only orders placed after it', () => {
    const w = new World(worldConfig({ horizon: 20 * MINUTE, warmup: 10 * MINUTE, placers: { count: 1, meanInterarrival: MINUTE, arrivals: 'fixed' } }));
    const q = w.server('q', 'intermediary');
    for (const p of w.placers) {
      p.start({
        onOrder: (_p, o) => {
          w.network.call(p.name, q, { kind: 'create', draft: { type: 'ServiceRequest', order: o.id } }, 'placer-server', () => {
            w.ledger.received(o, 0, w.sim.now);
          });
        },
      });
    }
    w.run();
    expect(w.ledger.all()).toHaveLength(20);
    expect(w.ledger.measuredCount).toBe(10);
    // Creates made before the warm-up are not counted; those after are.
    expect(w.traffic.count('create')).toBe(10);
    expect(q.store.stats.creates).toBe(10);
    expect(q.store.size).toBe(20);
    // Every measured order was received one round trip (2 x 40 ms + 8 ms) after it was placed.
    expect(w.ledger.latency.receipt.tally.count).toBe(10);
    expect(w.ledger.latency.receipt.tally.mean).toBe(88_000);
    const run = collectRunOutcome(w);
    expect(run.metrics.orders_placed).toBe(10);
    expect(run.metrics.interactions_create).toBe(10);
    expect(run.metrics.latency_receipt_mean_s).toBeCloseTo(88_000 / SECOND, 12);
  });

  it('dispose() lets go of pending events, orders, stored resources and open orders', () => {
    const w = new World(worldConfig({ horizon: 10 * MINUTE, placers: { count: 2, meanInterarrival: MINUTE, arrivals: 'fixed' } }));
    const q = w.server('q', 'intermediary');
    for (const p of w.placers) p.start({ onOrder: (_p, o) => w.network.call(p.name, q, { kind: 'create', draft: { type: 'ServiceRequest', order: o.id } }, 'placer-server') });
    w.sim.scheduleAt(20 * MINUTE, () => {});
    w.run();
    // Nobody closes these orders; an event after the horizon is still pending.
    expect(w.sim.pending).toBeGreaterThan(0);
    expect(w.ledger.size).toBeGreaterThan(0);
    expect(w.placers[0]?.open.size).toBeGreaterThan(0);
    expect(q.store.size).toBeGreaterThan(0);
    w.dispose();
    expect(w.sim.pending).toBe(0);
    expect(w.ledger.all()).toHaveLength(0);
    expect(w.placers.map((p) => p.open.size)).toEqual([0, 0]);
    expect(q.store.size).toBe(0);
    expect(q.store.read('ServiceRequest', '1')).toBeUndefined();
    expect(q.store.search({ type: 'ServiceRequest', where: { status: 'active' } }).resources).toHaveLength(0);
  });

  it('checkInvariants fails loudly when an open order has a finish time', () => {
    const w = new World(worldConfig({ horizon: MINUTE }));
    const o = w.ledger.place(0, 0);
    w.run();
    o.setTime(ORDER_TIME.finishedAt, 5);
    expect(() => w.checkInvariants()).toThrow(InvariantViolation);
  });
});

describe('order: its outcome and flags share one field', () => {
  it('each reads back what was set, whatever else was set, across chunks of times', () => {
    const ledger = new OrderLedger(100);
    const orders = Array.from({ length: 9000 }, (_, i) => ledger.place(i % 7, i % 2 === 0 ? 50 : 150, i * 31));
    const ends = ['completed', 'rejected', 'cancelled', 'failed'] as const;
    orders.forEach((o, i) => {
      if (i % 3 === 0) o.cancelRequested = true;
      if (i % 5 !== 0) ledger.finish(o, ends[i % 4] as (typeof ends)[number], 1000 + i);
      if (i % 6 === 0) o.cancelRequested = false;
    });
    orders.forEach((o, i) => {
      expect([o.id, o.placer, o.key, o.measured]).toEqual([i, i % 7, i * 31, i % 2 !== 0]);
      expect(o.outcome).toBe(i % 5 === 0 ? 'open' : ends[i % 4]);
      expect(o.cancelRequested).toBe(i % 3 === 0 && i % 6 !== 0);
      expect([o.placedAt, o.finishedAt]).toEqual([i % 2 === 0 ? 50 : 150, i % 5 === 0 ? -1 : 1000 + i]);
    });
    // Counted in results: the orders placed after the warm-up (odd i): 900 open, the rest rejected (i % 4 = 1) or failed (3).
    expect(ledger.countOutcomes()).toEqual({ completed: 0, rejected: 1800, cancelled: 0, failed: 1800, open: 900 });
  });
});
