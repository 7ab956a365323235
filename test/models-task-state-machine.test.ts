import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, TASK_STATUSES, VersionedStore, isLegalTransition, isTerminal, type FhirResource } from '../src/models/index.js';

/** DESIGN.md section 3, written out by hand. */
const DESIGN: readonly [string, string][] = [
  ['requested', 'received'], ['requested', 'accepted'], ['requested', 'rejected'],
  ['received', 'accepted'], ['received', 'rejected'],
  ['accepted', 'in-progress'], ['ready', 'in-progress'],
  ['in-progress', 'on-hold'], ['on-hold', 'in-progress'],
  ['in-progress', 'completed'], ['in-progress', 'failed'],
];
const NON_TERMINAL = ['draft', 'requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold'];
const TERMINAL = ['rejected', 'cancelled', 'failed', 'completed', 'entered-in-error'];
/** What the module adds to DESIGN.md (its header comment): draft -> requested, accepted -> ready, anything -> entered-in-error. */
const EXTRAS: readonly [string, string][] = [['draft', 'requested'], ['accepted', 'ready']];

/** The oracle: the full legal relation, built independently of the module. */
const LEGAL = new Set<string>([
  ...DESIGN.map(([a, b]) => `${a}>${b}`),
  ...EXTRAS.map(([a, b]) => `${a}>${b}`),
  ...NON_TERMINAL.map((s) => `${s}>cancelled`),
  ...[...NON_TERMINAL, ...TERMINAL].map((s) => `${s}>entered-in-error`),
  ...[...NON_TERMINAL, ...TERMINAL].map((s) => `${s}>${s}`),
]);
const legal = (from: string, to: string): boolean => LEGAL.has(`${from}>${to}`);

