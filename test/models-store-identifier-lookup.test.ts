import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VersionedStore, type FhirResource } from '../src/models/index.js';
import { IdentifierLookup } from '../src/models/server/identifier-lookup.js';
import { ReferenceCodes } from '../src/models/server/reference-codes.js';
import { makeVersion, updatedVersion } from '../src/models/server/resource.js';
import { ResourceTable } from '../src/models/server/resource-table.js';

/**
 * A conditional create on an identifier is answered by the store's identifier lookup (an
 * open-addressing table of (hash, row) pairs), not by a search. Whatever the store has seen
 * (creates that grow the table many times, identifiers changed or dropped by updates, several
 * resources of one identifier, the same identifier on another type, resources finished and
 * kept only as rows), its answer must be the one a reference model of the current versions gives.
 */

type Kind = 'ServiceRequest' | 'Task';
const KINDS: readonly Kind[] = ['ServiceRequest', 'Task'];
/** A pool small enough to collide often, with names that code to one prefix and to prefixes of their own. */
const ident = (k: number): string | null => (k === 0 ? null : k % 5 === 0 ? `lab-x${k}-a` : `order-${k}`);

describe('identifier lookup', () => {
  it('property: conditional creates answer 201, 200 or 412 exactly as the current versions say', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), type: fc.constantFrom(...KINDS), id: fc.nat({ max: 40 }) }),
      fc.record({ kind: fc.constant('retag' as const), pick: fc.nat(), id: fc.nat({ max: 40 }), finish: fc.boolean() }),
      fc.record({ kind: fc.constant('ask' as const), type: fc.constantFrom(...KINDS), id: fc.integer({ min: 1, max: 40 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 300 }), (ops) => {
        const s = new VersionedStore({ name: 'q' });
        /** The model: every resource's current version, by creation order. */
        const current: FhirResource[] = [];
        let now = 0;
        for (const o of ops) {
          now++;
          if (o.kind === 'create') {
            const status = o.type === 'Task' ? 'requested' : 'active';
            current.push(s.create({ type: o.type, status, identifier: ident(o.id), order: now }, now, 'p'));
          } else if (o.kind === 'retag') {
            if (current.length === 0) continue;
            const k = o.pick % current.length;
            const base = current[k] as FhirResource;
            if (base.status === 'completed' || base.status === 'cancelled') continue;
            // A finished resource keeps only its row: the lookup must read its identifier from the columns.
            const status = o.finish ? (base.type === 'Task' ? 'cancelled' : 'completed') : base.status;
            const res = s.update(base.type, base.id, base, { identifier: ident(o.id), status }, { ifMatch: true, actor: 'p', now });
            expect(res.status).toBe(200);
            current[k] = res.resource as FhirResource;
          } else {
            const id = ident(o.id) as string;
            const want = current.filter((v) => v.type === o.type && v.identifier === id);
            const got = s.createIfNoneExist({ type: o.type, status: o.type === 'Task' ? 'requested' : 'active', identifier: id, order: now }, { identifier: id }, now, 'p');
            if (want.length > 1) expect(got).toStrictEqual({ status: 412, resource: undefined });
            else if (want.length === 1) expect(got).toStrictEqual({ status: 200, resource: s.read(o.type, (want[0] as FhirResource).id) });
            else {
              expect(got.status).toBe(201);
              current.push(got.resource as FhirResource);
            }
          }
        }
        expect(s.size).toBe(current.length);
      }),
      { numRuns: 300 },
    );
  });

  it('holds thousands of identifiers through many growths, and finds each (none of the probes past others read a wrong row)', () => {
    const s = new VersionedStore({ name: 'q' });
    const made: FhirResource[] = [];
    for (let k = 1; k <= 5000; k++) made.push(s.create({ type: 'ServiceRequest', status: k % 2 === 0 ? 'completed' : 'active', identifier: `order-${k}`, order: k }, k, 'p'));
    for (let k = 1; k <= 5000; k += 7) {
      expect(s.createIfNoneExist({ type: 'ServiceRequest', identifier: `order-${k}` }, { identifier: `order-${k}` }, 9000, 'p')).toStrictEqual({ status: 200, resource: s.read('ServiceRequest', (made[k - 1] as FhirResource).id) });
      expect(s.createIfNoneExist({ type: 'Task', status: 'requested', identifier: `order-${k}` }, { identifier: `order-${k}` }, 9000, 'p').status).toBe(201);
    }
    expect(s.createIfNoneExist({ type: 'ServiceRequest', identifier: 'order-5001' }, { identifier: 'order-5001' }, 9001, 'p').status).toBe(201);
  });

  it('a resource given identifier after identifier leaves a table of its own size (each old slot is let go)', () => {
    const codes = new ReferenceCodes();
    const table = new ResourceTable('q', codes);
    const lookup = new IdentifierLookup(table, codes);
    const row = table.open();
    let v = makeVersion('ServiceRequest', String(row), 1, 0, 1, table.prefix('ServiceRequest'), { status: 'active', identifier: 'order-0' });
    table.write(row, v);
    lookup.update(row, v, undefined);
    for (let k = 1; k <= 10_000; k++) {
      const next = updatedVersion(v, { identifier: `order-${k}` }, v.id, k + 1, k, k + 1, v.refPrefix);
      table.write(row, next);
      lookup.update(row, next, v);
      v = next;
    }
    expect(lookup.get('ServiceRequest', 'order-10000')).toBe(row);
    expect(lookup.get('ServiceRequest', 'order-9999')).toBeUndefined();
    // One row and the slots its old identifiers left, dropped whenever the table fills.
    expect(lookup.filled).toBeLessThan(16);
  });
});
