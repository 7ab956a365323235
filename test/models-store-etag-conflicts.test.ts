import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, OwnerChangeError, VersionedStore, type FhirResource } from '../src/models/index.js';

/** A store holding one unowned Task in `requested`, as pattern E posts it. */
function storeWithOpenTask(conflictStatus?: 409 | 412): { store: VersionedStore; task: FhirResource } {
  const store = new VersionedStore({ name: 'q', ...(conflictStatus !== undefined ? { conflictStatus } : {}) });
  const task = store.create({ type: 'Task', status: 'requested', requester: 'placer/0', focus: 'q/ServiceRequest/9' }, 0, 'placer/0');
  return { store, task };
}

/** k fillers read the Task, then claim it in `order` (a permutation of 0..k-1). */
function claim(store: VersionedStore, id: string, k: number, order: readonly number[]): number[] {
  const bases = Array.from({ length: k }, () => store.read('Task', id) as FhirResource);
  return order.map((i) =>
    store.update('Task', id, bases[i] as FhirResource, { owner: `filler/${i}`, status: 'accepted' }, { ifMatch: true, actor: `filler/${i}`, now: 1000 + i }).status,
  );
}

describe('If-Match claims: k actors that read the same version', () => {
  it.each([1, 2, 3, 8])('k = %i gives exactly one 200 and k-1 conflicts (412)', (k) => {
    const { store, task } = storeWithOpenTask();
    const statuses = claim(store, task.id, k, [...Array(k).keys()]);
    expect(statuses).toEqual([200, ...Array<number>(k - 1).fill(412)]);
    expect(store.stats.conflicts).toBe(k - 1);
    expect(store.stats.claimAttempts).toBe(k);
    expect(store.stats.updates).toBe(1);
    const now = store.read('Task', task.id) as FhirResource;
    expect(now.versionId).toBe(2);
    expect(now.owner).toBe('filler/0');
    expect(now.status).toBe('accepted');
  });

  it('answers 409 instead of 412 when the store is configured as HAPI does', () => {
    const { store, task } = storeWithOpenTask(409);
    expect(claim(store, task.id, 4, [0, 1, 2, 3])).toEqual([200, 409, 409, 409]);
    expect(store.stats.conflicts).toBe(3);
  });

  it('property: whatever the order of the writes, the first writer wins and the others conflict', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }).chain((k) => fc.shuffledSubarray([...Array(k).keys()], { minLength: k, maxLength: k }).map((order) => ({ k, order }))),
        ({ k, order }) => {
          const { store, task } = storeWithOpenTask();
          const statuses = claim(store, task.id, k, order);
          expect(statuses.filter((s) => s === 200)).toHaveLength(1);
          expect(statuses[0]).toBe(200);
          expect(store.stats.conflicts).toBe(k - 1);
          expect(store.stats.claimAttempts).toBe(k);
          expect(store.read('Task', task.id)?.owner).toBe(`filler/${order[0] as number}`);
        },
      ),
    );
  });

  it('a claimant that re-reads after its conflict sees the winner and does not count a new claim attempt', () => {
    const { store, task } = storeWithOpenTask();
    claim(store, task.id, 2, [0, 1]);
    const fresh = store.read('Task', task.id) as FhirResource;
    // Filler 1 now writes a version it has seen (owned by filler/0): no claim attempt, and the owner rule applies.
    expect(() => store.update('Task', task.id, fresh, { owner: 'filler/1' }, { ifMatch: true, actor: 'filler/1', now: 2000 })).toThrow(OwnerChangeError);
    expect(store.stats.claimAttempts).toBe(2);
  });
});

