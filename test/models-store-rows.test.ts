import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_UPDATED, STANDARD_INDEXES, VersionedStore, type FhirResource } from '../src/models/index.js';
import { ReferenceCodes } from '../src/models/server/reference-codes.js';
import { tableArenas } from '../src/models/server/resource-table.js';
import { RowArena, SLAB_BITS, SLAB_MASK } from '../src/models/server/row-arena.js';

/**
 * A store keeps current versions as rows of columns. An unfinished resource's row keeps the
 * object it was committed as; a finished one keeps only its columns and is read back as a
 * new, identical object. These tests pin what that must never change: content, versions,
 * searches, conditional creates and later writes.
 */

const store = (): VersionedStore => new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
const at = (now: number) => ({ ifMatch: true, actor: 'filler/0', now });

/** A Task taken through requested -> accepted -> in-progress -> completed, with an output. */
function completedTask(s: VersionedStore): { versions: FhirResource[] } {
  const v1 = s.create({ type: 'Task', status: 'requested', intent: 'order', requester: 'placer/0', focus: 'q/ServiceRequest/9', identifier: 'task-1', code: 'fulfill', order: 3 }, 10, 'placer/0');
  const v2 = s.update('Task', v1.id, v1, { status: 'accepted', owner: 'filler/0' }, at(20)).resource as FhirResource;
  const v3 = s.update('Task', v1.id, v2, { status: 'in-progress', businessStatus: 'working' }, at(30)).resource as FhirResource;
  const v4 = s.update('Task', v1.id, v3, { status: 'completed', output: 'q/DiagnosticReport/7' }, at(40)).resource as FhirResource;
  return { versions: [v1, v2, v3, v4] };
}

