/** Transaction Bundles: several creates and updates applied at once, all or nothing. */

import { isUpdateEntry, type FhirResponse, type TransactionCreate, type TransactionEntry } from '../network/interaction.js';
import type { FhirResource, ResourceContent, ResourceDraft } from './resource.js';
import type { VersionedStore } from './versioned-store.js';

/**
 * Applies a transaction Bundle to `store` atomically, as a FHIR server does: every update's
 * precondition is checked first (one stale If-Match fails the whole Bundle with the store's
 * conflict status, a blind write the Task state machine refuses with 422, a missing
 * resource with 404), then the creates run in entry order (a conditional create that finds
 * several matches fails it with 412), then the updates, whose local references (`#0`) now
 * name what the creates made. Answers 200 with the first created (else updated) resource.
 */
export function applyTransaction(store: VersionedStore, entries: readonly TransactionEntry[], actor: string, now: number): FhirResponse {
  for (const e of entries) {
    if (!isUpdateEntry(e)) continue;
    const cur = store.peek(e.id);
    if (cur === undefined || cur.type !== e.type) return { status: 404 };
    if (e.ifMatch && !store.checkIfMatch(e.type, e.id, e.base, e.changes.owner != null)) return { status: store.conflictStatus };
    if (!e.ifMatch && store.refusesBlindWrite(e.type, e.id, e.base, e.changes)) return { status: 422 };
  }
  const created: FhirResource[] = [];
  for (const e of entries) {
    if (isUpdateEntry(e)) continue;
    // The entry is the draft (the store reads only content fields, so `ifNoneExist` beside them is ignored).
    const ifNoneExist = (e as TransactionCreate).ifNoneExist;
    const draft = resolved(e as TransactionCreate as ResourceDraft, created);
    if (ifNoneExist !== undefined) {
      const r = store.createIfNoneExist(draft, ifNoneExist, now, actor);
      if (r.resource === undefined) return { status: 412 };
      created.push(r.resource);
    } else {
      created.push(store.create(draft, now, actor));
    }
  }
  const updated: FhirResource[] = [];
  for (const e of entries) {
    if (!isUpdateEntry(e)) continue;
    const r = store.update(e.type, e.id, e.base, resolved(e.changes, created), { ifMatch: e.ifMatch, actor, now });
    if (r.resource !== undefined) updated.push(r.resource);
  }
  return { status: 200, resource: created[0] ?? updated[0], created, updated };
}

/**
 * Content of a transaction entry with its local references (`#0`: the resource the first
 * entry created) replaced by real ones; content without any is used as sent (no copy).
 */
function resolved<T extends Partial<ResourceContent>>(c: T, created: readonly FhirResource[]): T {
  if (!isLocal(c.focus) && !isLocal(c.basedOn) && !isLocal(c.output)) return c;
  const out: T = { ...c };
  for (const key of ['focus', 'basedOn', 'output'] as const) {
    const v = c[key];
    if (isLocal(v)) out[key] = (created[Number((v as string).slice(1))]?.ref ?? null) as T[typeof key];
  }
  return out;
}

/** True for a transaction-local reference (`#<entry>`). */
function isLocal(v: string | null | undefined): boolean {
  return typeof v === 'string' && v.charCodeAt(0) === 35;
}
