/** One order through one pattern in a tiny deterministic world, traced message by message (for `explain` and tests). */

import { Constant, MILLISECOND, MINUTE, SECOND, formatDuration } from '../../engine/index.js';
import { MessageTrace, World, groupList, groupTotal, type Order, type TracedInteraction, type WorldConfig } from '../../models/index.js';
import type { Pattern } from '../pattern.js';

/**
 * A world small enough to follow by hand: one placer placing exactly one order at 1 s,
 * one filler that always accepts, constant 40 ms latency, constant service times, 10 min
 * of processing, aligned polls every minute. Overrides replace whole sections.
 */
export function tinyWorldConfig(overrides: Partial<WorldConfig> = {}): WorldConfig {
  const c = (us: number): Constant => new Constant(us);
  return {
    seed: 1,
    horizon: 60 * MINUTE,
    warmup: 0,
    placers: { count: 1, meanInterarrival: 60 * MINUTE, arrivals: 'fixed', maxOrders: 1, firstArrival: SECOND },
    fillers: { count: 1, capacity: 1, processing: c(10 * MINUTE), acceptProbability: 1 },
    network: { latency: c(40 * MILLISECOND), loss: 0, timeout: 10 * SECOND, retries: 3 },
    server: {
      workers: 4,
      serviceTime: { read: c(4 * MILLISECOND), search: c(15 * MILLISECOND), create: c(8 * MILLISECOND), update: c(8 * MILLISECOND), operation: c(20 * MILLISECOND), notify: c(2 * MILLISECOND) },
      perMatch: 0,
      pageSize: 50,
      conflictStatus: 412,
      host: 'intermediary',
    },
    discovery: 'poll',
    polling: { interval: MINUTE, jitter: 0, phase: 'aligned' },
    subscription: { payload: 'id-only', matchDelay: 0, batchInterval: 0, loss: 0, retries: 3, heartbeat: 0 },
    messaging: { mode: 'async', ackTimeout: 30 * SECOND, retries: 3, progress: false },
    service: { mode: 'async' },
    broker: { selection: 'preference', assignTimeout: 10 * MINUTE },
    cancellation: { probability: 0, after: c(5 * MINUTE), ownership: 'auto' },
    statusQuery: { interval: 0, via: 'search' },
    ...overrides,
  };
}

/**
 * What a reader may vary in the tiny world: how changes are learned, notification payloads,
 * messaging and service modes; optionally a cancel by the placer (D-G) and clients without If-Match.
 */
export interface TinyWorldChoices {
  discovery: WorldConfig['discovery'];
  payload: WorldConfig['subscription']['payload'];
  messaging: WorldConfig['messaging']['mode'];
  service: NonNullable<WorldConfig['service']>['mode'];
  /** The placer cancels the order `CANCEL_AFTER` after placing it, with this Task ownership. */
  cancel?: WorldConfig['cancellation']['ownership'];
  ifMatch?: boolean;
}

/** When the tiny world's placer cancels: after the filler has started its 10 min of work in every Task pattern. */
export const CANCEL_AFTER = 3 * MINUTE;

/** The tiny world with those choices (for `fwsim explain` and the report's one-order section). */
export function tinyWorldWith(choices: TinyWorldChoices): WorldConfig {
  const base = tinyWorldConfig();
  return tinyWorldConfig({
    discovery: choices.discovery,
    subscription: { ...base.subscription, payload: choices.payload },
    messaging: { ...base.messaging, mode: choices.messaging },
    service: { mode: choices.service },
    ...(choices.cancel === undefined ? {} : { cancellation: { probability: 1, after: new Constant(CANCEL_AFTER), ownership: choices.cancel } }),
    ...(choices.ifMatch === undefined ? {} : { clients: { ifMatch: choices.ifMatch } }),
  });
}

/** The world a trace ran in, in words, read from its own settings: `1 placer, 1 filler, 40ms latency, ...`. */
export function describeTinyWorld(c: WorldConfig): string {
  const learning = c.discovery === 'poll'
    ? `${c.polling.phase} polls every ${formatDuration(c.polling.interval)}`
    : `subscriptions with ${c.subscription.payload} payloads`;
  const cancel = c.cancellation.probability > 0 ? `, the placer cancels after ${formatDuration(c.cancellation.after.mean)} (${c.cancellation.ownership} ownership)` : '';
  const blind = c.clients?.ifMatch === false ? ', clients without If-Match' : '';
  const filler = groupList(c.fillers)[0];
  return `${groupTotal(c.placers)} placer, ${groupTotal(c.fillers)} filler, ${formatDuration(c.network.latency.mean)} latency, ${filler === undefined ? '' : formatDuration(filler.processing.mean)} processing, ${learning}, messaging ${c.messaging.mode}, service ${c.service?.mode ?? 'async'}${cancel}${blind}`;
}

/** The traced life of one order. */
export interface OrderTrace {
  /** Messages that concerned the order (requests about it, and polls or searches that found it), in sending order. */
  lines: TracedInteraction[];
  order: Order;
  world: World;
}

/**
 * Runs `pattern` in `config` (default: the tiny world) until the horizon and returns the
 * interactions of the first order: taken from the run itself, not written by hand.
 */
export function traceOneOrder(pattern: Pattern, config: WorldConfig = tinyWorldConfig()): OrderTrace {
  const world = new World(config);
  const trace = new MessageTrace();
  world.network.tracer = trace;
  pattern.setup(world);
  world.run();
  const order = world.ledger.order(0);
  if (order === undefined) throw new Error(`pattern ${pattern.id}: no order was placed before the horizon`);
  return { lines: trace.lines.filter((l) => l.order === order.id), order, world };
}
