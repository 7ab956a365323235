import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenOrdersByServer, OrderLinks } from '../src/patterns/shared/open-orders-by-server.js';

/** What the placer's poller used to do at each tick: walk the open orders in placement order, collecting each known server once. */
function naive(open: Map<number, true>, where: Map<number, string>): string[] {
  const out: string[] = [];
  for (const id of open.keys()) {
    const s = where.get(id);
    if (s !== undefined && !out.includes(s)) out.push(s);
  }
  return out;
}

type Op =
  | { op: 'place' }
  | { op: 'know'; pick: number; server: string }
  | { op: 'close'; pick: number }
  | { op: 'read' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ op: 'place' }),
  fc.record({ op: fc.constant('know' as const), pick: fc.nat(), server: fc.constantFrom('s0', 's1', 's2', 's3') }),
  fc.record({ op: fc.constant('close' as const), pick: fc.nat() }),
  fc.constant<Op>({ op: 'read' }),
);

describe("a placer's open orders by server", () => {
  it('lists the servers of open orders, oldest open order first, exactly as a walk over the open orders does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const open = new Map<number, true>();
        const placed: number[] = [];
        const where = new Map<number, string>();
        // As Placer does: a count of closings beside the open orders (servers() keeps its answer while it stands).
        const placer = { open, closes: 0 };
        const tracked = new OpenOrdersByServer<string>(placer);
        let next = 0;
        for (const o of ops) {
          if (o.op === 'place') {
            open.set(next, true);
            placed.push(next++);
          } else if (o.op === 'know' && placed.length > 0) {
            // Any order, open or closed, may become known, late and out of placement order, or move.
            const id = placed[o.pick % placed.length] as number;
            const was = where.get(id);
            if (was === o.server) continue;
            if (was !== undefined) tracked.remove(was, id);
            where.set(id, o.server);
            tracked.add(o.server, id);
          } else if (o.op === 'close' && open.size > 0) {
            const ids = [...open.keys()];
            open.delete(ids[o.pick % ids.length] as number);
            placer.closes++;
          } else if (o.op === 'read') {
            expect([...tracked.servers()]).toEqual(naive(open, where));
          }
        }
        expect([...tracked.servers()]).toEqual(naive(open, where));
      }),
      { numRuns: 300 },
    );
  });

  it('placers sharing one set of links (orders numbered across them) each list their own servers', () => {
    const step = fc.record({ who: fc.nat(2), op });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const links = new OrderLinks();
        const placers = [0, 1, 2].map(() => {
          const open = new Map<number, true>();
          const placer = { open, closes: 0 };
          return { open, placer, placed: [] as number[], where: new Map<number, string>(), tracked: new OpenOrdersByServer<string>(placer, links) };
        });
        let next = 0;
        for (const { who, op: o } of steps) {
          const p = placers[who] as (typeof placers)[number];
          if (o.op === 'place') {
            p.open.set(next, true);
            p.placed.push(next++);
          } else if (o.op === 'know' && p.placed.length > 0) {
            const id = p.placed[o.pick % p.placed.length] as number;
            const was = p.where.get(id);
            if (was === o.server) continue;
            if (was !== undefined) p.tracked.remove(was, id);
            p.where.set(id, o.server);
            p.tracked.add(o.server, id);
          } else if (o.op === 'close' && p.open.size > 0) {
            const ids = [...p.open.keys()];
            p.open.delete(ids[o.pick % ids.length] as number);
            p.placer.closes++;
          } else if (o.op === 'read') {
            expect([...p.tracked.servers()]).toEqual(naive(p.open, p.where));
          }
        }
        for (const p of placers) expect([...p.tracked.servers()]).toEqual(naive(p.open, p.where));
      }),
      { numRuns: 300 },
    );
  });

  it('a hand-made case: order 1 on s1, 2 on s2, 3 on s1; closing 1 puts s2 first', () => {
    const open = new Map<number, true>([[1, true], [2, true], [3, true], [4, true]]);
    const placer = { open, closes: 0 };
    const close = (id: number): void => {
      open.delete(id);
      placer.closes++;
    };
    const t = new OpenOrdersByServer<string>(placer);
    t.add('s1', 3);
    t.add('s2', 2);
    t.add('s1', 1);
    expect(t.servers()).toEqual(['s1', 's2']);
    close(1);
    expect(t.servers()).toEqual(['s2', 's1']);
    close(2);
    expect(t.servers()).toEqual(['s1']);
    close(3);
    expect(t.servers()).toEqual([]);
  });

  it('an order that moves off the end of a list leaves the list whole for the next one', () => {
    const open = new Map<number, true>([[1, true], [2, true], [3, true]]);
    const placer = { open, closes: 0 };
    const t = new OpenOrdersByServer<string>(placer);
    t.add('s1', 1);
    t.add('s1', 2);
    t.remove('s1', 2);
    t.add('s2', 2);
    t.add('s1', 3);
    expect(t.servers()).toEqual(['s1', 's2']);
    open.delete(1);
    placer.closes++;
    expect(t.servers()).toEqual(['s2', 's1']);
    expect(t.held).toBe(2);
  });

  it('holds ids of closed orders behind an old open one only up to about twice the open orders', () => {
    const open = new Map<number, true>([[0, true]]);
    const placer = { open, closes: 0 };
    const t = new OpenOrdersByServer<string>(placer);
    t.add('s', 0); // never closes
    for (let id = 1; id <= 10_000; id++) {
      open.set(id, true);
      t.add('s', id);
      // Closed ids are dropped as orders are added: the bound holds right after each add.
      expect(t.held).toBeLessThanOrEqual(2 * open.size + 9);
      if (id % 4 !== 0 && open.delete(id)) placer.closes++; // three in four close at once
    }
    expect(t.servers()).toEqual(['s']);
    expect(open.size).toBe(2501);
  });
});
