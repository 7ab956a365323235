/** Where the simulated server and Medplum answer differently on purpose or by design, with the reason and the source. */

/** A difference that is understood: each disagreement of its kind is counted apart, not as a failure. */
export interface KnownDifference {
  id: KnownDifferenceId;
  /** What differs, in one line. */
  title: string;
  /** Why, and where it is documented. */
  reason: string;
}

export type KnownDifferenceId = 'conflict-409' | 'task-state-machine' | 'transaction-rollback' | 'consequence';

/** The catalogue. */
export const KNOWN_DIFFERENCES: Readonly<Record<KnownDifferenceId, KnownDifference>> = {
  'conflict-409': {
    id: 'conflict-409',
    title: 'stale If-Match answered 409 here, 412 by Medplum',
    reason: 'server.conflictStatus 409 reproduces HAPI FHIR (ResourceVersionConflictException is HTTP 409); Medplum answers 412 Precondition Failed, as the FHIR spec says.',
  },
  'task-state-machine': {
    id: 'task-state-machine',
    title: 'an illegal Task status written without If-Match is refused (422) here, stored by Medplum',
    reason: 'The simulated server enforces the FHIR Task state machine on writes whose writer never saw the current version (clients.ifMatch: false); Medplum stores any Task status, as many servers do.',
  },
  'transaction-rollback': {
    id: 'transaction-rollback',
    title: "a failed transaction's creates are kept by Medplum's MemoryRepository",
    reason: 'MemoryRepository 4.5.2 does not roll back a transaction Bundle that fails a precondition: its POST entries stay. A transaction is all or nothing (FHIR http.html#trules), as here; the replay deletes what was left so later searches compare like with like.',
  },
  consequence: {
    id: 'consequence',
    title: 'follows from an earlier known difference on the same resource',
    reason: 'After a write one server refused and the other stored, that resource differs between them; reads, updates and searches that touch it differ for that reason alone.',
  },
};
