/** Compound equality indexes over resource versions, kept in commit order so watermark searches cost what they return. */

import { BucketPool, type Bucket } from './bucket-pool.js';
import type { FhirResource, ResourceType, SearchField } from './resource.js';
import type { ResourceTable } from './resource-table.js';
import type { Criteria } from './store-search.js';

/** An index: a resource type and the fields whose values form its key, e.g. Task by (owner, status). */
export interface IndexSpec {
  type: ResourceType;
  fields: readonly SearchField[];
}

/** Stands for an absent value (`:missing=true`) in an index's key maps. */
const MISSING = '\u0000missing';

/**
 * The buckets of one index, as nested maps keyed by each field's value in turn (a leaf is
 * a bucket's handle in the store's {@link BucketPool}). Looking one up hashes the values
 * themselves, strings the resources already hold, whose hashes V8 keeps after the first
 * time: no key string is built per write or per search.
 */
type KeyTree = Map<string, KeyTree | Bucket>;

/**
 * All indexes of one store. Every resource type also has a type-wide index (no fields), so
 * a search that no declared index serves still reads only versions newer than its
 * watermark; without a watermark such a search is a full scan and is counted in
 * `fullScans`, which tests assert stays zero for every pattern.
 *
 * Indexes are maintained lazily: an index costs nothing until the first search that needs
 * it, which activates it by back-filling the current versions of its type (in commit
 * order). A server that is only written to (a placer's own server receiving events, say)
 * keeps no index at all, which matters with ten thousand servers in one world.
 */
export class SearchIndex {
  /** Index specs per type, most specific first, shared by every server with the same declaration. */
  private readonly catalogue: Map<ResourceType, IndexSpec[]>;
  // Created on the first activation: most servers of a large world never search, and an
  // empty Map still costs a hash table.
  /** Active indexes per type; a row's `bucketsOf(row)[i]` is its bucket in `active[i]`. */
  private active: Map<ResourceType, IndexSpec[]> | null = null;
  /** Buckets of each active index: the one bucket of a type-wide index, else its key tree. */
  private trees: Map<IndexSpec, KeyTree | Bucket> | null = null;
  /** The entries of every bucket (made with the first active index). */
  buckets: BucketPool | null = null;
  /** Searches that had to read every live resource of a type. */
  fullScans = 0;

  constructor(specs: readonly IndexSpec[], private readonly table: ResourceTable) {
    this.catalogue = catalogueOf(specs);
  }

  /** Declared indexes of a type (most specific first), then the type-wide one. */
  indexesOf(type: ResourceType): readonly IndexSpec[] {
    let list = this.catalogue.get(type);
    if (list === undefined) {
      // A type nobody declared an index for: only its type-wide index.
      list = [{ type, fields: [] }];
      this.catalogue.set(type, list);
    }
    return list;
  }

  /** Drops every index's buckets; indexes are activated again by the next search that needs them. */
  clear(): void {
    this.active = null;
    this.trees = null;
    this.buckets = null;
  }

  /** True when `other` declares the same indexes (so a spec `other` chose is the one this index would choose). */
  sharesCatalogue(other: SearchIndex): boolean {
    return other.catalogue === this.catalogue;
  }

  /** True once `spec` is maintained. */
  isActive(spec: IndexSpec): boolean {
    return this.trees?.has(spec) ?? false;
  }

  /**
   * Starts maintaining `spec` (one of {@link indexesOf}): the current versions of its type
   * are filed in its buckets, in commit order. O(current resources of the type), once.
   */
  activate(spec: IndexSpec): void {
    if (this.isActive(spec)) return;
    this.active ??= new Map();
    this.trees ??= new Map();
    const pool = (this.buckets ??= new BucketPool());
    const list = this.active.get(spec.type) ?? [];
    list.push(spec);
    this.trees.set(spec, spec.fields.length === 0 ? pool.create() : new Map());
    this.active.set(spec.type, list);
    const slot = list.length - 1;
    const table = this.table;
    const rows: number[] = [];
    for (let row = 1; row <= table.size; row++) if (table.typeOf(row) === spec.type) rows.push(row);
    rows.sort((a, b) => table.txOf(a) - table.txOf(b));
    for (const row of rows) {
      const b = this.bucketFor(spec, table.version(row));
      pool.append(b, table.txOf(row));
      const bs = table.bucketsOf(row) as Bucket[] | null;
      // A row without a list is finished (it keeps none), or is filed for the first time.
      if (bs !== null) bs[slot] = b;
      else if (slot === 0) table.setBuckets(row, [b]);
    }
  }

