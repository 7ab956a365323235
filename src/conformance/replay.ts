/** Replays a run's logged store interactions against a real FHIR server, in the order they were executed, and compares every answer. */

import { describeRequest, type FhirResource, type FhirResponse, type LoggedInteraction, type ResourceContent, type ResourceType, type SearchPage, type SearchQuery } from '../models/index.js';
import { criteriaParams, queryString, resourceJson, type Json, type References } from './fhir-json.js';
import { KNOWN_DIFFERENCES, type KnownDifferenceId } from './known-differences.js';
import type { Medplum } from './medplum.js';
import { ServerReplay } from './server-replay.js';

/** One answer the real server gave differently, unexplained. */
export interface Disagreement {
  seq: number;
  /** Simulated seconds. */
  at: number;
  server: string;
  actor: string;
  request: string;
  ours: string;
  theirs: string;
}

/** What the replay of one run found. */
export interface ReplaySummary {
  /** Interactions the servers executed. */
  interactions: number;
  /** Of those, sent to the real server (store interactions). */
  replayed: number;
  /** Answered alike: same status, same resources matched, same versions. */
  agreed: number;
  /** Not store interactions (operations, `$process-message`, async status URLs): not replayed, by name. */
  notReplayed: Record<string, number>;
  /** Differences explained by the catalogue, each with its count and a first example. */
  known: { id: KnownDifferenceId; title: string; reason: string; count: number; example: string }[];
  /** Unexplained disagreements: how many, and the first few in full. */
  disagreements: number;
  examples: Disagreement[];
}

/** How many unexplained disagreements are kept in full. */
const EXAMPLES = 20;

/**
 * Replays `entries` (one run's log) against a fresh Medplum store per simulated server.
 * Requests are translated to FHIR REST (see fhir-json.ts); the real server's ids and version
 * ids are mapped to the model's as they appear; watermarks (`since`, commit numbers) become
 * `_lastUpdated` bounds on the instants the real server gave the same writes, and the model's
 * next-page cursors become `_lastUpdated` ranges (Medplum gives no paging links).
 */
export class Replay implements References {
  private readonly servers = new Map<string, ServerReplay>();
  private readonly summary: ReplaySummary = { interactions: 0, replayed: 0, agreed: 0, notReplayed: {}, known: [], disagreements: 0, examples: [] };

  constructor(
    private readonly medplum: Medplum,
    /** Largest page of each simulated server (its searches' `_count`). */
    private readonly pageSizes: ReadonlyMap<string, number>,
  ) {}

  theirId(server: string, id: string): string | undefined {
    return this.servers.get(server)?.ids.get(id);
  }

  /** Replays every entry in order and returns what it found. */
  async run(entries: readonly LoggedInteraction[]): Promise<ReplaySummary> {
    for (const e of entries) await this.replay(e);
    return this.summary;
  }

  private server(name: string): ServerReplay {
    let s = this.servers.get(name);
    if (s === undefined) {
      s = new ServerReplay(this.medplum.store());
      this.servers.set(name, s);
    }
    return s;
  }

  private async replay(e: LoggedInteraction): Promise<void> {
    this.summary.interactions++;
    const req = e.request;
    const s = this.server(e.server);
    switch (req.kind) {
      case 'create':
        if (req.transaction !== undefined) await this.transaction(e, s);
        else await this.create(e, s, req.draft, req.ifNoneExist === undefined ? undefined : criteriaParams(req.ifNoneExist, e.server, this));
        return;
      case 'read':
        if (req.statusUrl !== undefined) return this.skip('GET of an async status URL');
        return this.read(e, s, req.type, req.id);
      case 'update':
        return this.update(e, s);
      case 'search':
        return this.search(e, s, req.query, req.query.since ?? 0, -1, e.response.page);
      case 'page':
        return this.search(e, s, req.cursor.query, req.cursor.after, req.cursor.asOf, e.response.page);
      default:
        return this.skip(req.kind === 'operation' || req.kind === 'message' ? req.name : req.kind);
    }
  }

  private skip(name: string): void {
    this.summary.notReplayed[name] = (this.summary.notReplayed[name] ?? 0) + 1;
  }

