/** A FHIR server's versioned resource store: ETag-checked updates, lost-update detection, and the searches of store-search.ts. */

import { FhirResource, makeVersion, updatedVersion, type ResourceContent, type ResourceDraft, type ResourceType } from './resource.js';
import { IdentifierLookup } from './identifier-lookup.js';
import { ReferenceCodes } from './reference-codes.js';
import { ResourceTable, tableArenas, type TableArenas } from './resource-table.js';
import { SearchIndex, type IndexSpec } from './search-index.js';
import { StoreSearch, type Criteria, type SearchCursor, type SearchPage, type SearchQuery } from './store-search.js';
import { assertTransition, isLegalTransition, isTerminal, isValidInitialTaskStatus } from './task-state-machine.js';
import { OwnerChangeError, StoreStats, type ConditionalCreateResult, type UpdateResult } from './store-outcomes.js';

/** Options of a store. */
export interface StoreOptions {
  /** Server name: the prefix of every reference (`<name>/<type>/<id>`). */
  name: string;
  /** Status answered to a stale If-Match: 412 (the spec) or 409 (as HAPI FHIR does). */
  conflictStatus?: 409 | 412;
  /** Compound indexes to maintain. */
  indexes?: readonly IndexSpec[];
  /** Keep every version for vread (tests); off in large runs to keep memory flat. */
  keepHistory?: boolean;
  /** Where the rows' strings are coded (default: a table of this store's own); a world shares one among its servers. */
  codes?: ReferenceCodes;
  /** Where the rows are (default: arenas of this store's own, see {@link tableArenas}); a world shares one pair among its servers. */
  arenas?: TableArenas;
  /**
   * How long an unfinished resource nobody writes keeps the object it was committed as
   * (simulated microseconds; default an hour): after that it is read back as a new, identical
   * object, as a finished one is. Memory only: no answer of the store depends on it.
   */
  keepUnfinishedFor?: number;
}

/** Called after every committed write with the new version and the one it replaced. */
export type ChangeListener = (current: FhirResource, previous: FhirResource | undefined) => void;

/**
 * Resources with `id`, `versionId` and `lastUpdated`. Writes are atomic and ordered by a
 * commit number; an If-Match update succeeds only against the current version, so when two
 * actors read the same version and both write it, exactly one wins and the other gets a
 * conflict: collisions are never drawn from a formula. Searches use compound indexes and a
 * commit-number watermark, so a poll costs what it returns, not what is stored.
 */
export class VersionedStore {
  readonly name: string;
  readonly stats = new StoreStats();
  readonly conflictStatus: 409 | 412;
  /**
   * Current versions by id, as rows of columns. The store gives ids `1`, `2`, ... in creation
   * order, so the id's number is the row: no hash table to grow, and no id string hashed per read.
   */
  private readonly table: ResourceTable;
  private readonly codes: ReferenceCodes;
  /** Conditional creates on an identifier look up here, no search index needed (created on first use). */
  private identifiers: IdentifierLookup | null = null;
  private readonly history: Map<string, FhirResource[]> | null;
  private readonly index: SearchIndex;
  /** Created on the first search: most servers of a large world are only written to. */
  private searcher: StoreSearch | null = null;
  private readonly listeners: ChangeListener[] = [];
  private tx = 0;

  constructor(options: StoreOptions) {
    this.name = options.name;
    this.conflictStatus = options.conflictStatus ?? 412;
    this.codes = options.codes ?? new ReferenceCodes();
    this.table = new ResourceTable(options.name, this.codes, options.arenas ?? tableArenas(), options.keepUnfinishedFor);
    this.index = new SearchIndex(options.indexes ?? [], this.table);
    this.history = options.keepHistory === true ? new Map() : null;
  }

  /** Number of resources stored (current versions). */
  get size(): number {
    return this.table.size;
  }

  /** Commit number of the latest write (0 before any). */
  get lastTx(): number {
    return this.tx;
  }

  /** Searches that scanned a whole resource type (no index, no watermark). */
  get fullScans(): number {
    return this.index.fullScans;
  }