describe('store rows', () => {
  it('an unfinished resource is read as the object committed; a finished one as a new object with the same content', () => {
    const s = store();
    const open = s.create({ type: 'Task', status: 'requested', requester: 'placer/1', order: 1 }, 5, 'placer/1');
    expect(s.read('Task', open.id)).toBe(open);
    const { versions } = completedTask(s);
    const done = versions[3] as FhirResource;
    const first = s.read('Task', done.id) as FhirResource;
    const second = s.read('Task', done.id) as FhirResource;
    expect(first).not.toBe(done);
    expect(first).not.toBe(second);
    expect(first).toStrictEqual(done);
    expect(first).toMatchObject({
      type: 'Task', id: done.id, versionId: 4, lastUpdated: 40, txId: done.txId, ref: `q/Task/${done.id}`, status: 'completed', intent: 'order',
      owner: 'filler/0', requester: 'placer/0', focus: 'q/ServiceRequest/9', output: 'q/DiagnosticReport/7', businessStatus: 'working', code: 'fulfill', identifier: 'task-1', order: 3,
    });
  });

  it('ids are exact: "01", "1.0", " 1", "1e0" and "" name no resource', () => {
    const s = store();
    s.create({ type: 'ServiceRequest', status: 'completed' }, 1, 'p');
    expect(s.read('ServiceRequest', '1')?.id).toBe('1');
    for (const id of ['01', '1.0', ' 1', '1e0', '', '2', '-1', '0x1']) expect(s.read('ServiceRequest', id)).toBeUndefined();
    expect(s.read('Task', '1')).toBeUndefined();
  });

  it('a finished resource stays searchable by every index, and its superseded versions are not returned', () => {
    const s = store();
    const { versions } = completedTask(s);
    const done = versions[3] as FhirResource;
    const one = (where: Record<string, string | null>, since?: number) => s.search({ type: 'Task', where, ...(since !== undefined ? { since } : {}) }).resources;
    expect(one({ owner: 'filler/0', status: 'completed' })).toStrictEqual([done]);
    expect(one({ focus: 'q/ServiceRequest/9' })).toStrictEqual([done]);
    expect(one({ requester: 'placer/0' }, (versions[2] as FhirResource).txId)).toStrictEqual([done]);
    expect(one({ requester: 'placer/0' }, done.txId)).toStrictEqual([]);
    expect(one({ status: 'in-progress' })).toStrictEqual([]);
    expect(one({ status: 'requested', owner: null })).toStrictEqual([]);
  });

  it('a finished resource written again moves between buckets as an unfinished one does', () => {
    const s = store();
    const sr = s.create({ type: 'ServiceRequest', status: 'active', performer: 'filler/2', requester: 'placer/0', identifier: 'order-1' }, 1, 'p');
    expect(s.search({ type: 'ServiceRequest', where: { performer: 'filler/2', status: 'active' } }).resources).toHaveLength(1);
    const done = s.update('ServiceRequest', sr.id, sr, { status: 'completed' }, at(2)).resource as FhirResource;
    // Its row keeps no object now: the next write finds its buckets by its values.
    const revoked = s.update('ServiceRequest', sr.id, s.read('ServiceRequest', sr.id) as FhirResource, { status: 'revoked', performer: 'filler/3' }, at(3)).resource as FhirResource;
    expect(revoked.versionId).toBe(3);
    expect(s.search({ type: 'ServiceRequest', where: { performer: 'filler/2', status: 'completed' } }).resources).toStrictEqual([]);
    expect(s.search({ type: 'ServiceRequest', where: { performer: 'filler/3', status: 'revoked' } }).resources).toStrictEqual([revoked]);
    expect(s.search({ type: 'ServiceRequest', where: { requester: 'placer/0' }, since: done.txId }).resources).toStrictEqual([revoked]);
    // A stale If-Match against the finished version still conflicts.
    expect(s.update('ServiceRequest', sr.id, done, { status: 'active' }, at(4)).status).toBe(412);
  });

  it('a conditional create on a finished resource\'s identifier finds it (200), with its content', () => {
    const s = store();
    const { versions } = completedTask(s);
    const again = s.createIfNoneExist({ type: 'Task', status: 'requested', identifier: 'task-1' }, { identifier: 'task-1' }, 50, 'placer/0');
    expect(again.status).toBe(200);
    expect(again.resource).toStrictEqual(versions[3]);
    expect(s.size).toBe(1);
  });

  it('thousands of rows and commits (many blocks, several chunks of commits) read back and search as written', () => {
    const s = store();
    const all: FhirResource[] = [];
    for (let i = 0; i < 3000; i++) all.push(s.create({ type: 'Task', status: 'requested', owner: `filler/${i % 7}`, requester: `placer/${i % 11}`, order: i }, i, 'p'));
    // Five updates each: 18,000 commits, past the first chunk of the commit-to-row map.
    const steps = ['accepted', 'in-progress', 'on-hold', 'in-progress', 'completed'] as const;
    for (const status of steps) {
      for (let i = 0; i < all.length; i++) {
        if (status === 'completed' && i % 3 === 0) continue;
        all[i] = s.update('Task', (all[i] as FhirResource).id, all[i] as FhirResource, { status }, at(10_000 + i)).resource as FhirResource;
      }
    }
    expect(s.lastTx).toBe(3000 + 5 * 3000 - 1000);
    for (const v of all) expect(s.read('Task', v.id)).toStrictEqual(v);
    const byOwner = s.search({ type: 'Task', where: { owner: 'filler/3', status: 'completed' } }).resources;
    expect(byOwner).toStrictEqual(all.filter((v) => v.owner === 'filler/3' && v.status === 'completed'));
    const since = (all[2500] as FhirResource).txId;
    expect(s.search({ type: 'Task', where: { requester: 'placer/4' }, since }).resources).toStrictEqual(
      all.filter((v) => v.requester === 'placer/4' && v.txId > since).sort((a, b) => a.txId - b.txId),
    );
  });

  it('property: rows read back exactly what was committed, finished or not, and searches agree with a scan', () => {
    const statuses = ['draft', 'active', 'on-hold', 'completed', 'revoked'] as const;
    const step = fc.record({ pick: fc.nat(), status: fc.constantFrom(...statuses), performer: fc.constantFrom('filler/0', 'filler/1', null), create: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const s = store();
        const current = new Map<string, FhirResource>();
        let now = 0;
        for (const st of steps) {
          now++;
          if (st.create || current.size === 0) {
            const v = s.create({ type: 'ServiceRequest', status: st.status, performer: st.performer, identifier: `order-${now}`, order: now }, now, 'p');
            current.set(v.id, v);
          } else {
            const ids = [...current.keys()];
            const id = ids[st.pick % ids.length] as string;
            const v = s.update('ServiceRequest', id, current.get(id) as FhirResource, { status: st.status, performer: st.performer }, at(now)).resource as FhirResource;
            current.set(id, v);
          }
          if (now % 7 === 0) s.search({ type: 'ServiceRequest', where: { performer: 'filler/0', status: 'active' } });
        }
        for (const [id, v] of current) expect(s.read('ServiceRequest', id)).toStrictEqual(v);
        for (const performer of ['filler/0', 'filler/1']) {
          for (const status of statuses) {
            const want = [...current.values()].filter((v) => v.performer === performer && v.status === status).sort((a, b) => a.txId - b.txId);
            expect(s.search({ type: 'ServiceRequest', where: { performer, status } }).resources).toStrictEqual(want);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('a finished row holds only the references it has', () => {
  const FIELDS = ['owner', 'performer', 'requester', 'focus', 'basedOn', 'output', 'identifier'] as const;
  const value = (field: string, k: number): string => (field === 'identifier' ? `order-${k}` : `srv/${k % 3}/fhir/Task/${k}`);

  it('property: any set of references (none to all seven), any lastUpdated below 2^52 us, reads back and is found by each field', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ present: fc.nat({ max: 127 }), finished: fc.boolean(), at: fc.oneof(fc.nat({ max: 1000 }), fc.integer({ min: 2 ** 32 - 2, max: 2 ** 32 + 2 }), fc.integer({ min: 0, max: MAX_UPDATED })) }), { minLength: 1, maxLength: 30 }),
        (rows) => {
          const s = store();
          const written: FhirResource[] = [];
          rows.forEach((r, k) => {
            const refs = Object.fromEntries(FIELDS.map((f, bit) => [f, ((r.present >> bit) & 1) === 1 ? value(f, k) : null]));
            const draft = { type: 'ServiceRequest' as const, status: r.finished ? 'revoked' : 'active', intent: 'order', order: k, ...refs };
            written.push(s.create(draft, r.at, 'p'));
          });
          for (const v of written) expect(s.read('ServiceRequest', v.id)).toStrictEqual(v);
          for (const f of ['owner', 'performer', 'requester', 'focus', 'basedOn', 'identifier'] as const) {
            for (let k = 0; k < rows.length; k++) {
              const want = written.filter((v) => v[f] === value(f, k));
              expect(s.search({ type: 'ServiceRequest', where: { [f]: value(f, k) } }).resources.map((v) => v.id)).toEqual(want.map((v) => v.id));
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a finished resource with all seven references keeps its version object (six pairs of columns would not hold them)', () => {
    const s = store();
    const all = Object.fromEntries(FIELDS.map((f) => [f, value(f, 5)]));
    const seven = s.create({ type: 'ServiceRequest', status: 'revoked', intent: 'order', order: 1, ...all }, 7, 'p');
    const six = s.create({ type: 'ServiceRequest', status: 'revoked', intent: 'order', order: 2, ...all, owner: null }, 8, 'p');
    expect(s.read('ServiceRequest', seven.id)).toBe(seven);
    expect(s.read('ServiceRequest', six.id)).not.toBe(six);
    expect(s.read('ServiceRequest', six.id)).toStrictEqual(six);
    expect(s.search({ type: 'ServiceRequest', where: { focus: value('focus', 5) } }).resources).toStrictEqual([seven, six]);
  });
});

describe('rows of many stores in one arena', () => {
  it('blocks never overlap, span slabs, and come back zeroed when reused', () => {
    const arena = new RowArena(184);
    const taken: number[] = [];
    for (let i = 0; i < 500; i++) taken.push(arena.take());
    expect(arena.slabs.length).toBeGreaterThan(2);
    const cells = new Set<string>();
    for (const a of taken) {
      expect(a).toBeLessThan(2 ** 31);
      const slab = arena.slabs[a >>> SLAB_BITS] as Int32Array;
      const off = a & SLAB_MASK;
      expect(off + 184).toBeLessThanOrEqual(slab.length);
      const key = `${a >>> SLAB_BITS}:${Math.floor(off / 184)}`;
      expect(cells.has(key)).toBe(false);
      cells.add(key);
      slab.fill(7, off, off + 184);
    }
    arena.give(taken[3] as number);
    const again = arena.take();
    expect(again).toBe(taken[3]);
    const slab = arena.slabs[again >>> SLAB_BITS] as Int32Array;
    expect([...slab.subarray(again & SLAB_MASK, (again & SLAB_MASK) + 184)].every((x) => x === 0)).toBe(true);
  });

  it('property: stores sharing an arena, written in any interleaving and some cleared, each read back their own', () => {
    const step = fc.record({ store: fc.nat({ max: 3 }), pick: fc.nat(), create: fc.boolean(), done: fc.boolean(), clear: fc.integer({ min: 0, max: 40 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), (steps) => {
        const arenas = tableArenas();
        const codes = new ReferenceCodes();
        const stores = [0, 1, 2, 3].map((k) => new VersionedStore({ name: `s${k}`, indexes: STANDARD_INDEXES, codes, arenas }));
        const current = stores.map(() => new Map<string, FhirResource>());
        let now = 0;
        for (const st of steps) {
          now++;
          const s = stores[st.store] as VersionedStore;
          const mine = current[st.store] as Map<string, FhirResource>;
          if (st.clear === 0) {
            s.clear();
            mine.clear();
          } else if (st.create || mine.size === 0) {
            const v = s.create({ type: 'ServiceRequest', status: st.done ? 'completed' : 'active', requester: `placer/${st.store}`, identifier: `o-${now}`, order: now }, now, 'p');
            mine.set(v.id, v);
          } else {
            const ids = [...mine.keys()];
            const id = ids[st.pick % ids.length] as string;
            const v = s.update('ServiceRequest', id, mine.get(id) as FhirResource, { status: st.done ? 'completed' : 'on-hold', performer: `filler/${now % 3}` }, at(now)).resource as FhirResource;
            mine.set(id, v);
          }
        }
        stores.forEach((s, k) => {
          for (const [id, v] of current[k] as Map<string, FhirResource>) expect(s.read('ServiceRequest', id)).toStrictEqual(v);
          expect(s.size).toBe((current[k] as Map<string, FhirResource>).size);
        });
      }),
      { numRuns: 150 },
    );
  });
});
