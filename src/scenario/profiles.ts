/** Server profiles: what HAPI FHIR and Medplum are published to do, as defaults a scenario's own fields override. */

import type { DurationInput } from './units.js';
import { scenarioSchema, type Scenario, type ServerProfile } from './schema.js';

/** The fields a profile sets, by dotted path, spelled as in a scenario file. */
export interface ProfileValues {
  'server.conflictStatus': 412 | 409;
  'subscription.batchInterval': DurationInput;
  'subscription.batchDelivery': 'combined' | 'each';
  'subscription.retries': number;
  'subscription.retryDelay': DurationInput;
  'subscription.retryBackoff': number;
  'subscription.retryDelayMax': DurationInput;
  'subscription.giveUpAfter': DurationInput;
}

/** A field a profile sets. */
export type ProfileField = keyof ProfileValues;

/**
 * Each profile's values. Sources:
 *
 * hapi (HAPI FHIR JPA server, 6.10 and later):
 * - A stale If-Match is a ResourceVersionConflictException, answered 409 Conflict.
 * - Changes are stored and handed to subscription matching by a scheduled job, every 5 s by
 *   default ("Decrease delay caused by async processing of Subscriptions",
 *   https://github.com/hapifhir/hapi-fhir/issues/6394); each matched change is then delivered
 *   by itself (a rest-hook POSTs one resource), hence `each`.
 * - Delivery is retried by a Spring RetryTemplate in LinkedBlockingChannelExecutorWrapper:
 *   ExponentialBackOffPolicy from 1000 ms by 1.1 (Spring's default maximum wait, 30 s) and a
 *   TimeoutRetryPolicy of one minute, so an endpoint that stays down is given up after about a
 *   minute ("rest-hook subscription notification doesn't try indefinitely",
 *   https://github.com/hapifhir/hapi-fhir/issues/6002). The time limit, not a count, ends the
 *   retries: 100 is never reached (about 22 attempts fit in the minute).
 *
 * medplum (Medplum server):
 * - A stale If-Match is answered 412 Precondition Failed (as Medplum's FhirRouter 4.5.2 does).
 * - Subscriptions are matched when the change commits and each match becomes a BullMQ job
 *   (packages/server/src/workers/subscription.ts): `attempts: MAX_JOB_ATTEMPTS` (18) with
 *   `backoff: { type: 'exponential', delay: 1000 }`, i.e. waits of 1 s, 2 s, 4 s, ... (BullMQ
 *   waits 2^(n-1) x delay after the n-th failure, without a cap): 17 retries. 18 attempts is
 *   Medplum's ceiling, what a subscription gets when its subscription-max-attempts extension
 *   asks for it; without the extension Medplum stops after DEFAULT_RETRIES (3) retries: set
 *   `subscription.retries: 3` to model such a subscription.
 *
 * generic: the simulator's defaults: 412 (the FHIR specification), immediate matching, 3
 * immediate retries of a failed delivery.
 */
export const PROFILE_VALUES: Readonly<Record<ServerProfile, Readonly<ProfileValues>>> = {
  generic: {
    'server.conflictStatus': 412,
    'subscription.batchInterval': '0s',
    'subscription.batchDelivery': 'combined',
    'subscription.retries': 3,
    'subscription.retryDelay': '0s',
    'subscription.retryBackoff': 1,
    'subscription.retryDelayMax': '0s',
    'subscription.giveUpAfter': '0s',
  },
  hapi: {
    'server.conflictStatus': 409,
    'subscription.batchInterval': '5s',
    'subscription.batchDelivery': 'each',
    'subscription.retries': 100,
    'subscription.retryDelay': '1s',
    'subscription.retryBackoff': 1.1,
    'subscription.retryDelayMax': '30s',
    'subscription.giveUpAfter': '1min',
  },
  medplum: {
    'server.conflictStatus': 412,
    'subscription.batchInterval': '0s',
    'subscription.batchDelivery': 'combined',
    'subscription.retries': 17,
    'subscription.retryDelay': '1s',
    'subscription.retryBackoff': 2,
    'subscription.retryDelayMax': '0s',
    'subscription.giveUpAfter': '0s',
  },
};

