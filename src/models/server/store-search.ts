/** A store's searches: the index each query shape uses, and the paged walk over its buckets in commit order. */

import { RESOURCE_TYPES, SEARCH_FIELDS, type FhirResource, type ResourceType, type SearchField } from './resource.js';
import type { ResourceTable } from './resource-table.js';
import { NO_ENTRIES, type Bucket, type BucketPool } from './bucket-pool.js';
import type { IndexSpec, SearchIndex } from './search-index.js';
import { SearchPlans } from './search-plan.js';

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

/**
 * Searches over one store's indexes. A search costs what it examines: the plan names the
 * buckets its criteria select, a binary search finds the watermark in each, and the walk
 * stops at the page's last match; several buckets (a list criterion) are merged in commit
 * order. Indexes are activated (back-filled from the store's current versions) on first use.
 */
export class StoreSearch {
  /** Chosen index per query shape (type and criteria fields). */
  private readonly chosen = new Map<number, IndexSpec>();
  private readonly plans: SearchPlans;

  constructor(
    private readonly index: SearchIndex,
    /** The store's current versions. */
    private readonly table: ResourceTable,
  ) {
    this.plans = new SearchPlans(index, (type, w) => this.chooseIndex(type, w));
  }

  /** One page of a search: entries committed after `after` and up to `asOf`, at most `count` of them. */
  page(query: SearchQuery, after: number, asOf: number, count: number, first: boolean): SearchPage {
    const where = query.where ?? NO_CRITERIA;
    const plan = this.plans.plan(query.type, where);
    if (first && plan.spec.fields.length === 0 && query.since === undefined) this.index.fullScans++;
    const buckets = plan.buckets;
    const table = this.table;
    let out: FhirResource[] | null = null;
    let examined = 0;
    let more = false;
    // Entries in commit order: one bucket (the usual case) is walked from the watermark;
    // several are merged, taking each time from the one with the lowest next commit number.
    // The plan activated an index, so the store has its bucket pool.
    const pool = this.index.buckets as BucketPool;
    const single = buckets.length === 1 ? (buckets[0] as Bucket) : -1;
    // A single bucket's entries are e[i..end) (nothing appends to a bucket during a search).
    let e = NO_ENTRIES;
    let i = 0;
    let end = 0;
    if (single >= 0) {
      e = pool.entriesOf(single);
      const start = pool.startOf(single);
      i = start + pool.firstAfter(single, after);
      end = start + pool.sizeOf(single);
    }
    const pos = single >= 0 ? null : buckets.map((b) => pool.firstAfter(b, after));
    for (;;) {
      let tx: number;
      if (pos === null) {
        if (i === end) break;
        tx = e[i++] as number;
      } else {
        const best = earliest(pool, buckets, pos);
        if (best < 0) break;
        const b = buckets[best] as Bucket;
        tx = pool.entriesOf(b)[pool.startOf(b) + (pos[best] as number)++] as number;
      }
      if (tx > asOf) break;
      examined++;
      // 0: superseded (the row holds a newer commit).
      const row = table.currentRowOf(tx);
      if (row === 0 || !rowMatches(table, row, where)) continue;
      if ((out?.length ?? 0) === count) {
        more = true;
        break;
      }
      (out ??= []).push(table.version(row));
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
    let spec = this.chosen.get(shape);
    if (spec === undefined) {
      spec = this.index.indexesOf(type).find((s) => s.fields.every((f) => where[f] !== undefined)) as IndexSpec;
      this.chosen.set(shape, spec);
    }
    if (!this.index.isActive(spec)) this.index.activate(spec);
    return spec;
  }
}

const NO_CRITERIA: Criteria = {};
// Not frozen: a frozen array has its own elements kind, and a `for...of` that meets both it and
// the ordinary result arrays leaves V8's fast path and allocates an iterator result per element
// (10% of all allocation in D's runs). `readonly` keeps it empty.
const NO_RESOURCES: readonly FhirResource[] = [];

/** One bit per searchable field, for a query's shape. */
const FIELD_BIT: Readonly<Record<string, number>> = Object.fromEntries(SEARCH_FIELDS.map((f, i) => [f, 1 << i]));

/** The bucket whose next entry (at `pos`) has the lowest txId, or -1 when all are exhausted. */
function earliest(pool: BucketPool, buckets: readonly Bucket[], pos: readonly number[]): number {
  let best = -1;
  let bestTx = Infinity;
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i] as Bucket;
    const at = pos[i] as number;
    if (at === pool.sizeOf(b)) continue;
    const tx = pool.entriesOf(b)[pool.startOf(b) + at] as number;
    if (tx < bestTx) {
      best = i;
      bestTx = tx;
    }
  }
  return best;
}

/** True if a version satisfies every criterion. */
export function matches(v: FhirResource, where: Criteria): boolean {
  for (const key in where) {
    const want = where[key as SearchField];
    if (want === undefined) continue;
    if (!satisfies(v.field(key as SearchField), want)) return false;
  }
  return true;
}

/** True if the current version in `row` satisfies every criterion (read from its columns: no object built). */
function rowMatches(table: ResourceTable, row: number, where: Criteria): boolean {
  for (const key in where) {
    const want = where[key as SearchField];
    if (want === undefined) continue;
    if (!rowSatisfies(table, row, key as SearchField, want)) return false;
  }
  return true;
}

/** True if a field of the current version in `row` meets one criterion (compared in its columns). */
function rowSatisfies(table: ResourceTable, row: number, field: SearchField, want: string | null | readonly string[]): boolean {
  if (!Array.isArray(want)) return table.fieldIs(row, field, want as string | null);
  for (const w of want as readonly string[]) if (table.fieldIs(row, field, w)) return true;
  return false;
}

/** True if a field's value meets one criterion: a value, `null` (missing), or a list (any of). */
function satisfies(have: string | null, want: string | null | readonly string[]): boolean {
  if (Array.isArray(want)) return have !== null && (want as readonly string[]).includes(have);
  return have === want;
}

/** Values of a search's list criteria beyond one per criterion (each is one more index probe: what a server's `perValue` costs). */
export function listValuesBeyondFirst(query: SearchQuery): number {
  const where = query.where;
  if (where === undefined) return 0;
  let n = 0;
  for (const k in where) {
    const w = where[k as keyof typeof where];
    if (Array.isArray(w) && w.length > 1) n += w.length - 1;
  }
  return n;
}
