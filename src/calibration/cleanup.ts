/** Cleanup: DELETE every resource the calibration created, then search its tag for any it did not know of, and say what is left. */

import { CalibrationError, outcomeText, type FhirClient } from './client.js';
import { RESOURCE_TYPE, tagSearch, type CalibrationTag } from './resources.js';

/** The ids of resources the calibration created, as their answers came back. */
export class CreatedResources {
  private readonly ids = new Set<string>();

  /** Records a resource the server said it created. */
  add(id: string): void {
    this.ids.add(id);
  }

  /** Every id recorded, in the order created. */
  get list(): readonly string[] {
    return [...this.ids];
  }
}

/** What cleanup did. */
export interface CleanupReport {
  /** Resources deleted (or already gone). */
  deleted: number;
  /** Of those, found only by the tag search (created by a request whose answer never came, e.g. cut by Ctrl-C or a timeout). */
  foundByTag: number;
  /** Resources it could not delete, and why. */
  failed: { id: string; why: string }[];
  /** Whether the last tag search came back empty (false: it failed, or still found some). */
  verified: boolean;
}

const GONE = [200, 202, 204, 404, 410];
const PASSES = 5;

/**
 * Deletes the known resources one by one, then searches the run's tag (100 a page) and
 * deletes what it finds, until a search finds nothing (at most five passes). A resource whose
 * DELETE fails is reported, not retried for ever. Never throws: cleanup is what runs after
 * things went wrong.
 */
export async function cleanUp(client: FhirClient, created: CreatedResources, tag: CalibrationTag, progress: (line: string) => void): Promise<CleanupReport> {
  const report: CleanupReport = { deleted: 0, foundByTag: 0, failed: [], verified: false };
  const tried = new Set<string>();
  const remove = async (id: string): Promise<void> => {
    tried.add(id);
    try {
      const a = await client.send('DELETE', `${RESOURCE_TYPE}/${id}`, { cleanup: true });
      if (GONE.includes(a.status)) report.deleted++;
      else report.failed.push({ id, why: `DELETE answered ${a.status}${outcomeText(a.body)}` });
    } catch (e) {
      report.failed.push({ id, why: (e as Error).message });
    }
  };
  const known = created.list;
  for (const id of known) await remove(id);
  progress(`cleanup: deleted ${report.deleted} of ${known.length} resources it created`);
  for (let pass = 0; pass < PASSES; pass++) {
    let found: string[];
    try {
      const a = await client.send('GET', tagSearch(tag, 100), { cleanup: true });
      if (a.status !== 200) throw new CalibrationError(`the tag search answered ${a.status}${outcomeText(a.body)}`);
      found = ((a.body as { entry?: { resource?: { id?: string } }[] } | undefined)?.entry ?? []).flatMap((e) => (typeof e.resource?.id === 'string' ? [e.resource.id] : []));
    } catch (e) {
      progress(`cleanup: could not search for leftovers by tag: ${(e as Error).message}`);
      return report;
    }
    if (found.length === 0) {
      report.verified = true;
      break;
    }
    const fresh = found.filter((id) => !tried.has(id));
    if (fresh.length === 0) {
      // Deleted (or refused) already, yet still found: report them rather than loop.
      for (const id of found) if (!report.failed.some((f) => f.id === id)) report.failed.push({ id, why: 'still found by the tag search after DELETE' });
      break;
    }
    for (const id of fresh) {
      const before = report.deleted;
      await remove(id);
      report.foundByTag += report.deleted - before;
    }
  }
  if (report.foundByTag > 0) progress(`cleanup: deleted ${report.foundByTag} more found by the tag ${tag.system}|${tag.code}`);
  return report;
}
