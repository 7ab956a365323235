/** A FHIR server's versioned resource store: ETag-checked updates, lost-update detection, indexed paged searches. */

import { FhirResource, RESOURCE_TYPES, SEARCH_FIELDS, contentOf, makeVersion, type ResourceContent, type ResourceDraft, type ResourceType, type SearchField } from './resource.js';
import { IdentifierLookup } from './identifier-lookup.js';
import { SearchIndex, type Bucket, type IndexSpec } from './search-index.js';
import { SearchPlans } from './search-plan.js';
import { assertTransition, isValidInitialTaskStatus } from './task-state-machine.js';

/** Equality criteria of a search: a value, `null` for "missing" (`:missing=true`), or a list (any of). */
export type Criteria = Partial<Record<SearchField, string | null | readonly string[]>>;

/** A search: type, criteria, an optional watermark and page size. */
export interface SearchQuery {
  type: ResourceType;
  where?: Criteria;
  /**
   * Watermark: only versions committed after this commit number (`_lastUpdated=gt...` with
   * exact tie-breaking). Pass the previous result's `asOf` to see every change exactly once.
   */
  since?: number;
  /** Page size (`_count`); the rest comes in further pages. */
  count?: number;
}

/** Where the next page of a search starts. */
export interface SearchCursor {
  query: SearchQuery;
  after: number;
  asOf: number;
  /** Page size of the search (its `_count`, capped by the server). */
  count: number;
}

/** One page of search results, in commit order. */
export interface SearchPage {
  /** The matches (a shared frozen array when there are none: an idle poll allocates no list). */
  resources: readonly FhirResource[];
  /** Cursor of the next page, or null when this was the last. */
  next: SearchCursor | null;
  /** The commit number the search ran at: the watermark for the next poll once all pages are read. */
  asOf: number;
  /** Index entries examined (returned, stale and filtered-out alike): the work the search did. */
  examined: number;
}

/** Result of an update. */
export interface UpdateResult {
  status: 200 | 404 | 409 | 412;
  /** The new version on 200. */
  resource: FhirResource | undefined;
  /** An update without If-Match overwrote versions the writer never saw. */
  lostUpdate: boolean;
}

/** Result of a conditional create (`If-None-Exist`). */
export interface ConditionalCreateResult {
  status: 200 | 201 | 412;
  resource: FhirResource | undefined;
}

/** Counters of what happened in a store (read by the metrics layer, never by patterns). */
export class StoreStats {
  creates = 0;
  reads = 0;
  updates = 0;
  searches = 0;
  /** 412/409 answers to If-Match updates whose version was stale. */
  conflicts = 0;
  /** Updates without If-Match that overwrote a version the writer never saw. */
  lostUpdates = 0;
  /** Task updates that set an owner on a Task the writer saw unowned, successful or not. */
  claimAttempts = 0;

  /** Zeroes every counter (warm-up). */
  reset(): void {
    this.creates = 0;
    this.reads = 0;
    this.updates = 0;
    this.searches = 0;
    this.conflicts = 0;
    this.lostUpdates = 0;
    this.claimAttempts = 0;
  }
}

