/** FHIR messaging: `$process-message` endpoints with acknowledgements, retries by message id and de-duplication. */

import type { Simulation, TimerLane } from '../../engine/index.js';
import type { FhirServer } from '../server/fhir-server.js';
import { ok, statusOnly, type FhirResponse } from '../network/interaction.js';
import type { Exchange, Network } from '../network/network.js';
import type { LinkClass } from '../network/traffic.js';
import type { MessageIds } from './message-ids.js';

/** Messaging settings; durations in microseconds. */
export interface MessagingConfig {
  /** `sync`: the response message comes back in the HTTP response; `async`: 202 now, a response message later. */
  mode: 'sync' | 'async';
  /** How long an async sender waits for the response message before resending (same id). */
  ackTimeout: number;
  /** Resends after the first send before giving up. */
  retries: number;
}

/** MessageHeader.response.code. */
export type AckCode = 'ok' | 'transient-error' | 'fatal-error';

/** A message Bundle as the simulator needs it. */
export interface Message {
  /** Bundle id (from the world's {@link MessageIds}); resends reuse it, which is what lets the receiver de-duplicate. */
  id: number;
  /** MessageHeader.event, e.g. `order`, `order-status`, `order-result`. */
  event: string;
  /** Sending actor. */
  source: string;
  /** Endpoint to send an asynchronous response to. */
  replyTo: MessagingEndpoint;
  /** Id of the message this one responds to (response messages only). */
  responseTo?: number;
  /** Response code (response messages only). */
  code?: AckCode;
  /** Simulated order, if any. */
  order: number;
  payload?: unknown;
}

/** The receiving application: decides the acknowledgement code of a new (not duplicate) message. */
export type MessageHandler = (message: Message) => AckCode;

/** Messaging counters (read by metrics). */
export class MessagingStats {
  /** Messages resent because no acknowledgement came in time. */
  resends = 0;
  /** Received duplicates answered from the de-duplication cache. */
  duplicates = 0;
  /** Messages given up after the last resend. */
  abandoned = 0;

  reset(): void {
    this.resends = 0;
    this.duplicates = 0;
    this.abandoned = 0;
  }
}

/** The outcome of a send, reported to the sender. */
export type SendOutcome = { delivered: true; code: AckCode } | { delivered: false };

// Outcomes carry no per-message data: one frozen object each, shared by every send.
const DELIVERED: Readonly<Record<AckCode, SendOutcome>> = {
  ok: Object.freeze({ delivered: true, code: 'ok' }),
  'transient-error': Object.freeze({ delivered: true, code: 'transient-error' }),
  'fatal-error': Object.freeze({ delivered: true, code: 'fatal-error' }),
};
const NOT_DELIVERED: SendOutcome = Object.freeze({ delivered: false });
const ACCEPTED = statusOnly(202);

/** `<event>-response` for each event name seen (a handful per run): the name is not rebuilt per reply. */
const responseEvents = new Map<string, string>();
function responseEventOf(event: string): string {
  let name = responseEvents.get(event);
  if (name === undefined) {
    name = `${event}-response`;
    responseEvents.set(event, name);
  }
  return name;
}

interface Outgoing {
  from: MessagingEndpoint;
  message: Message;
  target: MessagingEndpoint;
  attempts: number;
  timer: number;
  done: (outcome: SendOutcome) => void;
  /** Async: the HTTP exchange of each transmission (one may still be retrying when the next is sent). */
  exchanges: Exchange[] | null;
}

/**
 * One party's `$process-message` endpoint, on its own FHIR server (so message processing
 * queues with everything else the server does), and its sending side. Receiving: a new
 * message id is handed to the application once; a duplicate gets the original answer again
 * (kept by id in the world's {@link MessageIds}).
 * In sync mode the answer travels in the HTTP response; in async mode the HTTP response is
 * 202 and the answer is a separate response message to the sender's endpoint. Sending:
 * without an answer within the network timeout (sync) or `ackTimeout` (async) the same
 * message (same id) is sent again, up to `retries` times.
 */
export class MessagingEndpoint {
  /** Async sends waiting for their response message, by message id. */
  private readonly outgoing = new Map<number, Outgoing>();
  /** Where async sends wait for their response message (one lane per delay, shared by every endpoint). */
  private readonly ackTimeouts: TimerLane;

