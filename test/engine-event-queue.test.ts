import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../src/engine/index.js';
import { EventQueue } from '../src/engine/event-queue.js';

/**
 * The pending-event set against a plain sorted list, with times spread over the whole range
 * (both 32-bit halves of a time), runs stopped at `until`, lanes whose heads come first, and
 * most events cancelled. (Written to check a radix heap and a lazily cancelling heap tried
 * in its place; the lazy one is the queue now: no faster on the shipped scenarios, 3-7%
 * on a whole country, where hundreds of thousands of events are pending.)
 */
type Op =
  | { kind: 'add'; delay: number }
  | { kind: 'lane'; lane: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'step' }
  | { kind: 'until'; ahead: number };

const TWO_32 = 2 ** 32;
const LANE_DELAYS = [0, 3, 2 ** 33 + 5];

/**
 * Delays of every scale: small ones, ties, ones around a second (the queue's near heap takes
 * what is due before a bound a second past the far heap's earliest event, so equal times meet
 * on both sides of it), ones around 2^32 and far ones.
 */
const delay = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 999_980, max: 1_000_020 }),
  fc.constantFrom(0, 1, 2 ** 31, TWO_32 - 1, TWO_32, TWO_32 + 1, 3 * TWO_32),
  fc.integer({ min: 0, max: 2 ** 45 }),
);

