import { describe, expect, it } from 'vitest';
import { Constant, MILLISECOND, MINUTE, RandomStreams, SECOND } from '../src/engine/index.js';
import { MessageTrace, PollStats, Poller, World, type FhirResource, type FhirServer, type PollTarget, type WorldConfig } from '../src/models/index.js';
import { patterns, tinyWorldConfig } from '../src/patterns/index.js';
import { c, rig, server, serviceTimes } from './support/world-config.js';

/**
 * One placer with a backlog: an order every 30 s, one filler slot, 20 min of work, so open
 * orders pile up (about 2 more every minute) and the placer's poll lists ever more requests.
 */
function backlogWorld(polling: Partial<WorldConfig['polling']>): WorldConfig {
  const base = tinyWorldConfig();
  return tinyWorldConfig({
    horizon: 90 * MINUTE,
    placers: { count: 1, meanInterarrival: 30 * SECOND, arrivals: 'fixed', firstArrival: SECOND },
    fillers: { ...base.fillers, processing: new Constant(20 * MINUTE) },
    polling: { ...base.polling, ...polling },
  });
}

/** The placer's DiagnosticReport searches, grouped by the poll (tick) that sent them. */
function placerPolls(config: WorldConfig): { world: World; polls: Map<number, string[]> } {
  const world = new World(config);
  const trace = new MessageTrace((l) => l.from === 'placer/0' && l.kind === 'search');
  world.network.tracer = trace;
  patterns.B.setup(world);
  world.run();
  const polls = new Map<number, string[]>();
  for (const l of trace.lines) {
    if (!l.text.startsWith('GET DiagnosticReport?')) continue;
    const at = Math.round(l.sentAt / MINUTE);
    polls.set(at, [...(polls.get(at) ?? []), l.text]);
  }
  return { world, polls };
}

describe('B: the placer asks for the events of its open orders as a real server lets it', () => {
  it('based-on lists every open request, refsPerQuery per search: searches per poll grow with the open backlog', () => {
    const { world, polls } = placerPolls(backlogWorld({ refsPerQuery: 10 }));
    const placer = world.placers[0];
    expect(placer).toBeDefined();
    let grew = false;
    for (const [minute, searches] of polls) {
      // Every listed reference is a request; each search lists at most 10.
      const listed = searches.map((t) => (/based-on=([^&]*)/.exec(t)?.[1] ?? '').split(','));
      for (const refs of listed) {
        expect(refs.length).toBeGreaterThan(0);
        expect(refs.length).toBeLessThanOrEqual(10);
        for (const r of refs) expect(r).toMatch(/^intermediary\/ServiceRequest\/\d+$/);
      }
      // No request is listed twice in one poll; all but the last chunk are full.
      const all = listed.flat();
      expect(new Set(all).size).toBe(all.length);
      expect(searches.length).toBe(Math.ceil(all.length / 10));
      if (minute >= 60) grew ||= searches.length >= 5;
    }
    // About 2 orders a minute arrive and 1 every 20 min finishes: by the hour, 100+ open.
    expect(grew).toBe(true);
    // Completed orders are learned of (the reports are found through their requests).
    expect(world.ledger.all().filter((o) => o.outcomeKnownAt > 0).length).toBeGreaterThan(0);
    expect(world.ledger.all().filter((o) => o.outcome === 'completed' && o.outcomeKnownAt < 0 && o.finishedAt < 85 * MINUTE).length).toBe(0);
  });

  it('chained asks one based-on:ServiceRequest.requester search per poll, whatever the backlog', () => {
    const { world, polls } = placerPolls(backlogWorld({ placerQuery: 'chained' }));
    const [first, ...rest] = [...polls.values()];
    expect(first).toEqual(['GET DiagnosticReport?based-on:ServiceRequest.requester=placer/0']);
    for (const searches of rest) expect(searches).toEqual(['GET DiagnosticReport?based-on:ServiceRequest.requester=placer/0&_lastUpdated=gt[watermark]']);
    expect(polls.size).toBeGreaterThan(60);
    expect(world.ledger.all().filter((o) => o.outcome === 'completed' && o.outcomeKnownAt < 0 && o.finishedAt < 85 * MINUTE).length).toBe(0);
  });

  it('each listed value beyond the first costs the server perValue', () => {
    const r = rig({ latency: c(0), timeout: 10 * SECOND });
    const q = server(r, 'q', { serviceTime: serviceTimes(c(15 * MILLISECOND)), perMatch: 0, perValue: MILLISECOND });
    const answered: number[] = [];
    const refs = Array.from({ length: 40 }, (_, i) => `q/ServiceRequest/${i + 1}`);
    r.network.call('p', q, { kind: 'search', query: { type: 'DiagnosticReport', where: { basedOn: refs } } }, 'placer-server', () => answered.push(r.sim.now));
    r.network.call('p', q, { kind: 'search', query: { type: 'DiagnosticReport', where: { basedOn: refs[0] as string } } }, 'placer-server', () => answered.push(r.sim.now));
    r.sim.run({ until: 10 * SECOND });
    expect(answered.sort((a, b) => a - b)).toEqual([15 * MILLISECOND, 15 * MILLISECOND + 39 * MILLISECOND]);
  });
});

