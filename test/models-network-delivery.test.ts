import { describe, expect, it } from 'vitest';
import { MILLISECOND, SECOND, createStream } from '../src/engine/index.js';
import { INTERACTION_KINDS, LINK_CLASSES, Network, kindIndex, linkIndex, type Exchange, type FhirResource, type FhirResponse, type TrafficStats } from '../src/models/index.js';
import { EchoTarget, ScriptedLoss, c, rig, server } from './support/world-config.js';

const L = 10 * MILLISECOND;

/** Checks the conservation law of the network's counters. */
function conserved(t: TrafficStats): boolean {
  return t.sent === t.delivered + t.lost + t.inFlight;
}

describe('network: exact traces with constant latency', () => {
  it('a request arrives after L and its answer after 2L (+ service at a server)', () => {
    const r = rig({ latency: c(L) });
    const echo = new EchoTarget('echo', r);
    const q = server(r, 'q', { serviceTime: { read: c(4000), search: c(0), create: c(0), update: c(0), operation: c(0), notify: c(0) } });
    const sr = q.store.create({ type: 'ServiceRequest' }, 0, 'p');
    const trace: string[] = [];
    r.sim.tracer = (t, kind) => trace.push(`${t} ${kind}`);
    const answers: [string, number][] = [];
    r.sim.schedule(5 * MILLISECOND, function sendBoth() {
      r.network.call('a', echo, { kind: 'read', type: 'ServiceRequest', id: '1' }, 'placer-filler', () => answers.push(['echo', r.sim.now]));
      r.network.call('b', q, { kind: 'read', type: 'ServiceRequest', id: sr.id }, 'placer-server', () => answers.push(['server', r.sim.now]));
    });
    r.sim.run();
    expect(echo.arrivals).toEqual([5 * MILLISECOND + L]);
    expect(answers).toEqual([
      ['echo', 5 * MILLISECOND + 2 * L],
      ['server', 5 * MILLISECOND + 2 * L + 4000],
    ]);
    // Timeouts are cancelled when the answer arrives: no timeout event ever runs.
    expect(trace).toEqual([
      '5000 sendBoth',
      '15000 onRequestArrives',
      '15000 onRequestArrives',
      '19000 endRequest',
      '25000 onResponseArrives',
      '29000 onResponseArrives',
    ]);
    expect(r.traffic).toMatchObject({ sent: 4, delivered: 4, lost: 0, inFlight: 0, retries: 0 });
    expect(r.traffic.count('read')).toBe(2);
    expect(r.traffic.transmissions('placer-server', 'request')).toBe(1);
    expect(r.traffic.transmissions('placer-server', 'response')).toBe(1);
  });

  it('per-link latency overrides the default', () => {
    const r = rig({ latency: c(L), links: { 'server-subscriber': c(3 * L) } });
    const echo = new EchoTarget('echo', r);
    r.network.call('q', echo, { kind: 'notification', body: null }, 'server-subscriber');
    r.network.call('q', echo, { kind: 'read', type: 'Task', id: '1' }, 'filler-server');
    r.sim.run();
    expect(echo.arrivals).toEqual([L, 3 * L]);
  });

  it('rejects a loss probability outside [0, 1)', () => {
    const r = rig();
    for (const loss of [1, -0.1, Number.NaN]) expect(() => new Network(r.sim, createStream('x', 'y'), { ...r.network.config, loss }, r.traffic)).toThrow(RangeError);
  });
});