  /** Drops every resource, version and index entry: the store is as new (a finished run's store; see `World.dispose`). */
  clear(): void {
    this.table.clear();
    this.tx = 0;
    this.identifiers = null;
    this.history?.clear();
    this.index.clear();
    this.searcher = null;
  }

  /** Registers a listener for committed writes (subscriptions, co-located applications). */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Creates a resource (201). A Task must start in a legal initial status. */
  create(draft: ResourceDraft, now: number, actor: string): FhirResource {
    const status = draft.status ?? 'active';
    if (draft.type === 'Task' && !isValidInitialTaskStatus(status)) {
      throw new Error(`Task cannot be created with status '${status}' (by ${actor})`);
    }
    const row = this.table.open();
    this.stats.creates++;
    const id = String(row);
    return this.commit(row, makeVersion(draft.type, id, 1, now, this.tx + 1, this.table.prefix(draft.type), draft), undefined);
  }

  /** Conditional create: 200 with the single existing match, 201 when none, 412 when several match. */
  createIfNoneExist(draft: ResourceDraft, where: Criteria, now: number, actor: string): ConditionalCreateResult {
    if (typeof where.identifier === 'string' && onlyIdentifier(where)) {
      const rows = this.identifiers?.get(draft.type, where.identifier);
      if (Array.isArray(rows)) return { status: 412, resource: undefined };
      if (rows !== undefined) return { status: 200, resource: this.table.version(rows) };
      return { status: 201, resource: this.create(draft, now, actor) };
    }
    const page = this.search({ type: draft.type, where, count: 2 });
    if (page.resources.length > 1) return { status: 412, resource: undefined };
    if (page.resources.length === 1) return { status: 200, resource: page.resources[0] };
    return { status: 201, resource: this.create(draft, now, actor) };
  }

  /** The current version, or undefined (404). */
  read(type: ResourceType, id: string): FhirResource | undefined {
    this.stats.reads++;
    const r = this.peek(id);
    return r !== undefined && r.type === type ? r : undefined;
  }

  /** The current version without counting a read (for the server's own checks). */
  peek(id: string): FhirResource | undefined {
    const row = this.table.rowOf(id);
    return row === 0 ? undefined : this.table.version(row);
  }

  /**
   * Whether a write without If-Match of `changes` over `base` would be refused (422) because
   * the current version's status cannot go where it says (a transaction checks every entry
   * before it applies any).
   */
  refusesBlindWrite(type: ResourceType, id: string, base: FhirResource, changes: Partial<ResourceContent>): boolean {
    const cur = this.peek(id);
    if (type !== 'Task' || cur === undefined || base.versionId >= cur.versionId) return false;
    if (!refusedBlind(cur.status, changes.status ?? base.status)) return false;
    this.stats.refused++;
    return true;
  }

  /**
   * Checks an If-Match precondition without writing: true when `base` is the current version
   * of `id`; a stale base counts as a conflict (the caller answers 412/409).
   */
  checkIfMatch(type: ResourceType, id: string, base: FhirResource, setsOwner = false): boolean {
    const cur = this.peek(id);
    if (cur === undefined || cur.type !== type) return false;
    const claim = type === 'Task' && base.owner === null && setsOwner;
    // A successful check is followed by the update, which counts the claim itself.
    if (cur.versionId === base.versionId) return true;
    if (claim) this.stats.claimAttempts++;
    this.stats.conflicts++;
    return false;
  }

  /** A specific version (needs `keepHistory`); undefined when unknown. */
  vread(type: ResourceType, id: string, versionId: number): FhirResource | undefined {
    if (this.history === null) throw new Error(`store ${this.name}: vread needs keepHistory`);
    this.stats.reads++;
    const v = this.history.get(id)?.[versionId - 1];
    return v !== undefined && v.type === type ? v : undefined;
  }