describe('a poller asking one server several chunks shares one watermark', () => {
  it('every report is seen although chunk membership shifts between polls and chunks answer at different commits', () => {
    // 30 requests' reports appear while polls are being served; the poll lists the 30 refs in chunks of 7,
    // rotated by one at every poll (as closing orders shift a real client's chunks). Each chunk
    // is served in turn by one worker while creates commit between them, so their asOf differ.
    const r = rig({ latency: c(5 * MILLISECOND), timeout: 10 * SECOND });
    const q = server(r, 'q', { workers: 1, serviceTime: serviceTimes(c(2 * MILLISECOND)), perMatch: 0 });
    const refs = Array.from({ length: 30 }, (_, i) => `q/ServiceRequest/${i + 1}`);
    const rng = new RandomStreams(7).stream('reports');
    const made = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const basedOn = refs[Math.floor(rng.double() * refs.length)] as string;
      // Within a poll's service window: after its searches reach the server (5 ms), while the
      // five chunks are served one by one (2 ms each).
      const at = Math.floor(rng.double() * 60) * 20 * SECOND + 5 * MILLISECOND + Math.floor(rng.double() * 10 * MILLISECOND);
      r.sim.scheduleAt(at, () => {
        const v = q.store.create({ type: 'DiagnosticReport', basedOn }, r.sim.now, 'filler/0');
        made.set(v.ref, 0);
      }, undefined);
    }
    let rotation = 0;
    const seen = new Map<string, number>();
    const poller = new Poller(r.sim, r.network, new RandomStreams(1).stream('polling'), { interval: 20 * SECOND, jitter: 0, phase: 'aligned' }, new PollStats(), {
      actor: 'placer/0',
      link: 'placer-server',
      watermark: true,
      targets: () => {
        const order = [...refs.slice(rotation), ...refs.slice(0, rotation)];
        rotation = (rotation + 1) % refs.length;
        const out: PollTarget[] = [];
        for (let i = 0; i < order.length; i += 7) out.push({ server: q, query: { type: 'DiagnosticReport', where: { basedOn: order.slice(i, i + 7) } } });
        return out;
      },
      onResults: (resources: readonly FhirResource[]) => {
        for (const v of resources) seen.set(v.ref, (seen.get(v.ref) ?? 0) + 1);
      },
    }).start();
    r.sim.run({ until: 25 * MINUTE });
    poller.stop();
    expect(made.size).toBe(300);
    for (const ref of made.keys()) expect(seen.get(ref) ?? 0).toBeGreaterThanOrEqual(1);
    // The watermark moves: each report is re-read at most by the poll after the one that found it.
    for (const n of seen.values()) expect(n).toBeLessThanOrEqual(2);
    expect(poller.since(q)).toBeGreaterThan(0);
  });
});

describe('a poller asking each of a list of servers one search (the placers\' Task watch)', () => {
  it('asks every listed server at each tick with its own watermark, is handed its key, and sleeps on an empty list until woken', () => {
    const r = rig({ latency: c(5 * MILLISECOND), timeout: 10 * SECOND });
    const a = server(r, 'a', { workers: 1, serviceTime: serviceTimes(c(MILLISECOND)), perMatch: 0 });
    const b = server(r, 'b', { workers: 1, serviceTime: serviceTimes(c(MILLISECOND)), perMatch: 0 });
    let list: FhirServer[] = [a, b];
    const keys: number[] = [];
    const asked: string[] = [];
    r.network.tracer = { request: (attempt, now) => asked.push(`${now / SECOND}s ${attempt.exchange.target.name}`), response: () => {} };
    const search = { type: 'Task' as const, where: { requester: 'placer/3' } };
    const seen: string[] = [];
    const poller = new Poller(r.sim, r.network, new RandomStreams(1).stream('polling'), { interval: 20 * SECOND, jitter: 0, phase: 'aligned' }, new PollStats(), {
      actor: 'placer/3',
      link: 'placer-server',
      watermark: true,
      servers: (key) => {
        keys.push(key);
        return list;
      },
      key: 3,
      search,
      onResults: (resources: readonly FhirResource[]) => {
        for (const v of resources) seen.push(v.ref);
      },
    }).start();
    r.sim.scheduleAt(10 * SECOND, () => {
      a.store.create({ type: 'Task', status: 'requested', intent: 'order', requester: 'placer/3' }, r.sim.now, 'x');
      b.store.create({ type: 'Task', status: 'requested', intent: 'order', requester: 'placer/9' }, r.sim.now, 'x');
    }, undefined);
    r.sim.scheduleAt(30 * SECOND, () => (list = []), undefined);
    r.sim.scheduleAt(50 * SECOND, () => {
      list = [b];
      poller.wake();
    }, undefined);
    r.sim.run({ until: 70 * SECOND });
    poller.stop();
    // Ticks at 0 and 20 s ask both servers, at 40 s the list is empty (asleep), woken at 50 s it
    // resumes on its grid at 60 s with b only.
    expect(asked).toEqual(['0s a', '0s b', '20s a', '20s b', '60s b']);
    expect(keys).toEqual([3, 3, 3, 3]);
    expect(seen).toEqual(['a/Task/1']);
    expect([poller.since(a) > 0, poller.since(b) > 0]).toEqual([true, true]);
    expect(poller.isDormant).toBe(false);
  });
});