describe('network: loss, timeout and retry', () => {
  it('with loss 0.3 and 3 retries, retries and timeouts match the geometric law; sent = delivered + lost + inFlight at every event', () => {
    const p = 0.3;
    const retries = 3;
    const r = rig({ latency: c(L), loss: p, timeout: SECOND, retries }, createStream('loss-law', 'network'));
    const echo = new EchoTarget('echo', r);
    const n = 20_000;
    const exchanges: Exchange[] = [];
    let i = 0;
    const send = (): void => {
      exchanges.push(r.network.call('a', echo, { kind: 'read', type: 'Task', id: '1' }, 'placer-filler'));
      if (++i < n) r.sim.schedule(MILLISECOND, send, undefined);
    };
    r.sim.schedule(0, send, undefined);
    let violations = 0;
    while (r.sim.step()) if (!conserved(r.traffic)) violations++;
    expect(violations).toBe(0);
    expect(r.traffic.inFlight).toBe(0);
    const t = r.traffic;
    expect(t.retries).toBe(exchanges.reduce((s, e) => s + e.attempts - 1, 0));
    expect(t.timedOut).toBe(exchanges.filter((e) => e.response.status === 0).length);
    expect(t.count('read')).toBe(n + t.retries);
    expect(exchanges.every((e) => e.done)).toBe(true);
    // An attempt succeeds when request and response both get through: q = 1 - (1 - p)^2 fails.
    const q = 1 - (1 - p) ** 2;
    const expectedRetries = q + q ** 2 + q ** 3;
    const expectedTimeouts = q ** (retries + 1);
    // Per exchange, retries have sd 1.07 and a timeout has sd 0.25: over 20,000 exchanges the
    // standard errors are 1% and 2.6% of the means; 5% and 13% are five standard errors.
    expect(Math.abs(t.retries / n - expectedRetries) / expectedRetries).toBeLessThan(0.05);
    expect(Math.abs(t.timedOut / n - expectedTimeouts) / expectedTimeouts).toBeLessThan(0.13);
    expect(Math.abs(t.lost / t.sent - p)).toBeLessThan(0.01);
  });

  it('a create whose response is lost is applied again on retry and counted as a duplicate create', () => {
    // Transmissions: 1 request (arrives), 2 response (lost), 3 retried request, 4 response.
    const r = rig({ latency: c(L), loss: 0.5 }, new ScriptedLoss([2]));
    const q = server(r, 'q');
    let response: FhirResponse | undefined;
    r.network.call('placer/0', q, { kind: 'create', draft: { type: 'ServiceRequest' } }, 'placer-server', (res) => (response = res));
    r.sim.run();
    expect(r.traffic.lost).toBe(1);
    expect(r.traffic.retries).toBe(1);
    expect(r.traffic.duplicateCreates).toBe(1);
    expect(r.traffic.count('create')).toBe(2);
    expect(q.store.size).toBe(2);
    expect(response?.status).toBe(201);
    expect(response?.resource?.id).toBe('2');
  });

  it('a conditional create retried after a lost response finds the first and is no duplicate', () => {
    const r = rig({ latency: c(L), loss: 0.5 }, new ScriptedLoss([2]));
    const q = server(r, 'q');
    let response: FhirResponse | undefined;
    r.network.call('placer/0', q, { kind: 'create', draft: { type: 'ServiceRequest', order: 4 }, ifNoneExist: { requester: null } }, 'placer-server', (res) => (response = res));
    r.sim.run();
    expect(r.traffic.lost).toBe(1);
    expect(r.traffic.duplicateCreates).toBe(0);
    expect(q.store.size).toBe(1);
    expect(response?.status).toBe(200);
  });

  it('a create whose request is lost is applied once: the retry is no duplicate', () => {
    const r = rig({ latency: c(L), loss: 0.5 }, new ScriptedLoss([1]));
    const q = server(r, 'q');
    r.network.call('placer/0', q, { kind: 'create', draft: { type: 'ServiceRequest' } }, 'placer-server');
    r.sim.run();
    expect(r.traffic.lost).toBe(1);
    expect(r.traffic.retries).toBe(1);
    expect(r.traffic.duplicateCreates).toBe(0);
    expect(q.store.size).toBe(1);
  });

  it('an If-Match update whose response is lost gets 412 on retry: the server does not apply it twice', () => {
    const r = rig({ latency: c(L), loss: 0.5 }, new ScriptedLoss([2]));
    const q = server(r, 'q');
    const v1 = q.store.create({ type: 'Task', status: 'requested' }, 0, 'p');
    let response: FhirResponse | undefined;
    r.network.call('filler/0', q, { kind: 'update', type: 'Task', id: v1.id, base: v1, changes: { owner: 'filler/0', status: 'accepted' }, ifMatch: true }, 'filler-server', (res) => (response = res));
    r.sim.run();
    expect(r.traffic.lost).toBe(1);
    expect(response?.status).toBe(412);
    expect((q.store.read('Task', v1.id) as FhirResource).versionId).toBe(2);
    expect(q.store.stats.updates).toBe(1);
    expect(q.store.stats.conflicts).toBe(1);
  });

  it('gives up after the last retry: status 0 at (retries + 1) x timeout, late answers counted', () => {
    const r = rig({ latency: c(L), loss: 0.5, timeout: SECOND, retries: 2 }, new ScriptedLoss([], 0));
    const echo = new EchoTarget('echo', r);
    let at = -1;
    let status = -1;
    r.network.call('a', echo, { kind: 'read', type: 'Task', id: '1' }, 'placer-filler', (res) => {
      at = r.sim.now;
      status = res.status;
    });
    r.sim.run();
    expect([at, status]).toEqual([3 * SECOND, 0]);
    expect(r.traffic).toMatchObject({ sent: 3, lost: 3, retries: 2, timedOut: 1, delivered: 0 });
    expect(echo.arrivals).toEqual([]);
  });

  it('a slow answer after a retry is counted late and does not settle the exchange twice', () => {
    // Latency 0.6 s each way, timeout 1 s: attempt 1's answer arrives at 1.2 s, after the retry at 1 s.
    const r = rig({ latency: c(600 * MILLISECOND), timeout: SECOND, retries: 1 });
    const echo = new EchoTarget('echo', r);
    const settled: number[] = [];
    r.network.call('a', echo, { kind: 'read', type: 'Task', id: '1' }, 'placer-filler', () => settled.push(r.sim.now));
    r.sim.run();
    expect(settled).toEqual([1200 * MILLISECOND]);
    expect(r.traffic.retries).toBe(1);
    expect(r.traffic.lateResponses).toBe(1);
    expect(conserved(r.traffic)).toBe(true);
  });

  it('local calls are never lost nor counted as interactions, only as local', () => {
    // Every network transmission would be lost; local calls never reach the wire.
    const r = rig({ latency: c(L), loss: 0.5 }, new ScriptedLoss([], 0));
    const q = server(r, 'q');
    let at = -1;
    r.network.call('filler/0', q, { kind: 'create', draft: { type: 'ServiceRequest' } }, 'local', () => (at = r.sim.now));
    r.sim.run();
    expect(at).toBe(8000);
    expect(r.traffic.local).toBe(1);
    expect(r.traffic.total).toBe(0);
    expect(r.traffic).toMatchObject({ sent: 0, delivered: 0, lost: 0, inFlight: 0 });
    expect(q.store.size).toBe(1);
  });

  it('reset at warm-up keeps messages in flight and the conservation law', () => {
    const r = rig({ latency: c(L) });
    const echo = new EchoTarget('echo', r);
    r.network.call('a', echo, { kind: 'read', type: 'Task', id: '1' }, 'placer-filler');
    r.sim.run({ until: L / 2 });
    r.traffic.reset();
    expect(r.traffic.inFlight).toBe(1);
    r.sim.run();
    expect(conserved(r.traffic)).toBe(true);
    expect(r.traffic.total).toBe(0);
  });
});

describe('counting columns', () => {
  it('each interaction kind and link class counts in its own column, in the order results list them', () => {
    expect(INTERACTION_KINDS.map(kindIndex)).toEqual(INTERACTION_KINDS.map((_, i) => i));
    expect(LINK_CLASSES.map(linkIndex)).toEqual(LINK_CLASSES.map((_, i) => i));
  });
});
