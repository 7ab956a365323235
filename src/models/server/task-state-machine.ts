/** The FHIR Task state machine: the only legal status transitions, enforced on every Task write. */

/** Task.status values (FHIR R4/R5). */
export type TaskStatus =
  | 'draft'
  | 'requested'
  | 'received'
  | 'accepted'
  | 'rejected'
  | 'ready'
  | 'cancelled'
  | 'in-progress'
  | 'on-hold'
  | 'failed'
  | 'completed'
  | 'entered-in-error';

/** Every Task status, in the order of the FHIR value set. */
export const TASK_STATUSES: readonly TaskStatus[] = [
  'draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled',
  'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error',
];

/** Statuses a Task never leaves (but for `entered-in-error`, a data-quality correction). */
export const TERMINAL: ReadonlySet<string> = new Set(['rejected', 'cancelled', 'failed', 'completed', 'entered-in-error']);

const NON_TERMINAL: readonly TaskStatus[] = TASK_STATUSES.filter((s) => !TERMINAL.has(s));

/**
 * Legal transitions (DESIGN.md section 3): requested -> received | accepted | rejected;
 * received -> accepted | rejected; accepted | ready -> in-progress; in-progress <-> on-hold;
 * in-progress -> completed | failed; any non-terminal -> cancelled; draft -> requested;
 * accepted -> ready. Anything may be marked entered-in-error.
 */
const LEGAL: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const m = new Map<string, Set<string>>();
  const allow = (from: string, ...to: string[]): void => {
    const set = m.get(from) ?? new Set<string>();
    for (const t of to) set.add(t);
    m.set(from, set);
  };
  allow('draft', 'requested');
  allow('requested', 'received', 'accepted', 'rejected');
  allow('received', 'accepted', 'rejected');
  allow('accepted', 'ready', 'in-progress');
  allow('ready', 'in-progress');
  allow('in-progress', 'on-hold', 'completed', 'failed');
  allow('on-hold', 'in-progress');
  for (const s of NON_TERMINAL) allow(s, 'cancelled');
  for (const s of TASK_STATUSES) if (s !== 'entered-in-error') allow(s, 'entered-in-error');
  return m;
})();

/** True if a Task may go from `from` to `to` (staying in the same status is always allowed). */
export function isLegalTransition(from: string, to: string): boolean {
  return from === to || (LEGAL.get(from)?.has(to) ?? false);
}

/** True for a status a Task never leaves. */
export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

/** Raised when a Task write would make an illegal transition: always a model bug, so the run fails. */
export class IllegalTransitionError extends Error {
  constructor(readonly taskId: string, readonly from: string, readonly to: string, readonly actor: string) {
    super(`illegal Task transition: ${taskId} ${from} -> ${to} attempted by ${actor}`);
    this.name = 'IllegalTransitionError';
  }
}

/** Throws {@link IllegalTransitionError} unless the transition is legal. */
export function assertTransition(taskId: string, from: string, to: string, actor: string): void {
  if (!isLegalTransition(from, to)) throw new IllegalTransitionError(taskId, from, to, actor);
}

/** A valid initial status for a new Task (a Task can be created in any non-terminal status, or rejected). */
export function isValidInitialTaskStatus(status: string): boolean {
  return (TASK_STATUSES as readonly string[]).includes(status) && (!TERMINAL.has(status) || status === 'rejected');
}
