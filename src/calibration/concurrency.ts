/** The throughput curve: the same reads and searches sent by 1, 2, 4, ... clients at once. */

import type { FhirAnswer, FhirClient } from './client.js';
import type { LevelMeasurement } from './estimate.js';
import { RESOURCE_TYPE, tagSearch, type CalibrationTag } from './resources.js';

/**
 * Measures one concurrency level: `c` clients in a closed loop (each sends its next request
 * when its last is answered) share `samples x c` requests, alternately a read of one of the
 * run's resources (round robin) and a tag search, so the curve exercises a server's cache path
 * and its database path alike. First each client sends one untimed read, so every connection
 * is open before the clock starts. Elapsed time runs from the first timed send to the last
 * answer. On a stop or a failure, clients send nothing more and the requests in flight are
 * waited for.
 */
export async function measureLevel(client: FhirClient, c: number, samples: number, ids: readonly string[], tag: CalibrationTag, now: () => number): Promise<LevelMeasurement> {
  const total = samples * c;
  const request = (i: number): Promise<FhirAnswer> =>
    i % 2 === 0 ? client.expect([200], 'GET', `${RESOURCE_TYPE}/${ids[(i / 2) % ids.length] as string}`) : client.expect([200], 'GET', tagSearch(tag, 10));
  await settleAll(Array.from({ length: c }, (_, k) => request(2 * k)));
  const latenciesMs: number[] = [];
  let next = 0;
  let failed = false;
  const t0 = now();
  let last = t0;
  const worker = async (): Promise<void> => {
    while (!failed && next < total) {
      try {
        latenciesMs.push((await request(next++)).ms);
      } catch (e) {
        // The other clients stop too; their requests in flight are waited for.
        failed = true;
        throw e;
      }
      last = Math.max(last, now());
    }
  };
  await settleAll(Array.from({ length: c }, worker));
  return { concurrency: c, latenciesMs, elapsedMs: last - t0 };
}

/** Waits for every promise, then rethrows the first failure: no request is left running behind an error. */
async function settleAll(ps: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(ps);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