describe('event queue', () => {
  it('runs events in (time, scheduling) order across the whole time range, with lanes, until and cancellation (property)', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), delay }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('lane' as const), lane: fc.integer({ min: 0, max: LANE_DELAYS.length - 1 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('step' as const) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('until' as const), ahead: delay }) },
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 300 }), (drawn: Op[]) => {
        // 64 events first: a queue that small is one heap, and this one is to use both of its heaps.
        const ops: Op[] = [...Array.from({ length: 64 }, (): Op => ({ kind: 'add', delay: 0 })), ...drawn];
        const sim = new Simulation({ initialCapacity: 16 });
        const ran: string[] = [];
        const expected: string[] = [];
        // The reference: pending events as (time, id) with ids in scheduling order.
        const ref: { time: number; id: number; cancel: () => boolean }[] = [];
        let refNow = 0;
        const record = (id: number): void => {
          ran.push(`${sim.now}:${id}`);
        };
        const runRef = (until: number, max: number): void => {
          ref.sort((a, b) => a.time - b.time || a.id - b.id);
          let n = 0;
          while (n < max && ref.length > 0 && (ref[0] as { time: number }).time < until) {
            const e = ref.shift() as { time: number; id: number };
            refNow = e.time;
            expected.push(`${e.time}:${e.id}`);
            n++;
          }
          if (until !== Infinity && n < max) refNow = until;
        };
        let nextId = 0;
        for (const o of ops) {
          if (o.kind === 'add') {
            const id = nextId++;
            const h = sim.schedule(o.delay, record, id);
            ref.push({ time: refNow + o.delay, id, cancel: () => sim.cancel(h) });
          } else if (o.kind === 'lane') {
            const id = nextId++;
            const lane = sim.timerLane(LANE_DELAYS[o.lane] as number);
            const h = lane.schedule(record, id);
            ref.push({ time: refNow + lane.delay, id, cancel: () => lane.cancel(h) });
          } else if (o.kind === 'cancel') {
            if (ref.length === 0) continue;
            const [victim] = ref.splice(o.pick % ref.length, 1);
            if (!victim!.cancel()) return false;
          } else if (o.kind === 'step') {
            runRef(Infinity, 1);
            sim.step();
          } else {
            runRef(refNow + o.ahead, Infinity);
            sim.run({ until: sim.now + o.ahead });
          }
          if (sim.now !== refNow || sim.pending !== ref.length) return false;
          const least = ref.reduce((t, e) => Math.min(t, e.time), Infinity);
          if (sim.peek() !== least) return false;
        }
        runRef(Infinity, Infinity);
        sim.run();
        expect(ran).toEqual(expected);
        return sim.pending === 0;
      }),
      { numRuns: 400 },
    );
  });

  it("keeps (time, scheduling) order at the near heap's bound, a second past the earliest event it was refilled from", () => {
    const sim = new Simulation({ initialCapacity: 16 });
    const ran: string[] = [];
    const record = (id: string): void => {
      ran.push(`${sim.now}:${id}`);
    };
    const early = (): void => {};
    // 64 events make the queue two heaps at the next push: its bound then is 0 + 1 s.
    for (let i = 0; i < 64; i++) sim.schedule(0, early);
    sim.schedule(2_000_000, record, 'a'); // these three at or after the bound: the far heap
    sim.schedule(2_000_001, record, 'f');
    sim.schedule(3_000_000, record, 'b');
    sim.run({ until: 1 }); // the early ones ran; the near heap refilled with a and f (the bound now 2 s + 1 s, b left far)
    sim.step(); // a
    sim.schedule(1_000_000, record, 'c'); // at the bound: far, after b
    sim.schedule(999_999, record, 'd'); // before it: near
    sim.schedule(0, record, 'e');
    sim.run();
    expect(ran).toEqual(['2000000:a', '2000000:e', '2000001:f', '2999999:d', '3000000:b', '3000000:c']);
  });

  it('drops cancelled events and keeps order when most events are cancelled', () => {
    const sim = new Simulation({ initialCapacity: 16 });
    const ran: number[] = [];
    const record = (id: number): void => {
      ran.push(id);
    };
    // 20,000 events at times spread over a day, 19,000 of them cancelled.
    const handles: number[] = [];
    const times: number[] = [];
    let x = 12345;
    for (let id = 0; id < 20_000; id++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const t = x % 86_400_000_000;
      times.push(t);
      handles.push(sim.schedule(t, record, id));
    }
    const kept: number[] = [];
    for (let id = 0; id < 20_000; id++) {
      if (id % 20 === 7) kept.push(id);
      else expect(sim.cancel(handles[id] as number)).toBe(true);
    }
    expect(sim.pending).toBe(1000);
    kept.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b);
    expect(sim.peek()).toBe(times[kept[0] as number]);
    sim.run();
    expect(ran).toEqual(kept);
    expect(sim.pending).toBe(0);
  });

  it('a cancelled event is gone at once for every reader: size, peek, timeOf, isPending, pop', () => {
    const q = new EventQueue(16);
    const ran: string[] = [];
    const run = (name: string): void => void ran.push(name);
    const a = q.push(10, run, 'a');
    const b = q.push(20, run, 'b');
    const c = q.push(30, run, 'c');
    expect(q.cancel(a)).toBe(true);
    expect(q.cancel(a)).toBe(false);
    expect([q.size, q.peekTime(), q.timeOf(a), q.isPending(a), q.timeOf(b), q.isPending(b)]).toEqual([2, 20, undefined, false, 20, true]);
    // Cancelling the next one too (two of three cancelled) rebuilds the heap from the live one.
    expect(q.cancel(b)).toBe(true);
    expect([q.size, q.peekTime(), q.timeOf(c)]).toEqual([1, 30, 30]);
    const d = q.push(5, run, 'd');
    while (q.size > 0) {
      q.pop();
      (q.poppedHandler as (p: string) => void)(q.poppedPayload as string);
    }
    expect(ran).toEqual(['d', 'c']);
    expect([q.isPending(c), q.isPending(d), q.cancel(c), q.peekTime()]).toEqual([false, false, false, Infinity]);
  });

  it('holds no more than its live events plus a bounded slack of cancelled ones', () => {
    // A timer set far ahead and cancelled at once, 100,000 times over: a queue that kept
    // cancelled entries until their time came would hold 100,000 slots.
    const q = new EventQueue(16);
    const noop = (): void => {};
    for (let i = 0; i < 100_000; i++) q.cancel(q.push(1e12 + i, noop, undefined));
    expect(q.size).toBe(0);
    expect((q as unknown as { capacity: number }).capacity).toBeLessThanOrEqual(8192);
  });
});
