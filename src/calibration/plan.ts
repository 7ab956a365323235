/** How much a calibration sends: samples per interaction kind and concurrency levels, bounded and counted before anything is sent. */

import type { CalibrationTag } from './resources.js';
import { RESOURCE_TYPE } from './resources.js';

/** What a calibration will do, fixed before it starts. */
export interface CalibrationPlan {
  /** Timed samples of each interaction kind (and of each kind of round-trip probe). */
  samples: number;
  /** Concurrency levels of the throughput curve, ascending; at level c it sends `samples x c` reads and searches from c clients. */
  levels: number[];
  /** How long one request may take before it counts as failed (milliseconds). */
  timeoutMs: number;
}

/** Modest defaults: about 800 requests, 42 resources created and deleted. */
export const DEFAULT_PLAN: Readonly<CalibrationPlan> = { samples: 20, levels: [1, 2, 4, 8, 16], timeoutMs: 10_000 };

/** Upper bounds of the flags, so a typo cannot send a million requests. */
export const PLAN_LIMITS = { samples: 1000, level: 256, requests: 100_000 } as const;

/** Requests per phase, as the plan will send them (cleanup aside). */
export interface PlanCounts {
  /** GET metadata once for the CapabilityStatement. */
  capability: number;
  /** Round-trip probes: one untimed, then `samples` GET metadata and `samples` reads of a missing id. */
  roundTrip: number;
  /** Rounds of create, conditional create, read, search and update: one untimed warm-up round, then `samples`. */
  rounds: number;
  /** The stale If-Match update and the repeated conditional create. */
  behaviour: number;
  /** Per level: c untimed (one per connection) and `samples x c` timed reads and searches. */
  levels: { concurrency: number; requests: number }[];
  /** Resources created (and deleted at the end). */
  created: number;
  /** Every request before cleanup. */
  total: number;
}

/** Counts what `plan` sends. */
export function planCounts(plan: CalibrationPlan): PlanCounts {
  const rounds = plan.samples + 1;
  const levels = plan.levels.map((c) => ({ concurrency: c, requests: c + plan.samples * c }));
  const capability = 1;
  const roundTrip = 1 + 2 * plan.samples;
  const behaviour = 2;
  const total = capability + roundTrip + 5 * rounds + behaviour + levels.reduce((a, l) => a + l.requests, 0);
  return { capability, roundTrip, rounds, behaviour, levels, created: 2 * rounds, total };
}

/** A plan from flags, or the problems with them (each naming its flag). */
export function makePlan(options: { samples?: number; levels?: readonly number[]; timeoutMs?: number }): { ok: true; plan: CalibrationPlan } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const samples = options.samples ?? DEFAULT_PLAN.samples;
  if (!Number.isInteger(samples) || samples < 1 || samples > PLAN_LIMITS.samples) problems.push(`--samples: expected a whole number from 1 to ${PLAN_LIMITS.samples}, got ${samples}`);
  const levels = [...new Set(options.levels ?? DEFAULT_PLAN.levels)].sort((a, b) => a - b);
  if (levels.length === 0 || levels.some((c) => !Number.isInteger(c) || c < 1 || c > PLAN_LIMITS.level)) {
    problems.push(`--concurrency: expected a list of whole numbers from 1 to ${PLAN_LIMITS.level} such as 1,2,4,8,16, got ${(options.levels ?? []).join(',')}`);
  } else if (levels[0] !== 1) {
    problems.push(`--concurrency: expected the list to include 1 (the workers estimate needs the service time of one request alone), got ${levels.join(',')}`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_PLAN.timeoutMs;
  if (!(timeoutMs > 0)) problems.push(`--timeout: expected a duration > 0 such as 10s, got ${timeoutMs} ms`);
  if (problems.length > 0) return { ok: false, problems };
  const plan = { samples, levels, timeoutMs };
  const total = planCounts(plan).total;
  if (total > PLAN_LIMITS.requests) return { ok: false, problems: [`--samples and --concurrency: the plan would send ${total} requests, more than ${PLAN_LIMITS.requests}; lower them`] };
  return { ok: true, plan };
}

/** The plan in words, printed before anything is sent. */
export function describePlan(plan: CalibrationPlan, base: string, tag: CalibrationTag): string[] {
  const n = planCounts(plan);
  const s = plan.samples;
  return [
    `calibration plan for ${base} (${n.total} requests, then cleanup):`,
    `  1 GET metadata (CapabilityStatement: the server's software)`,
    `  round trip: ${s} GET metadata and ${s} reads of a ${RESOURCE_TYPE} that does not exist (404), after 1 untimed`,
    `  ${s} rounds (after 1 untimed) of: create, create with If-None-Exist, read, search (_tag, _count=10), update with If-Match`,
    `  behaviour: 1 update with a stale If-Match, 1 repeated create with If-None-Exist`,
    `  throughput: ${n.levels.map((l) => `${l.concurrency} at a time: ${l.requests - l.concurrency} reads and searches (+${l.concurrency} untimed)`).join('; ')}`,
    `  writes ${n.created} ${RESOURCE_TYPE} resources tagged ${tag.system}|${tag.code}; cleanup DELETEs every one (found again by the tag)`,
    `  each request may take ${plan.timeoutMs / 1000} s; Ctrl-C stops sending, cleans up and exits 130`,
  ];
}

/** Why a server that is not this machine needs --yes, and what the calibration would do to it. */
export function consentMessage(plan: CalibrationPlan, base: string, tag: CalibrationTag): string {
  const n = planCounts(plan);
  return [
    `fwsim calibrate: not sending anything to ${base} without --yes: it is not a loopback address, so it may be a shared or production server.`,
    `Calibration writes to the server it measures: it would create ${n.created} ${RESOURCE_TYPE} resources tagged ${tag.system}|<a code of its own>, read, search and update them`,
    `(one update deliberately with a stale If-Match), send ${n.total} requests in all, up to ${Math.max(...plan.levels)} at a time, and then DELETE every resource it created`,
    `(what the server keeps as history stays). Point it at a test server, never production; run again with --yes to go ahead.`,
  ].join('\n');
}