/** Raised when a Task would change owner: a Task has at most one owner in its life. */
export class OwnerChangeError extends Error {
  constructor(readonly taskId: string, readonly from: string, readonly to: string | null, readonly actor: string) {
    super(`Task ${taskId} already owned by ${from}: ${actor} tried to set owner ${to ?? '(none)'}`);
    this.name = 'OwnerChangeError';
  }
}

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
  private readonly current = new Map<string, FhirResource>();
  /** Conditional creates on an identifier look up here, no search index needed (created on first use). */
  private identifiers: IdentifierLookup | null = null;
  /** Chosen index per query shape (type and criteria fields). */
  private chosen: Map<number, IndexSpec> | null = null;
  /** Plans of recent searches by criteria object (created on the first search). */
  private plans: SearchPlans | null = null;
  private readonly history: Map<string, FhirResource[]> | null;
  private readonly index: SearchIndex;
  private readonly listeners: ChangeListener[] = [];
  private nextId = 1;
  private tx = 0;

  constructor(options: StoreOptions) {
    this.name = options.name;
    this.conflictStatus = options.conflictStatus ?? 412;
    this.index = new SearchIndex(options.indexes ?? []);
    this.history = options.keepHistory === true ? new Map() : null;
  }

  /** Number of resources stored (current versions). */
  get size(): number {
    return this.current.size;
  }

  /** Commit number of the latest write (0 before any). */
  get lastTx(): number {
    return this.tx;
  }

  /** Searches that scanned a whole resource type (no index, no watermark). */
  get fullScans(): number {
    return this.index.fullScans;
  }

  /** Registers a listener for committed writes (subscriptions, co-located applications). */
  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Creates a resource (201). A Task must start in a legal initial status. */
  create(draft: ResourceDraft, now: number, actor: string): FhirResource {
    const content = contentOf(draft);
    if (draft.type === 'Task' && !isValidInitialTaskStatus(content.status)) {
      throw new Error(`Task cannot be created with status '${content.status}' (by ${actor})`);
    }
    const id = String(this.nextId++);
    this.stats.creates++;
    return this.commit(draft.type, id, 1, now, content, undefined);
  }

  /** Conditional create: 200 with the single existing match, 201 when none, 412 when several match. */
  createIfNoneExist(draft: ResourceDraft, where: Criteria, now: number, actor: string): ConditionalCreateResult {
    const keys = Object.keys(where);
    if (keys.length === 1 && typeof where.identifier === 'string') {
      const ids = this.identifiers?.get(draft.type, where.identifier);
      if (Array.isArray(ids)) return { status: 412, resource: undefined };
      if (ids !== undefined) return { status: 200, resource: this.current.get(ids) };
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
    const r = this.current.get(id);
    return r !== undefined && r.type === type ? r : undefined;
  }

  /** The current version without counting a read (for the server's own checks). */
  peek(id: string): FhirResource | undefined {
    return this.current.get(id);
  }

  /**
   * Checks an If-Match precondition without writing: true when `base` is the current version
   * of `id`; a stale base counts as a conflict (the caller answers 412/409).
   */
  checkIfMatch(type: ResourceType, id: string, base: FhirResource, setsOwner = false): boolean {
    const cur = this.current.get(id);
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
    const cur = this.current.get(id);
    if (cur === undefined || cur.type !== type) return { status: 404, resource: undefined, lostUpdate: false };
    const basis = base ?? cur;
    if (options.ifMatch && base === null) throw new Error(`update of ${type}/${id} by ${options.actor}: If-Match needs the version read`);
    const content = basis.withChanges(changes);
    if (type === 'Task' && basis.owner === null && content.owner !== null) this.stats.claimAttempts++;
    if (options.ifMatch && basis.versionId !== cur.versionId) {
      this.stats.conflicts++;
      return { status: this.conflictStatus, resource: undefined, lostUpdate: false };
    }
    if (type === 'Task') {
      assertTransition(cur.ref, cur.status, content.status, options.actor);
      if (cur.owner !== null && content.owner !== cur.owner) throw new OwnerChangeError(cur.ref, cur.owner, content.owner, options.actor);
    }
    const lostUpdate = !options.ifMatch && basis.versionId < cur.versionId;
    if (lostUpdate) this.stats.lostUpdates++;
    this.stats.updates++;
    return { status: 200, resource: this.commit(type, id, cur.versionId + 1, options.now, content, cur), lostUpdate };
  }

  /** Runs a search and returns its first page; `pageLimit` caps `_count` (the server's largest page). */
  search(query: SearchQuery, pageLimit = Infinity): SearchPage {
    this.stats.searches++;
    return this.page(query, query.since ?? 0, this.tx, Math.min(query.count ?? Infinity, pageLimit), true);
  }

  /** Returns the page a cursor points at (a `next` link). */
  nextPage(cursor: SearchCursor): SearchPage {
    return this.page(cursor.query, cursor.after, cursor.asOf, cursor.count, false);
  }

  private page(query: SearchQuery, after: number, asOf: number, count: number, first: boolean): SearchPage {
    const where = query.where ?? NO_CRITERIA;
    const plan = (this.plans ??= new SearchPlans(this.index, (type, w) => this.chooseIndex(type, w))).plan(query.type, where);
    if (first && plan.spec.fields.length === 0 && query.since === undefined) this.index.fullScans++;
    const buckets = plan.buckets;
    let out: FhirResource[] | null = null;
    let examined = 0;
    let more = false;
    // Entries in commit order: one bucket (the usual case) is walked from the watermark;
    // several are merged, taking each time from the one with the lowest next txId.
    const single = buckets.length === 1 ? (buckets[0] as Bucket) : null;
    let i = single !== null ? single.firstAfter(after) : 0;
    const pos = single !== null ? null : buckets.map((b) => b.firstAfter(after));
    for (;;) {
      let v: FhirResource | undefined;
      if (pos === null) {
        v = (single as Bucket).entries[i++];
      } else {
        const best = earliest(buckets, pos);
        v = best < 0 ? undefined : (buckets[best] as Bucket).entries[(pos[best] as number)++];
      }
      if (v === undefined || v.txId > asOf) break;
      examined++;
      if (v.superseded || !matches(v, where)) continue;
      if ((out?.length ?? 0) === count) {
        more = true;
        break;
      }
      (out ??= []).push(v);
    }
    if (out === null) return { resources: NO_RESOURCES, next: null, asOf, examined };
    const last = out[out.length - 1] as FhirResource;
    const next = more ? { query, after: last.txId, asOf, count } : null;
    return { resources: out, next, asOf, examined };
  }

  /** The most specific index serving `where`, activated (back-filled) on first use. */
  private chooseIndex(type: ResourceType, where: Criteria): IndexSpec {
    // The query's shape as a small integer: its type and a bit per field it constrains.
    let fields = 0;
    for (const k in where) if (where[k as SearchField] !== undefined) fields |= FIELD_BIT[k] ?? 0;
    const shape = fields * 8 + RESOURCE_TYPES.indexOf(type);
    this.chosen ??= new Map();
    let spec = this.chosen.get(shape);
    if (spec === undefined) {
      spec = this.index.indexesOf(type).find((s) => s.fields.every((f) => where[f] !== undefined)) as IndexSpec;
      this.chosen.set(shape, spec);
    }
    if (!this.index.isActive(spec)) this.index.activate(spec, this.currentOfType(type));
    return spec;
  }

  /** Current versions of a type in commit order (for back-filling a newly used index). */
  private currentOfType(type: ResourceType): FhirResource[] {
    const out: FhirResource[] = [];
    for (const v of this.current.values()) if (v.type === type) out.push(v);
    return out.sort((a, b) => a.txId - b.txId);
  }

  private commit(type: ResourceType, id: string, versionId: number, now: number, content: ResourceContent, previous: FhirResource | undefined): FhirResource {
    const v = makeVersion(type, id, versionId, now, ++this.tx, previous?.ref ?? `${this.name}/${type}/${id}`, content);
    this.current.set(id, v);
    if ((previous?.identifier ?? null) !== v.identifier) (this.identifiers ??= new IdentifierLookup()).update(v, previous);
    this.index.add(v, previous);
    if (this.history !== null) {
      const h = this.history.get(id) ?? [];
      h.push(v);
      this.history.set(id, h);
    }
    for (const l of this.listeners) l(v, previous);
    return v;
  }
}

const NO_CRITERIA: Criteria = {};
const NO_RESOURCES: readonly FhirResource[] = Object.freeze([]);

/** One bit per searchable field, for a query's shape. */
const FIELD_BIT: Readonly<Record<string, number>> = Object.fromEntries(SEARCH_FIELDS.map((f, i) => [f, 1 << i]));

/** The bucket whose next entry (at `pos`) has the lowest txId, or -1 when all are exhausted. */
function earliest(buckets: readonly Bucket[], pos: readonly number[]): number {
  let best = -1;
  let bestTx = Infinity;
  for (let i = 0; i < buckets.length; i++) {
    const e = (buckets[i] as Bucket).entries[pos[i] as number];
    if (e !== undefined && e.txId < bestTx) {
      best = i;
      bestTx = e.txId;
    }
  }
  return best;
}

/** True if a version satisfies every criterion. */
export function matches(v: FhirResource, where: Criteria): boolean {
  for (const key in where) {
    const want = where[key as SearchField];
    if (want === undefined) continue;
    const have = v.field(key as SearchField);
    if (Array.isArray(want)) {
      if (have === null || !(want as readonly string[]).includes(have)) return false;
    } else if (have !== want) return false;
  }
  return true;
}