  private async create(e: LoggedInteraction, s: ServerReplay, draft: { type: ResourceType } & Partial<ResourceContent>, ifNoneExist: [string, string][] | undefined): Promise<void> {
    const headers = ifNoneExist !== undefined ? { 'if-none-exist': queryString(ifNoneExist) } : undefined;
    const theirs = await s.write('POST', `/${draft.type}`, resourceJson(draft.type, draft, e.server, this), headers);
    const ours = e.response;
    if (!this.sameStatus(e, s, ours.status, theirs.status, [])) return;
    if (ours.resource === undefined) return this.agree();
    if (ours.status === 201) {
      s.learn(ours.resource, theirs.body as Json);
      return this.agree();
    }
    // 200: the existing match must be the same resource.
    const mine = s.ids.get(ours.resource.id);
    if (mine === (theirs.body as Json).id) return this.agree();
    this.disagree(e, `matched ${ours.resource.type}/${ours.resource.id} (theirs ${String(mine)})`, `matched ${String((theirs.body as Json).id)}`);
  }

  private async read(e: LoggedInteraction, s: ServerReplay, type: ResourceType, id: string): Promise<void> {
    const theirs = await s.store.request('GET', `/${type}/${s.ids.get(id) ?? `unknown-${id}`}`);
    const ours = e.response;
    if (!this.sameStatus(e, s, ours.status, theirs.status, [id])) return;
    if (ours.resource === undefined) return this.agree();
    this.sameVersions(e, s, [ours.resource], [theirs.body as Json]);
  }

  private async update(e: LoggedInteraction, s: ServerReplay): Promise<void> {
    const req = e.request as Extract<LoggedInteraction['request'], { kind: 'update' }>;
    const ours = e.response;
    const basis = ours.resource ?? req.base ?? s.latest.get(req.id);
    const body = { ...resourceJson(req.type, basis === undefined ? req.changes : ours.resource ?? basis.withChanges(req.changes), e.server, this), id: s.ids.get(req.id) ?? `unknown-${req.id}` };
    const headers = req.ifMatch && req.base !== null ? { 'if-match': `W/"${s.versionOf(req.base)}"` } : undefined;
    const theirs = await s.write('PUT', `/${req.type}/${String(body.id)}`, body, headers);
    if (!this.sameStatus(e, s, ours.status, theirs.status, [req.id])) return;
    if (ours.resource !== undefined) s.learn(ours.resource, theirs.body as Json);
    this.agree();
  }

  private async transaction(e: LoggedInteraction, s: ServerReplay): Promise<void> {
    const req = e.request as Extract<LoggedInteraction['request'], { kind: 'create'; transaction: readonly unknown[] }>;
    const bundle = s.transactionBundle(req.transaction, e.server, this, e.seq);
    const theirs = await s.write('POST', '/', bundle.json);
    const ours = e.response;
    const touched = req.transaction.flatMap((t) => ('op' in t ? [t.id] : []));
    if (ours.status !== 200 && theirs.status !== 200) {
      const left = await s.dropOrphans(bundle.createdTypes);
      if (left > 0) this.note('transaction-rollback', e, `${left} resource(s) of the failed transaction deleted after it`);
    }
    if (ours.status !== 200 && theirs.status === 200) {
      // What the real server created here the model did not: it differs from now on.
      for (const x of ((theirs.body as Json).entry as Json[] | undefined) ?? []) s.tainted.add(`theirs:${String((x.resource as Json | undefined)?.id)}`);
    }
    if (!this.sameStatus(e, s, ours.status, theirs.status, touched)) return;
    if (ours.status !== 200) return this.agree();
    const answered = ((theirs.body as Json).entry as Json[] | undefined ?? []).map((x) => x.resource as Json);
    const mine = [...(ours.created ?? []), ...(ours.updated ?? [])];
    const order = bundle.order.map((i) => answered[i]);
    mine.forEach((r, i) => s.learn(r, order[i] as Json));
    this.agree();
  }

