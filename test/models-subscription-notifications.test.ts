import { describe, expect, it } from 'vitest';
import { SECOND } from '../src/engine/index.js';
import type { FhirResource, PayloadContent } from '../src/models/index.js';
import { allIds, createAt, L, NOTIFY, subRig, TOPIC, type SubRig } from './support/subscription-rig.js';
import { ScriptedLoss } from './support/world-config.js';

describe('subscriptions: lost notifications are detected and recovered', () => {
  it.each([
    { payload: 'full-resource' as const, retries: 0, lose: [2] },
    { payload: 'id-only' as const, retries: 0, lose: [2] },
    { payload: 'empty' as const, retries: 0, lose: [2] },
    { payload: 'full-resource' as const, retries: 2, lose: [2, 3, 4] },
  ])('$payload, $retries retries: the next event number reveals the gap and a search recovers it', ({ payload, retries, lose }) => {
    // Hub delivery draws: 1 handshake, then event 1's attempts (all fail), then event 2 (succeeds).
    const s = subRig({ payload, retries, loss: 0.5 }, { hubRng: new ScriptedLoss(lose) });
    s.endpoint.subscribe(s.q, TOPIC);
    const made = createAt(s, [1, 2]);
    s.sim.run();
    const [r1, r2] = made;
    expect(s.stats).toMatchObject({ sent: 2, lost: 1, failedAttempts: retries + 1, recovered: 1, late: 0, received: 1 });
    expect(s.traffic.count('notification')).toBe(2 + retries);
    expect(s.traffic.count('search')).toBe(1);
    expect(allIds(s)).toEqual(new Set([r1?.id, r2?.id]));
    // The missed resource came from the recovery search, after event 2 arrived.
    const firstR1 = s.seen.find((x) => x.ids.includes(r1?.id as string));
    expect(firstR1?.at).toBeGreaterThan(2 * SECOND);
    // Event 2 got through at its first attempt; then the payload costs nothing, a read (4 ms) or a search (15 ms).
    const fetch = { 'full-resource': 0, 'id-only': 2 * L + 4000, empty: 2 * L + 15000 }[payload];
    expect(s.seen.find((x) => x.ids.includes(r2?.id as string))?.at).toBe(2 * SECOND + NOTIFY + L + fetch);
  });

  it('a heartbeat reveals a lost last notification', () => {
    const s = subRig({ retries: 0, loss: 0.5, heartbeat: 30 * SECOND }, { hubRng: new ScriptedLoss([2]) });
    s.endpoint.subscribe(s.q, TOPIC);
    const made = createAt(s, [1]);
    s.sim.run({ until: 45 * SECOND });
    const [r1] = made;
    expect(s.stats).toMatchObject({ sent: 1, lost: 1, recovered: 1 });
    expect(s.seen.map((x) => x.ids)).toEqual([[r1?.id]]);
    expect(s.seen[0]?.at).toBeGreaterThan(30 * SECOND);
  });

  // Regression: events are numbered when dispatched, so a heartbeat never announces an
  // event that is still waiting for its match delay (which the subscriber would take as lost).
  it('a heartbeat does not report an event still waiting for its match delay as lost', () => {
    const s = subRig({ matchDelay: 5 * SECOND, heartbeat: SECOND });
    s.endpoint.subscribe(s.q, TOPIC);
    const made = createAt(s, [1.5]);
    s.sim.run({ until: 10 * SECOND });
    expect(s.stats.recovered).toBe(0);
    expect(s.traffic.count('search')).toBe(0);
    expect(s.seen).toEqual([{ at: 6.5 * SECOND + NOTIFY + L, ids: [made[0]?.id] }]);
  });

  it('a notification delivered twice (its acknowledgement lost) is processed once', () => {
    // Network transmissions: 1 subscribe, 2 handshake, 3 subscribe response, 4 handshake ack,
    // 5 notification, 6 its ack (lost), 7 the network's retry, 8 its ack.
    const s = subRig({}, { loss: 0.5, networkRng: new ScriptedLoss([6]) });
    s.endpoint.subscribe(s.q, TOPIC);
    const made = createAt(s, [1]);
    s.sim.run();
    const [r1] = made;
    expect(s.traffic.lost).toBe(1);
    expect(s.traffic.retries).toBe(1);
    expect(s.seen).toEqual([{ at: SECOND + NOTIFY + L, ids: [r1?.id] }]);
    expect(s.stats).toMatchObject({ sent: 1, lost: 0, recovered: 0 });
  });
});

