import { describe, expect, it } from 'vitest';
import { Constant, Exponential, MILLISECOND, MINUTE, RandomStreams, SECOND, Simulation } from '../src/engine/index.js';
import { FhirServer, Network, TrafficStats, World } from '../src/models/index.js';
import { serviceTimes, worldConfig } from './support/world-config.js';

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = lambda / mu. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}

/**
 * A client sends reads with exponential gaps (rate lambda per second) over a constant-latency
 * link, so they reach the server as a Poisson stream; the server reads with exponential
 * service (rate mu) on c workers. Returns the server's mean queue wait in seconds and its
 * utilisation, both after the first `warmup` requests.
 */
function serverMMc(seed: number, lambda: number, mu: number, c: number, requests: number, warmup: number): { wait: number; utilisation: number } {
  const streams = new RandomStreams(seed);
  const sim = new Simulation();
  const network = new Network(sim, streams.stream('network'), { latency: new Constant(20 * MILLISECOND), loss: 0, timeout: Infinity, retries: 0 }, new TrafficStats());
  const server = new FhirServer('q', 'intermediary', sim, network, { workers: c, serviceTime: serviceTimes(new Constant(0), { read: new Exponential(SECOND / mu) }), perMatch: 0, pageSize: 50, conflictStatus: 412 }, streams.stream('service'));
  const sr = server.store.create({ type: 'ServiceRequest' }, 0, 'setup');
  const gap = new Exponential(SECOND / lambda);
  const arrivals = streams.stream('arrivals');
  let sent = 0;
  let utilisation = Number.NaN;
  const send = (): void => {
    sent++;
    if (sent === warmup) server.workers.resetStatistics();
    if (sent === requests) utilisation = server.workers.utilisation();
    else sim.schedule(gap.sample(arrivals), send, undefined);
    network.call('client', server, { kind: 'read', type: 'ServiceRequest', id: sr.id }, 'placer-server');
  };
  sim.schedule(gap.sample(arrivals), send, undefined);
  sim.run();
  return { wait: server.workers.waits.mean / SECOND, utilisation };
}

describe('FHIR server as a queue', () => {
  it('reproduces M/M/c waiting times: c = 3, rho = 0.7, mean over 20 seeds within 5% of Erlang C', () => {
    const c = 3;
    const mu = 1;
    const lambda = 2.1;
    const expected = erlangC(c, lambda / mu) / (c * mu - lambda);
    const seeds = 20;
    let wait = 0;
    let utilisation = 0;
    for (let s = 1; s <= seeds; s++) {
      const r = serverMMc(s, lambda, mu, c, 40_000, 4_000);
      wait += r.wait / seeds;
      utilisation += r.utilisation / seeds;
    }
    // 20 x 36,000 measured requests: seeds scatter by about 4% each, so the standard error of
    // the 20-seed mean is about 1% and 5% is five standard errors; a wrong worker count
    // (c = 2 or 4) or a service time drawn twice moves the mean by far more than 5%.
    expect(Math.abs(wait - expected) / expected).toBeLessThan(0.05);
    expect(Math.abs(utilisation - 0.7) / 0.7).toBeLessThan(0.02);
  });

  it('more pollers mean a longer mean queue wait (monotone over 4, 16 and 48 pollers, same seed)', () => {
    const waits = [4, 16, 48].map((pollers) => {
      const w = new World(
        worldConfig({
          seed: 3,
          server: { workers: 2, serviceTime: serviceTimes(new Constant(2000), { search: new Exponential(20 * MILLISECOND) }) },
          polling: { interval: SECOND, jitter: 0.1, phase: 'random' },
        }),
      );
      const q = w.server('q', 'intermediary');
      for (let i = 0; i < 20; i++) q.store.create({ type: 'ServiceRequest', performer: 'filler/0' }, 0, 'placer/0');
      for (let i = 0; i < pollers; i++) {
        w.poller(`filler/${i}`, q, 'filler-server', () => ({ type: 'ServiceRequest', where: { performer: 'filler/0', status: 'active' } }), () => {}, { watermark: false });
      }
      w.sim.run({ until: 10 * MINUTE });
      expect(w.pollStats.polls).toBeGreaterThan(pollers * 590);
      return q.workers.waits.mean;
    });
    expect(waits[0]).toBeGreaterThan(0);
    expect(waits[1]).toBeGreaterThan(waits[0] as number);
    expect(waits[2]).toBeGreaterThan(waits[1] as number);
  });
});
