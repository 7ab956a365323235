/** The value types scenario fields share, as zod schemas: whole numbers, probabilities, durations, rates, distributions, service times, daily profiles and groups of actors. */

import { z } from 'zod';
import { DAY, MAX_TIME, parseDuration } from '../engine/index.js';
import { checkDistribution, parseRate, show, type DistributionInput, type DurationInput, type RateInput } from './units.js';

/** A zod error option whose message says what was expected and what was given (the `got` half of every error a user reads). */
export const expected = (what: string) => ({ error: (iss: { input?: unknown }) => `expected ${what}, got ${show(iss.input)}` });

/** A whole number >= `min`. */
export const int = (min: number, what: string) => z.int(expected(what)).min(min, expected(what));
/** A number in [min, max]. */
export const num = (min: number, max: number, what: string) => z.number(expected(what)).min(min, expected(what)).max(max, expected(what));
/** A probability in [0, 1) (1 would lose everything) or [0, 1]. */
export const probability = (what = 'a probability between 0 and 1') => num(0, 1, what);
/** One of a fixed set of words. */
export const oneOf = <T extends string>(values: readonly [T, ...T[]]) => z.enum(values, expected(`one of ${values.join(', ')}`));

/** The written form of a duration string (whether or not its value fits). */
const DURATION_SHAPE = /^\s*(\d+(\.\d+)?|\.\d+)\s*(us|ms|s|min|h|d)\s*$/;

/** A duration: a string with a unit, or seconds as a number (`positive`: zero is not allowed). */
export const duration = (description: string, positive = false) =>
  z
    .custom<DurationInput>()
    .superRefine((v, ctx) => {
      const us = typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : undefined;
      if (us !== undefined && (!positive || us > 0)) return;
      const what = positive ? 'a duration > 0 such as "250ms", "5s", "15min", "8h", "2d" or a number of seconds' : 'a duration such as "250ms", "5s", "15min", "8h", "2d" or a number of seconds >= 0';
      // Well formed but refused: longer than simulated time can hold.
      const tooLong = us === undefined && ((typeof v === 'number' && v >= 0 && !Number.isNaN(v)) || (typeof v === 'string' && DURATION_SHAPE.test(v)));
      ctx.addIssue({ code: 'custom', message: tooLong ? `expected a duration of at most ${Math.floor(MAX_TIME / DAY / 365)} years (simulated time is whole microseconds below 2^53), got ${show(v)}` : `expected ${what}, got ${show(v)}` });
    })
    .meta({
      description,
      anyOf: [{ type: 'string', pattern: '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*(us|ms|s|min|h|d)\\s*$' }, { type: 'number', minimum: 0 }],
    });

/** A rate: `"30/h"`, `"0.5/s"`, `"2/min"`, `"10/d"`, or events per second as a number. */
export const rate = (description: string) =>
  z
    .custom<RateInput>()
    .superRefine((v, ctx) => {
      if ((typeof v === 'string' || typeof v === 'number') && parseRate(v) !== undefined) return;
      ctx.addIssue({ code: 'custom', message: `expected a positive rate such as "30/h", "0.5/s", "2/min" or a number per second, got ${show(v)}` });
    })
    .meta({ description, anyOf: [{ type: 'string', pattern: '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*/\\s*(s|min|h|d)\\s*$' }, { type: 'number', exclusiveMinimum: 0 }] });

const durationJson = { anyOf: [{ type: 'string' }, { type: 'number', minimum: 0 }] };

/** A distribution of durations: a constant duration or one family. */
export const distribution = (description: string) =>
  z
    .custom<DistributionInput>()
    .superRefine((v, ctx) => {
      for (const p of checkDistribution(v)) ctx.addIssue({ code: 'custom', message: p.message, path: p.path });
    })
    .meta({
      description: `${description}. A duration (constant) or one of {exponential: {mean}}, {lognormal: {mean, cv}}, {normal: {mean, sd}}, {uniform: {min, max}}, {gamma: {mean, cv}}, {erlang: {phases, mean}}, {empirical: {values: [...]}} or {empirical: {percentiles: {p0, ..., p100}}}.`,
      anyOf: [
        durationJson,
        { type: 'object', additionalProperties: false, required: ['exponential'], properties: { exponential: { type: 'object', properties: { mean: durationJson }, required: ['mean'] } } },
        { type: 'object', additionalProperties: false, required: ['lognormal'], properties: { lognormal: { type: 'object', properties: { mean: durationJson, cv: { type: 'number', minimum: 0 } }, required: ['mean', 'cv'] } } },
        { type: 'object', additionalProperties: false, required: ['normal'], properties: { normal: { type: 'object', properties: { mean: durationJson, sd: durationJson }, required: ['mean', 'sd'] } } },
        { type: 'object', additionalProperties: false, required: ['uniform'], properties: { uniform: { type: 'object', properties: { min: durationJson, max: durationJson }, required: ['min', 'max'] } } },
        { type: 'object', additionalProperties: false, required: ['gamma'], properties: { gamma: { type: 'object', properties: { mean: durationJson, cv: { type: 'number', exclusiveMinimum: 0 } }, required: ['mean', 'cv'] } } },
        { type: 'object', additionalProperties: false, required: ['erlang'], properties: { erlang: { type: 'object', properties: { phases: { type: 'integer', minimum: 1 }, mean: durationJson }, required: ['phases', 'mean'] } } },
        { type: 'object', additionalProperties: false, required: ['empirical'], properties: { empirical: { type: 'object' } } },
      ],
    });