/** The fields profiles set, in a fixed order. */
export const PROFILE_FIELDS = Object.keys(PROFILE_VALUES.generic) as ProfileField[];

/** One-line summaries, for messages and the schema. */
export const PROFILE_SUMMARY: Readonly<Record<ServerProfile, string>> = {
  generic: 'the defaults: 412 on a stale If-Match, matching at once, 3 immediate delivery retries',
  hapi: 'HAPI FHIR: 409 on a stale If-Match, matching every 5 s, delivery retried for about a minute (waits from 1 s growing by 1.1)',
  medplum: 'Medplum: 412 on a stale If-Match, matching at once, delivery retried up to 18 attempts (waits doubling from 1 s)',
};

type Sections = Record<string, Record<string, unknown> | undefined>;

/** The value the scenario itself gives `field` (in the file, by --set or at a sweep point), or undefined. */
function own(s: Scenario, field: ProfileField): unknown {
  const [section, key] = field.split('.') as [string, string];
  return (s as unknown as Sections)[section]?.[key];
}

/** The profile a scenario names (`generic` when it names none). */
export function profileOf(s: Scenario): ServerProfile {
  return (s.server.profile ?? 'generic') as ServerProfile;
}

/** Every profile field's effective value: the scenario's own where it sets one, else its profile's. */
export function effectiveProfileValues(s: Scenario): ProfileValues {
  const profile = PROFILE_VALUES[profileOf(s)];
  const out = { ...profile } as Record<ProfileField, unknown>;
  for (const f of PROFILE_FIELDS) {
    const v = own(s, f);
    if (v !== undefined) out[f] = v;
  }
  return out as unknown as ProfileValues;
}

/** What the profile supplies because the scenario leaves it out: field -> value, in PROFILE_FIELDS order. */
export function profileFills(s: Scenario): Partial<ProfileValues> {
  const profile = PROFILE_VALUES[profileOf(s)] as unknown as Record<ProfileField, unknown>;
  const out: Partial<Record<ProfileField, unknown>> = {};
  for (const f of PROFILE_FIELDS) if (own(s, f) === undefined) out[f] = profile[f];
  return out as Partial<ProfileValues>;
}

/**
 * A copy of `s` with every profile field written in (its own value, else the profile's): the
 * effective scenario, as scenario.resolved.json shows it. Not for running a sweep over
 * `server.profile` from: there the profile's values differ from point to point.
 */
export function withProfile(s: Scenario): Scenario {
  const sections = { ...(s as unknown as Sections) };
  const values = effectiveProfileValues(s) as unknown as Record<string, unknown>;
  for (const section of new Set(PROFILE_FIELDS.map((f) => f.split('.')[0] as 'server' | 'subscription'))) {
    // In the schema's order, so the resolved file reads like the schema whatever was given.
    const out: Record<string, unknown> = {};
    const given = sections[section] ?? {};
    for (const key of Object.keys(scenarioSchema.shape[section].unwrap().shape)) {
      const v = values[`${section}.${key}`] ?? given[key];
      if (v !== undefined) out[key] = v;
    }
    sections[section] = out;
  }
  return sections as unknown as Scenario;
}

/** How scenario.resolved.json accounts for the profile. */
export interface ProfileReport {
  name: ServerProfile;
  summary: string;
  /** What the profile supplied because the scenario left it out (the rest is the scenario's own). */
  filled: Partial<ProfileValues>;
  /**
   * With `server.profile` swept: what each swept profile supplies at its points (sweep values
   * of those fields still win there); the resolved scenario then leaves those fields out.
   */
  swept?: Partial<Record<ServerProfile, Partial<ProfileValues>>>;
}

/** The profile of `s`, what it filled in, and, when the profile is swept, what each swept one fills in. */
export function profileReport(s: Scenario): ProfileReport {
  const name = profileOf(s);
  const report: ProfileReport = { name, summary: PROFILE_SUMMARY[name], filled: profileFills(s) };
  const swept = s.sweep['server.profile'];
  if (swept !== undefined) {
    report.swept = {};
    for (const v of swept) {
      const p = v as ServerProfile;
      report.swept[p] = profileFills({ ...s, server: { ...s.server, profile: p } });
    }
  }
  return report;
}