describe('Task state machine: the table', () => {
  it('knows the twelve FHIR statuses, five of them terminal', () => {
    expect([...TASK_STATUSES].sort()).toEqual([...NON_TERMINAL, ...TERMINAL].sort());
    for (const s of TERMINAL) expect(isTerminal(s)).toBe(true);
    for (const s of NON_TERMINAL) expect(isTerminal(s)).toBe(false);
  });

  it.each(DESIGN)('DESIGN.md allows %s -> %s', (from, to) => {
    expect(isLegalTransition(from, to)).toBe(true);
  });

  it.each(NON_TERMINAL)('%s -> cancelled is allowed (non-terminal)', (from) => {
    expect(isLegalTransition(from, 'cancelled')).toBe(true);
  });

  it.each([
    ['requested', 'in-progress'], ['requested', 'completed'], ['received', 'in-progress'], ['accepted', 'completed'],
    ['on-hold', 'completed'], ['completed', 'in-progress'], ['rejected', 'accepted'], ['cancelled', 'requested'],
    ['failed', 'cancelled'], ['completed', 'cancelled'], ['entered-in-error', 'draft'], ['in-progress', 'accepted'],
  ])('forbids %s -> %s', (from, to) => {
    expect(isLegalTransition(from, to)).toBe(false);
  });

  it('every one of the 144 pairs agrees with the oracle', () => {
    const disagreements: string[] = [];
    for (const from of TASK_STATUSES) {
      for (const to of TASK_STATUSES) if (isLegalTransition(from, to) !== legal(from, to)) disagreements.push(`${from} -> ${to}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('unknown statuses are never legal targets or sources', () => {
    expect(isLegalTransition('requested', 'active')).toBe(false);
    expect(isLegalTransition('active', 'completed')).toBe(false);
  });
});

type Attempt = { to: string; stale: boolean };

describe('Task state machine through the store', () => {
  it('property: random attempts never reach an illegal state; illegal ones throw and leave the Task unchanged', () => {
    const initial = fc.constantFrom('draft', 'requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold');
    const attempt = fc.record({ to: fc.constantFrom(...TASK_STATUSES), stale: fc.boolean() });
    fc.assert(
      fc.property(initial, fc.array(attempt, { minLength: 1, maxLength: 40 }), (start, attempts: Attempt[]) => {
        const store = new VersionedStore({ name: 'q' });
        let cur = store.create({ type: 'Task', status: start, owner: 'filler/0' }, 0, 'placer/0');
        let previous: FhirResource | null = null;
        const path = [cur.status];
        attempts.forEach(({ to, stale }, i) => {
          const now = i + 1;
          const before = cur;
          const conflicts = store.stats.conflicts;
          if (stale && previous !== null) {
            // A writer holding an older version is refused by If-Match before any transition check.
            const r = store.update('Task', cur.id, previous, { status: to }, { ifMatch: true, actor: 'filler/0', now });
            expect(r.status).toBe(412);
            expect(store.stats.conflicts).toBe(conflicts + 1);
            // Unchanged: the same version (a finished Task is read back as an identical object).
            expect(store.read('Task', cur.id)).toStrictEqual(before);
            return;
          }
          if (legal(cur.status, to)) {
            const r = store.update('Task', cur.id, cur, { status: to }, { ifMatch: true, actor: 'filler/0', now });
            expect(r.status).toBe(200);
            const next = r.resource as FhirResource;
            expect(next.status).toBe(to);
            expect(next.versionId).toBe(before.versionId + 1);
            previous = cur;
            cur = next;
            path.push(to);
          } else {
            expect(() => store.update('Task', cur.id, cur, { status: to }, { ifMatch: true, actor: 'filler/0', now })).toThrow(
              new IllegalTransitionError(cur.ref, cur.status, to, 'filler/0'),
            );
            // Unchanged: the same version (a finished Task is read back as an identical object).
            expect(store.read('Task', cur.id)).toStrictEqual(before);
          }
        });
        // The path the Task actually took only uses legal steps.
        for (let i = 1; i < path.length; i++) expect(legal(path[i - 1] as string, path[i] as string)).toBe(true);
        expect(store.read('Task', cur.id)?.status).toBe(path[path.length - 1]);
      }),
      { numRuns: 300 },
    );
  });

  it('without If-Match the transition is checked against the current version: an illegal one is refused (422), not applied', () => {
    const store = new VersionedStore({ name: 'q' });
    const v1 = store.create({ type: 'Task', status: 'requested' }, 0, 'p');
    store.update('Task', v1.id, v1, { status: 'cancelled' }, { ifMatch: true, actor: 'placer/0', now: 1 });
    // The filler still holds v1 (requested) and blindly PUTs accepted: cancelled -> accepted is illegal.
    const r = store.update('Task', v1.id, v1, { status: 'accepted', owner: 'filler/0' }, { ifMatch: false, actor: 'filler/0', now: 2 });
    expect(r.status).toBe(422);
    expect(store.stats.refused).toBe(1);
    expect(store.stats.lostUpdates).toBe(0);
    expect(store.read('Task', v1.id)?.status).toBe('cancelled');
    expect(store.refusesBlindWrite('Task', v1.id, v1, { status: 'in-progress' })).toBe(true);
    expect(store.stats.refused).toBe(2);
  });

  it('a legal blind write over an unseen version wins and is a lost update, even when it erases the owner', () => {
    const store = new VersionedStore({ name: 'q' });
    const v1 = store.create({ type: 'Task', status: 'requested' }, 0, 'p');
    store.update('Task', v1.id, v1, { status: 'accepted', owner: 'filler/0' }, { ifMatch: true, actor: 'filler/0', now: 1 });
    // The placer still holds v1 (unowned, requested) and PUTs it cancelled without If-Match.
    const r = store.update('Task', v1.id, v1, { status: 'cancelled' }, { ifMatch: false, actor: 'placer/0', now: 2 });
    expect(r.status).toBe(200);
    expect(r.lostUpdate).toBe(true);
    expect(store.stats.lostUpdates).toBe(1);
    expect(r.resource?.status).toBe('cancelled');
    expect(r.resource?.owner).toBeNull();
    // From the version the writer saw, an illegal transition is still a model bug.
    expect(() => store.update('Task', v1.id, r.resource!, { status: 'accepted' }, { ifMatch: false, actor: 'filler/0', now: 3 })).toThrow(IllegalTransitionError);
  });
});
