/** The scenario file format (DESIGN.md section 6) as a zod schema: every field but `name` has a default. */

import { z } from 'zod';
import { DAY, parseDuration } from '../engine/index.js';
import { DEFAULT_PAYLOAD_SIZES, MAX_UPDATED } from '../models/index.js';
import { PATTERN_IDS, type PatternId } from '../patterns/index.js';
import { show } from './units.js';
import { distribution, duration, expected, fillerGroup, groups, int, linkLatencies, num, oneOf, placerGroup, probability, profile, rate, serviceTimes } from './value-schemas.js';

/** The longest scenario name: it is the results folder's name. */
export const MAX_NAME_LENGTH = 100;

/** The server profiles `server.profile` accepts (profiles.ts holds their values and sources); `generic` is the simulator's own defaults. */
export const SERVER_PROFILES = ['generic', 'hapi', 'medplum'] as const;

/** A server profile's name. */
export type ServerProfile = (typeof SERVER_PROFILES)[number];

/** A field a server profile sets: no default of its own here (profiles.ts supplies it), so what the file gives can be told apart. */
const byProfile = (description: string, generic: string, hapi: string, medplum: string) =>
  ({ description: `${description}. Default by server.profile: generic ${generic}, hapi ${hapi}, medplum ${medplum}` });

