/** A finished job as JSON text and back, exactly: what the results journal stores and what a queue worker sends back. */

import type { JobResult } from './run-job.js';

/** The key of an object standing for a number JSON cannot hold. */
const TAG = '$number';

/**
 * `result` as one line of JSON. NaN ("did not happen"), the infinities and -0 are written as
 * `{"$number":"NaN"}` etc.: plain JSON would turn them into null and 0, and a summary averaged
 * over a null is not the summary of a NaN.
 */
export function encodeJobResult(result: JobResult): string {
  return JSON.stringify(result, (_key, v: unknown) => {
    if (typeof v !== 'number') return v;
    if (Number.isNaN(v) || !Number.isFinite(v)) return { [TAG]: String(v) };
    return Object.is(v, -0) ? { [TAG]: '-0' } : v;
  });
}

/**
 * The result {@link encodeJobResult} wrote, number for number. Also reads journal lines of
 * earlier versions, which held NaN as null in `metrics`, `extra` and `groups`. Throws on text
 * that is not JSON or not a job result.
 */
export function decodeJobResult(text: string): JobResult {
  const r = JSON.parse(text, (_key, v: unknown) => (isTagged(v) ? Number(v[TAG]) : v)) as JobResult;
  if (r === null || typeof r !== 'object' || typeof r.metrics !== 'object' || typeof r.job !== 'object' || r.job === null) {
    throw new Error('not a job result');
  }
  nullsToNaN(r.metrics);
  nullsToNaN(r.extra ?? {});
  for (const g of r.groups ?? []) nullsToNaN(g as unknown as Record<string, unknown>);
  return r;
}

function isTagged(v: unknown): v is { [TAG]: string } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === TAG && typeof (v as Record<string, unknown>)[TAG] === 'string';
}

function nullsToNaN(o: Record<string, unknown>): void {
  for (const k of Object.keys(o)) if (o[k] === null) o[k] = Number.NaN;
}
