/** One simulated server's counterpart during a replay: its real store, and how the model's ids, versions and commits map onto it. */

import { isUpdateEntry, type FhirResource, type ResourceType, type TransactionCreate, type TransactionEntry } from '../models/index.js';
import { criteriaParams, queryString, resourceJson, type Json, type References } from './fhir-json.js';
import type { RealStore, RouterAnswer } from './medplum.js';

/** A transaction as a Bundle, and where each of the model's created and updated resources is in it. */
export interface TransactionBundle {
  json: Json;
  /** Types the Bundle POSTs (to find what a failed one left behind). */
  createdTypes: ResourceType[];
  /** Entry index of each created resource, then of each updated one (the order of the model's answer). */
  order: number[];
}

/**
 * The real server knows the model's resources under its own ids and version ids, and gives
 * each write its own `lastUpdated`: these maps translate, learnt from each write as it is
 * replayed. Writes are spaced so that each gets a later millisecond than the one before
 * (a transaction's entries share one): a watermark at a commit then means the same thing on
 * both sides.
 */
export class ServerReplay {
  /** The model's id -> the real server's. */
  readonly ids = new Map<string, string>();
  private readonly ours = new Map<string, string>();
  /** `<id>/<versionId>` -> the real server's version id. */
  readonly versions = new Map<string, string>();
  /** The model's commit number -> `lastUpdated` the real server gave that write. */
  private readonly instants = new Map<number, string>();
  /** The latest version of each resource the model answered with. */
  readonly latest = new Map<string, FhirResource>();
  /** Resources that differ because of a known difference (see `consequence`). */
  readonly tainted = new Set<string>();
  private lastWriteMs = 0;
  private lastInstant = '';

  constructor(readonly store: RealStore) {}

  /** The model's id of the real server's `theirs`. */
  ourId(theirs: string): string | undefined {
    return this.ours.get(theirs);
  }

  /** Sends a write, in a later millisecond than the previous write. */
  async write(method: 'POST' | 'PUT', url: string, body: Json, headers?: Record<string, string>): Promise<RouterAnswer> {
    // A busy wait of under a millisecond: a timer would wait at least one, often more.
    while (Date.now() <= this.lastWriteMs) {
      // spin
    }
    const answer = await this.store.request(method, url, body, headers);
    this.lastWriteMs = Date.now();
    return answer;
  }

  /** The model wrote `ours`; the real server answered `theirs`. */
  learn(ours: FhirResource, theirs: Json): void {
    const id = String(theirs.id);
    const meta = (theirs.meta ?? {}) as Json;
    this.ids.set(ours.id, id);
    this.ours.set(id, ours.id);
    this.versions.set(`${ours.id}/${ours.versionId}`, String(meta.versionId));
    this.instants.set(ours.txId, String(meta.lastUpdated));
    this.lastInstant = String(meta.lastUpdated);
    this.latest.set(ours.id, ours);
  }

  /** The real server's version id of `v`. */
  versionOf(v: FhirResource): string {
    return this.versions.get(`${v.id}/${v.versionId}`) ?? `unknown-${v.versionId}`;
  }

  /** The real server's `lastUpdated` of the model's commit `tx`. */
  instant(tx: number): string {
    const at = this.instants.get(tx);
    if (at === undefined) throw new Error(`replay: commit ${tx} was never replayed (a watermark on a write the log does not hold)`);
    return at;
  }

  /** The model's transaction as a Bundle: `#<i>` references become the `urn:uuid` of entry i. */
  transactionBundle(entries: readonly TransactionEntry[], server: string, refs: References, seq: number): TransactionBundle {
    const urns = entries.map((_e, i) => `urn:uuid:${seq.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
    const local = new Map(urns.map((u, i) => [`#${i}`, u]));
    const created: number[] = [];
    const updated: number[] = [];
    const createdTypes: ResourceType[] = [];
    const entry = entries.map((e, i): Json => {
      if (isUpdateEntry(e)) {
        updated.push(i);
        const id = this.ids.get(e.id) ?? `unknown-${e.id}`;
        return {
          fullUrl: `${e.type}/${id}`,
          resource: { ...resourceJson(e.type, e.base.withChanges(e.changes), server, refs, local), id },
          request: { method: 'PUT', url: `${e.type}/${id}`, ...(e.ifMatch ? { ifMatch: `W/"${this.versionOf(e.base)}"` } : {}) },
        };
      }
      created.push(i);
      const { ifNoneExist, ...draft } = e as TransactionCreate;
      if (!createdTypes.includes(draft.type)) createdTypes.push(draft.type);
      return {
        fullUrl: urns[i],
        resource: resourceJson(draft.type, draft, server, refs, local),
        request: { method: 'POST', url: draft.type, ...(ifNoneExist !== undefined ? { ifNoneExist: queryString(criteriaParams(ifNoneExist, server, refs)) } : {}) },
      };
    });
    return { json: { resourceType: 'Bundle', type: 'transaction', entry }, createdTypes, order: [...created, ...updated] };
  }

  /** Deletes resources of `types` written after the last replayed write (what a failed transaction left); returns how many. */
  async dropOrphans(types: readonly ResourceType[]): Promise<number> {
    let n = 0;
    for (const type of types) {
      const bound = this.lastInstant !== '' ? `?_lastUpdated=gt${this.lastInstant}` : '';
      const found = await this.store.request('GET', `/${type}${bound}`);
      for (const x of ((found.body?.entry as Json[] | undefined) ?? [])) {
        const id = String((x.resource as Json).id);
        if (this.ours.has(id)) continue;
        await this.store.request('DELETE', `/${type}/${id}`);
        n++;
      }
    }
    return n;
  }
}