export const serviceTimes = z
  .strictObject({
    read: distribution('Service time of a read').default('4ms'),
    search: distribution('Base service time of a search or page request').default('15ms'),
    create: distribution('Service time of a create (each entry of a transaction)').default('8ms'),
    update: distribution('Service time of an update').default('8ms'),
    operation: distribution('Service time of an operation or $process-message').default('20ms'),
    notify: distribution('Server work to dispatch one notification').default('2ms'),
  })
  .prefault({});

export const linkLatencies = z
  .strictObject({
    'placer-server': distribution('Latency between placers and servers').optional(),
    'filler-server': distribution('Latency between fillers and servers').optional(),
    'broker-server': distribution('Latency between the broker and its server').optional(),
    'server-subscriber': distribution('Latency of notifications to subscribers').optional(),
    'placer-filler': distribution('Latency between placers and fillers directly').optional(),
  })
  .prefault({});

/** A group's own polling: what it leaves out comes from the scenario's `polling`. */
const groupPolling = z
  .strictObject({
    interval: duration('Time between polls of this group\'s actors', true).optional(),
    jitter: num(0, 0.99, 'a jitter fraction between 0 and 0.99').optional(),
    phase: oneOf(['random', 'aligned']).optional(),
  })
  .optional()
  .meta({ description: "This group's polling (interval, jitter, phase), over the scenario's polling" });

const groupName = z.string(expected('a group name')).min(1, expected('a non-empty group name')).max(60, expected('a group name of at most 60 characters')).optional();

/** A rate that varies over the day, and bursts on top (a non-homogeneous Poisson process). */
export const profile = z
  .strictObject({
    hourly: z
      .array(num(0, 1000, 'a rate multiplier between 0 and 1000'), expected('a list of 24 rate multipliers, one per hour from 00:00'))
      .length(24, expected('a list of 24 rate multipliers, one per hour from 00:00'))
      .refine((h) => h.some((m) => m > 0), expected('at least one multiplier above 0 (otherwise no order ever arrives)'))
      .meta({ description: 'Multiplier of orderRate for each hour of the day, 00:00-01:00 first' }),
    bursts: z
      .array(z.strictObject({
        at: duration('When the burst starts, from the start of the run'),
        for: duration('How long it lasts', true),
        factor: num(0.001, 1000, 'a rate factor between 0.001 and 1000'),
      }))
      .default([])
      .meta({ description: 'Stretches of time in which the rate is multiplied by factor (an incident, a clinic session)' }),
  })
  .optional()
  .meta({ description: "This group's rate over the day: orderRate times the hour's multiplier (and any burst's factor); Poisson arrivals only" });

export const placerGroup = z
  .strictObject({
    name: groupName.meta({ description: 'Shown in reports' }),
    count: int(1, 'a whole number of placers >= 1').default(20),
    orderRate: rate('Orders per placer (at multiplier 1 when a profile is given)').default('4/h'),
    arrivals: oneOf(['poisson', 'fixed']).default('poisson'),
    profile,
    polling: groupPolling,
  })
  .superRefine((g, ctx) => {
    if (g.profile !== undefined && g.arrivals !== 'poisson') ctx.addIssue({ code: 'custom', path: ['arrivals'], message: `expected poisson with a profile (a varying rate is a non-homogeneous Poisson process), got ${show(g.arrivals)}` });
  });

export const fillerGroup = z.strictObject({
  name: groupName.meta({ description: 'Shown in reports' }),
  count: int(1, 'a whole number of fillers >= 1').default(5),
  capacity: int(1, 'a whole number of parallel jobs >= 1').default(8).meta({ description: 'Parallel jobs per filler' }),
  processing: distribution('Time to perform one order').default({ lognormal: { mean: '20min', cv: 0.5 } }),
  acceptProbability: probability().default(0.95).meta({ description: 'Probability a filler accepts an order for business reasons, where the pattern lets it refuse' }),
  whenBusy: oneOf(['queue', 'refuse', 'hold']).default('queue').meta({ description: 'A full filler (every slot taken), where the pattern lets it answer: queue (accept; the work waits), refuse (says no: busy), hold (leaves the offer unanswered until a slot is free; D, F, G; H and I must answer at once and queue)' }),
  discovery: oneOf(['poll', 'subscription']).optional().meta({ description: "How these fillers learn of work on a server: in B and C (default: the pattern's own, poll in B, subscription in C) and in E and G (default: the scenario's discovery); so some labs can be subscribed while others poll" }),
  polling: groupPolling,
});

/** One group (an object) or a list of groups, each with its own settings; the list numbers actors on across groups. */
export function groups<T extends z.ZodType>(kind: 'placers' | 'fillers', group: T) {
  return z
    // No error of its own: zod then reports the problems of the branch the input's type
    // chose (an object or a list); parse.ts words the case where neither fits.
    .union([group, z.array(group).min(1, expected(`a list of at least one group of ${kind}`))])
    // The single group, every field defaulted (a generic T cannot see that {} is its input).
    .prefault({} as never)
    .meta({ description: `${kind === 'placers' ? 'Ordering systems' : 'Performing systems'}: one group, or a list of groups with their own settings` });
}