  /**
   * Updates resource `id` with `changes` applied to `base`, the version the writer read.
   * With `ifMatch`, the write succeeds only if `base` is still current (else 412, or 409).
   * Without it the write wins regardless, and when `base` is older than the current version
   * the versions in between are overwritten unseen: a lost update.
   */
  update(
    type: ResourceType,
    id: string,
    base: FhirResource | null,
    changes: Partial<ResourceContent>,
    options: { ifMatch: boolean; actor: string; now: number },
  ): UpdateResult {
    const cur = this.peek(id);
    if (cur === undefined || cur.type !== type) return { status: 404, resource: undefined, lostUpdate: false };
    const basis = base ?? cur;
    if (options.ifMatch && base === null) throw new Error(`update of ${type}/${id} by ${options.actor}: If-Match needs the version read`);
    // The two fields the checks need, as the write would leave them (the version is built only once it is allowed).
    const status = changes.status ?? basis.status;
    const owner = changes.owner !== undefined ? changes.owner : basis.owner;
    if (type === 'Task' && basis.owner === null && owner !== null) this.stats.claimAttempts++;
    if (options.ifMatch && basis.versionId !== cur.versionId) {
      this.stats.conflicts++;
      return { status: this.conflictStatus, resource: undefined, lostUpdate: false };
    }
    // Only a write without If-Match can be based on a version that is no longer current.
    const stale = basis.versionId < cur.versionId;
    if (type === 'Task') {
      // The server enforces the Task state machine: a blind write that would be illegal from the
      // current status, or change a finished Task, is refused (422). From the version the writer
      // saw, an illegal transition is a model bug.
      if (stale && refusedBlind(cur.status, status)) {
        this.stats.refused++;
        return { status: 422, resource: undefined, lostUpdate: false };
      }
      assertTransition(cur.ref, cur.status, status, options.actor);
      // A blind write of an older version may erase the owner (lost); it never names a second one.
      const erasedBlindly = stale && owner === null;
      if (cur.owner !== null && owner !== cur.owner && !erasedBlindly) throw new OwnerChangeError(cur.ref, cur.owner, owner, options.actor);
    }
    const lostUpdate = stale;
    if (lostUpdate) this.stats.lostUpdates++;
    this.stats.updates++;
    const next = updatedVersion(basis, changes, cur.id, cur.versionId + 1, options.now, this.tx + 1, cur.refPrefix);
    return { status: 200, resource: this.commit(Number(id), next, cur), lostUpdate };
  }

  /** Runs a search and returns its first page; `pageLimit` caps `_count` (the server's largest page). */
  search(query: SearchQuery, pageLimit = Infinity): SearchPage {
    this.stats.searches++;
    return this.searches().page(query, query.since ?? 0, this.tx, Math.min(query.count ?? Infinity, pageLimit), true);
  }

  /** Returns the page a cursor points at (a `next` link). */
  nextPage(cursor: SearchCursor): SearchPage {
    return this.searches().page(cursor.query, cursor.after, cursor.asOf, cursor.count, false);
  }

  private searches(): StoreSearch {
    return (this.searcher ??= new StoreSearch(this.index, this.table));
  }

  /** Makes `v` (built with the next commit number) the current version of `row`. */
  private commit(row: number, v: FhirResource, previous: FhirResource | undefined): FhirResource {
    this.tx = v.txId;
    const id = v.id;
    const before = previous === undefined ? null : this.table.bucketsOf(row);
    this.table.write(row, v);
    if ((previous?.identifier ?? null) !== v.identifier) (this.identifiers ??= new IdentifierLookup(this.table, this.codes)).update(row, v, previous);
    this.index.add(row, v, previous, before);
    if (this.history !== null) {
      const h = this.history.get(id) ?? [];
      h.push(v);
      this.history.set(id, h);
    }
    for (const l of this.listeners) l(v, previous);
    return v;
  }
}

/** True when `where` names no field but `identifier` (counted without building a key list). */
function onlyIdentifier(where: Criteria): boolean {
  for (const key in where) if (key !== 'identifier') return false;
  return true;
}

/** A Task write without If-Match over a version the writer never saw is refused when it would move the current status illegally or change a finished Task. */
function refusedBlind(current: string, next: string): boolean {
  return isTerminal(current) || !isLegalTransition(current, next);
}
