import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_INDEXES, VersionedStore, type Criteria, type FhirResource, type IndexSpec, type SearchCursor, type SearchField } from '../src/models/index.js';

/** The oracle's own matching rule (deliberately not the store's `matches`). */
function oracleMatches(r: FhirResource, where: Criteria): boolean {
  return Object.entries(where).every(([field, want]) => {
    if (want === undefined) return true;
    const have = r.field(field as SearchField);
    return Array.isArray(want) ? have !== null && want.includes(have) : have === want;
  });
}

/** The queries the property polls with: every way the store can serve one (compound, list, missing, unindexed, all). */
const QUERIES: readonly Criteria[] = [
  { status: 'active' },
  { performer: 'filler/0', status: 'active' },
  { performer: 'filler/1', status: ['active', 'on-hold'] },
  { performer: null, status: 'active' },
  { performer: 'filler/0' },
  { requester: 'placer/1', status: 'draft' },
  { requester: 'placer/0' },
  {},
];

const STATUSES = ['draft', 'active', 'on-hold', 'completed'] as const;
const PERFORMERS = [null, 'filler/0', 'filler/1'] as const;
const REQUESTERS = ['placer/0', 'placer/1'] as const;

type Op =
  | { kind: 'create'; status: string; performer: string | null; requester: string }
  | { kind: 'update'; pick: number; status?: string; performer?: string | null; requester?: string }
  | { kind: 'other' }
  | { kind: 'poll'; poller: number; count: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), status: fc.constantFrom(...STATUSES), performer: fc.constantFrom(...PERFORMERS), requester: fc.constantFrom(...REQUESTERS) }) },
  {
    weight: 6,
    arbitrary: fc.record(
      { kind: fc.constant('update' as const), pick: fc.nat(), status: fc.constantFrom(...STATUSES), performer: fc.constantFrom(...PERFORMERS), requester: fc.constantFrom(...REQUESTERS) },
      { requiredKeys: ['kind', 'pick'] },
    ),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'other' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('poll' as const), poller: fc.nat(QUERIES.length - 1), count: fc.integer({ min: 1, max: 4 }) }) },
);

/** One poller's open poll: pages read so far and what the oracle expects. */
interface OpenPoll {
  cursor: SearchCursor | null;
  pages: (readonly FhirResource[])[];
  count: number;
  since: number;
  asOf: number;
  /** Current matching versions with txId > since when the search ran. */
  expected: Map<string, FhirResource>;
  /** The unpaged answer at the same instant. */
  unpaged: readonly FhirResource[];
  writesDuring: boolean;
}

