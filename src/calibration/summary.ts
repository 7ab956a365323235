/** What a calibration tells its user at the end: the outcome, what cleanup could not do, and where to look for leftovers. */

import type { CalibrationOutcome } from './calibrate.js';
import { median } from './estimate.js';
import { RESOURCE_TYPE, type CalibrationTag } from './resources.js';

/**
 * The closing lines of a calibration (for stderr): each resource cleanup could not delete, a
 * warning when it could not confirm that nothing is left, and one line on how it ended.
 */
export function outcomeLines(outcome: CalibrationOutcome, base: string, tag: CalibrationTag, writtenTo?: string): string[] {
  const c = outcome.cleanup;
  const lines = c.failed.map((f) => `cleanup: could not delete ${RESOURCE_TYPE}/${f.id}: ${f.why}`);
  const search = `${base}/${RESOURCE_TYPE}?_tag=${tag.system}|${tag.code}`;
  if (!c.verified) lines.push(`cleanup: could not confirm that nothing tagged ${tag.system}|${tag.code} is left; check ${search}`);
  const deleted = `${c.deleted} resources deleted${leftovers(outcome) ? `, some may remain (${search})` : ', none left'}`;
  switch (outcome.state) {
    case 'stopped':
      lines.push(`interrupted after ${outcome.requests} requests: no fragment written; ${deleted}`);
      break;
    case 'failed':
      lines.push(`calibration failed: ${outcome.error.message}`, deleted);
      break;
    case 'done': {
      const r = outcome.result;
      const med = (xs: readonly number[]): string => median(xs).toFixed(2);
      lines.push(
        `done: ${outcome.requests} requests; service time medians (ms) read ${med(r.service.read)}, search ${med(r.service.search)}, create ${med(r.service.create)}, update ${med(r.service.update)}; ` +
          `workers about ${r.workers.workers}; stale If-Match answered ${r.behaviour.staleIfMatch}; ${deleted}${writtenTo !== undefined ? `; fragment written to ${writtenTo}` : ''}`,
      );
      break;
    }
  }
  return lines;
}

/** Whether cleanup may have left resources behind (some DELETE failed, or the final tag search did not come back empty). */
export function leftovers(outcome: CalibrationOutcome): boolean {
  return outcome.cleanup.failed.length > 0 || !outcome.cleanup.verified;
}
