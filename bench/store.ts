/** Store benchmark: a VersionedStore holding 2,000,000 ServiceRequests and Tasks, timed on the searches, reads and updates the patterns make. */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createStream } from '../src/engine/index.js';
import type { FhirResource, ResourceContent, ResourceType } from '../src/models/server/resource.js';
import { VersionedStore } from '../src/models/server/versioned-store.js';
import { STANDARD_INDEXES } from '../src/models/world.js';

/** Orders in the store: one ServiceRequest and one Task each, so twice this many resources. */
export const ORDERS = 1_000_000;
/** Calls in one timed repetition of a case. */
export const CALLS = 10_000;
const PERFORMERS = 1000;
const REQUESTERS = 10_000;
/** Orders placed but not yet claimed when the build stops: the open Tasks. */
const CLAIM_LAG = 300;
/** Orders claimed (accepted) but not yet started. */
const START_LAG = 600;
/** Orders started but not yet finished; older ones are completed unless long-running. */
const DONE_LAG = 900;
/** Share of orders whose Task stays in-progress (and ServiceRequest active) for good. */
const LONG_RUNNING = 0.05;
/** The target for an indexed search returning 10 matches: well under 1 ms. */
const TARGET_SEARCH_US = 1000;

/** What a case times: the build, or one kind of call repeated {@link CALLS} times. */
export type StoreCase = 'build' | 'search_10' | 'idle_poll' | 'open_tasks' | 'read' | 'update_if_match';

/** One result line of the store benchmark. */
export interface StoreFigure {
  bench: 'store';
  case: StoreCase;
  /** Resources stored (current versions). */
  stored: number;
  /** Resources returned per call (for `build`: resources created). */
  returned: number;
  /** Index entries examined per call (mean; returned, stale and filtered-out alike); null where no search runs. */
  examined: number | null;
  /** Median wall time of one call, microseconds (for `build`: per committed version). */
  per_call_us: number;
  calls_per_s: number;
  /** Calls per repetition (for `build`: versions committed). */
  calls: number;
  /** Timed repetitions the median is taken over (1 for `build`). */
  runs: number;
  /** Median wall time of one repetition, seconds (for `build`: the whole build). */
  wall_s: number;
  /** Resident set size after the case, MB. */
  rss_mb: number;
  /** The per-call target, or null where none is set. */
  target_us: number | null;
}

/** A built store and what the cases need to address it. */
export interface BuiltStore {
  store: VersionedStore;
  /** Ids of the ServiceRequest and the Task of each order, by order number. */
  srIds: string[];
  taskIds: string[];
  /** Ids of the long-running Tasks (owned, in-progress): the targets of If-Match updates. */
  inProgress: string[];
  /** `filler/<i>` of each performer. */
  performers: string[];
  /** Wall time of the build, seconds. */
  wallS: number;
}

/**
 * Builds the store as a steady workflow leaves it after `orders` orders ({@link ORDERS} by
 * default): one order per simulated millisecond, each a ServiceRequest (active, one of 1000
 * performers, one of 10,000 requesters) and a Task (requested, unowned); 300 orders later
 * the Task is claimed (accepted, owned by the performer), 600 later started (in-progress),
 * 900 later completed with its ServiceRequest, except for 5% that stay in-progress. Every
 * update is an If-Match update of the version just read, so indexes hold superseded entries.
 */