/** The scenario schema. Parsing fills every default; values keep the user's spelling (units are applied later). */
export const scenarioSchema = z.strictObject({
  name: z
    .string(expected('a name (letters, digits, . _ -)'))
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, expected('a name of letters, digits, ".", "_" or "-" (it names the results folder)'))
    // File systems refuse names beyond 255 bytes (ENAMETOOLONG), and the folder's path adds to it.
    .max(MAX_NAME_LENGTH, { error: (iss) => `expected a name of at most ${MAX_NAME_LENGTH} characters (it names the results folder), got ${typeof iss.input === 'string' ? iss.input.length : '?'} characters` })
    .meta({ description: 'Scenario name; results go to <out>/<name>/' }),
  description: z.string(expected('a text')).default('').meta({ description: 'What question this scenario answers' }),
  seed: int(0, 'a whole number >= 0').default(1).meta({ description: 'Master seed; every run derives its own from (seed, sweep point, replication): the patterns of a point share it (common random numbers)' }),
  horizon: duration('Simulated time of each run', true).default('8h'),
  warmup: duration('Orders placed earlier are not measured; statistics restart here').default('30min'),
  clockStart: duration('Time of day at the start of every run (rate profiles and hourly figures are read against it), e.g. 7h for 07:00')
    .superRefine((v, ctx) => {
      const us = typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : undefined;
      if (us !== undefined && us >= 24 * 3600e6) ctx.addIssue({ code: 'custom', message: `expected a time of day below 24h, got ${show(v)}` });
    })
    .default('0h'),
  replications: int(1, 'a whole number of replications >= 1').default(5),
  patterns: z
    .custom<'all' | PatternId[]>()
    .superRefine((v, ctx) => {
      if (v === 'all') return;
      if (!Array.isArray(v) || v.length === 0) {
        ctx.addIssue({ code: 'custom', message: `expected "all" or a list of pattern letters (${PATTERN_IDS.join(', ')}), got ${show(v)}` });
        return;
      }
      v.forEach((p, i) => {
        if (typeof p !== 'string' || !(PATTERN_IDS as readonly string[]).includes(p)) {
          ctx.addIssue({ code: 'custom', path: [i], message: `expected a pattern letter (${PATTERN_IDS.join(', ')}), got ${show(p)}` });
        }
      });
    })
    .default('all')
    .meta({ description: 'Patterns to run: "all" or a list such as [A, B, E]', anyOf: [{ const: 'all' }, { type: 'array', minItems: 1, items: { enum: [...PATTERN_IDS] } }] }),
  discovery: oneOf(['poll', 'subscription']).default('poll').meta({ description: 'How D, E, F and G learn of changes' }),
  placers: groups('placers', placerGroup),
  fillers: groups('fillers', fillerGroup),
  network: z
    .strictObject({
      latency: distribution('One-way latency of every link').default({ lognormal: { mean: '40ms', cv: 0.5 } }),
      links: linkLatencies.meta({ description: 'Per link class overrides of latency' }),
      loss: num(0, 0.99, 'a loss probability between 0 and 0.99').default(0),
      timeout: duration('How long a sender waits before retrying', true).default('10s'),
      retries: int(0, 'a whole number of retries >= 0').default(3),
    })
    .prefault({}),
  bytes: z
    .strictObject({
      requestHeaders: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.requestHeaders).meta({ description: 'Request line and headers of one request' }),
      responseHeaders: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.responseHeaders).meta({ description: 'Status line and headers of one response' }),
      resources: z
        .strictObject({
          ServiceRequest: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.resources.ServiceRequest),
          Task: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.resources.Task),
          DiagnosticReport: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.resources.DiagnosticReport),
          Subscription: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.resources.Subscription),
          Bundle: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.resources.Bundle),
        })
        .prefault({})
        .meta({ description: 'JSON size of one resource of each type' }),
      bundle: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.bundle).meta({ description: "A Bundle's own elements (searchset, transaction, message, notification)" }),
      entry: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.entry).meta({ description: 'Per Bundle entry, beside its resource' }),
      messageHeader: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.messageHeader),
      subscriptionStatus: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.subscriptionStatus).meta({ description: 'SubscriptionStatus of a notification' }),
      parameters: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.parameters).meta({ description: "An operation's Parameters, in or out" }),
      operationOutcome: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.operationOutcome).meta({ description: 'An OperationOutcome answering an error' }),
      urlValue: int(0, 'a number of bytes >= 0').default(DEFAULT_PAYLOAD_SIZES.urlValue).meta({ description: 'Per extra value of a list search criterion in the URL (based-on=a,b,c)' }),
    })
    .prefault({})
    .meta({ description: 'Sizes of what crosses the network, for bytes_* (defaults: compact JSON of typical lab-order resources, HTTP/1.1 headers)' }),
  server: z
    .strictObject({
      profile: oneOf(SERVER_PROFILES).default('generic').meta({ description: 'Published behaviour of a server product for what this file leaves out: generic (the defaults), hapi (HAPI FHIR: 409 on a stale If-Match, subscriptions matched every 5 s, delivery given up after about a minute), medplum (Medplum: 412, delivery retried with doubling waits up to 18 attempts). Fields set in the file (or by --set, or a sweep) win' }),
      workers: int(1, 'a whole number of workers >= 1').default(16),
      serviceTime: serviceTimes,
      perMatch: duration('Added search cost per returned resource').default('0.2ms'),
      perValue: duration('Added search cost per value of a list criterion beyond the first (based-on=a,b,c: one index probe each)').default('0.05ms'),
      pageSize: int(1, 'a page size >= 1').default(50),
      conflictStatus: z.union([z.literal(412), z.literal(409)], expected('412 or 409')).optional().meta(byProfile('Answer to an update whose If-Match version is stale', '412', '409', '412')),
      rateLimit: z
        .strictObject({
          perClient: rate('Requests per client a server serves; more are answered 429 with Retry-After'),
          burst: int(1, 'a whole number of requests >= 1').default(10).meta({ description: 'Requests a client may send at once after a quiet spell (token bucket size)' }),
        })
        .optional()
        .meta({ description: 'A rate limit per client in front of every server (token bucket); clients wait Retry-After and resend, giving up after 8' }),
      host: oneOf(['placer', 'intermediary']).default('intermediary').meta({ description: 'Where B and C keep requests: each placer\'s own server, or one intermediary' }),
    })
    .prefault({}),
  polling: z
    .strictObject({
      interval: duration('Time between polls', true).default('1min'),
      jitter: num(0, 0.99, 'a jitter fraction between 0 and 0.99').default(0.1),
      phase: oneOf(['random', 'aligned']).default('random'),
      placerQuery: oneOf(['based-on', 'chained']).default('based-on').meta({ description: "B: how the placer asks for its events: DiagnosticReport?based-on= listing every open request (FHIR's search parameter), or one chained based-on:ServiceRequest.requester= search (servers with chaining)" }),
      refsPerQuery: int(1, 'a whole number of references per search >= 1').default(100).meta({ description: 'B, based-on: open requests listed per search (URL length); more open orders mean more searches per poll' }),
    })
    .prefault({}),
  subscription: z
    .strictObject({
      payload: oneOf(['empty', 'id-only', 'full-resource']).default('id-only'),
      matchDelay: duration('Delay between a change and its notification').default('0s'),
      batchInterval: duration('If > 0, match in batches on this schedule').optional().meta(byProfile('If > 0, match in batches on this schedule', '0s', '5s', '0s')),
      batchDelivery: oneOf(['combined', 'each']).optional().meta(byProfile('What a batch sends: combined (one notification per subscription with every event of the batch) or each (one notification per event)', 'combined', 'each', 'combined')),
      loss: probability('a delivery failure probability between 0 and 1').default(0),
      retries: int(0, 'a whole number of delivery retries >= 0').optional().meta(byProfile('Delivery retries after a failed attempt', '3', '100 (the time limit ends them first)', '17 (18 attempts)')),
      retryDelay: duration('Wait before the first retry of a failed delivery').optional().meta(byProfile('Wait before the first retry of a failed delivery (0: at once)', '0s', '1s', '1s')),
      retryBackoff: num(1, 100, 'a backoff factor between 1 and 100').optional().meta(byProfile('Factor by which each further wait grows (1: constant)', '1', '1.1', '2')),
      retryDelayMax: duration('Longest wait between attempts').optional().meta(byProfile('Longest wait between two attempts (0: no cap)', '0s', '30s', '0s')),
      giveUpAfter: duration('No retry once this long has passed since the first attempt').optional().meta(byProfile('No retry once this long has passed since the first attempt (0: only retries limits them)', '0s', '1min', '0s')),
      heartbeat: duration('Heartbeat interval per subscription (0: none)').default('0s'),
    })
    .prefault({}),
  messaging: z
    .strictObject({
      mode: oneOf(['sync', 'async']).default('async'),
      ackTimeout: duration('How long an async sender waits for the response message', true).default('30s'),
      retries: int(0, 'a whole number of resends >= 0').default(3),
      progress: z.boolean(expected('true or false')).default(false).meta({ description: 'Filler sends a progress message when work starts (H)' }),
    })
    .prefault({}),
  service: z
    .strictObject({
      mode: oneOf(['sync', 'async']).default('async').meta({ description: 'I: answer when done (sync) or 202 and status polling (async)' }),
    })
    .prefault({}),
  broker: z
    .strictObject({
      selection: oneOf(['preference', 'round-robin', 'least-loaded']).default('least-loaded'),
      assignTimeout: duration('How long an offer may stay unanswered', true).default('10min'),
    })
    .prefault({}),
  task: z
    .strictObject({
      expiry: duration('D, E: a Task nobody accepted or claimed within this is withdrawn by its placer; the order ends rejected, unclaimed (0: never; G offers expire by broker.assignTimeout)').default('2h'),
    })
    .prefault({}),
  clients: z
    .strictObject({
      ifMatch: z.boolean(expected('true or false')).default(true).meta({ description: "Whether clients send If-Match on updates. false: an update wins regardless of what changed since the writer's read (counted as a lost update when it overwrote an unseen version; a server answers 422 when it would be an illegal Task transition). E's claims stay conditional: a claim without If-Match is no claim" }),
    })
    .prefault({}),
  cancellation: z
    .strictObject({
      probability: probability().default(0),
      after: distribution('Delay from placement to the cancel request').default({ exponential: { mean: '10min' } }),
      ownership: oneOf(['auto', 'placer', 'filler']).default('auto').meta({ description: "Who owns the Task and so decides a cancel: filler (the placer POSTs an abort Task, the owner decides; spec Option G), placer (the placer PUTs the Task cancelled, If-Match); auto: filler for D and F, whose Task lives on the filler's server, placer for E and G, whose Task the placer (or broker) keeps on the intermediary" }),
    })
    .prefault({}),
  statusQuery: z
    .strictObject({
      interval: duration('Status query interval while an order is open (0: off)').default('0s'),
      via: oneOf(['search', 'operation']).default('search'),
    })
    .prefault({}),
  outages: z
    .array(
      z
        .strictObject({
          server: z.string(expected('a server: intermediary, placer, filler, broker, or an actor such as filler/2')).optional().meta({ description: 'A server that stops answering: a role (intermediary, placer, filler, broker: every server of it) or an actor (placer/3, filler/0: its own server)' }),
          endpoint: z.string(expected('a subscriber: placers, fillers, broker, or an actor such as placer/3')).optional().meta({ description: "A subscriber's notification endpoint that refuses deliveries: placers, fillers, broker, or an actor" }),
          at: duration('When it starts, from the start of the run'),
          for: duration('How long it lasts', true),
        })
        .superRefine((o, ctx) => {
          if ((o.server === undefined) === (o.endpoint === undefined)) {
            ctx.addIssue({ code: 'custom', message: 'expected exactly one of server or endpoint' });
            return;
          }
          const name = (o.server ?? o.endpoint) as string;
          const field = o.server !== undefined ? 'server' : 'endpoint';
          const words = o.server !== undefined ? ['intermediary', 'placer', 'filler', 'broker'] : ['placers', 'fillers', 'broker'];
          if (!words.includes(name) && !/^(placer|filler)\/\d+$/.test(name)) {
            ctx.addIssue({ code: 'custom', path: [field], message: `expected ${words.join(', ')} or an actor such as ${o.server !== undefined ? 'filler/2' : 'placer/3'}, got ${show(name)}` });
          }
        }),
    )
    .default([])
    .meta({ description: 'Servers that stop answering (requests time out and are retried; notifications wait) and subscriber endpoints that refuse deliveries (retried or lost per subscription settings), each from at for a while' }),
  report: z
    .strictObject({
      latencyBudget: duration('End-to-end p95 latency users can accept, for the report').optional(),
    })
    .prefault({}),
  sweep: z
    .record(z.string(), z.array(z.unknown(), expected('a list of values')).min(1, expected('a list of at least one value')), expected('a map from field paths to lists of values'))
    .default({})
    .meta({ description: 'Grid of runs: dotted field path -> list of values, e.g. fillers.count: [1, 2, 5]' }),
}).superRefine((s, ctx) => {
  // Every order placed in the warm-up goes unmeasured: with warmup >= horizon every run would
  // finish with empty tables and the charts would show nothing, without a word of why.
  const warmup = parseDuration(s.warmup);
  const horizon = parseDuration(s.horizon);
  if (warmup !== undefined && horizon !== undefined && warmup >= horizon) {
    ctx.addIssue({ code: 'custom', path: ['warmup'], message: `expected a warm-up shorter than the horizon (orders placed in the warm-up are not measured, so every run would measure nothing), got warmup ${show(s.warmup)} and horizon ${show(s.horizon)}` });
  }
  // A server stores each resource's lastUpdated in its row, below 2^52 us: a run may not outlast it.
  if (horizon !== undefined && horizon > MAX_UPDATED) {
    ctx.addIssue({ code: 'custom', path: ['horizon'], message: `expected a horizon of at most ${Math.floor(MAX_UPDATED / DAY / 365)} years (a server keeps each resource's lastUpdated below 2^52 us), got ${show(s.horizon)}` });
  }
});

/** A scenario with every default filled in (the user's spellings kept). */
export type Scenario = z.output<typeof scenarioSchema>;

/** What a scenario file may contain. */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** The JSON Schema of scenario files (for editors). */
export function scenarioJsonSchema(): object {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
}