describe('updates without If-Match: last writer wins, lost updates counted', () => {
  it('the second writer with the same stale base overwrites the first and is counted', () => {
    const store = new VersionedStore({ name: 'q' });
    const sr = store.create({ type: 'ServiceRequest', status: 'active', requester: 'placer/0' }, 0, 'placer/0');
    const a = store.update('ServiceRequest', sr.id, sr, { status: 'on-hold' }, { ifMatch: false, actor: 'placer/0', now: 10 });
    expect(a).toMatchObject({ status: 200, lostUpdate: false });
    const b = store.update('ServiceRequest', sr.id, sr, { performer: 'filler/1' }, { ifMatch: false, actor: 'broker', now: 20 });
    expect(b.status).toBe(200);
    expect(b.lostUpdate).toBe(true);
    expect(store.stats.lostUpdates).toBe(1);
    expect(store.stats.conflicts).toBe(0);
    const cur = store.read('ServiceRequest', sr.id) as FhirResource;
    expect(cur.versionId).toBe(3);
    // The whole resource was PUT from version 1: writer A's status change is gone.
    expect(cur.status).toBe('active');
    expect(cur.performer).toBe('filler/1');
    expect(cur.lastUpdated).toBe(20);
  });

  it('a writer whose base is current, or who sends no base, loses nothing', () => {
    const store = new VersionedStore({ name: 'q' });
    const sr = store.create({ type: 'ServiceRequest' }, 0, 'p');
    const v2 = store.update('ServiceRequest', sr.id, sr, { status: 'on-hold' }, { ifMatch: false, actor: 'p', now: 1 }).resource as FhirResource;
    store.update('ServiceRequest', sr.id, v2, { status: 'active' }, { ifMatch: false, actor: 'p', now: 2 });
    store.update('ServiceRequest', sr.id, null, { status: 'completed' }, { ifMatch: false, actor: 'p', now: 3 });
    expect(store.stats.lostUpdates).toBe(0);
    expect(store.read('ServiceRequest', sr.id)).toMatchObject({ versionId: 4, status: 'completed' });
  });

  it('counts one lost update per overwriting write, however many versions it skipped', () => {
    const store = new VersionedStore({ name: 'q' });
    const sr = store.create({ type: 'ServiceRequest' }, 0, 'p');
    let cur = sr;
    for (let i = 0; i < 5; i++) cur = store.update('ServiceRequest', sr.id, cur, { businessStatus: `s${i}` }, { ifMatch: true, actor: 'p', now: i }).resource as FhirResource;
    const r = store.update('ServiceRequest', sr.id, sr, { businessStatus: 'late' }, { ifMatch: false, actor: 'q', now: 9 });
    expect(r.lostUpdate).toBe(true);
    expect(store.stats.lostUpdates).toBe(1);
  });

  it('If-Match without the version read is a caller bug', () => {
    const store = new VersionedStore({ name: 'q' });
    const sr = store.create({ type: 'ServiceRequest' }, 0, 'p');
    expect(() => store.update('ServiceRequest', sr.id, null, {}, { ifMatch: true, actor: 'p', now: 1 })).toThrow(/If-Match/);
  });
});

describe('read, vread, 404 and conditional create', () => {
  it('read answers the current version, or undefined (404) for an unknown id or the wrong type', () => {
    const store = new VersionedStore({ name: 'q' });
    const sr = store.create({ type: 'ServiceRequest' }, 5, 'p');
    expect(store.read('ServiceRequest', sr.id)).toBe(sr);
    expect(sr).toMatchObject({ id: '1', versionId: 1, lastUpdated: 5, ref: 'q/ServiceRequest/1', status: 'active', owner: null, order: -1 });
    expect(store.read('ServiceRequest', '2')).toBeUndefined();
    expect(store.read('Task', sr.id)).toBeUndefined();
    expect(store.update('ServiceRequest', '2', null, {}, { ifMatch: false, actor: 'p', now: 6 })).toMatchObject({ status: 404, resource: undefined });
    expect(store.update('Task', sr.id, null, {}, { ifMatch: false, actor: 'p', now: 6 }).status).toBe(404);
    expect(store.stats.reads).toBe(3);
  });

  it('vread with keepHistory returns every version as it was; versions are immutable', () => {
    const store = new VersionedStore({ name: 'q', keepHistory: true });
    const v1 = store.create({ type: 'ServiceRequest', status: 'draft' }, 1, 'p');
    const v2 = store.update('ServiceRequest', v1.id, v1, { status: 'active' }, { ifMatch: true, actor: 'p', now: 2 }).resource as FhirResource;
    store.update('ServiceRequest', v1.id, v2, { status: 'completed', output: 'x' }, { ifMatch: true, actor: 'p', now: 3 });
    expect(store.vread('ServiceRequest', v1.id, 1)).toMatchObject({ versionId: 1, status: 'draft', lastUpdated: 1 });
    expect(store.vread('ServiceRequest', v1.id, 2)).toMatchObject({ versionId: 2, status: 'active', output: null, lastUpdated: 2 });
    expect(store.vread('ServiceRequest', v1.id, 3)).toMatchObject({ versionId: 3, status: 'completed', output: 'x', lastUpdated: 3 });
    expect(store.vread('ServiceRequest', v1.id, 4)).toBeUndefined();
    expect(store.vread('ServiceRequest', v1.id, 0)).toBeUndefined();
    expect(store.vread('Task', v1.id, 1)).toBeUndefined();
    expect(v1.status).toBe('draft');
    expect(v2.status).toBe('active');
    expect(store.peek(v1.id)).toMatchObject({ versionId: 3, status: 'completed' });
  });

  it('vread without keepHistory throws (large runs keep no history)', () => {
    const store = new VersionedStore({ name: 'q' });
    const v1 = store.create({ type: 'ServiceRequest' }, 1, 'p');
    expect(() => store.vread('ServiceRequest', v1.id, 1)).toThrow(/keepHistory/);
  });

  it('If-None-Exist: 201 when nothing matches, 200 with the match, 412 when two match', () => {
    const store = new VersionedStore({ name: 'q' });
    const draft = { type: 'ServiceRequest' as const, requester: 'placer/0', order: 7 };
    const first = store.createIfNoneExist(draft, { requester: 'placer/0' }, 1, 'placer/0');
    expect(first.status).toBe(201);
    const again = store.createIfNoneExist(draft, { requester: 'placer/0' }, 2, 'placer/0');
    expect(again.status).toBe(200);
    expect(again.resource).toBe(first.resource);
    expect(store.size).toBe(1);
    expect(store.stats.creates).toBe(1);
    store.create(draft, 3, 'someone-else');
    const ambiguous = store.createIfNoneExist(draft, { requester: 'placer/0' }, 4, 'placer/0');
    expect(ambiguous).toEqual({ status: 412, resource: undefined });
    expect(store.size).toBe(2);
  });

  it('If-None-Exist on identifier: matches only resources of the created type, 412 when two of that type match', () => {
    const store = new VersionedStore({ name: 'q' });
    const task = store.create({ type: 'Task', status: 'requested', identifier: 'order-7' }, 1, 'p');
    // Same identifier on another type: no match, a new ServiceRequest.
    const sr = store.createIfNoneExist({ type: 'ServiceRequest', identifier: 'order-7' }, { identifier: 'order-7' }, 2, 'p');
    expect(sr.status).toBe(201);
    expect(store.createIfNoneExist({ type: 'ServiceRequest', identifier: 'order-7' }, { identifier: 'order-7' }, 3, 'p')).toEqual({ status: 200, resource: sr.resource });
    expect(store.createIfNoneExist({ type: 'Task', status: 'requested', identifier: 'order-7' }, { identifier: 'order-7' }, 4, 'p')).toEqual({ status: 200, resource: task });
    // A second ServiceRequest with it (a plain create): now ambiguous for ServiceRequests only.
    store.create({ type: 'ServiceRequest', identifier: 'order-7' }, 5, 'p');
    expect(store.createIfNoneExist({ type: 'ServiceRequest', identifier: 'order-7' }, { identifier: 'order-7' }, 6, 'p')).toEqual({ status: 412, resource: undefined });
    expect(store.createIfNoneExist({ type: 'Task', status: 'requested', identifier: 'order-7' }, { identifier: 'order-7' }, 7, 'p')).toEqual({ status: 200, resource: task });
    // An update that changes the identifier moves the Task out of the way.
    store.update('Task', task.id, task, { identifier: 'order-8' }, { ifMatch: true, actor: 'p', now: 8 });
    expect(store.createIfNoneExist({ type: 'Task', status: 'requested', identifier: 'order-7' }, { identifier: 'order-7' }, 9, 'p').status).toBe(201);
    expect(store.size).toBe(4);
  });
});

