/** A search's plan: the index that serves its criteria and the buckets their values select, kept for the next identical search. */

import type { ResourceType, SearchField } from './resource.js';
import type { Bucket, IndexSpec, SearchIndex } from './search-index.js';
import type { Criteria } from './store-search.js';

/**
 * Which index serves a search and which of its buckets hold the matches: a lookup of the
 * query's shape and one nested-map walk per bucket, more than the search itself costs when
 * a poll finds nothing new. A poller asks the same criteria object every few seconds, so the
 * plan is kept on the criteria object (see {@link SearchPlans}) and reused while the
 * criteria still hold the values it was made for.
 */
export class SearchPlan {
  /** The buckets found so far, in the order a merge visits them. */
  buckets: Bucket[] = [];
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

  /**
   * Finds the buckets of every value combination (the ones that exist yet). A kept plan has
   * no list values, so one bucket is all it can have; a one-off plan is never resolved twice.
   */
  resolve(index: SearchIndex, where: Criteria): void {
    if (this.complete) return;
    const out: Bucket[] = [];
    collectBuckets(index, this.spec, where, 0, [], out);
    this.buckets = out;
    this.complete = out.length === 1;
  }
}

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
  constructor(
    private readonly index: SearchIndex,
    /** The most specific index serving a type and set of criteria fields, activated. */
    private readonly choose: (type: ResourceType, where: Criteria) => IndexSpec,
  ) {}

  /** The plan of a search, with its buckets resolved. */
  plan(type: ResourceType, where: Criteria): SearchPlan {
    const kept = (where as PlannedCriteria)[PLAN];
    if (kept !== undefined && kept.fits(type, where)) {
      if (kept.owner === this) {
        kept.resolve(this.index, where);
        return kept;
      }
      return this.once(type, where);
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
    return new SearchPlan(this, type, this.choose(type, where), keys, values);
  }

  /** A plan for one search only (criteria with a list of values): never kept, so never re-resolved. */
  private once(type: ResourceType, where: Criteria): SearchPlan {
    const plan = new SearchPlan(this, type, this.choose(type, where), [], []);
    plan.resolve(this.index, where);
    return plan;
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
