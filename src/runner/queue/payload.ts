/** What crosses Redis: a queued job (the resolved scenario, its hash, the tool version, the run), its id, and the worker's checks before it runs one. */

import { validateScenario, ScenarioError, type Scenario } from '../../scenario/index.js';
import type { Job } from '../jobs.js';
import { scenarioHash } from '../scenario-hash.js';

/** The BullMQ queue every fwsim client and worker on a Redis database uses. */
export const QUEUE_NAME = 'fwsim-runs';

/** BullMQ's name for each job (a label only: all jobs are runs). */
export const JOB_NAME = 'run';

/**
 * One queued run: everything a worker on another machine needs, and nothing it must look up.
 * The scenario travels resolved (every default filled in), so a worker never reads a file.
 */
export interface QueuedJob {
  /** The fwsim version that queued it (package.json); a worker of another version refuses it. */
  toolVersion: string;
  /** {@link scenarioHash} of `scenario` as the client computed it. */
  scenarioHash: string;
  scenario: Scenario;
  job: Job;
}

/** The queued job for `job` of `scenario`. */
export function queuedJob(scenario: Scenario, hash: string, job: Job, toolVersion: string): QueuedJob {
  return { toolVersion, scenarioHash: hash, scenario, job };
}

/**
 * The BullMQ job id of a run: `v<tool version>-<scenario hash>-<pattern>-<point>-<replication>`.
 * Adding a job whose id exists is a no-op in BullMQ, so queueing a scenario again (a second
 * client, a resumed run) never duplicates a run, and a run finished while no client waited is
 * found by its id. The version is in the id because a result is only the same result under
 * the same code: an upgraded client never collects an old version's leftovers. (BullMQ
 * forbids ':' in ids; versions have none.)
 */
export function queueJobId(toolVersion: string, hash: string, job: Pick<Job, 'pattern' | 'point' | 'replication'>): string {
  return `v${toolVersion}-${hash}-${job.pattern}-${job.point.index}-${job.replication}`;
}

/** Why a worker will not run a queued job: the job fails with this message at once (it is not retried). */
export class JobRefusal extends Error {
  override readonly name = 'JobRefusal';
}

/**
 * Checks a queued job before a worker runs it, and gives back its scenario as this worker
 * reads it. Refuses (throws a {@link JobRefusal} whose message says why) a job queued by
 * another fwsim version, one whose scenario does not validate here, and one whose scenario
 * hashes differently here than where it was queued (a scenario changed on the way, or two
 * builds that resolve a scenario differently under one version number).
 */
export function acceptQueuedJob(data: unknown, toolVersion: string, workerName: string): { scenario: Scenario; job: Job } {
  const refuse = (why: string): never => {
    throw new JobRefusal(`refused by worker ${workerName}: ${why}`);
  };
  const q = data as Partial<QueuedJob> | null;
  if (q === null || typeof q !== 'object' || typeof q.toolVersion !== 'string' || typeof q.scenarioHash !== 'string' || typeof q.scenario !== 'object' || typeof q.job !== 'object' || q.job === null) {
    return refuse('not an fwsim run (a job needs toolVersion, scenarioHash, scenario and job)');
  }
  if (q.toolVersion !== toolVersion) {
    return refuse(`it runs fwsim ${toolVersion} and the job was queued by fwsim ${q.toolVersion}; run workers of the client's version`);
  }
  let scenario: Scenario;
  try {
    scenario = validateScenario(q.scenario as Record<string, unknown>, `queued scenario ${q.scenarioHash}`);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return refuse(`the queued scenario is not valid under fwsim ${toolVersion}: ${e.message}`);
  }
  const here = scenarioHash(scenario);
  if (here !== q.scenarioHash) {
    return refuse(`the queued scenario hashes to ${here} here, not ${q.scenarioHash} as queued: it was changed on the way, or the client's build resolves scenarios differently`);
  }
  return { scenario, job: q.job };
}