describe('subscriptions: what each payload costs', () => {
  const run = (payload: PayloadContent): SubRig => {
    const s = subRig({ payload });
    s.endpoint.subscribe(s.q, TOPIC);
    createAt(s, [1, 2, 3, 4, 5]);
    createAt(s, [6], 'filler/1');
    s.sim.run();
    return s;
  };

  it('id-only costs exactly one read more than full-resource per notified event', () => {
    const full = run('full-resource');
    const idOnly = run('id-only');
    expect(full.traffic.count('notification')).toBe(5);
    expect(idOnly.traffic.count('notification')).toBe(5);
    expect(full.traffic.count('read')).toBe(0);
    expect(idOnly.traffic.count('read') - full.traffic.count('read')).toBe(5);
    expect(idOnly.traffic.total - full.traffic.total).toBe(5);
    expect(allIds(idOnly)).toEqual(allIds(full));
    expect(allIds(full).size).toBe(5);
  });

  it('empty payload costs one search per notification instead', () => {
    const empty = run('empty');
    expect(empty.traffic.count('read')).toBe(0);
    expect(empty.traffic.count('search')).toBe(5);
    expect(allIds(empty).size).toBe(5);
  });
});

describe('subscriptions: handshake, heartbeats, batching and match delay', () => {
  it('sends one handshake per subscription and heartbeats on schedule', () => {
    const s = subRig({ heartbeat: 10 * SECOND });
    for (let i = 0; i < 3; i++) s.endpoint.subscribe(s.q, TOPIC);
    s.sim.run({ until: 65 * SECOND });
    expect(s.traffic.count('handshake')).toBe(3);
    // Activated at 10 ms and idle: heartbeats 10, 20, ..., 60 s later for each of the three.
    expect(s.traffic.count('heartbeat')).toBe(18);
    expect(s.stats.sent).toBe(0);
    expect(s.q.subscriptions?.subscriptions).toHaveLength(3);
  });

  it('a subscription request to a server without subscription support is refused (422)', () => {
    const s = subRig();
    s.q.subscriptions = null;
    const ex = s.endpoint.subscribe(s.q, TOPIC);
    s.sim.run();
    expect(ex.response.status).toBe(422);
    expect(s.traffic.count('handshake')).toBe(0);
  });

  it('batch mode sends one notification carrying every event of the batch', () => {
    const s = subRig({ batchInterval: 10 * SECOND });
    s.endpoint.subscribe(s.q, TOPIC);
    const made = createAt(s, [1, 2, 3, 12]);
    s.sim.run();
    expect(s.seen).toEqual([
      { at: 10 * SECOND + NOTIFY + L, ids: made.slice(0, 3).map((r) => r.id) },
      { at: 20 * SECOND + NOTIFY + L, ids: [made[3]?.id] },
    ]);
    expect(s.traffic.count('notification')).toBe(2);
    expect(s.stats.sent).toBe(2);
  });

  it.each([0, 5 * SECOND])('matchDelay %i us delays each notification by exactly that', (matchDelay) => {
    const s = subRig({ matchDelay });
    s.endpoint.subscribe(s.q, TOPIC);
    createAt(s, [1, 3]);
    s.sim.run();
    expect(s.seen.map((x) => x.at)).toEqual([1, 3].map((t) => t * SECOND + matchDelay + NOTIFY + L));
  });

  it('trigger create ignores updates; trigger any notifies an update that moves a resource into the criteria', () => {
    for (const trigger of ['create', 'any'] as const) {
      const s = subRig();
      s.endpoint.subscribe(s.q, { ...TOPIC, trigger });
      const made = createAt(s, [1], 'filler/1');
      s.sim.scheduleAt(2 * SECOND, () => s.q.store.update('ServiceRequest', (made[0] as FhirResource).id, made[0] as FhirResource, { performer: 'filler/0' }, { ifMatch: true, actor: 'broker', now: s.sim.now }));
      s.sim.run();
      expect(s.stats.sent).toBe(trigger === 'any' ? 1 : 0);
    }
  });
});
