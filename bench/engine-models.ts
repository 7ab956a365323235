/** The three reference engine models of TOOLCHAIN.md, on the callback core and on the process layer. */

import { ReferenceHeap } from './reference-heap.js';
import { Exponential, Process, RandomStreams, Resource, SECOND, Simulation, type Rng } from '../src/engine/index.js';

/** What one model run reports: logical events, wall time, and a check value proving it ran. */
export interface ModelResult {
  events: number;
  wallNs: bigint;
  check: number;
}

/** Variates, pre-generated or drawn live, in microseconds. */
export interface VariateSource {
  next(): number;
}

/** Pre-generated variates: the engine is timed alone. */
export class Pregenerated implements VariateSource {
  private i = 0;
  constructor(private readonly values: Float64Array) {}
  next(): number {
    return this.values[this.i++] as number;
  }
  static exponential(n: number, mean: number, rng: Rng): Pregenerated {
    const d = new Exponential(mean);
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = Math.round(d.sample(rng));
    return new Pregenerated(v);
  }
}

/** Variates drawn while the model runs (RNG cost included). */
export class Live implements VariateSource {
  private readonly dist: Exponential;
  constructor(mean: number, private readonly rng: Rng) {
    this.dist = new Exponential(mean);
  }
  next(): number {
    // Whole microseconds, as the engine would round them, so every layer sees the same times.
    return Math.round(this.dist.sample(this.rng));
  }
}

/** One of the reference models: builds its own variate sources, then runs timed. */
export type Model = (rng: boolean, seed: number) => ModelResult;

const MM1_CUSTOMERS = 200_000;
const LAMBDA = 0.9;
const MU = 1.0;

function mm1Sources(rng: boolean, seed: number): [VariateSource, VariateSource] {
  const streams = new RandomStreams(seed);
  const a = streams.stream('arrivals');
  const s = streams.stream('service');
  return rng
    ? [new Live(SECOND / LAMBDA, a), new Live(SECOND / MU, s)]
    : [Pregenerated.exponential(MM1_CUSTOMERS, SECOND / LAMBDA, a), Pregenerated.exponential(MM1_CUSTOMERS, SECOND / MU, s)];
}

/** M/M/1 on the callback core: arrival and departure handlers around a Resource. */
export const mm1: Model = (rng, seed) => {
  const [arrivals, services] = mm1Sources(rng, seed);
  const sim = new Simulation();
  const server = new Resource(sim, 1, 'server');
  let arrived = 0;
  const depart = (): void => server.release();
  const start = (): void => {
    sim.schedule(services.next(), depart, undefined);
  };
  const arrive = (): void => {
    if (++arrived < MM1_CUSTOMERS) sim.schedule(arrivals.next(), arrive, undefined);
    server.request(start, undefined);
  };
  const t0 = process.hrtime.bigint();
  sim.schedule(arrivals.next(), arrive, undefined);
  sim.run();
  const wallNs = process.hrtime.bigint() - t0;
  return { events: sim.eventsExecuted, wallNs, check: server.waits.mean / SECOND };
};

/** Hold: one pending timeout at a time, 1,000,000 times. */
export const hold: Model = (rng, seed) => {
  const n = 1_000_000;
  const streams = new RandomStreams(seed);
  const src = rng ? new Live(SECOND, streams.stream('hold')) : Pregenerated.exponential(n, SECOND, streams.stream('hold'));
  const sim = new Simulation();
  let left = n;
  const tick = (): void => {
    if (--left > 0) sim.schedule(src.next(), tick, undefined);
  };
  const t0 = process.hrtime.bigint();
  sim.schedule(src.next(), tick, undefined);
  sim.run();
  return { events: sim.eventsExecuted, wallNs: process.hrtime.bigint() - t0, check: sim.now / SECOND };
};

/** Pending: 1000 independent actors, each doing 1000 exponential(1) timeouts (~1000 events pending). */
export const pending: Model = (rng, seed) => {
  const actors = 1000;
  const each = 1000;
  const streams = new RandomStreams(seed);
  const src = rng ? new Live(SECOND, streams.stream('pending')) : Pregenerated.exponential(actors * each, SECOND, streams.stream('pending'));
  const sim = new Simulation();
  const left = new Int32Array(actors).fill(each);
  const tick = (actor: number): void => {
    if (--left[actor]! > 0) sim.schedule(src.next(), tick, actor);
  };
  const t0 = process.hrtime.bigint();
  for (let a = 0; a < actors; a++) sim.schedule(src.next(), tick, a);
  sim.run();
  return { events: sim.eventsExecuted, wallNs: process.hrtime.bigint() - t0, check: sim.now / SECOND };
};