  /**
   * Records version `v`, now current in `row`, and retires `previous`. The previous version's
   * buckets (`before`) are kept beside an unfinished row; an index whose key fields did not
   * change keeps the same bucket, so only indexes whose fields changed cost a walk of their
   * key maps. A finished row keeps none: writing it again (rare) looks its buckets up.
   */
  add(row: number, v: FhirResource, previous: FhirResource | undefined, before: unknown[] | null): void {
    const specs = this.active?.get(v.type);
    if (specs === undefined) return;
    let old = before as Bucket[] | null;
    if (previous !== undefined && (old === null || old.length < specs.length)) {
      old = specs.map((s) => this.bucketFor(s, previous));
    }
    // The row's own list is updated in place (no array per write); buckets of different
    // indexes are distinct, so retiring and filing index by index is the same as all at once.
    const now: Bucket[] = old !== null && old === before ? old : new Array<Bucket>(specs.length);
    const table = this.table;
    const pool = this.buckets as BucketPool;
    for (let i = 0; i < specs.length; i++) {
      const s = specs[i] as IndexSpec;
      const was = old?.[i];
      let same = was !== undefined && previous !== undefined;
      if (same) for (const f of s.fields) if (v.field(f) !== (previous as FhirResource).field(f)) same = false;
      const b = same ? (was as Bucket) : this.bucketFor(s, v);
      if (was !== undefined) pool.dropOne(was, table);
      pool.append(b, v.txId);
      now[i] = b;
    }
    table.setBuckets(row, now);
  }

  /** The bucket of an active index for exact key values (null: missing), if it exists. */
  bucket(spec: IndexSpec, values: readonly (string | null)[]): Bucket | undefined {
    let node = this.trees?.get(spec);
    for (let i = 0; node !== undefined && i < values.length; i++) node = (node as KeyTree).get(values[i] ?? MISSING);
    return node as Bucket | undefined;
  }

  /** The bucket of an active index for the single values of `where` (null: missing), if it exists. */
  bucketWhere(spec: IndexSpec, where: Criteria): Bucket | undefined {
    let node = this.trees?.get(spec);
    const fields = spec.fields;
    for (let i = 0; node !== undefined && i < fields.length; i++) node = (node as KeyTree).get((where[fields[i] as SearchField] as string | null | undefined) ?? MISSING);
    return node as Bucket | undefined;
  }

  /** The bucket of version `v` in active index `spec`, created if new. */
  private bucketFor(spec: IndexSpec, v: FhirResource): Bucket {
    let node = (this.trees as Map<IndexSpec, KeyTree | Bucket>).get(spec) as KeyTree | Bucket;
    const fields = spec.fields;
    for (let i = 0; i < fields.length; i++) {
      const tree = node as KeyTree;
      const key = v.field(fields[i] as SearchField) ?? MISSING;
      let next = tree.get(key);
      if (next === undefined) {
        next = i === fields.length - 1 ? (this.buckets as BucketPool).create() : new Map();
        tree.set(key, next);
      }
      node = next;
    }
    return node as Bucket;
  }
}

const catalogues = new WeakMap<readonly IndexSpec[], Map<ResourceType, IndexSpec[]>>();

/**
 * Specs per type, most specific first, then a type-wide spec: computed once per declaration
 * (every server of a world shares `STANDARD_INDEXES`). Types added later (never declared) get
 * their own entries, which is harmless to share.
 */
function catalogueOf(specs: readonly IndexSpec[]): Map<ResourceType, IndexSpec[]> {
  let c = catalogues.get(specs);
  if (c === undefined) {
    c = new Map();
    const byType = new Map<ResourceType, IndexSpec[]>();
    for (const s of specs) byType.set(s.type, [...(byType.get(s.type) ?? []), s]);
    for (const [type, list] of byType) c.set(type, [...list].sort((a, b) => b.fields.length - a.fields.length).concat([{ type, fields: [] }]));
    catalogues.set(specs, c);
  }
  return c;
}
