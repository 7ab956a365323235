import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDARD_INDEXES, VersionedStore, type FhirResource, type ResourceDraft } from '../src/models/index.js';

/**
 * An unfinished resource nobody writes for `keepUnfinishedFor` of simulated time lets go of
 * the object it was committed as (a request left active for good would otherwise keep one per
 * order for the whole run). That is memory only: every read, search, conditional create and
 * later write must answer exactly as from a store that keeps every object.
 */

const store = (keepUnfinishedFor?: number): VersionedStore =>
  new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES, ...(keepUnfinishedFor !== undefined ? { keepUnfinishedFor } : {}) });
const at = (now: number) => ({ ifMatch: true, actor: 'filler/0', now });
const request = (n: number, extra: Partial<ResourceDraft> = {}): ResourceDraft => ({
  type: 'ServiceRequest', status: 'active', intent: 'order', requester: 'placer/1', performer: 'filler/2', identifier: `order-${n}`, order: n, ...extra,
});

describe('an unfinished row nobody writes', () => {
  it('keeps its object for keepUnfinishedFor after its last write, then is read back as a new, identical one', () => {
    const s = store(100);
    const a = s.create(request(1), 0, 'placer/1');
    const b = s.create(request(2), 50, 'placer/1');
    expect(s.read('ServiceRequest', a.id)).toBe(a);
    // The next write at 100 is not yet past a's hour: a is let go by the write at 101.
    s.create(request(3), 100, 'placer/1');
    expect(s.read('ServiceRequest', a.id)).toBe(a);
    s.create(request(4), 101, 'placer/1');
    const back = s.read('ServiceRequest', a.id) as FhirResource;
    expect(back).not.toBe(a);
    expect(back).toStrictEqual(a);
    expect(s.read('ServiceRequest', b.id)).toBe(b);
    expect(s.search({ type: 'ServiceRequest', where: { performer: 'filler/2', status: 'active' } }).resources.map((v) => v.id)).toEqual(['1', '2', '3', '4']);
    expect(s.createIfNoneExist(request(1), { identifier: 'order-1' }, 102, 'placer/1')).toStrictEqual({ status: 200, resource: a });
  });

  it('written again, it moves between buckets, and keeps its new object', () => {
    const s = store(10);
    const a = s.create(request(1), 0, 'placer/1');
    s.create(request(2), 20, 'placer/1');
    const held = s.update('ServiceRequest', a.id, a, { status: 'on-hold', performer: 'filler/3' }, at(30)).resource as FhirResource;
    expect(held.versionId).toBe(2);
    expect(s.read('ServiceRequest', a.id)).toBe(held);
    expect(s.search({ type: 'ServiceRequest', where: { performer: 'filler/2', status: 'active' } }).resources.map((v) => v.id)).toEqual(['2']);
    expect(s.search({ type: 'ServiceRequest', where: { performer: 'filler/3', status: 'on-hold' } }).resources).toStrictEqual([held]);
    // A stale If-Match against the version that was let go still conflicts.
    expect(s.update('ServiceRequest', a.id, a, { status: 'revoked' }, at(31)).status).toBe(412);
  });

  it('one holding six references keeps its object (five pairs of columns would not hold them) until written again; a basedOn equal to focus takes no pair', () => {
    const s = store(0);
    const six = s.create(request(1, { owner: 'filler/2', focus: 'q/Task/1', basedOn: 'q/ServiceRequest/9' }), 0, 'p');
    const five = s.create(request(2, { owner: 'filler/2', focus: 'q/Task/1' }), 1, 'p');
    const same = s.create(request(3, { owner: 'filler/2', focus: 'q/ServiceRequest/9', basedOn: 'q/ServiceRequest/9' }), 2, 'p');
    s.create(request(4), 3, 'p');
    expect(s.read('ServiceRequest', six.id)).toBe(six);
    for (const v of [five, same]) {
      expect(s.read('ServiceRequest', v.id)).not.toBe(v);
      expect(s.read('ServiceRequest', v.id)).toStrictEqual(v);
    }
    // Searched through its columns, the shared pair answers for both fields, and only for its value.
    const ids = (where: Record<string, string>) => s.search({ type: 'ServiceRequest', where }).resources.map((r) => r.id);
    expect(ids({ basedOn: 'q/ServiceRequest/9' })).toEqual([six.id, same.id]);
    expect(ids({ focus: 'q/ServiceRequest/9' })).toEqual([same.id]);
    expect(ids({ focus: 'q/Task/1' })).toEqual([six.id, five.id]);
    const fewer = s.update('ServiceRequest', six.id, six, { basedOn: null }, at(4)).resource as FhirResource;
    s.create(request(5), 5, 'p');
    expect(s.read('ServiceRequest', six.id)).not.toBe(fewer);
    expect(s.read('ServiceRequest', six.id)).toStrictEqual(fewer);
  });

  it('property: stores that let go after 0, 3 or 60 time units answer every read, search and conditional create as one that keeps every object', () => {
    const statuses = ['draft', 'active', 'on-hold', 'completed', 'revoked'] as const;
    const ref = fc.option(fc.constantFrom('q/Task/1', 'q/Task/2', 'p/7/fhir/ServiceRequest/3'), { nil: null });
    const step = fc.record({
      gap: fc.nat({ max: 5 }), pick: fc.nat(), create: fc.boolean(), status: fc.constantFrom(...statuses),
      performer: fc.constantFrom('filler/0', 'filler/1', null), owner: ref, focus: ref, basedOn: ref, output: ref, ask: fc.nat({ max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const stores = [store(), store(0), store(3), store(60)];
        const current = new Map<string, FhirResource>();
        let now = 0;
        let orders = 0;
        for (const st of steps) {
          now += st.gap;
          const changes = { status: st.status, performer: st.performer, owner: st.owner, focus: st.focus, basedOn: st.basedOn, output: st.output };
          let answers: unknown[];
          if (st.create || current.size === 0) {
            const n = ++orders;
            answers = stores.map((s) => s.create(request(n, changes), now, 'p'));
          } else {
            const ids = [...current.keys()];
            const id = ids[st.pick % ids.length] as string;
            answers = stores.map((s) => s.update('ServiceRequest', id, current.get(id) as FhirResource, changes, at(now)).resource);
          }
          const v = answers[0] as FhirResource;
          current.set(v.id, v);
          for (const other of answers.slice(1)) expect(other).toStrictEqual(v);
          const since = st.ask === 0 ? undefined : Math.max(0, v.txId - 3 * st.ask);
          const query = { type: 'ServiceRequest' as const, where: { performer: st.performer, status: st.status }, ...(since !== undefined ? { since } : {}) };
          const found = stores.map((s) => s.search(query).resources);
          for (const other of found.slice(1)) expect(other).toStrictEqual(found[0]);
          const again = stores.map((s) => s.createIfNoneExist(request(1), { identifier: `order-${1 + (st.pick % orders)}` }, now, 'p'));
          for (const other of again.slice(1)) expect(other).toStrictEqual(again[0]);
        }
        for (const [id, v] of current) for (const s of stores) expect(s.read('ServiceRequest', id)).toStrictEqual(v);
      }),
      { numRuns: 200 },
    );
  });
});
