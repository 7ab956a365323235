import { describe, expect, it } from 'vitest';
import { MILLISECOND, SECOND, type Rng } from '../src/engine/index.js';
import { MessageIds, MessagingEndpoint, MessagingStats, type AckCode, type Message, type MessagingConfig, type SendOutcome } from '../src/models/index.js';
import { ScriptedLoss, c, rig, server, type Rig } from './support/world-config.js';

const L = 10 * MILLISECOND;
const OP = 20 * MILLISECOND;

interface MsgRig extends Rig {
  placer: MessagingEndpoint;
  filler: MessagingEndpoint;
  stats: MessagingStats;
  /** Messages the filler application was handed. */
  handled: Message[];
  outcomes: { at: number; outcome: SendOutcome }[];
  send(): void;
}

/**
 * Placer and filler, each with its own server ($process-message costs 20 ms), over a 10 ms
 * link with a 1 s timeout and 3 network retries. `codes` are the filler's answers in turn.
 */
function msgRig(config: Partial<MessagingConfig>, networkRng?: Rng, codes: AckCode[] = ['ok']): MsgRig {
  const r = rig({ latency: c(L), loss: networkRng === undefined ? 0 : 0.5, timeout: SECOND, retries: 3 }, networkRng);
  const svc = { serviceTime: { read: c(0), search: c(0), create: c(0), update: c(0), operation: c(OP), notify: c(0) } };
  const full: MessagingConfig = { mode: 'sync', ackTimeout: 500 * MILLISECOND, retries: 3, ...config };
  const stats = new MessagingStats();
  const handled: Message[] = [];
  const ids = new MessageIds();
  const placer = new MessagingEndpoint('placer/0', server(r, 'placer/0/fhir', svc), r.sim, r.network, 'placer-filler', full, stats, () => 'ok', ids);
  const filler = new MessagingEndpoint('filler/0', server(r, 'filler/0/fhir', svc), r.sim, r.network, 'placer-filler', full, stats, (m) => {
    handled.push(m);
    return codes[Math.min(handled.length, codes.length) - 1] as AckCode;
  }, ids);
  const outcomes: MsgRig['outcomes'] = [];
  const send = (): void => {
    const message: Message = { id: placer.newId(), event: 'order', source: 'placer/0', replyTo: placer, order: 1 };
    placer.send(filler, message, (outcome) => outcomes.push({ at: r.sim.now, outcome }));
  };
  return { ...r, placer, filler, stats, handled, outcomes, send };
}

describe('messaging, sync mode: the ack travels in the HTTP response', () => {
  it('happy path: one message, handled once, acknowledged after one round trip', () => {
    const m = msgRig({ mode: 'sync' });
    m.send();
    m.sim.run();
    expect(m.handled).toHaveLength(1);
    expect(m.outcomes).toEqual([{ at: 2 * L + OP, outcome: { delivered: true, code: 'ok' } }]);
    expect(m.traffic.count('message')).toBe(1);
    expect(m.stats).toMatchObject({ resends: 0, duplicates: 0, abandoned: 0 });
  });

  it('a lost ack leads to a retry that is de-duplicated: the handler runs once', () => {
    // Transmissions: 1 message (arrives), 2 its ack (lost), 3 the network's retry, 4 its ack.
    const m = msgRig({ mode: 'sync' }, new ScriptedLoss([2]));
    m.send();
    m.sim.run();
    expect(m.traffic.lost).toBe(1);
    expect(m.traffic.retries).toBe(1);
    expect(m.handled).toHaveLength(1);
    expect(m.stats.duplicates).toBe(1);
    expect(m.outcomes).toEqual([{ at: SECOND + 2 * L + OP, outcome: { delivered: true, code: 'ok' } }]);
    expect(m.traffic.count('message')).toBe(2);
  });

  it('a transient error is not remembered: the resend is handled again', () => {
    const m = msgRig({ mode: 'sync' }, undefined, ['transient-error', 'ok']);
    m.send();
    m.sim.run();
    expect(m.handled).toHaveLength(2);
    expect(m.handled[0]?.id).toBe(m.handled[1]?.id);
    expect(m.stats).toMatchObject({ resends: 1, duplicates: 0 });
    expect(m.outcomes.map((o) => o.outcome)).toEqual([{ delivered: true, code: 'ok' }]);
  });

  it('a fatal error is final and remembered', () => {
    const m = msgRig({ mode: 'sync' }, undefined, ['fatal-error', 'ok']);
    m.send();
    m.sim.run();
    expect(m.handled).toHaveLength(1);
    expect(m.outcomes.map((o) => o.outcome)).toEqual([{ delivered: true, code: 'fatal-error' }]);
  });

  it('no answer through every network retry: abandoned, reported undelivered once', () => {
    const m = msgRig({ mode: 'sync' }, new ScriptedLoss([], 0));
    m.send();
    m.sim.run();
    expect(m.outcomes).toEqual([{ at: 4 * SECOND, outcome: { delivered: false } }]);
    expect(m.stats.abandoned).toBe(1);
    expect(m.handled).toHaveLength(0);
  });
});

