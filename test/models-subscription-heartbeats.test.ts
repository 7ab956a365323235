import { describe, expect, it } from 'vitest';
import { SECOND } from '../src/engine/index.js';
import { SubscriberEndpoint, type NotificationBody } from '../src/models/index.js';
import { createAt, NOTIFY, subRig, TOPIC, type SubRig } from './support/subscription-rig.js';
import { ScriptedLoss } from './support/world-config.js';

const H = 10 * SECOND;
/** Subscribed at 0, the request arrives at 10 ms and the server applies it as its work starts: the handshake is handed to dispatch then. */
const ACTIVATED = 10_000;

/** Every heartbeat put on the wire: which endpoint, when, and the eventsSinceSubscriptionStart it carries. */
function traceHeartbeats(s: SubRig): [string, number, number][] {
  const out: [string, number, number][] = [];
  s.network.tracer = {
    request(attempt, now) {
      const req = attempt.exchange.request;
      if (req.kind === 'heartbeat') out.push([attempt.exchange.target.name, now, (req.body as NotificationBody).eventsSinceSubscriptionStart]);
    },
    response() {},
  };
  return out;
}

describe('subscriptions: a heartbeat is sent only after the heartbeat period without any notification', () => {
  it('a busy subscription sends none; an idle one sends them at last sent + k x period', () => {
    const s = subRig({ heartbeat: H });
    const heartbeats = traceHeartbeats(s);
    const idle = new SubscriberEndpoint('filler/1/notifications', 'filler/1', s.network, 'filler-server', s.stats, () => {});
    s.endpoint.subscribe(s.q, TOPIC);
    idle.subscribe(s.q, { ...TOPIC, where: { performer: 'filler/1' } });
    // filler/0 hears of an order every 4 s, more often than the period; filler/1 of one, at 25 s.
    createAt(s, Array.from({ length: 15 }, (_, i) => 2 + 4 * i));
    createAt(s, [25], 'filler/1');
    s.sim.run({ until: 60 * SECOND });
    expect(s.stats.sent).toBe(16);
    // Dispatch work (2 ms) comes after the decision, so sends are exactly one period apart.
    expect(heartbeats).toEqual([
      ['filler/1/notifications', ACTIVATED + H + NOTIFY, 0],
      ['filler/1/notifications', ACTIVATED + 2 * H + NOTIFY, 0],
      ['filler/1/notifications', 25 * SECOND + H + NOTIFY, 1],
      ['filler/1/notifications', 25 * SECOND + 2 * H + NOTIFY, 1],
      ['filler/1/notifications', 25 * SECOND + 3 * H + NOTIFY, 1],
    ]);
  });

  it('a retried delivery counts as traffic: the heartbeat waits a period after the last attempt', () => {
    // Hub draws: 1 handshake, 2 event 1 (fails), 3 its retry, then heartbeats.
    const s = subRig({ heartbeat: H, loss: 0.5, retries: 1 }, { hubRng: new ScriptedLoss([2]) });
    const heartbeats = traceHeartbeats(s);
    s.endpoint.subscribe(s.q, TOPIC);
    createAt(s, [5]);
    s.sim.run({ until: 30 * SECOND });
    // Event 1 sent at 5.002 s, refused (503) back at 5.022 s, handed to dispatch again then.
    const retry = 5 * SECOND + NOTIFY + 2 * 10_000;
    expect(s.stats).toMatchObject({ sent: 1, failedAttempts: 1, lost: 0, received: 1, recovered: 0 });
    expect(heartbeats.map((h) => h[1])).toEqual([retry + H + NOTIFY, retry + 2 * H + NOTIFY]);
  });
});