  constructor(
    /** Owning actor. */
    readonly actor: string,
    readonly server: FhirServer,
    sim: Simulation,
    private readonly network: Network,
    private readonly link: LinkClass,
    readonly config: MessagingConfig,
    private readonly stats: MessagingStats,
    private readonly handler: MessageHandler,
    /** The world's message ids and answers (shared by every endpoint that may exchange messages with this one). */
    private readonly ids: MessageIds,
  ) {
    server.handle('$process-message', (body) => this.receive(body as Message));
    this.ackTimeouts = sim.timerLane(config.ackTimeout);
  }

  /** A fresh message id, unique in the world. */
  newId(): number {
    return this.ids.next();
  }

  /** Sends `message` (a new id, sent to no other target) to `target` and reports the outcome once acknowledged or abandoned. */
  send(target: MessagingEndpoint, message: Message, done: (outcome: SendOutcome) => void): void {
    const out: Outgoing = { from: this, message, target, attempts: 0, timer: -1, done, exchanges: null };
    if (this.config.mode === 'async') this.outgoing.set(message.id, out);
    this.transmit(out);
  }

  private transmit(out: Outgoing): void {
    out.attempts++;
    if (out.attempts > 1) this.stats.resends++;
    const sync = this.config.mode === 'sync';
    // Async: the 202 only says it arrived; the response message settles it, and resends are
    // driven by the ackTimeout timer alone, so one lost exchange does not cost two resends.
    const ex = this.network.call(this.actor, out.target.server, { kind: 'message', name: '$process-message', body: out.message }, this.link, sync ? MessagingEndpoint.answered : null, out);
    if (!sync) {
      (out.exchanges ??= []).push(ex);
      if (out.timer >= 0) this.ackTimeouts.cancel(out.timer);
      out.timer = this.ackTimeouts.schedule(MessagingEndpoint.ackTimedOut, out);
    }
  }

  /** Sync mode: the HTTP response carries the acknowledgement. */
  private static answered(this: void, response: FhirResponse, out: Outgoing): void {
    // The network has already resent on timeouts (same id); no answer at all means give up.
    const code = ok(response) ? (response.body as { code: AckCode } | undefined)?.code : undefined;
    if (code === undefined) out.from.abandon(out);
    else if (code === 'transient-error') out.from.retryOrAbandon(out);
    else out.done(DELIVERED[code]);
  }

  private settled(out: Outgoing): boolean {
    return !this.outgoing.has(out.message.id);
  }

  private static ackTimedOut(this: void, out: Outgoing): void {
    out.timer = -1;
    if (out.from.settled(out)) return;
    out.from.retryOrAbandon(out);
  }

  private retryOrAbandon(out: Outgoing): void {
    if (out.attempts <= this.config.retries) {
      this.transmit(out);
      return;
    }
    this.abandon(out);
  }

  /**
   * Gives the message up. An async transmission's HTTP exchange may still be retrying: it is
   * abandoned too, so a copy still on its way is dropped by the receiver's server, and a
   * message reported undelivered never reaches the receiver's application afterwards.
   */
  private abandon(out: Outgoing): void {
    this.stats.abandoned++;
    this.outgoing.delete(out.message.id);
    if (out.timer >= 0) this.ackTimeouts.cancel(out.timer);
    if (out.exchanges !== null) for (const ex of out.exchanges) ex.abandon();
    out.done(NOT_DELIVERED);
  }

  private receive(message: Message): FhirResponse {
    if (message.responseTo !== undefined) {
      // An asynchronous response to something this endpoint sent.
      const out = this.outgoing.get(message.responseTo);
      if (out !== undefined) {
        if (message.code === 'transient-error') {
          this.retryOrAbandon(out);
        } else {
          this.outgoing.delete(message.responseTo);
          if (out.timer >= 0) this.ackTimeouts.cancel(out.timer);
          out.done(DELIVERED[message.code ?? 'ok']);
        }
      }
      return ACCEPTED;
    }
    let code = this.ids.answerOf(message.id);
    if (code !== undefined) {
      this.stats.duplicates++;
    } else {
      code = this.handler(message);
      // A transient error is not remembered: the resend is a new chance to process it.
      this.ids.answered(message.id, code);
    }
    if (this.config.mode === 'sync') return { status: 200, body: { code } };
    const reply: Message = { id: this.newId(), event: responseEventOf(message.event), source: this.actor, replyTo: this, responseTo: message.id, code, order: message.order };
    // The response message is itself a message: it is sent (and retried) like any other.
    this.network.call(this.actor, message.replyTo.server, { kind: 'message', name: '$process-message', body: reply }, this.link);
    return ACCEPTED;
  }
}