describe('Task rules enforced on every write', () => {
  it('an illegal transition throws IllegalTransitionError naming the Task, from, to and actor, and changes nothing', () => {
    const { store, task } = storeWithOpenTask();
    let error: unknown;
    try {
      store.update('Task', task.id, task, { status: 'completed' }, { ifMatch: true, actor: 'filler/3', now: 5 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect(error).toMatchObject({ taskId: 'q/Task/1', from: 'requested', to: 'completed', actor: 'filler/3' });
    expect((error as Error).message).toContain('q/Task/1');
    expect(store.read('Task', task.id)).toBe(task);
    expect(store.stats.updates).toBe(0);
    expect(store.lastTx).toBe(1);
  });

  it('changing the owner of an owned Task throws OwnerChangeError naming both owners and the actor', () => {
    const { store, task } = storeWithOpenTask();
    const owned = store.update('Task', task.id, task, { owner: 'filler/0', status: 'accepted' }, { ifMatch: true, actor: 'filler/0', now: 1 }).resource as FhirResource;
    let error: unknown;
    try {
      store.update('Task', task.id, owned, { owner: 'filler/1' }, { ifMatch: true, actor: 'filler/1', now: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OwnerChangeError);
    expect(error).toMatchObject({ taskId: 'q/Task/1', from: 'filler/0', to: 'filler/1', actor: 'filler/1' });
    expect(() => store.update('Task', task.id, owned, { owner: null }, { ifMatch: true, actor: 'filler/0', now: 3 })).toThrow(OwnerChangeError);
    expect(store.read('Task', task.id)).toBe(owned);
    // Keeping the owner is fine.
    expect(store.update('Task', task.id, owned, { status: 'in-progress' }, { ifMatch: true, actor: 'filler/0', now: 4 }).status).toBe(200);
  });

  it('a Task cannot be created entered-in-error or in an unknown status', () => {
    const store = new VersionedStore({ name: 'q' });
    expect(() => store.create({ type: 'Task', status: 'entered-in-error' }, 0, 'p')).toThrow(/status/);
    expect(() => store.create({ type: 'Task', status: 'active' }, 0, 'p')).toThrow(/status/);
    expect(store.size).toBe(0);
    expect(store.create({ type: 'Task', status: 'rejected' }, 0, 'f').status).toBe('rejected');
  });

  // Regression: a Task may start in any non-terminal status, or rejected; never completed,
  // cancelled or failed.
  it('a Task cannot be created in a terminal status other than rejected', () => {
    const store = new VersionedStore({ name: 'q' });
    for (const s of ['completed', 'cancelled', 'failed']) {
      expect(() => store.create({ type: 'Task', status: s }, 0, 'p')).toThrow(/status/);
    }
  });
});