describe('watermark searches never miss or repeat a change', () => {
  it('property: random writes moving resources between buckets, interleaved with paged watermark polls', () => {
    const indexChoices: readonly (readonly IndexSpec[])[] = [STANDARD_INDEXES, [], [{ type: 'ServiceRequest', fields: ['performer'] }, { type: 'ServiceRequest', fields: ['status', 'requester'] }]];
    fc.assert(
      fc.property(fc.constantFrom(...indexChoices), fc.array(opArb, { minLength: 1, maxLength: 250 }), (indexes, ops) => {
        const store = new VersionedStore({ name: 'q', indexes });
        /** The oracle's view of the store: every resource's current version. */
        const current = new Map<string, FhirResource>();
        const ids: string[] = [];
        const since = QUERIES.map(() => 0);
        const open: (OpenPoll | null)[] = QUERIES.map(() => null);
        const delivered = QUERIES.map(() => new Set<string>());
        let now = 0;

        const startPoll = (p: number, count: number): void => {
          const where = QUERIES[p] as Criteria;
          const s = since[p] as number;
          const expected = new Map<string, FhirResource>();
          for (const [id, v] of current) if (v.type === 'ServiceRequest' && v.txId > s && oracleMatches(v, where)) expected.set(id, v);
          const unpaged = store.search({ type: 'ServiceRequest', where, since: s }).resources;
          const page = store.search({ type: 'ServiceRequest', where, since: s, count });
          expect(page.asOf).toBe(store.lastTx);
          open[p] = { cursor: page.next, pages: [page.resources], count, since: s, asOf: page.asOf, expected, unpaged, writesDuring: false };
        };
        const finish = (p: number, poll: OpenPoll): void => {
          const got = poll.pages.flat();
          // Commit order, no repeats within the poll.
          for (let i = 1; i < got.length; i++) expect((got[i] as FhirResource).txId).toBeGreaterThan((got[i - 1] as FhirResource).txId);
          // Only versions the oracle expected; every one of them that is still current was returned.
          // A version is named by its commit number (a finished resource is read as a fresh, identical object).
          for (const r of got) expect(poll.expected.get(r.id)).toStrictEqual(r);
          const gotTx = new Set(got.map((r) => r.txId));
          for (const [id, v] of poll.expected) if (current.get(id)?.txId === v.txId) expect(gotTx.has(v.txId)).toBe(true);
          // Expected versions left out were superseded after the search ran: their successors are above the new watermark.
          for (const [id, v] of poll.expected) if (!gotTx.has(v.txId)) expect((current.get(id) as FhirResource).txId).toBeGreaterThan(poll.asOf);
          // Every page but the last is full; none is larger than count.
          poll.pages.forEach((pg, i) => (i < poll.pages.length - 1 ? expect(pg).toHaveLength(poll.count) : expect(pg.length).toBeLessThanOrEqual(poll.count)));
          if (!poll.writesDuring) expect(got).toEqual(poll.unpaged);
          // Never repeated across polls.
          for (const r of got) {
            const key = `${r.id}@${r.versionId}`;
            expect(delivered[p]?.has(key)).toBe(false);
            delivered[p]?.add(key);
          }
          since[p] = poll.asOf;
          open[p] = null;
        };
        const step = (p: number, count: number): void => {
          const poll = open[p];
          if (poll === undefined || poll === null) {
            startPoll(p, count);
          } else if (poll.cursor !== null) {
            const page = store.nextPage(poll.cursor);
            expect(page.asOf).toBe(poll.asOf);
            poll.pages.push(page.resources);
            poll.cursor = page.next;
          }
          const after = open[p];
          if (after !== null && after !== undefined && after.cursor === null) finish(p, after);
        };
        const wrote = (): void => {
          for (const poll of open) if (poll !== null) poll.writesDuring = true;
        };

        for (const op of ops) {
          now += 1;
          if (op.kind === 'create') {
            const v = store.create({ type: 'ServiceRequest', status: op.status, performer: op.performer, requester: op.requester }, now, op.requester);
            current.set(v.id, v);
            ids.push(v.id);
            wrote();
          } else if (op.kind === 'update' && ids.length > 0) {
            const id = ids[op.pick % ids.length] as string;
            const changes = { ...(op.status !== undefined ? { status: op.status } : {}), ...(op.performer !== undefined ? { performer: op.performer } : {}), ...(op.requester !== undefined ? { requester: op.requester } : {}) };
            const r = store.update('ServiceRequest', id, current.get(id) as FhirResource, changes, { ifMatch: true, actor: 'writer', now });
            expect(r.status).toBe(200);
            current.set(id, r.resource as FhirResource);
            wrote();
          } else if (op.kind === 'other') {
            const v = store.create({ type: 'DiagnosticReport', status: 'active', performer: 'filler/0', requester: 'placer/0' }, now, 'filler/0');
            current.set(v.id, v);
            wrote();
          } else if (op.kind === 'poll') {
            step(op.poller, op.count);
          }
        }
        // Drain open polls, then poll once more with no writes: by now every current matching version was delivered.
        QUERIES.forEach((_q, p) => {
          while (open[p] !== null) step(p, 1);
          step(p, 3);
          while (open[p] !== null) step(p, 3);
          for (const v of current.values()) {
            if (v.type === 'ServiceRequest' && oracleMatches(v, QUERIES[p] as Criteria)) expect(delivered[p]?.has(`${v.id}@${v.versionId}`)).toBe(true);
          }
        });
        expect(store.search({ type: 'DiagnosticReport', since: 0 }).resources.every((r) => r.type === 'DiagnosticReport')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('paging', () => {
  it('splits results into pages of count in commit order; the union is the unpaged result', () => {
    const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    for (let i = 0; i < 10; i++) store.create({ type: 'ServiceRequest', status: i % 3 === 0 ? 'draft' : 'active' }, i, 'p');
    // Drafts are ids 1, 4, 7, 10; the six active ones are 2, 3, 5, 6, 8, 9.
    const all = store.search({ type: 'ServiceRequest', where: { status: 'active' } });
    expect(all.resources.map((r) => r.id)).toEqual(['2', '3', '5', '6', '8', '9']);
    expect(all.next).toBeNull();
    const pages: string[][] = [];
    let page = store.search({ type: 'ServiceRequest', where: { status: 'active' }, count: 4 });
    pages.push(page.resources.map((r) => r.id));
    while (page.next !== null) {
      page = store.nextPage(page.next);
      pages.push(page.resources.map((r) => r.id));
    }
    expect(pages).toEqual([['2', '3', '5', '6'], ['8', '9']]);
    expect(page.asOf).toBe(10);
  });

  it('a page cursor keeps its asOf: writes after the search show up in the next poll, not in later pages', () => {
    const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    for (let i = 0; i < 4; i++) store.create({ type: 'ServiceRequest' }, i, 'p');
    const first = store.search({ type: 'ServiceRequest', where: { status: 'active' }, count: 2, since: 0 });
    store.create({ type: 'ServiceRequest' }, 9, 'p');
    const second = store.nextPage(first.next as SearchCursor);
    expect(second.resources.map((r) => r.id)).toEqual(['3', '4']);
    expect(second.next).toBeNull();
    expect(store.search({ type: 'ServiceRequest', where: { status: 'active' }, since: second.asOf }).resources.map((r) => r.id)).toEqual(['5']);
  });

  it('compacting a bucket full of stale entries keeps every live one (checked after each of 300 updates)', () => {
    const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    const quiet = [0, 1, 2].map((i) => store.create({ type: 'ServiceRequest', requester: 'placer/0' }, i, 'p'));
    let hot = store.create({ type: 'ServiceRequest', requester: 'placer/0' }, 3, 'p');
    for (let i = 0; i < 300; i++) {
      hot = store.update('ServiceRequest', hot.id, hot, { businessStatus: `b${i}` }, { ifMatch: true, actor: 'p', now: 10 + i }).resource as FhirResource;
      for (const where of [{ status: 'active' }, { requester: 'placer/0' }, {}] as Criteria[]) {
        const page = store.search({ type: 'ServiceRequest', where, since: 0 });
        expect(page.resources).toEqual([...quiet, hot]);
        expect(page.examined).toBeLessThanOrEqual(2 * 4 + 32 + 1);
      }
    }
  });

  // Regression: a value listed twice in a criterion must not visit its index bucket twice.
  it('a list criterion with a repeated value returns each match once', () => {
    const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    store.create({ type: 'ServiceRequest', status: 'active' }, 0, 'p');
    expect(store.search({ type: 'ServiceRequest', where: { status: ['active', 'active'] } }).resources).toHaveLength(1);
  });
});

// These tests share one large store and run in order (the later ones add to it).
describe('indexes: a search costs what it returns', () => {
  const N = 100_000;
  const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
  const mine: FhirResource[] = [];
  beforeAll(() => {
    for (let i = 0; i < N; i++) store.create({ type: 'ServiceRequest', performer: 'filler/0', requester: 'placer/0' }, i, 'placer/0');
    for (let i = 0; i < 5; i++) mine.push(store.create({ type: 'ServiceRequest', performer: 'filler/1', requester: 'placer/1' }, N + i, 'placer/1'));
  });

  it('an indexed query examines only its matches among 100,000 other resources, and is no full scan', () => {
    const page = store.search({ type: 'ServiceRequest', where: { performer: 'filler/1', status: 'active' } });
    expect(page.resources).toHaveLength(5);
    expect(page.examined).toBeLessThanOrEqual(6);
    const listed = store.search({ type: 'ServiceRequest', where: { performer: ['filler/1', 'filler/2'], status: 'active' }, count: 2 });
    expect(listed.resources).toHaveLength(2);
    expect(listed.examined).toBeLessThanOrEqual(3);
    expect(store.fullScans).toBe(0);
  });

  it('stays cheap after many updates leave stale entries in its bucket', () => {
    let vs = mine;
    for (let round = 0; round < 50; round++) {
      vs = vs.map((v) => store.update('ServiceRequest', v.id, v, { businessStatus: `r${round}` }, { ifMatch: true, actor: 'filler/1', now: 2 * N + round }).resource as FhirResource);
    }
    const page = store.search({ type: 'ServiceRequest', where: { performer: 'filler/1', status: 'active' } });
    expect(page.resources).toHaveLength(5);
    // Compaction bounds a bucket to 2 * live + 32 entries.
    expect(page.examined).toBeLessThanOrEqual(2 * 5 + 32);
    expect(store.fullScans).toBe(0);
  });

  it('a watermark search served by the type-wide index examines only newer versions', () => {
    const mark = store.lastTx;
    for (let i = 0; i < 3; i++) store.create({ type: 'ServiceRequest', performer: 'filler/7' }, 3 * N + i, 'p');
    const page = store.search({ type: 'ServiceRequest', where: { performer: 'filler/7' }, since: mark });
    expect(page.resources).toHaveLength(3);
    expect(page.examined).toBe(3);
    expect(store.fullScans).toBe(0);
  });

  it('an unindexed query without a watermark is a counted full scan', () => {
    const before = store.fullScans;
    // performer alone is served by no declared index (performer+status needs status).
    const page = store.search({ type: 'ServiceRequest', where: { performer: 'filler/1' } });
    expect(page.resources).toHaveLength(5);
    expect(page.examined).toBeGreaterThanOrEqual(N);
    expect(store.fullScans).toBe(before + 1);
    store.search({ type: 'ServiceRequest', where: { performer: 'filler/1' }, since: store.lastTx });
    store.search({ type: 'ServiceRequest', where: { requester: 'placer/1' } });
    expect(store.fullScans).toBe(before + 1);
  });
});

describe('search plans kept per criteria object', () => {
  it('a criteria object asked before anything matched finds what is stored later', () => {
    const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    const where: Criteria = { performer: 'filler/1', status: 'active' };
    expect(store.search({ type: 'ServiceRequest', where }).resources).toEqual([]);
    store.create({ type: 'ServiceRequest', performer: 'filler/2' }, 1, 'p');
    expect(store.search({ type: 'ServiceRequest', where }).resources).toEqual([]);
    store.create({ type: 'ServiceRequest', performer: 'filler/1' }, 2, 'p');
    expect(store.search({ type: 'ServiceRequest', where }).resources.map((r) => r.id)).toEqual(['2']);
  });

  it('a criteria object changed in place is planned again, never answered from the old plan', () => {
    const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    store.create({ type: 'ServiceRequest', performer: 'filler/0' }, 1, 'p');
    store.create({ type: 'ServiceRequest', performer: 'filler/1' }, 2, 'p');
    store.create({ type: 'ServiceRequest', performer: null }, 3, 'p');
    const where: Criteria = { performer: 'filler/0' };
    const ids = (): string[] => store.search({ type: 'ServiceRequest', where }).resources.map((r) => r.id);
    expect(ids()).toEqual(['1']);
    where.performer = 'filler/1';
    expect(ids()).toEqual(['2']);
    where.performer = null;
    expect(ids()).toEqual(['3']);
    // A field added, then one removed: the index chosen changes with them.
    where.status = 'completed';
    expect(ids()).toEqual([]);
    delete where.performer;
    where.status = 'active';
    expect(ids()).toEqual(['1', '2', '3']);
    // The same object, now for another type.
    expect(store.search({ type: 'Task', where }).resources).toEqual([]);
  });

  it('a list criterion changed in place is read afresh each time', () => {
    const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    for (let i = 0; i < 3; i++) store.create({ type: 'ServiceRequest', performer: `filler/${i}` }, i, 'p');
    const performers = ['filler/0'];
    const where: Criteria = { performer: performers };
    expect(store.search({ type: 'ServiceRequest', where }).resources.map((r) => r.id)).toEqual(['1']);
    performers.push('filler/2');
    expect(store.search({ type: 'ServiceRequest', where }).resources.map((r) => r.id)).toEqual(['1', '3']);
  });

  it('a long list criterion with repeated values returns each match once, in commit order', () => {
    const store = new VersionedStore({ name: 'q', indexes: STANDARD_INDEXES });
    for (let i = 0; i < 30; i++) store.create({ type: 'ServiceRequest', performer: `filler/${i % 10}` }, i, 'p');
    const performers = Array.from({ length: 24 }, (_, i) => `filler/${(i * 7) % 12}`);
    const ids = store.search({ type: 'ServiceRequest', where: { performer: performers } }).resources.map((r) => Number(r.id));
    const expected = Array.from({ length: 30 }, (_, i) => i + 1).filter((id) => performers.includes(`filler/${(id - 1) % 10}`));
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('one criteria object asked of two stores gets each store its own matches', () => {
    const a = new VersionedStore({ name: 'a', indexes: STANDARD_INDEXES });
    const b = new VersionedStore({ name: 'b', indexes: STANDARD_INDEXES });
    a.create({ type: 'Task', status: 'requested', requester: 'placer/1' }, 1, 'p');
    b.create({ type: 'Task', status: 'requested', requester: 'placer/2' }, 1, 'p');
    b.create({ type: 'Task', status: 'requested', requester: 'placer/1' }, 2, 'p');
    const where: Criteria = { requester: 'placer/1' };
    for (let round = 0; round < 3; round++) {
      expect(a.search({ type: 'Task', where }).resources.map((r) => r.ref)).toEqual(['a/Task/1']);
      expect(b.search({ type: 'Task', where }).resources.map((r) => r.ref)).toEqual(['b/Task/2']);
    }
    expect(Object.keys(where)).toEqual(['requester']);
    expect(JSON.stringify(where)).toBe('{"requester":"placer/1"}');
  });
});
