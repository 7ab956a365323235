/** One calibration run from start to cleanup: capability, round trip, timed rounds, behaviour, throughput curve; cleanup whatever happens. */

import { CalibrationStopped, FhirClient, type HttpIo } from './client.js';
import { probeBehaviour, type ServerBehaviour } from './behaviour.js';
import { cleanUp, CreatedResources, type CleanupReport } from './cleanup.js';
import { measureLevel } from './concurrency.js';
import { estimateWorkers, serviceTimes, type LevelMeasurement, type WorkersEstimate } from './estimate.js';
import type { MeasuredKind } from './fragment.js';
import { measureInteractions, type InteractionSamples } from './interactions.js';
import type { CalibrationPlan } from './plan.js';
import { measureRoundTrip, readCapability, type RoundTrip, type ServerSoftware } from './probes.js';
import { missingId, type CalibrationTag } from './resources.js';
import type { CalibrationTarget } from './target.js';

/** Everything a calibration found. */
export interface CalibrationResult {
  base: string;
  /** When it ran, as the caller wrote it (it goes into a comment only). */
  date: string;
  tag: CalibrationTag;
  plan: CalibrationPlan;
  software: ServerSoftware;
  roundTrip: RoundTrip;
  /** Raw latencies, milliseconds. */
  latencies: InteractionSamples;
  /** Service times per scenario kind (round trip subtracted); `create` holds plain and conditional creates. */
  service: Record<MeasuredKind, number[]>;
  behaviour: ServerBehaviour;
  levels: LevelMeasurement[];
  workers: WorkersEstimate;
}

/** How a calibration ended: tagged by `state`; cleanup ran in every case. */
export type CalibrationOutcome =
  | { state: 'done'; result: CalibrationResult; cleanup: CleanupReport; requests: number }
  | { state: 'stopped'; cleanup: CleanupReport; requests: number }
  | { state: 'failed'; error: Error; cleanup: CleanupReport; requests: number };

/** What a calibration needs from its caller (src/cli): fetch, a clock, a stop signal, and somewhere to say how it goes. */
export interface CalibrationIo extends HttpIo {
  /** Aborted on Ctrl-C: send nothing more, let requests in flight finish, clean up. */
  stop: AbortSignal;
  /** One line of progress (the CLI prints it on stderr). */
  progress: (line: string) => void;
}

/**
 * Calibrates `target` by `plan`: reads the CapabilityStatement, measures the round trip, runs
 * the timed rounds and the behaviour probes, measures the throughput curve, estimates the
 * workers, and then, however it ended (done, stopped, failed), deletes what it created.
 */
export async function calibrate(target: CalibrationTarget, plan: CalibrationPlan, tag: CalibrationTag, options: { date: string; headers: Readonly<Record<string, string>> }, io: CalibrationIo): Promise<CalibrationOutcome> {
  const client = new FhirClient(target.base, io, { timeoutMs: plan.timeoutMs, headers: options.headers, stop: io.stop });
  const created = new CreatedResources();
  let result: CalibrationResult | undefined;
  let error: Error | undefined;
  try {
    result = await measure(client, plan, tag, created, options.date, io);
  } catch (e) {
    if (!(e instanceof CalibrationStopped)) error = e as Error;
  }
  const measured = client.sent;
  // Nothing written (it failed or stopped before the first create): nothing to clean up.
  const cleanup: CleanupReport = client.writes > 0 ? await cleanUp(client, created, tag, io.progress) : { deleted: 0, foundByTag: 0, failed: [], verified: true };
  if (result !== undefined) return { state: 'done', result, cleanup, requests: measured };
  if (error !== undefined) return { state: 'failed', error, cleanup, requests: measured };
  return { state: 'stopped', cleanup, requests: measured };
}

async function measure(client: FhirClient, plan: CalibrationPlan, tag: CalibrationTag, created: CreatedResources, date: string, io: CalibrationIo): Promise<CalibrationResult> {
  const software = await readCapability(client);
  io.progress(`server: ${software.name ?? 'software unknown'}${software.version !== undefined ? ` ${software.version}` : ''}${software.fhirVersion !== undefined ? `, FHIR ${software.fhirVersion}` : ''}`);
  const roundTrip = await measureRoundTrip(client, plan.samples, missingId(tag));
  io.progress(`round trip: ${roundTrip.ms.toFixed(3)} ms (median ${roundTrip.probe === 'metadata' ? 'GET metadata' : 'read of a missing id'}; metadata ${roundTrip.metadataMs.toFixed(3)} ms, missing read ${roundTrip.missingReadMs.toFixed(3)} ms)`);
  const step = Math.max(1, Math.round(plan.samples / 5));
  const { samples: latencies, made } = await measureInteractions(client, plan.samples, tag, created, (done, total) => {
    if (done > 0 && (done % step === 0 || done === total)) io.progress(`interactions: round ${done} of ${total}`);
  });
  const first = made[0];
  if (first === undefined) throw new Error('no round was made');
  const behaviour = await probeBehaviour(client, first, tag, created, 201);
  io.progress(`behaviour: stale If-Match answered ${behaviour.staleIfMatch}; If-None-Exist twice answered ${behaviour.conditionalCreate.join(' then ')}`);
  const levels: LevelMeasurement[] = [];
  const ids = made.map((m) => m.id);
  for (const c of plan.levels) {
    const level = await measureLevel(client, c, plan.samples, ids, tag, io.now);
    levels.push(level);
    io.progress(`throughput: ${c} at a time: ${((level.latenciesMs.length * 1000) / level.elapsedMs).toFixed(1)} requests/s over ${level.latenciesMs.length} requests`);
  }
  const workers = estimateWorkers(levels, roundTrip.ms);
  const sub = (xs: readonly number[]): number[] => serviceTimes(xs, roundTrip.ms);
  return {
    base: client.base,
    date,
    tag,
    plan,
    software,
    roundTrip,
    latencies,
    service: { read: sub(latencies.read), search: sub(latencies.search), create: sub([...latencies.create, ...latencies.conditionalCreate]), update: sub(latencies.update) },
    behaviour,
    levels,
    workers,
  };
}
