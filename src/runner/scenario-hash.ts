/** The hash that names a scenario's runs: the results journal and queued jobs carry it, so runs of another scenario are never mixed in. */

import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/index.js';

/**
 * What identifies a scenario's runs: a hash of every resolved input but the number of
 * replications and the description. Neither changes any run's rows (a run's seed comes from
 * the scenario seed, its sweep point and its replication), so a journal or a queue can keep
 * the runs of 5 replications when 10 are asked for. 16 hex digits.
 */
export function scenarioHash(s: Scenario): string {
  const { replications: _r, description: _d, ...rest } = s;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}
