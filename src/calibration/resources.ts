/** What a calibration writes: Basic resources carrying a tag unique to the run, so cleanup can find every one of them again. */

/** The `meta.tag` of one calibration run. */
export interface CalibrationTag {
  system: string;
  /** Unique per run. */
  code: string;
}

/** The tag system of every calibration run; the code says which run. */
export const TAG_SYSTEM = 'urn:fhir-workflow-sim:calibration';

/**
 * The resource type calibration creates. Basic has no required elements beyond `code`, and no
 * workflow listens for it the way a lab listens for new ServiceRequests or Tasks, so creating
 * it on a shared test server does not set anybody's subscriptions or rules off.
 */
export const RESOURCE_TYPE = 'Basic';

/** The tag of run `runId` (letters, digits and dashes: it goes into URLs and identifiers unescaped). */
export function calibrationTag(runId: string): CalibrationTag {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(runId)) throw new RangeError(`calibration run id: expected 1-64 letters, digits or dashes, got "${runId}"`);
  return { system: TAG_SYSTEM, code: runId };
}

/** A Basic resource of the run, with a business identifier `value` (for If-None-Exist). */
export function taggedBasic(tag: CalibrationTag, value: string, note = 'created by fwsim calibrate; deleted when it ends'): Record<string, unknown> {
  return {
    resourceType: RESOURCE_TYPE,
    meta: { tag: [{ system: tag.system, code: tag.code, display: 'fwsim calibrate run' }] },
    identifier: [{ system: `${tag.system}:${tag.code}`, value }],
    code: { coding: [{ system: tag.system, code: 'calibration' }], text: note },
  };
}

/** The If-None-Exist criterion (and search) matching the resource with identifier `value`. */
export function identifierCriterion(tag: CalibrationTag, value: string): string {
  return `identifier=${encodeURIComponent(`${tag.system}:${tag.code}|${value}`)}`;
}

/** The relative search URL for the run's resources, `count` per page. */
export function tagSearch(tag: CalibrationTag, count: number): string {
  return `${RESOURCE_TYPE}?_tag=${encodeURIComponent(`${tag.system}|${tag.code}`)}&_count=${count}`;
}

/** The id of a resource that does not exist (the round-trip probe reads it and expects 404). */
export function missingId(tag: CalibrationTag): string {
  return `fwsim-missing-${tag.code}`.slice(0, 64);
}
