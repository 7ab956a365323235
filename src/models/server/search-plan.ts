/** A search's plan: the index that serves its criteria and the buckets their values select, kept for the next identical search. */

import type { ResourceType, SearchField } from './resource.js';
import type { Bucket } from './bucket-pool.js';
import type { IndexSpec, SearchIndex } from './search-index.js';
import type { Criteria } from './store-search.js';

/** What a search needs of its plan: the index that serves it and the buckets to walk. */
export interface PlannedSearch {
  readonly spec: IndexSpec;
  /** The buckets found, in the order a merge visits them. */
  readonly buckets: readonly Bucket[];
}

/**
 * Which index serves a search and which of its buckets hold the matches: a lookup of the
 * query's shape and one nested-map walk per bucket, more than the search itself costs when
 * a poll finds nothing new. A poller asks the same criteria object every few seconds, so the
 * plan is kept on the criteria object (see {@link SearchPlans}) and reused while the
 * criteria still hold the values it was made for.
 */
export class SearchPlan implements PlannedSearch {
  /** The bucket once found (a kept plan has no list values, so one bucket at most). */
  buckets: readonly Bucket[] = NO_BUCKETS;
  /** False while its bucket does not exist yet (nothing stored with those values): looked up again next time. */
  complete = false;

  constructor(
    /** The store's plans this plan belongs to (a plan's buckets are one store's). */
    readonly owner: SearchPlans,
    readonly type: ResourceType,
    readonly spec: IndexSpec,
    /** The criteria's defined fields and values when planned, in enumeration order. */
    private readonly keys: readonly string[],
    private readonly values: readonly (string | null | readonly string[])[],
  ) {}

  /** True while `where` still holds exactly the fields and values this plan was made for. */
  fits(type: ResourceType, where: Criteria): boolean {
    if (type !== this.type) return false;
    let i = 0;
    for (const k in where) {
      const w = where[k as SearchField];
      if (w === undefined) continue;
      if (this.keys[i] !== k || this.values[i] !== w) return false;
      i++;
    }
    return i === this.keys.length;
  }

  /** Finds its bucket, unless found before: a kept plan has no list values, so one bucket is all it can have. */
  resolve(index: SearchIndex, where: Criteria): void {
    if (this.complete) return;
    const b = index.bucketWhere(this.spec, where);
    if (b === undefined) return;
    this.buckets = [b];
    this.complete = true;
  }
}

/**
 * The plan of one search that is not kept (criteria planned by another store): filled in
 * place for each such search, since a search reads its plan at once and keeps nothing, so
 * a placer asking each of its servers in turn allocates no plan and no bucket list.
 */
class OneOffPlan implements PlannedSearch {
  spec: IndexSpec = { type: 'Task', fields: [] };
  readonly buckets: Bucket[] = [];

  fill(index: SearchIndex, spec: IndexSpec, where: Criteria): this {
    this.spec = spec;
    const b = index.bucketWhere(spec, where);
    // pop/push/store rather than setting length, which is a runtime call.
    if (b === undefined) {
      if (this.buckets.length > 0) this.buckets.pop();
    } else if (this.buckets.length === 0) {
      this.buckets.push(b);
    } else {
      this.buckets[0] = b;
    }
    return this;
  }
}

const NO_BUCKETS: readonly Bucket[] = Object.freeze([]);

/** Where a criteria object keeps its plan: one plan, for the store that made it first. */
const PLAN = Symbol('fwsim.searchPlan');
type PlannedCriteria = Criteria & { [PLAN]?: SearchPlan };

/**
 * The plans of one store. A criteria object keeps one plan on itself (under a symbol key,
 * which enumeration, `matches` and JSON never see), made by the first store that searched
 * with it: a filler's poll of its one server always finds it. A criteria object asked of
 * several stores (a placer polling each server where it has orders) is planned afresh
 * elsewhere: keeping a plan per store and criteria cost 300 bytes per placer-server pair,
 * 50 MB at 10,000 placers, more than it saved. A criteria object with a list value is
 * planned afresh each time, since a list can change in place without the object changing.
 */
export class SearchPlans {
  private readonly oneOff = new OneOffPlan();

  constructor(
    readonly index: SearchIndex,
    /** The most specific index serving a type and set of criteria fields, activated. */
    private readonly choose: (type: ResourceType, where: Criteria) => IndexSpec,
  ) {}

  /** The plan of a search, with its buckets resolved. Read it at once: a one-off plan is reused by the next search. */
  plan(type: ResourceType, where: Criteria): PlannedSearch {
    const kept = (where as PlannedCriteria)[PLAN];
    if (kept !== undefined && kept.fits(type, where)) {
      if (kept.owner === this) {
        kept.resolve(this.index, where);
        return kept;
      }
      // Planned by another store; it fits, so it has no list values. Its index is the one this
      // store would choose when both declare the same indexes, if it is active here too.
      const spec = kept.owner.index.sharesCatalogue(this.index) && this.index.isActive(kept.spec) ? kept.spec : this.choose(type, where);
      return this.oneOff.fill(this.index, spec, where);
    }
    const made = this.make(type, where);
    if (made === null) return this.once(type, where);
    if (Object.isExtensible(where)) (where as PlannedCriteria)[PLAN] = made;
    made.resolve(this.index, where);
    return made;
  }

  private make(type: ResourceType, where: Criteria): SearchPlan | null {
    const keys: string[] = [];
    const values: (string | null)[] = [];
    for (const k in where) {
      const w = where[k as SearchField];
      if (w === undefined) continue;
      if (Array.isArray(w)) return null;
      keys.push(k);
      values.push(w as string | null);
    }
    // Copies with exact room: a pushed array reserves 17, and a placer keeps one plan per query.
    return new SearchPlan(this, type, this.choose(type, where), keys.slice(), values.slice());
  }

  /** A plan for one search only (criteria with a list of values): one bucket per combination of values. */
  private once(type: ResourceType, where: Criteria): PlannedSearch {
    const spec = this.choose(type, where);
    const buckets: Bucket[] = [];
    collectBuckets(this.index, spec, where, 0, [], buckets);
    return { spec, buckets };
  }
}

/** Expands list-valued key fields into one bucket per combination of values. */
function collectBuckets(index: SearchIndex, spec: IndexSpec, where: Criteria, i: number, values: (string | null)[], out: Bucket[]): void {
  if (i === spec.fields.length) {
    const b = index.bucket(spec, values);
    if (b !== undefined) out.push(b);
    return;
  }
  const w = where[spec.fields[i] as SearchField];
  if (!Array.isArray(w)) {
    values.push(w as string | null);
    collectBuckets(index, spec, where, i + 1, values, out);
    values.pop();
    return;
  }
  // A value listed twice must not visit its bucket twice (a short list is checked in place).
  const list = w as readonly string[];
  const seen = list.length > 16 ? new Set<string>() : null;
  for (let j = 0; j < list.length; j++) {
    const v = list[j] as string;
    if (seen !== null) {
      if (seen.has(v)) continue;
      seen.add(v);
    } else if (list.indexOf(v) !== j) continue;
    values.push(v);
    collectBuckets(index, spec, where, i + 1, values, out);
    values.pop();
  }
}