describe('messaging, async mode: 202 now, a response message later', () => {
  it('happy path: the response message settles the send', () => {
    const m = msgRig({ mode: 'async' });
    m.send();
    m.sim.run();
    expect(m.handled).toHaveLength(1);
    // The filler answers when its server starts the message (at L); the response message lands at 2L.
    expect(m.outcomes).toEqual([{ at: 2 * L, outcome: { delivered: true, code: 'ok' } }]);
    expect(m.traffic.count('message')).toBe(2);
    expect(m.stats).toMatchObject({ resends: 0, duplicates: 0, abandoned: 0 });
  });

  it('a lost response message leads to a resend after ackTimeout, answered from the cache', () => {
    // Transmissions: 1 message (arrives at L), 2 the filler's response message (lost), then all arrive.
    const m = msgRig({ mode: 'async', ackTimeout: 500 * MILLISECOND }, new ScriptedLoss([2]));
    m.send();
    m.sim.run();
    expect(m.traffic.lost).toBe(1);
    expect(m.handled).toHaveLength(1);
    expect(m.stats).toMatchObject({ resends: 1, duplicates: 1, abandoned: 0 });
    // Resent at 500 ms, reaches the filler at +L, whose new response message lands at +2L.
    expect(m.outcomes).toEqual([{ at: 500 * MILLISECOND + 2 * L, outcome: { delivered: true, code: 'ok' } }]);
  });

  it('gives up after the last resend and ignores answers that come later', () => {
    // Everything on the wire is lost; ackTimeout 0.5 s, one resend.
    const m = msgRig({ mode: 'async', ackTimeout: 500 * MILLISECOND, retries: 1 }, new ScriptedLoss([], 0));
    m.send();
    m.sim.run();
    expect(m.outcomes).toEqual([{ at: SECOND, outcome: { delivered: false } }]);
    expect(m.stats).toMatchObject({ resends: 1, abandoned: 1 });
  });

  it('a message given up never reaches the receiver afterwards: the HTTP retries of its sends stop with it', () => {
    // Transmissions 1 (the send at 0) and 2 (the resend at 400 ms) are lost; ackTimeout 400 ms,
    // one resend: given up at 800 ms. The first send's HTTP exchange would time out at 1 s and
    // retry, and that copy would arrive at 1 s + L: it is not sent, the filler never hears of it.
    const m = msgRig({ mode: 'async', ackTimeout: 400 * MILLISECOND, retries: 1 }, new ScriptedLoss([1, 2]));
    m.send();
    m.sim.run();
    expect(m.outcomes).toEqual([{ at: 800 * MILLISECOND, outcome: { delivered: false } }]);
    expect(m.handled).toHaveLength(0);
    expect(m.traffic.count('message')).toBe(2);
    expect(m.stats).toMatchObject({ resends: 1, abandoned: 1 });
  });

  it('message ids are unique in the world, whichever endpoint asks', () => {
    const m = msgRig({});
    const ids = new Set([m.placer.newId(), m.placer.newId(), m.filler.newId()]);
    expect(ids.size).toBe(3);
  });

  it('the answers kept by id: ok and fatal-error, not a transient error, and only for ids handed out', () => {
    const ids = new MessageIds();
    const all = Array.from({ length: 3000 }, () => ids.next());
    ids.answered(all[0] as number, 'ok');
    ids.answered(all[1] as number, 'transient-error');
    ids.answered(all[2999] as number, 'fatal-error');
    expect([all[0], all[1], all[2], all[2999]].map((id) => ids.answerOf(id as number))).toEqual(['ok', undefined, undefined, 'fatal-error']);
    expect(ids.answerOf(5000)).toBeUndefined();
    expect(() => ids.answered(3001, 'ok')).toThrow(RangeError);
    expect(() => ids.answered(0, 'ok')).toThrow(RangeError);
  });
});
