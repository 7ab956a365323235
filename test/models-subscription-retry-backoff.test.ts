import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/engine/index.js';
import { OutageSchedule, retryWait } from '../src/models/index.js';
import { L, NOTIFY, TOPIC, allIds, createAt, subRig, type SubRig } from './support/subscription-rig.js';

// Delivery retries wait (a constant or growing backoff) and may stop at a time limit: the
// mechanics of HAPI FHIR's and Medplum's delivery, simulated attempt by attempt. Each failed
// attempt costs NOTIFY of dispatch work and 2L on the wire (the endpoint answers 503 at once).
const CYCLE = NOTIFY + 2 * L;

/** Subscribed at 0; filler/0's endpoint refuses everything for `down` from 0.5 s (after the handshake); one ServiceRequest at 1 s. */
function downFor(down: number, config: Parameters<typeof subRig>[0]): { s: SubRig; made: ReturnType<typeof createAt> } {
  const s = subRig(config);
  s.endpoint.outages = new OutageSchedule([{ kind: 'endpoint', target: 'filler/0', at: SECOND / 2, for: down }]);
  s.endpoint.subscribe(s.q, TOPIC);
  const made = createAt(s, [1]);
  return { s, made };
}

describe('subscriptions: retry backoff and a time limit on delivery', () => {
  it('retryWait: retryDelay x backoff^(n-1), capped, whole microseconds; no delay means at once', () => {
    expect([1, 2, 3, 8].map((n) => retryWait({ retryDelay: SECOND, retryBackoff: 2 }, n))).toEqual([SECOND, 2 * SECOND, 4 * SECOND, 128 * SECOND]);
    expect([1, 2, 3].map((n) => retryWait({ retryDelay: SECOND, retryBackoff: 1.1 }, n))).toEqual([1_000_000, 1_100_000, 1_210_000]);
    expect(retryWait({ retryDelay: SECOND, retryBackoff: 1.1, retryDelayMax: 30 * SECOND }, 60)).toBe(30 * SECOND);
    expect(retryWait({ retryDelay: 5 * SECOND }, 7)).toBe(5 * SECOND);
    expect(retryWait({}, 3)).toBe(0);
    // Far past any horizon, yet schedulable.
    expect(retryWait({ retryDelay: SECOND, retryBackoff: 2 }, 2000)).toBe(365 * 24 * 3600 * SECOND);
  });

  it('doubling waits from 1 s (Medplum): an endpoint down for 2 min gets the event at the 8th attempt', () => {
    const { s, made } = downFor(2 * MINUTE, { retries: 17, retryDelay: SECOND, retryBackoff: 2 });
    s.sim.run();
    // Attempt k is sent at 1 s + NOTIFY + (k-1) cycles + 1+2+...+2^(k-2) s: the 8th after 127 s of waits, past the 120 s outage.
    expect(s.seen).toEqual([{ at: SECOND + NOTIFY + 7 * CYCLE + 127 * SECOND + L, ids: [made[0]?.id] }]);
    expect(s.stats).toMatchObject({ sent: 1, failedAttempts: 7, lost: 0, received: 1 });
    expect(s.traffic.count('notification')).toBe(8);
  });

  it('waits growing by 1.1 from 1 s within a minute (HAPI FHIR): the same outage loses the event; the next one reveals the gap', () => {
    const { s, made } = downFor(2 * MINUTE, { retries: 100, retryDelay: SECOND, retryBackoff: 1.1, retryDelayMax: 30 * SECOND, giveUpAfter: MINUTE });
    const later = createAt(s, [150]);
    s.sim.run();
    // 22 attempts: the 22nd fails 65.5 s after the first began, beyond the minute, so no 23rd.
    expect(s.stats).toMatchObject({ sent: 2, failedAttempts: 22, lost: 1, received: 1, recovered: 1 });
    expect(s.traffic.count('notification')).toBe(23);
    expect(allIds(s)).toEqual(new Set([made[0]?.id, later[0]?.id]));
  });

  it('without a wait a retry is queued at once, as before backoff existed', () => {
    const { s } = downFor(2 * MINUTE, { retries: 3 });
    s.sim.run();
    expect(s.stats).toMatchObject({ sent: 1, failedAttempts: 4, lost: 1 });
    // Four attempts back to back: the event is lost 4 cycles after it was matched.
    expect(s.sim.now).toBe(SECOND + 4 * CYCLE);
  });

  it('batch delivery "each": a batch sends every matched change by itself, in order', () => {
    const s = subRig({ batchInterval: 10 * SECOND, batchDelivery: 'each' });
    s.endpoint.subscribe(s.q, TOPIC);
    const made = createAt(s, [1, 2, 3, 12]);
    s.sim.run();
    const at = 10 * SECOND + NOTIFY + L;
    expect(s.seen).toEqual([
      { at, ids: [made[0]?.id] },
      { at, ids: [made[1]?.id] },
      { at, ids: [made[2]?.id] },
      { at: 20 * SECOND + NOTIFY + L, ids: [made[3]?.id] },
    ]);
    expect(s.traffic.count('notification')).toBe(4);
    expect(s.stats).toMatchObject({ sent: 4, recovered: 0 });
  });
});
