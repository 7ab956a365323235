import { describe, expect, it } from 'vitest';
import { MILLISECOND, SECOND } from '../src/engine/index.js';
import { SearchFetch, type Attempt, type FhirResource, type FhirResponse } from '../src/models/index.js';
import { c, rig, server } from './support/world-config.js';

const L = 40 * MILLISECOND;
/** Constant costs: read 4 ms, search 15 ms + 0.2 ms per returned resource, create/update 8 ms, operation 20 ms. */
const costs = { serviceTime: { read: c(4000), search: c(15000), create: c(8000), update: c(8000), operation: c(20000), notify: c(2000) }, perMatch: 200 };

/** A rig with constant latency L and a server `q` with the constant costs above. */
function setup(overrides: Parameters<typeof server>[2] = {}) {
  const r = rig({ latency: c(L) });
  const q = server(r, 'q', { ...costs, ...overrides });
  return { ...r, q };
}

/** Records the response and its arrival time. */
function recorder(now: () => number): { got: { at: number; response: FhirResponse }[]; cb: (response: FhirResponse) => void } {
  const got: { at: number; response: FhirResponse }[] = [];
  return { got, cb: (response) => got.push({ at: now(), response }) };
}

describe('server service times (constant distributions, exact times)', () => {
  it('a search costs its service time plus perMatch per returned resource', () => {
    const { sim, network, q } = setup();
    for (let i = 0; i < 7; i++) q.store.create({ type: 'ServiceRequest', performer: 'filler/0' }, 0, 'p');
    q.store.create({ type: 'ServiceRequest', performer: 'filler/1' }, 0, 'p');
    const { got, cb } = recorder(() => sim.now);
    network.call('filler/0', q, { kind: 'search', query: { type: 'ServiceRequest', where: { performer: 'filler/0', status: 'active' } } }, 'filler-server', cb);
    sim.run();
    expect(got).toHaveLength(1);
    expect(got[0]?.response.page?.resources).toHaveLength(7);
    expect(got[0]?.at).toBe(2 * L + 15000 + 7 * 200);
  });

  it('one worker serves simultaneous requests first come, first served', () => {
    const { sim, network, q } = setup({ workers: 1 });
    const sr = q.store.create({ type: 'ServiceRequest' }, 0, 'p');
    const { got, cb } = recorder(() => sim.now);
    for (let i = 0; i < 3; i++) network.call(`c${i}`, q, { kind: 'read', type: 'ServiceRequest', id: sr.id }, 'placer-server', cb);
    sim.run();
    expect(got.map((g) => g.at)).toEqual([2 * L + 4000, 2 * L + 8000, 2 * L + 12000]);
    expect(q.workers.waits.count).toBe(3);
    expect(q.workers.waits.mean).toBe((0 + 4000 + 8000) / 3);
  });

  it('a write takes effect when its service starts, before its response leaves', () => {
    const { sim, network, q } = setup({ workers: 2 });
    const v1 = q.store.create({ type: 'ServiceRequest' }, 0, 'p');
    const { got, cb } = recorder(() => sim.now);
    network.call('p', q, { kind: 'update', type: 'ServiceRequest', id: v1.id, base: v1, changes: { status: 'on-hold' }, ifMatch: true }, 'placer-server', cb);
    sim.schedule(MILLISECOND, () => network.call('f', q, { kind: 'read', type: 'ServiceRequest', id: v1.id }, 'filler-server', cb));
    sim.run();
    // The read arrives 1 ms after the update started (8 ms of service) and already sees version 2.
    expect(got.map((g) => [g.at, g.response.resource?.versionId])).toEqual([
      [MILLISECOND + 2 * L + 4000, 2],
      [2 * L + 8000, 2],
    ]);
  });
});

describe('paging through the server', () => {
  it('results beyond pageSize need page requests, counted as page interactions', () => {
    const { sim, network, traffic, q } = setup();
    for (let i = 0; i < 120; i++) q.store.create({ type: 'ServiceRequest' }, 0, 'p');
    let result: readonly FhirResource[] = [];
    let doneAt = -1;
    new SearchFetch(network, 'filler/0', q, 'filler-server', { type: 'ServiceRequest', where: { status: 'active' }, since: 0 }, (resources, asOf, failed) => {
      result = resources;
      doneAt = sim.now;
      expect(failed).toBe(false);
      expect(asOf).toBe(120);
    }).start();
    sim.run();
    expect(traffic.count('search')).toBe(1);
    expect(traffic.count('page')).toBe(2);
    expect(result.map((r) => r.txId)).toEqual(Array.from({ length: 120 }, (_v, i) => i + 1));
    // Three round trips; each page costs the search time plus perMatch for its 50, 50 and 20 results.
    expect(doneAt).toBe(3 * (2 * L + 15000) + 120 * 200);
    expect(q.store.stats.searches).toBe(1);
  });

  it('a smaller _count than pageSize pages at _count', () => {
    const { sim, network, traffic, q } = setup();
    for (let i = 0; i < 120; i++) q.store.create({ type: 'ServiceRequest' }, 0, 'p');
    let n = 0;
    new SearchFetch(network, 'filler/0', q, 'filler-server', { type: 'ServiceRequest', count: 10 }, (resources) => (n = resources.length)).start();
    sim.run();
    expect(n).toBe(120);
    expect(traffic.count('search') + traffic.count('page')).toBe(12);
  });

  it('exactly pageSize results need no page request', () => {
    const { sim, network, traffic, q } = setup();
    for (let i = 0; i < 50; i++) q.store.create({ type: 'ServiceRequest' }, 0, 'p');
    new SearchFetch(network, 'filler/0', q, 'filler-server', { type: 'ServiceRequest' }, () => {}).start();
    sim.run();
    expect(traffic.count('page')).toBe(0);
  });
});

