/** What a store's operations answer (an update's or conditional create's status) and count (creates, conflicts, lost updates, claims). */

import type { FhirResource } from './resource.js';

/** Result of an update. */
export interface UpdateResult {
  status: 200 | 404 | 409 | 412 | 422;
  /** The new version on 200. */
  resource: FhirResource | undefined;
  /** An update without If-Match overwrote versions the writer never saw. */
  lostUpdate: boolean;
}

/** Result of a conditional create (`If-None-Exist`). */
export interface ConditionalCreateResult {
  status: 200 | 201 | 412;
  resource: FhirResource | undefined;
}

/** Counters of what happened in a store (read by the metrics layer, never by patterns). */
export class StoreStats {
  creates = 0;
  reads = 0;
  updates = 0;
  searches = 0;
  /** 412/409 answers to If-Match updates whose version was stale. */
  conflicts = 0;
  /** Updates without If-Match that overwrote a version the writer never saw. */
  lostUpdates = 0;
  /** Task updates without If-Match refused (422) as illegal from the current status the writer never saw. */
  refused = 0;
  /** Task updates that set an owner on a Task the writer saw unowned, successful or not. */
  claimAttempts = 0;

  /** Zeroes every counter (warm-up). */
  reset(): void {
    this.creates = 0;
    this.reads = 0;
    this.updates = 0;
    this.searches = 0;
    this.conflicts = 0;
    this.lostUpdates = 0;
    this.refused = 0;
    this.claimAttempts = 0;
  }
}

/** Raised when a Task would change owner: a Task has at most one owner in its life. */
export class OwnerChangeError extends Error {
  constructor(readonly taskId: string, readonly from: string, readonly to: string | null, readonly actor: string) {
    super(`Task ${taskId} already owned by ${from}: ${actor} tried to set owner ${to ?? '(none)'}`);
    this.name = 'OwnerChangeError';
  }
}
