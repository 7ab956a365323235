/** The pattern registry: every communication pattern by its seed letter, in catalogue order. */

import { directPost } from './a-direct-post.js';
import { polling } from './b-polling.js';
import { subscription } from './c-subscription.js';
import { taskToFiller } from './d-task-to-filler.js';
import { openTask } from './e-open-task.js';
import { taskResponse } from './f-task-response.js';
import { broker } from './g-broker.js';
import { messaging } from './h-messaging.js';
import { serviceInvocation } from './i-service-invocation.js';
import type { Pattern, PatternId } from './pattern.js';

/** Every pattern, keyed by seed letter. The CLI's choices come from these keys. */
export const patterns: Readonly<Record<PatternId, Pattern>> = {
  A: directPost,
  B: polling,
  C: subscription,
  D: taskToFiller,
  E: openTask,
  F: taskResponse,
  G: broker,
  H: messaging,
  I: serviceInvocation,
};

/** Seed letters in catalogue order. */
export const PATTERN_IDS: readonly PatternId[] = Object.keys(patterns) as PatternId[];

/** True if `id` names a pattern. */
export function isPatternId(id: string): id is PatternId {
  return Object.prototype.hasOwnProperty.call(patterns, id);
}

export type { Pattern, PatternId } from './pattern.js';
export { BUSINESS, TASK_CODE } from './shared/task-outcomes.js';
export { CANCEL_AFTER, describeTinyWorld, tinyWorldConfig, tinyWorldWith, traceOneOrder, type OrderTrace, type TinyWorldChoices } from './shared/one-order.js';
