/** A log of what every FHIR server of a run was asked and answered, in the order it executed them (for replay against a real server). */

import type { FhirRequest, FhirResponse } from '../network/interaction.js';

/**
 * One request a server executed: where and when, who sent it, what it asked and what it
 * answered. Requests, responses and the resource versions in them are never changed once
 * made, so the log keeps them as they are, without copying.
 */
export interface LoggedInteraction {
  /** Position in the log: the order of execution across every server. */
  seq: number;
  /** Simulated time of execution, microseconds. */
  at: number;
  /** The server's name (the first part of its references). */
  server: string;
  /** The sending actor. */
  actor: string;
  request: FhirRequest;
  response: FhirResponse;
  /** An earlier attempt of the same exchange had already been executed (its answer was lost). */
  repeated: boolean;
}

/**
 * Records every request executed by the servers of one world (see `World` option `log`).
 * A server with no log pays one comparison per request. Requests dropped unexecuted (the
 * client had given up, the server was down) are not in it, nor 429 answers: the store never
 * saw them.
 */
export class InteractionLog {
  readonly entries: LoggedInteraction[] = [];

  /** Appends one executed request. */
  record(at: number, server: string, actor: string, request: FhirRequest, response: FhirResponse, repeated: boolean): void {
    this.entries.push({ seq: this.entries.length, at, server, actor, request, response, repeated });
  }
}
