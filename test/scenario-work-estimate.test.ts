import { describe, expect, it } from 'vitest';
import { loadScenario } from '../src/cli/scenario-file.js';
import { expandJobs, runJob } from '../src/runner/index.js';
import {
  BYTES_PER_ACTOR, BYTES_PER_ORDER, BYTES_PER_WORLD, EVENTS_PER_ORDER, EVENTS_PER_POLL, WORK_LIMITS,
  estimateWork, parseScenario, scenarioAt, workProblems, type Scenario,
} from '../src/scenario/index.js';

const estimate = (yaml: string) => estimateWork(parseScenario(yaml, 't.yaml'));

describe('the work estimate, from sizes alone', () => {
  it('counts runs as patterns x the product of the sweep lengths x replications', () => {
    const e = estimate('name: t\npatterns: [A, E]\nreplications: 3\nsweep:\n  fillers.count: [1, 2, 5]\n  polling.interval: [15s, 1min]\n');
    expect([e.patterns, e.points, e.replications, e.runs]).toEqual([2, 6, 3, 36]);
  });

  it('never expands the grid: 10^12 points are counted as quickly as 6', () => {
    const paths = ['polling.interval', 'network.timeout', 'network.retries', 'fillers.capacity', 'server.workers', 'server.pageSize', 'polling.jitter', 'network.loss', 'task.expiry', 'broker.assignTimeout', 'messaging.retries', 'subscription.retries'];
    const values: Record<string, string> = {
      'polling.jitter': '[0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]', 'network.loss': '[0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]',
    };
    const yaml = `name: t\nsweep:\n${paths.map((p) => `  ${p}: ${values[p] ?? '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]'}`).join('\n')}\n`;
    // Expanding it would take terabytes and never return; the estimate only multiplies.
    const e = estimateWork(parseScenario(yaml, 't.yaml'));
    expect(e.points).toBe(1e12);
    expect(e.runs).toBe(9 * 1e12 * 5);
  });

  it('orders, actors and polls of a run: rate x horizon per placer; every placer and filler polls at its interval', () => {
    const e = estimate('name: t\nhorizon: 8h\nplacers: { count: 20, orderRate: 4/h }\nfillers: { count: 5 }\npolling: { interval: 1min }\n');
    expect(e.ordersPerRun).toBeCloseTo(20 * 4 * 8, 6);
    expect(e.actorsPerRun).toBe(25);
    expect(e.pollsPerRun).toBeCloseTo(25 * 8 * 60, 6);
    expect(e.eventsPerRun).toBeCloseTo(640 * EVENTS_PER_ORDER + 12_000 * EVENTS_PER_POLL, 3);
    expect(e.memoryPerRun).toBeCloseTo(BYTES_PER_WORLD + 640 * BYTES_PER_ORDER + 25 * BYTES_PER_ACTOR, 0);
  });

  it('groups add up, each with its own rate and polling interval', () => {
    const e = estimate('name: t\nhorizon: 2h\nplacers:\n  - { count: 10, orderRate: 6/h, polling: { interval: 30s } }\n  - { count: 2, orderRate: 60/h }\nfillers: { count: 1, polling: { interval: 10s } }\npolling: { interval: 1min }\n');
    expect(e.ordersPerRun).toBeCloseTo(10 * 6 * 2 + 2 * 60 * 2, 6);
    expect(e.actorsPerRun).toBe(13);
    expect(e.pollsPerRun).toBeCloseTo(10 * 240 + 2 * 120 + 1 * 720, 6);
  });

  it('a daily profile weighs the horizon hour by hour from the clock start; a burst adds its extra', () => {
    const office = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const day = estimate(`name: t\nhorizon: 24h\nwarmup: 1h\nplacers: { count: 1, orderRate: 2/h, profile: { hourly: [${office.join(', ')}] } }\n`);
    expect(day.ordersPerRun).toBeCloseTo(8 * 2, 6);
    // From 06:00 for 4 h: 06-08 closed, 08-10 open.
    const morning = estimate(`name: t\nhorizon: 4h\nwarmup: 1h\nclockStart: 6h\nplacers: { count: 1, orderRate: 2/h, profile: { hourly: [${office.join(', ')}] } }\n`);
    expect(morning.ordersPerRun).toBeCloseTo(2 * 2, 6);
    // Bursts multiply what the hour has: at 09:00-11:00, 3 x 2 h x 2/h more; at night, nothing.
    const bursts = estimate(`name: t\nhorizon: 24h\nwarmup: 1h\nplacers: { count: 1, orderRate: 2/h, profile: { hourly: [${office.join(', ')}], bursts: [{ at: 9h, for: 2h, factor: 4 }, { at: 2h, for: 3h, factor: 10 }] } }\n`);
    expect(bursts.ordersPerRun).toBeCloseTo(16 + 12, 6);
  });

  it('a swept size counts at its largest value, and swept sizes combine at their largest together', () => {
    const e = estimate('name: t\nhorizon: 8h\nplacers: { count: 20 }\nsweep:\n  placers.count: [10, 1000]\n  horizon: [1h, 8h]\n  polling.interval: [10s, 5min]\n');
    expect(e.ordersPerRun).toBeCloseTo(1000 * 4 * 8, 6);
    expect(e.actorsPerRun).toBe(1005);
    expect(e.pollsPerRun).toBeCloseTo(1005 * 8 * 360, 6);
    // The written value does not count when the sweep replaces it.
    expect(estimate('name: t\nplacers: { count: 5000 }\nsweep: { placers.count: [1, 2] }\n').actorsPerRun).toBe(7);
  });

  it('a swept value that is no size at all (reported by the sweep check) does not count', () => {
    const s = { ...parseScenario('name: t\nplacers: { count: 20 }\n', 't.yaml'), sweep: { 'placers.count': ['many', -5, 40], 'polling.interval': [0, 'soon'] } } as Scenario;
    const e = estimateWork(s);
    expect(e.actorsPerRun).toBe(45);
    expect(Number.isFinite(e.eventsPerRun)).toBe(true);
  });

  it('is near a real run: the heaviest pattern within a third of the events estimate, orders within 15%', () => {
    const s = loadScenario('scenarios/default.yaml', { set: ['horizon=2h', 'warmup=15min'], replications: 1 });
    const jobs = expandJobs(s);
    // Point 0 polls most (20 fillers, every 15 s), point 8 least (40 fillers, every minute).
    for (const point of [0, 8]) {
      const e = estimateWork({ ...scenarioAt(s, jobs.find((j) => j.point.index === point)!.point), sweep: {} });
      const runs = jobs.filter((j) => j.point.index === point).map((j) => runJob(s, j, () => 0).metrics);
      const heaviest = Math.max(...runs.map((m) => m.events as number));
      expect(heaviest / e.eventsPerRun).toBeGreaterThan(0.67);
      expect(heaviest / e.eventsPerRun).toBeLessThan(1.33);
      // orders_placed counts the orders after the warm-up: 105 of the 120 minutes.
      const measured = (runs[0]?.orders_placed as number) / (e.ordersPerRun * 105 / 120);
      expect(measured).toBeGreaterThan(0.85);
      expect(measured).toBeLessThan(1.15);
    }
  });

  it('the shipped scenarios are within the limits, the absurd ones are not', () => {
    for (const name of ['default', 'scale', 'regional-lab-network', 'polling-interval']) {
      expect(workProblems(loadScenario(`scenarios/${name}.yaml`), WORK_LIMITS, () => undefined)).toEqual([]);
    }
    const absurd = parseScenario('name: t\nplacers: { count: 1000000000 }\n', 't.yaml');
    expect(workProblems(absurd, WORK_LIMITS, () => 7).map((p) => `${p.line}:${p.path}`)).toEqual(['7:placers.count', '7:placers.count', 'undefined:']);
  });
});