export function buildStore(orders: number = ORDERS): BuiltStore {
  const t0 = process.hrtime.bigint();
  const rng = createStream(20261126, 'bench/store');
  const store = new VersionedStore({ name: 'server', indexes: STANDARD_INDEXES });
  const performers = Array.from({ length: PERFORMERS }, (_, i) => `filler/${i}`);
  const requesters = Array.from({ length: REQUESTERS }, (_, i) => `placer/${i}`);
  const performerOf = new Uint16Array(orders);
  const longRunning = new Uint8Array(orders);
  const srIds: string[] = new Array<string>(orders);
  const taskIds: string[] = new Array<string>(orders);
  const inProgress: string[] = [];
  const put = (type: 'ServiceRequest' | 'Task', id: string, changes: Partial<ResourceContent>, actor: string, now: number): void => {
    const base = store.read(type, id) ?? null;
    const r = store.update(type, id, base, changes, { ifMatch: true, actor, now });
    if (r.status !== 200) throw new Error(`store bench: update of ${type}/${id} answered ${r.status}`);
  };
  for (let i = 0; i < orders; i++) {
    const now = i * 1000;
    const p = Math.floor(rng.double() * PERFORMERS);
    const requester = requesters[Math.floor(rng.double() * REQUESTERS)] as string;
    performerOf[i] = p;
    longRunning[i] = rng.double() < LONG_RUNNING ? 1 : 0;
    const sr = store.create({ type: 'ServiceRequest', status: 'active', intent: 'order', performer: performers[p] as string, requester, order: i }, now, requester);
    const task = store.create({ type: 'Task', status: 'requested', intent: 'order', requester, focus: sr.ref, basedOn: sr.ref, order: i }, now, requester);
    srIds[i] = sr.id;
    taskIds[i] = task.id;
    const c = i - CLAIM_LAG;
    if (c >= 0) put('Task', taskIds[c] as string, { owner: performers[performerOf[c] as number] as string, status: 'accepted' }, performers[performerOf[c] as number] as string, now);
    const s = i - START_LAG;
    if (s >= 0) put('Task', taskIds[s] as string, { status: 'in-progress' }, performers[performerOf[s] as number] as string, now);
    const d = i - DONE_LAG;
    if (d >= 0) {
      const filler = performers[performerOf[d] as number] as string;
      if (longRunning[d] === 1) inProgress.push(taskIds[d] as string);
      else {
        put('Task', taskIds[d] as string, { status: 'completed', output: `server/DiagnosticReport/${d}` }, filler, now);
        put('ServiceRequest', srIds[d] as string, { status: 'completed' }, filler, now);
      }
    }
  }
  return { store, srIds, taskIds, inProgress, performers, wallS: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** One timed repetition: its wall time and the totals of its calls. */
interface Rep {
  ns: number;
  returned: number;
  examined: number;
}

/** A case: given the repetition number (0 and 1 are the warm-ups), prepares untimed, then times {@link CALLS} calls. */
type CaseBody = (rep: number) => Rep;

/**
 * Starts a timed loop: first a young-generation collection (with --expose-gc), so that the
 * untimed preparation's garbage is not collected, and charged, inside the loop. In a 2 GB
 * heap one scavenge takes about 6 ms, as long as a whole repetition of reads.
 */
function start(): bigint {
  (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc?.({ type: 'minor' });
  return process.hrtime.bigint();
}

function since(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0);
}

/**
 * The timed cases, in the order they run (updates last: they add versions). Each rotates
 * over many performers, ids or Tasks so that no call is served from one warm bucket.
 */
export function storeCases(b: BuiltStore): [StoreCase, CaseBody][] {
  const { store, performers } = b;
  // Watermark per performer such that exactly 10 of its active ServiceRequests changed since.
  const marks = performers.map((performer) => {
    const all = store.search({ type: 'ServiceRequest', where: { performer, status: 'active' } }).resources;
    if (all.length < 11) throw new Error(`store bench: ${performer} has only ${all.length} active ServiceRequests`);
    return (all[all.length - 11] as FhirResource).txId;
  });
  const search10: CaseBody = () => {
    let returned = 0;
    let examined = 0;
    const t0 = start();
    for (let i = 0; i < CALLS; i++) {
      const p = i % PERFORMERS;
      const page = store.search({ type: 'ServiceRequest', where: { performer: performers[p] as string, status: 'active' }, since: marks[p] as number });
      if (page.resources.length !== 10) throw new Error(`store bench: search_10 returned ${page.resources.length}`);
      returned += page.resources.length;
      examined += page.examined;
    }
    return { ns: since(t0), returned, examined };
  };
  const idlePoll: CaseBody = () => {
    const mark = store.lastTx;
    let returned = 0;
    let examined = 0;
    const t0 = start();
    for (let i = 0; i < CALLS; i++) {
      const page = store.search({ type: 'ServiceRequest', where: { performer: performers[i % PERFORMERS] as string, status: 'active' }, since: mark });
      returned += page.resources.length;
      examined += page.examined;
    }
    return { ns: since(t0), returned, examined };
  };
  const openTasks: CaseBody = () => {
    let returned = 0;
    let examined = 0;
    const t0 = start();
    for (let i = 0; i < CALLS; i++) {
      const page = store.search({ type: 'Task', where: { owner: null, status: 'requested' } });
      returned += page.resources.length;
      examined += page.examined;
    }
    return { ns: since(t0), returned, examined };
  };
  const read: CaseBody = (rep) => {
    const r = createStream(rep, 'bench/store/read');
    const types: ResourceType[] = [];
    const ids: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      const o = Math.floor(r.double() * b.srIds.length);
      const sr = r.double() < 0.5;
      types.push(sr ? 'ServiceRequest' : 'Task');
      ids.push((sr ? b.srIds[o] : b.taskIds[o]) as string);
    }
    let returned = 0;
    const t0 = start();
    for (let i = 0; i < CALLS; i++) {
      if (store.read(types[i] as ResourceType, ids[i] as string) !== undefined) returned++;
    }
    return { ns: since(t0), returned, examined: 0 };
  };
  const update: CaseBody = (rep) => {
    // Distinct Tasks within a repetition, each written against the version just read.
    const ids = Array.from({ length: CALLS }, (_, i) => b.inProgress[(rep * CALLS + i) % b.inProgress.length] as string);
    const bases = ids.map((id) => store.read('Task', id) ?? null);
    const changes = { businessStatus: `step ${rep}` };
    let returned = 0;
    const t0 = start();
    for (let i = 0; i < CALLS; i++) {
      const r = store.update('Task', ids[i] as string, bases[i] as FhirResource, changes, { ifMatch: true, actor: 'filler/0', now: 1e12 + rep });
      if (r.status === 200) returned++;
    }
    return { ns: since(t0), returned, examined: 0 };
  };
  return [
    ['search_10', search10],
    ['idle_poll', idlePoll],
    ['open_tasks', openTasks],
    ['read', read],
    ['update_if_match', update],
  ];
}

/**
 * Runs one case: 2 warm-up repetitions, then `runs` timed ones; the figure is the median.
 * Checks every repetition returns the same number of resources (the calls did the work).
 */
export function timeCase(name: StoreCase, body: CaseBody, runs: number, stored: number): StoreFigure {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const reps: Rep[] = [];
  for (let r = 0; r < runs + 2; r++) {
    const rep = body(r);
    if (r >= 2) reps.push(rep);
  }
  if (reps.some((r) => r.returned !== (reps[0] as Rep).returned)) throw new Error(`store bench: ${name} returned different counts across repetitions`);
  const ns = reps.map((r) => r.ns).sort((x, y) => x - y);
  const medianNs = ns[Math.floor(ns.length / 2)] as number;
  const first = reps[0] as Rep;
  return {
    bench: 'store',
    case: name,
    stored,
    returned: round(first.returned / CALLS, 3),
    examined: name === 'read' || name === 'update_if_match' ? null : round(first.examined / CALLS, 3),
    per_call_us: round(medianNs / CALLS / 1000, 3),
    calls_per_s: Math.round(CALLS / (medianNs / 1e9)),
    calls: CALLS,
    runs,
    wall_s: round(medianNs / 1e9, 6),
    rss_mb: Math.round(process.memoryUsage().rss / 1e6),
    target_us: name === 'search_10' ? TARGET_SEARCH_US : null,
  };
}

/** The figure of the build itself: resources created, versions committed, wall time and RSS after a GC. */
export function buildFigure(b: BuiltStore): StoreFigure {
  (globalThis as { gc?: () => void }).gc?.();
  const commits = b.store.lastTx;
  return {
    bench: 'store',
    case: 'build',
    stored: b.store.size,
    returned: b.store.size,
    examined: null,
    per_call_us: round((b.wallS * 1e6) / commits, 3),
    calls_per_s: Math.round(commits / b.wallS),
    calls: commits,
    runs: 1,
    wall_s: round(b.wallS, 3),
    rss_mb: Math.round(process.memoryUsage().rss / 1e6),
    target_us: null,
  };
}

/** Builds and times the store in a fresh Node process (store-child.js); returns the figures. */
export function runStoreBench(runs: number, onFigure: (f: StoreFigure) => void): StoreFigure[] {
  const child = fileURLToPath(new URL('./store-child.js', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', child, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const figures = out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as StoreFigure);
  for (const f of figures) onFigure(f);
  return figures;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