describe('transactions, conflicts and operations through the server', () => {
  it('a transaction creates every entry in one interaction and resolves #0 to the first entry', () => {
    const { sim, network, traffic, q } = setup();
    const entries = [
      { type: 'ServiceRequest' as const, requester: 'placer/0', order: 3 },
      { type: 'Task' as const, status: 'requested', focus: '#0', basedOn: '#0', requester: 'placer/0', order: 3 },
    ];
    const { got, cb } = recorder(() => sim.now);
    network.call('placer/0', q, { kind: 'create', draft: entries[0] as (typeof entries)[0], transaction: entries }, 'placer-server', cb);
    sim.run();
    const response = got[0]?.response as FhirResponse;
    expect(response.status).toBe(200);
    const [sr, task] = response.created as FhirResource[];
    expect(response.resource).toBe(sr);
    expect(sr?.ref).toBe('q/ServiceRequest/1');
    expect(task?.focus).toBe(sr?.ref);
    expect(task?.basedOn).toBe(sr?.ref);
    expect(traffic.count('create')).toBe(1);
    expect(q.store.stats.creates).toBe(2);
    // One create service time per entry.
    expect(got[0]?.at).toBe(2 * L + 2 * 8000);
  });

  it('a transaction creates, then updates; an update entry may point at a created entry (#0)', () => {
    const { sim, network, q } = setup({ serviceTime: { ...costs.serviceTime, update: c(3000) } });
    const task = q.store.create({ type: 'Task', status: 'in-progress', owner: 'filler/0' }, 0, 'placer/0');
    const { got, cb } = recorder(() => sim.now);
    network.call('filler/0', q, {
      kind: 'create',
      transaction: [
        { type: 'DiagnosticReport', basedOn: 'q/ServiceRequest/9', status: 'final' },
        { op: 'update', type: 'Task', id: task.id, base: task, ifMatch: true, changes: { status: 'completed', output: '#0' } },
      ],
    }, 'filler-server', cb);
    sim.run();
    const response = got[0]?.response as FhirResponse;
    expect(response.status).toBe(200);
    const report = response.created?.[0] as FhirResource;
    expect(response.updated?.[0]).toMatchObject({ id: task.id, versionId: 2, status: 'completed', output: report.ref });
    // One create service time for the Bundle, then one update time for its second entry.
    expect(got[0]?.at).toBe(2 * L + 8000 + 3000);
  });

  it('one stale If-Match entry fails the whole transaction with the conflict status and changes nothing', () => {
    const { sim, network, q } = setup({ conflictStatus: 409 });
    const v1 = q.store.create({ type: 'Task', status: 'in-progress', owner: 'filler/0' }, 0, 'p');
    q.store.update('Task', v1.id, v1, { businessStatus: 'moved' }, { ifMatch: true, actor: 'p', now: 0 });
    const { got, cb } = recorder(() => sim.now);
    network.call('filler/0', q, {
      kind: 'create',
      transaction: [
        { type: 'DiagnosticReport', status: 'final' },
        { op: 'update', type: 'Task', id: v1.id, base: v1, ifMatch: true, changes: { status: 'completed', output: '#0' } },
      ],
    }, 'filler-server', cb);
    sim.run();
    expect(got[0]?.response.status).toBe(409);
    expect(q.store.size).toBe(1);
    expect(q.store.read('Task', v1.id)).toMatchObject({ versionId: 2, status: 'in-progress' });
    expect(q.store.stats.conflicts).toBe(1);
  });

  it('a claim inside a transaction is one claim attempt, won or lost', () => {
    const { sim, network, q } = setup();
    const v1 = q.store.create({ type: 'Task', status: 'requested' }, 0, 'p');
    const claim = (f: string) => ({ kind: 'create' as const, transaction: [{ op: 'update' as const, type: 'Task' as const, id: v1.id, base: v1, ifMatch: true, changes: { owner: f, status: 'accepted' } }] });
    const { got, cb } = recorder(() => sim.now);
    network.call('filler/0', q, claim('filler/0'), 'filler-server', cb);
    network.call('filler/1', q, claim('filler/1'), 'filler-server', cb);
    sim.run();
    expect(got.map((g) => g.response.status)).toEqual([200, 412]);
    expect(q.store.stats).toMatchObject({ claimAttempts: 2, conflicts: 1, updates: 1 });
  });

  // Regression: a stale transaction entry that only changes the status of an unowned Task
  // (e.g. a filler answering an unowned abort Task) is a conflict, not a claim attempt.
  it('a stale transaction entry that sets no owner is a conflict but no claim attempt', () => {
    const { sim, network, q } = setup();
    const v1 = q.store.create({ type: 'Task', status: 'requested' }, 0, 'p');
    q.store.update('Task', v1.id, v1, { businessStatus: 'seen' }, { ifMatch: true, actor: 'p', now: 0 });
    network.call('filler/0', q, { kind: 'create', transaction: [{ op: 'update', type: 'Task', id: v1.id, base: v1, ifMatch: true, changes: { status: 'accepted' } }] }, 'filler-server');
    sim.run();
    expect(q.store.stats).toMatchObject({ conflicts: 1, claimAttempts: 0 });
  });

  it.each([409, 412] as const)('a stale If-Match update answers the configured %i', (status) => {
    const { sim, network, q } = setup({ conflictStatus: status });
    const v1 = q.store.create({ type: 'Task', status: 'requested' }, 0, 'p');
    const { got, cb } = recorder(() => sim.now);
    for (const f of ['filler/0', 'filler/1']) {
      network.call(f, q, { kind: 'update', type: 'Task', id: v1.id, base: v1, changes: { owner: f, status: 'accepted' }, ifMatch: true }, 'filler-server', cb);
    }
    sim.run();
    expect(got.map((g) => g.response.status)).toEqual([200, status]);
    expect(q.store.stats.conflicts).toBe(1);
  });

  it('an operation handler answers at once, or later through reply()', () => {
    const { sim, network, q } = setup();
    let held: Attempt | null = null;
    q.handle('$now', () => ({ status: 200, body: 'now' }));
    q.handle('$later', (_body, attempt) => {
      held = attempt;
      return undefined;
    });
    q.handle('$early', (_body, attempt) => {
      q.reply(attempt, { status: 200, body: 'early' });
      return undefined;
    });
    sim.schedule(SECOND, () => q.reply(held as unknown as Attempt, { status: 200, body: 'later' }));
    const { got, cb } = recorder(() => sim.now);
    for (const name of ['$now', '$later', '$early', '$missing']) network.call('p', q, { kind: 'operation', name, body: null }, 'placer-server', cb);
    sim.run();
    const byBody = Object.fromEntries(got.map((g) => [String(g.response.body), [g.response.status, g.at]]));
    expect(byBody.now).toEqual([200, 2 * L + 20000]);
    // Answered inside service: leaves when service ends.
    expect(byBody.early).toEqual([200, 2 * L + 20000]);
    // Answered after service: leaves when answered.
    expect(byBody.later).toEqual([200, SECOND + L]);
    expect(got.find((g) => g.response.status === 404)?.at).toBe(2 * L + 20000);
  });

  it('a request answered later holds its worker until answered; a queued request whose client gave up is dropped', () => {
    const { sim, network, q } = setup();
    const held: Attempt[] = [];
    q.handle('$hold', (_body, attempt) => {
      held.push(attempt);
      return undefined;
    });
    // Every worker held by a call that is answered at 5 s: reads sent meanwhile wait for a worker.
    const workers = q.workers.capacity;
    sim.schedule(5 * SECOND, () => {
      for (const a of held) q.reply(a, { status: 200, body: 'done' });
    });
    const { got, cb } = recorder(() => sim.now);
    for (let i = 0; i < workers; i++) network.call('p', q, { kind: 'operation', name: '$hold', body: null }, 'placer-server', cb, undefined, 60 * SECOND);
    // This one waits 5 s in the queue, longer than its client's 1 s timeout and 3 retries: it gives up and nothing of it runs.
    const late = network.call('p', q, { kind: 'operation', name: '$hold', body: 'late' }, 'placer-server', cb);
    sim.run();
    expect(held.length).toBe(workers);
    expect(got.filter((g) => g.response.status === 200).map((g) => g.at)).toEqual(Array(workers).fill(5 * SECOND + L));
    expect(late.response.status).toBe(0);
    expect(late.applied).toBe(false);
    expect(q.abandoned).toBe(4);
    expect(q.heldRequests).toBe(0);
  });

  it('a server refuses requests that are not REST interactions', () => {
    const { sim, network, q } = setup();
    const { got, cb } = recorder(() => sim.now);
    network.call('x', q, { kind: 'heartbeat', body: null }, 'placer-server', cb);
    sim.run();
    expect(got[0]?.response.status).toBe(400);
  });
});