/** M/M/1 with one generator process per customer (the readable style). */
export const mm1Process: Model = (rng, seed) => {
  const [arrivals, services] = mm1Sources(rng, seed);
  const sim = new Simulation();
  const server = new Resource(sim, 1, 'server');
  function* customer(): Generator<number | typeof server.acquire> {
    yield server.acquire;
    yield services.next();
    server.release();
  }
  function* source(): Generator<number> {
    for (let i = 0; i < MM1_CUSTOMERS; i++) {
      yield arrivals.next();
      new Process(sim, customer()).startNow();
    }
  }
  const t0 = process.hrtime.bigint();
  new Process(sim, source()).start();
  sim.run();
  return { events: 2 * MM1_CUSTOMERS, wallNs: process.hrtime.bigint() - t0, check: server.waits.mean / SECOND };
};

/** Hold with a generator process: one process doing 1,000,000 timeouts. */
export const holdProcess: Model = (rng, seed) => {
  const n = 1_000_000;
  const streams = new RandomStreams(seed);
  const src = rng ? new Live(SECOND, streams.stream('hold')) : Pregenerated.exponential(n, SECOND, streams.stream('hold'));
  const sim = new Simulation();
  function* body(): Generator<number> {
    for (let i = 0; i < n; i++) yield src.next();
  }
  const t0 = process.hrtime.bigint();
  new Process(sim, body()).startNow();
  sim.run();
  return { events: n, wallNs: process.hrtime.bigint() - t0, check: sim.now / SECOND };
};

/** Pending with generator processes: 1000 processes x 1000 timeouts. */
export const pendingProcess: Model = (rng, seed) => {
  const actors = 1000;
  const each = 1000;
  const streams = new RandomStreams(seed);
  const src = rng ? new Live(SECOND, streams.stream('pending')) : Pregenerated.exponential(actors * each, SECOND, streams.stream('pending'));
  const sim = new Simulation();
  function* body(): Generator<number> {
    for (let i = 0; i < each; i++) yield src.next();
  }
  const t0 = process.hrtime.bigint();
  for (let a = 0; a < actors; a++) new Process(sim, body()).startNow();
  sim.run();
  return { events: actors * each, wallNs: process.hrtime.bigint() - t0, check: sim.now / SECOND };
};

/** M/M/1 on the reference heap (kinds: 0 arrival, 1 departure), single server, FIFO by counters. */
export const mm1Reference: Model = (rng, seed) => {
  const [arrivals, services] = mm1Sources(rng, seed);
  const h = new ReferenceHeap();
  let arrived = 0;
  let busy = false;
  let queued = 0;
  const queueTimes = new Float64Array(MM1_CUSTOMERS);
  let qHead = 0;
  let waitSum = 0;
  let served = 0;
  let events = 0;
  const t0 = process.hrtime.bigint();
  h.push(arrivals.next(), 0);
  while (h.size > 0) {
    h.pop();
    events++;
    const now = h.now;
    if (h.poppedKind === 0) {
      if (++arrived < MM1_CUSTOMERS) h.push(now + arrivals.next(), 0);
      if (!busy) {
        busy = true;
        served++;
        h.push(now + services.next(), 1);
      } else {
        queueTimes[qHead + queued++] = now;
      }
    } else if (queued > 0) {
      waitSum += now - (queueTimes[qHead++] as number);
      queued--;
      served++;
      h.push(now + services.next(), 1);
    } else {
      busy = false;
    }
  }
  return { events, wallNs: process.hrtime.bigint() - t0, check: waitSum / served / SECOND };
};

/** Hold on the reference heap. */
export const holdReference: Model = (rng, seed) => {
  const n = 1_000_000;
  const streams = new RandomStreams(seed);
  const src = rng ? new Live(SECOND, streams.stream('hold')) : Pregenerated.exponential(n, SECOND, streams.stream('hold'));
  const h = new ReferenceHeap();
  let events = 0;
  const t0 = process.hrtime.bigint();
  h.push(src.next(), 0);
  while (h.size > 0) {
    h.pop();
    if (++events < n) h.push(h.now + src.next(), 0);
  }
  return { events, wallNs: process.hrtime.bigint() - t0, check: h.now / SECOND };
};

/** Pending on the reference heap (the kind is the actor number). */
export const pendingReference: Model = (rng, seed) => {
  const actors = 1000;
  const each = 1000;
  const streams = new RandomStreams(seed);
  const src = rng ? new Live(SECOND, streams.stream('pending')) : Pregenerated.exponential(actors * each, SECOND, streams.stream('pending'));
  const h = new ReferenceHeap();
  const left = new Int32Array(actors).fill(each);
  let events = 0;
  const t0 = process.hrtime.bigint();
  for (let a = 0; a < actors; a++) h.push(src.next(), a);
  while (h.size > 0) {
    h.pop();
    events++;
    const a = h.poppedKind;
    if (--left[a]! > 0) h.push(h.now + src.next(), a);
  }
  return { events, wallNs: process.hrtime.bigint() - t0, check: h.now / SECOND };
};
