/** Message ids of one world, and the answer each message's receiver gave: what de-duplicates resends. */

import { withRoomFor } from '../../engine/index.js';
import type { AckCode } from './messaging.js';

/** Codes of the answers kept (0: not answered, or answered with a transient error, which is not kept). */
const CODES: readonly (AckCode | undefined)[] = [undefined, 'ok', 'fatal-error'];

/**
 * Hands out the world's message ids (1, 2, 3, ...: a resend reuses its message's id) and
 * keeps, by id, the answer the receiver gave the first time, so a duplicate gets the same
 * answer and its application is not run again. A message goes to one receiver, so one table
 * serves every receiver's de-duplication: a byte a message, where a cache of its own per
 * endpoint keyed by id strings took about 80 bytes a message (pattern H, four messages an
 * order, all kept for the run as a receiver never knows that no resend is still on its way).
 */
export class MessageIds {
  private last = 0;
  private answers = new Uint8Array(1024);

  /** A new message id. */
  next(): number {
    return ++this.last;
  }

  /** The answer given to message `id`, if one was kept. */
  answerOf(id: number): AckCode | undefined {
    return id < this.answers.length ? CODES[this.answers[id] as number] : undefined;
  }

  /** Keeps `code` as the answer to message `id` (a transient error is not kept: the resend is a new chance). */
  answered(id: number, code: AckCode): void {
    if (code === 'transient-error') return;
    if (!(id >= 1 && id <= this.last && Number.isInteger(id))) throw new RangeError(`MessageIds: ${id} is not a message id handed out`);
    this.answers = withRoomFor(this.answers, id);
    this.answers[id] = CODES.indexOf(code);
  }
}
