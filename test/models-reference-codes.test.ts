import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDARD_INDEXES, VersionedStore, type FhirResource } from '../src/models/index.js';
import { ReferenceCodes } from '../src/models/server/reference-codes.js';

/**
 * A finished row keeps its references, names and identifiers as (prefix code, number). The
 * split must be exact for every string, and comparing a coded value with a string must agree
 * with comparing the strings.
 */

/** Strings built to hit the edges: trailing numbers with and without leading zeros, long digit runs, digits only, empty, non-ASCII. */
const edgy = fc.oneof(
  fc.string(),
  fc.tuple(fc.constantFrom('', 'placer/17/fhir/ServiceRequest/', 'order-', 'task-3-', 'é/', '0', 'x'), fc.constantFrom('', '0', '00', '007', '42', '999999999', '1000000000', '2147483648', '12345678901234')).map(([p, d]) => p + d),
  fc.nat().map((n) => `q/Task/${n}`),
);

describe('reference codes', () => {
  it('give back every string exactly, and compare in place as strings do', () => {
    fc.assert(
      fc.property(fc.array(fc.option(edgy, { nil: null }), { minLength: 1, maxLength: 30 }), fc.array(fc.option(edgy, { nil: null }), { maxLength: 10 }), (values, probes) => {
        const codes = new ReferenceCodes();
        const coded = values.map((v) => [codes.encode(v), codes.number] as const);
        values.forEach((v, i) => {
          const [code, n] = coded[i] as readonly [number, number];
          expect(codes.decode(code, n)).toBe(v);
          for (const w of [...values, ...probes]) expect(codes.equals(code, n, w)).toBe(v === w);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('share a prefix among the strings that end in different numbers', () => {
    const codes = new ReferenceCodes();
    const a = codes.encode('placer/17/fhir/ServiceRequest/42');
    expect(codes.number).toBe(42);
    const b = codes.encode('placer/17/fhir/ServiceRequest/43');
    expect(codes.number).toBe(43);
    expect(b).toBe(a);
    expect(codes.encode('placer/17/fhir/ServiceRequest/042')).not.toBe(a); // not canonical: a string of its own
    expect(codes.number).toBe(-1);
    expect(codes.encode(null)).toBe(0);
  });

  it('a finished row with unusual references reads back and is found by each of them, and by nothing near', () => {
    const s = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    const odd = ['x007', '', 'a/0', 'a/12345678901234', 'é/12', 'q/ServiceRequest/9'];
    const made: FhirResource[] = odd.map((focus, i) => {
      const v = s.create({ type: 'Task', status: 'requested', intent: 'order', requester: `placer/${i}`, owner: 'filler/00', focus, identifier: `t-${i}`, order: i }, 10 + i, 'placer/0');
      return s.update('Task', v.id, v, { status: 'cancelled' }, { ifMatch: true, actor: 'filler/00', now: 20 + i }).resource as FhirResource;
    });
    made.forEach((v, i) => {
      const back = s.read('Task', v.id) as FhirResource;
      expect(back).not.toBe(v);
      expect(back).toStrictEqual(v);
      const hits = s.search({ type: 'Task', where: { focus: odd[i] as string } }).resources.map((r) => r.id);
      expect(hits).toEqual([v.id]);
      expect(s.search({ type: 'Task', where: { requester: `placer/${i}`, owner: 'filler/00' } }).resources.map((r) => r.id)).toEqual([v.id]);
    });
    for (const near of ['x7', 'x0007', 'a/00', 'a/1', 'a/1234567890123', 'é/012', 'q/ServiceRequest/90', 'q/ServiceRequest/']) {
      expect(s.search({ type: 'Task', where: { focus: near } }).resources).toEqual([]);
    }
    expect(s.search({ type: 'Task', where: { owner: 'filler/0' } }).resources).toEqual([]);
  });
});

describe('identifier lookup', () => {
  it('answers the rows carrying each identifier, as a map of strings would, through creates, renames and finishes', () => {
    const ids = fc.constantFrom('order-1', 'order-2', 'order-10', 'order-010', 'task-3-1', 'task-3-2', 'x', '', 'order-', 'a/99999999999');
    const step = fc.oneof(
      fc.record({ op: fc.constant('create' as const), type: fc.constantFrom('Task' as const, 'ServiceRequest' as const), identifier: fc.option(ids, { nil: null }) }),
      fc.record({ op: fc.constant('rename' as const), pick: fc.nat(), identifier: fc.option(ids, { nil: null }), finish: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 30, maxLength: 120, size: 'max' }), (steps) => {
        const s = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
        const current: FhirResource[] = [];
        let now = 1;
        for (const st of steps) {
          if (st.op === 'create') {
            current.push(s.create({ type: st.type, status: st.type === 'Task' ? 'requested' : 'active', identifier: st.identifier, order: current.length }, now++, 'p'));
            continue;
          }
          const i = st.pick % Math.max(current.length, 1);
          const base = current[i];
          if (base === undefined || base.status === 'cancelled' || base.status === 'revoked') continue;
          const status = st.finish ? (base.type === 'Task' ? 'cancelled' : 'revoked') : base.status;
          current[i] = s.update(base.type, base.id, base, { identifier: st.identifier, status }, { ifMatch: true, actor: 'p', now: now++ }).resource as FhirResource;
        }
        const lookup = (s as unknown as { identifiers: { get(t: string, id: string): number | number[] | undefined } | null }).identifiers;
        for (const type of ['Task', 'ServiceRequest'] as const) {
          for (const id of ['order-1', 'order-2', 'order-10', 'order-010', 'task-3-1', 'task-3-2', 'x', '', 'order-', 'a/99999999999', 'order-3', 'y']) {
            const want = current.filter((v) => v.type === type && v.identifier === id).map((v) => Number(v.id)).sort((a, b) => a - b);
            const got = lookup?.get(type, id);
            const rows = got === undefined ? [] : Array.isArray(got) ? [...got].sort((a, b) => a - b) : [got];
            expect(rows).toEqual(want);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
