/** Timed rounds of the interactions the simulator models: create, conditional create, read, search and If-Match update. */

import { CalibrationError, idOf, versionOf, type FhirClient } from './client.js';
import type { CreatedResources } from './cleanup.js';
import { identifierCriterion, RESOURCE_TYPE, tagSearch, taggedBasic, type CalibrationTag } from './resources.js';

/** Latencies (milliseconds) of each measured interaction kind. */
export interface InteractionSamples {
  create: number[];
  /** Creates with If-None-Exist on an identifier nobody has yet (201): how the simulator's clients create orders. */
  conditionalCreate: number[];
  read: number[];
  search: number[];
  update: number[];
}

/** A resource the rounds made, with the version it was created at (the behaviour checks update it with that, stale, version). */
export interface MadeResource {
  id: string;
  /** The version it was created with. */
  firstVersion: string;
  /** Its version now. */
  version: string;
  /** The identifier value its conditional twin was created with. */
  conditionalValue: string;
}

/**
 * Runs one untimed warm-up round, then `samples` timed rounds. Each round creates a resource
 * (POST), creates another with If-None-Exist on a fresh identifier, reads the first, searches
 * the run's resources by tag (`_count=10`, so a search costs the same page however many
 * rounds went before), and updates the first with If-Match on its current version. Running
 * the kinds round by round, rather than kind after kind, spreads any drift of the server (a
 * cache warming, a neighbour's load) over all kinds alike.
 */
export async function measureInteractions(
  client: FhirClient,
  samples: number,
  tag: CalibrationTag,
  created: CreatedResources,
  progress: (done: number, total: number) => void,
): Promise<{ samples: InteractionSamples; made: MadeResource[] }> {
  const out: InteractionSamples = { create: [], conditionalCreate: [], read: [], search: [], update: [] };
  const made: MadeResource[] = [];
  for (let round = 0; round <= samples; round++) {
    const timed = round > 0;
    const keep = (list: number[], ms: number): void => {
      if (timed) list.push(ms);
    };
    const c = await client.expect([201, 200], 'POST', RESOURCE_TYPE, { body: taggedBasic(tag, `r${round}`) });
    const id = idOf(c, RESOURCE_TYPE);
    if (id !== undefined) created.add(id);
    const version = versionOf(c);
    if (id === undefined || version === undefined) throw new CalibrationError(`POST ${client.base}/${RESOURCE_TYPE}: the answer (${c.status}) gave no id or version (neither a body with id and meta.versionId nor Location and ETag headers)`);
    keep(out.create, c.ms);
    const value = `c${round}`;
    const cc = await client.expect([201], 'POST', RESOURCE_TYPE, { body: taggedBasic(tag, value), headers: { 'if-none-exist': identifierCriterion(tag, value) } });
    const ccId = idOf(cc, RESOURCE_TYPE);
    if (ccId !== undefined) created.add(ccId);
    keep(out.conditionalCreate, cc.ms);
    keep(out.read, (await client.expect([200], 'GET', `${RESOURCE_TYPE}/${id}`)).ms);
    keep(out.search, (await client.expect([200], 'GET', tagSearch(tag, 10))).ms);
    const resource = { ...taggedBasic(tag, `r${round}`, `updated by fwsim calibrate, round ${round}`), id };
    const u = await client.expect([200, 201], 'PUT', `${RESOURCE_TYPE}/${id}`, { body: resource, headers: { 'if-match': `W/"${version}"` } });
    keep(out.update, u.ms);
    made.push({ id, firstVersion: version, version: versionOf(u) ?? version, conditionalValue: value });
    progress(round, samples);
  }
  return { samples: out, made };
}
