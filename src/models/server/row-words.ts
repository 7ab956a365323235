/** The words a store's rows code as 16-bit numbers (status, intent, businessStatus, code), and which statuses finish a row. */

import { isTerminal } from './task-state-machine.js';

/**
 * Status, intent, businessStatus and code come from small vocabularies: a row keeps a 16-bit
 * code for each (0: absent). Codes are shared by every store in the thread and never
 * iterated, so the order words are first met in cannot change a result.
 */
const words: (string | null)[] = [null];
/** The word of each code (code 0: absent). */
export const WORDS: readonly (string | null)[] = words;
const CODES = new Map<string, number>();

/** The code of a word (0 for none), given on first use. */
export function codeOf(word: string | null | undefined): number {
  if (word === null || word === undefined) return 0;
  let c = CODES.get(word);
  if (c === undefined) {
    c = words.length;
    if (c > 0xffff) throw new RangeError(`more than 65,535 distinct status, intent, businessStatus and code values (at '${word}')`);
    words.push(word);
    CODES.set(word, c);
  }
  return c;
}

/**
 * Statuses after which a resource is not expected to change again, so its row is not kept as
 * an object: a Task's terminal ones, and those a request (revoked) or a report (final,
 * amended, corrected) ends in.
 */
export function finished(status: string): boolean {
  return isTerminal(status) || status === 'revoked' || status === 'final' || status === 'amended' || status === 'corrected';
}
