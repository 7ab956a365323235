import { describe, expect, it } from 'vitest';
import { Exponential, RandomStreams, Resource, SECOND, Simulation, Tally, spawn, type ProcessBody } from '../src/engine/index.js';

/** Mean wait in queue (seconds) of an M/M/c queue, customers after `warmup` only. */
function simulateMMc(seed: number, lambda: number, mu: number, c: number, customers: number, warmup: number): number {
  const streams = new RandomStreams(seed);
  const arrivalRng = streams.stream('arrivals');
  const serviceRng = streams.stream('service');
  const interarrival = new Exponential(SECOND / lambda);
  const service = new Exponential(SECOND / mu);
  const sim = new Simulation();
  const servers = new Resource(sim, c, 'servers');
  const arrivedAt = new Float64Array(customers);
  const waits = new Tally();
  let arrived = 0;
  const depart = (): void => servers.release();
  const start = (id: number): void => {
    if (id >= warmup) waits.record(sim.now - (arrivedAt[id] as number));
    sim.schedule(service.sample(serviceRng), depart, undefined);
  };
  const arrive = (): void => {
    const id = arrived++;
    arrivedAt[id] = sim.now;
    if (arrived < customers) sim.schedule(interarrival.sample(arrivalRng), arrive, undefined);
    servers.request(start, id);
  };
  sim.schedule(interarrival.sample(arrivalRng), arrive, undefined);
  sim.run();
  return waits.mean / SECOND;
}

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda/mu. */
function erlangC(c: number, a: number): number {
  const rho = a / c;
  let term = 1;
  let sum = 1; // k = 0
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = ((term * a) / c) / (1 - rho);
  return last / (sum + last);
}

function meanOverSeeds(seeds: number, f: (seed: number) => number): number {
  let total = 0;
  for (let s = 1; s <= seeds; s++) total += f(1000 + s);
  return total / seeds;
}

describe('queueing against closed forms (20 seeds, warm-up dropped, tolerance 5%)', () => {
  it.each([
    { rho: 0.5, customers: 100_000 },
    { rho: 0.9, customers: 200_000 },
  ])('M/M/1 at rho $rho: mean wait in queue = rho / (mu - lambda)', ({ rho, customers }) => {
    const mu = 1;
    const lambda = rho * mu;
    const expected = rho / (mu - lambda);
    const measured = meanOverSeeds(20, (seed) => simulateMMc(seed, lambda, mu, 1, customers, customers / 10));
    expect(Math.abs(measured - expected) / expected).toBeLessThan(0.05);
  });

  it('M/M/3 at rho 0.8: mean wait in queue = ErlangC / (c mu - lambda)', () => {
    const c = 3;
    const mu = 1;
    const lambda = 2.4;
    const expected = erlangC(c, lambda / mu) / (c * mu - lambda);
    const measured = meanOverSeeds(20, (seed) => simulateMMc(seed, lambda, mu, c, 100_000, 10_000));
    expect(Math.abs(measured - expected) / expected).toBeLessThan(0.05);
  });

  it('records utilisation and queue length time-weighted: M/M/1 at rho 0.5 is busy half the time with Lq = 0.5', () => {
    let util = 0;
    let lq = 0;
    const seeds = 20;
    for (let s = 0; s < seeds; s++) {
      const streams = new RandomStreams(s);
      const ia = new Exponential(SECOND / 0.5);
      const sv = new Exponential(SECOND);
      const ra = streams.stream('a');
      const rs = streams.stream('s');
      const sim = new Simulation();
      const server = new Resource(sim, 1);
      const depart = (): void => server.release();
      const start = (): void => {
        sim.schedule(sv.sample(rs), depart, undefined);
      };
      const arrive = (): void => {
        sim.schedule(ia.sample(ra), arrive, undefined);
        server.request(start, undefined);
      };
      sim.schedule(0, arrive, undefined);
      sim.schedule(1000 * SECOND, () => server.resetStatistics());
      sim.run({ until: 101_000 * SECOND });
      util += server.utilisation();
      lq += server.queueLength.mean(sim.now);
    }
    expect(Math.abs(util / seeds - 0.5) / 0.5).toBeLessThan(0.02);
    // M/M/1: Lq = rho^2 / (1 - rho) = 0.5
    expect(Math.abs(lq / seeds - 0.5) / 0.5).toBeLessThan(0.05);
  });

  it('gives the same waits with the process layer as with callbacks (same streams, same order)', () => {
    const seed = 7;
    const customers = 2000;
    const callbackMean = simulateMMc(seed, 0.9, 1, 1, customers, 0);
    const streams = new RandomStreams(seed);
    const arrivalRng = streams.stream('arrivals');
    const serviceRng = streams.stream('service');
    const ia = new Exponential(SECOND / 0.9);
    const sv = new Exponential(SECOND);
    const sim = new Simulation();
    const server = new Resource(sim, 1);
    function* customer(): ProcessBody {
      yield server.acquire;
      yield sv.sample(serviceRng);
      server.release();
    }
    function* source(): ProcessBody {
      for (let i = 0; i < customers; i++) {
        yield ia.sample(arrivalRng);
        spawn(sim, customer());
      }
    }
    spawn(sim, source());
    sim.run();
    expect(server.waits.count).toBe(customers);
    expect(server.waits.mean / SECOND).toBeCloseTo(callbackMean, 9);
  });
});
