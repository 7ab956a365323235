/** How the server answers the two races the simulator models: an update over a stale version, and a create it already has. */

import { idOf, type FhirClient } from './client.js';
import type { CreatedResources } from './cleanup.js';
import type { MadeResource } from './interactions.js';
import { identifierCriterion, RESOURCE_TYPE, taggedBasic, type CalibrationTag } from './resources.js';

/** What the server answered. */
export interface ServerBehaviour {
  /** Status of an update whose If-Match names a version that is no longer current (412, or 409 as HAPI does; 200 means it ignored If-Match). */
  staleIfMatch: number;
  /** Statuses of a create with If-None-Exist, first when nothing matched (201), then repeated (200: the existing one). */
  conditionalCreate: [number, number];
}

/**
 * Updates the first round's resource with If-Match on the version it was created with (the
 * rounds updated it since, so that version is stale), and repeats its twin's conditional
 * create. Untimed: these show behaviour, not speed.
 */
export async function probeBehaviour(client: FhirClient, first: MadeResource, tag: CalibrationTag, created: CreatedResources, firstConditionalStatus: number): Promise<ServerBehaviour> {
  const stale = await client.send('PUT', `${RESOURCE_TYPE}/${first.id}`, {
    body: { ...taggedBasic(tag, 'r0', 'a deliberately stale update by fwsim calibrate'), id: first.id },
    headers: { 'if-match': `W/"${first.firstVersion}"` },
  });
  const again = await client.send('POST', RESOURCE_TYPE, {
    body: taggedBasic(tag, first.conditionalValue),
    headers: { 'if-none-exist': identifierCriterion(tag, first.conditionalValue) },
  });
  // A server that ignores If-None-Exist made a duplicate: it must go too.
  const id = again.status === 201 ? idOf(again, RESOURCE_TYPE) : undefined;
  if (id !== undefined) created.add(id);
  return { staleIfMatch: stale.status, conditionalCreate: [firstConditionalStatus, again.status] };
}