  private async search(e: LoggedInteraction, s: ServerReplay, q: SearchQuery, after: number, asOf: number, page: SearchPage | undefined): Promise<void> {
    const count = Math.min(q.count ?? Infinity, this.pageSizes.get(e.server) ?? Infinity);
    const params = criteriaParams(q.where ?? {}, e.server, this);
    if (after > 0) params.push(['_lastUpdated', `gt${s.instant(after)}`]);
    if (asOf > 0) params.push(['_lastUpdated', `le${s.instant(asOf)}`]);
    params.push(['_sort', '_lastUpdated']);
    if (Number.isFinite(count)) params.push(['_count', String(count)]);
    const theirs = await s.store.request('GET', `/${q.type}?${queryString(params)}`);
    const ours: FhirResponse = e.response;
    if (!this.sameStatus(e, s, ours.status, theirs.status, [])) return;
    if (page === undefined) return this.agree();
    const found = ((theirs.body as Json).entry as Json[] | undefined ?? []).map((x) => x.resource as Json);
    const mineIds = page.resources.map((r) => s.ids.get(r.id) ?? `unknown-${r.id}`);
    const theirIds = found.map((r) => String(r.id));
    const missing = mineIds.filter((id) => !theirIds.includes(id));
    const extra = theirIds.filter((id) => !mineIds.includes(id));
    if (missing.length > 0 || extra.length > 0) {
      const ourOnes = page.resources.filter((r) => missing.includes(s.ids.get(r.id) ?? '')).map((r) => r.id);
      const all = [...ourOnes, ...extra.map((id) => s.ourId(id) ?? `theirs:${id}`)];
      if (all.every((id) => s.tainted.has(id))) return this.known('consequence', e, `${all.length} resource(s) differ`);
      return this.disagree(e, `${page.resources.length} matches (${missing.length} not theirs)`, `${found.length} matches (${extra.length} not ours)`);
    }
    const theirMore = Number((theirs.body as Json).total ?? found.length) > found.length;
    if ((page.next !== null) !== theirMore) return this.disagree(e, page.next !== null ? 'more pages' : 'last page', theirMore ? 'more pages' : 'last page');
    const byId = new Map(found.map((r) => [String(r.id), r]));
    this.sameVersions(e, s, page.resources, page.resources.map((r) => byId.get(s.ids.get(r.id) ?? '') as Json));
  }

  /** Whether both answered the same status (a known difference counts and taints `ids`); records a disagreement if not. */
  private sameStatus(e: LoggedInteraction, s: ServerReplay, ours: number, theirs: number, ids: readonly string[]): boolean {
    if (ours === theirs) return true;
    const describe = `${ours} here, ${theirs} from Medplum`;
    if (ours === 409 && theirs === 412) {
      this.known('conflict-409', e, describe);
      return false;
    }
    if (ours === 422 && theirs === 200 && e.request.kind !== 'read') {
      for (const id of ids) s.tainted.add(id);
      this.known('task-state-machine', e, describe);
      return false;
    }
    if (ids.length > 0 && ids.every((id) => s.tainted.has(id))) {
      this.known('consequence', e, describe);
      return false;
    }
    this.disagree(e, String(ours), String(theirs));
    return false;
  }

  private sameVersions(e: LoggedInteraction, s: ServerReplay, mine: readonly FhirResource[], theirs: readonly Json[]): void {
    for (let i = 0; i < mine.length; i++) {
      const r = mine[i] as FhirResource;
      const want = s.versions.get(`${r.id}/${r.versionId}`);
      const got = ((theirs[i]?.meta ?? {}) as Json).versionId;
      if (want === got) continue;
      if (s.tainted.has(r.id)) return this.known('consequence', e, `${r.type}/${r.id} at another version`);
      return this.disagree(e, `${r.type}/${r.id} version ${r.versionId}`, `version ${String(got)} (mapped ${String(want)})`);
    }
    this.agree();
  }

  private agree(): void {
    this.summary.replayed++;
    this.summary.agreed++;
  }

  /** A difference of `id` in answering `e` (counted as replayed). */
  private known(id: KnownDifferenceId, e: LoggedInteraction, what: string): void {
    this.summary.replayed++;
    this.note(id, e, what);
  }

  /** Counts a difference of `id` seen while replaying `e`, whatever `e`'s own verdict. */
  private note(id: KnownDifferenceId, e: LoggedInteraction, what: string): void {
    let k = this.summary.known.find((x) => x.id === id);
    if (k === undefined) {
      k = { ...KNOWN_DIFFERENCES[id], count: 0, example: `#${e.seq} ${describeRequest(e.request)} on ${e.server}: ${what}` };
      this.summary.known.push(k);
    }
    k.count++;
  }

  private disagree(e: LoggedInteraction, ours: string, theirs: string): void {
    this.summary.replayed++;
    this.summary.disagreements++;
    if (this.summary.examples.length < EXAMPLES) {
      this.summary.examples.push({ seq: e.seq, at: e.at / 1e6, server: e.server, actor: e.actor, request: describeRequest(e.request), ours, theirs });
    }
  }
}

