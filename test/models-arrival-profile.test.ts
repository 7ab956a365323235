import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND, createStream } from '../src/engine/index.js';
import { ProfiledArrivals, World, collectRunOutcome, hourOfDay, hourlyFigures } from '../src/models/index.js';
import { patterns, type PatternId } from '../src/patterns/index.js';
import { scenarioProblems } from './support/scenario-problems.js';
import { c, worldConfig } from './support/world-config.js';

// A daily profile makes the placers' orders a non-homogeneous Poisson process (thinning): the
// count in each hour is Poisson with mean rate x multiplier x placers, and bursts multiply it.

const flat = (m: number): number[] => new Array<number>(24).fill(m);

function world(id: PatternId, overrides: Parameters<typeof worldConfig>[0]): World {
  const w = new World(worldConfig(overrides));
  patterns[id].setup(w);
  w.run();
  return w;
}

describe('arrival profiles: hourly multipliers and bursts, by thinning', () => {
  it('hourOfDay reads simulated time against the clock start', () => {
    expect(hourOfDay(0, 0)).toBe(0);
    expect(hourOfDay(90 * MINUTE, 0)).toBe(1);
    expect(hourOfDay(0, 7 * HOUR)).toBe(7);
    expect(hourOfDay(17 * HOUR + 1, 7 * HOUR)).toBe(0);
    expect(hourOfDay(30 * HOUR, 0)).toBe(6);
  });

  it('orders per hour follow the profile: each hour within 4 sd of its Poisson mean, silent hours silent', () => {
    // 0 at night, 1 by day, 3 in the afternoon; 40 placers at 10/h: 0, 400 and 1200 per hour.
    const hourly = [...flat(0).slice(0, 8), ...flat(1).slice(0, 6), ...flat(3).slice(0, 4), ...flat(1).slice(0, 2), ...flat(0).slice(0, 4)];
    const w = world('A', {
      horizon: 24 * HOUR,
      placers: { count: 40, meanInterarrival: 6 * MINUTE, arrivals: 'poisson', profile: { hourly, bursts: [], clockStart: 0 } },
      fillers: { count: 20, capacity: 200, processing: c(MINUTE), acceptProbability: 1 },
    });
    const perHour = new Array<number>(24).fill(0);
    for (const o of w.ledger.orders()) perHour[Math.floor(o.placedAt / HOUR)]!++;
    hourly.forEach((m, h) => {
      const expected = 400 * m;
      if (expected === 0) expect(perHour[h], `hour ${h}`).toBe(0);
      else expect(Math.abs((perHour[h] as number) - expected), `hour ${h}: ${perHour[h]} vs ${expected}`).toBeLessThan(4 * Math.sqrt(expected));
    });
  });

  it('a burst multiplies the rate inside its window only, on top of the hour, and the clock start shifts the profile', () => {
    const hourly = [...flat(1).slice(0, 12), ...flat(2).slice(0, 12)];
    const arrivals = new ProfiledArrivals({ hourly, bursts: [{ at: HOUR, for: 30 * MINUTE, factor: 4 }], clockStart: 12 * HOUR }, 10 * SECOND);
    // The run starts at 12:00: multiplier 2, and 8 inside the burst (01:00-01:30 into the run).
    expect(arrivals.peak).toBe(8);
    expect(arrivals.multiplier(0)).toBe(2);
    expect(arrivals.multiplier(HOUR + 10 * MINUTE)).toBe(8);
    expect(arrivals.multiplier(HOUR + 30 * MINUTE)).toBe(2);
    expect(arrivals.multiplier(12 * HOUR)).toBe(1);
    const rng = createStream('profile-test', 'arrivals');
    let inBurst = 0;
    let before = 0;
    for (let t = arrivals.next(0, rng); t < 2 * HOUR; t = arrivals.next(t, rng)) {
      if (t >= HOUR && t < HOUR + 30 * MINUTE) inBurst++;
      else if (t >= 30 * MINUTE && t < HOUR) before++;
    }
    // 30 min at 2 per 10 s = 360 expected; in the burst 1440.
    expect(Math.abs(before - 360)).toBeLessThan(4 * Math.sqrt(360));
    expect(Math.abs(inBurst - 1440)).toBeLessThan(4 * Math.sqrt(1440));
  });

  it('is the same stream in every pattern: the same orders at the same times (common random numbers)', () => {
    const profile = { hourly: [...flat(0.2).slice(0, 6), ...flat(2).slice(0, 18)], bursts: [{ at: 2 * HOUR, for: HOUR, factor: 3 }], clockStart: 4 * HOUR };
    const cfg = { horizon: 4 * HOUR, placers: { count: 5, meanInterarrival: 10 * MINUTE, arrivals: 'poisson' as const, profile } };
    const times = (id: PatternId): number[] => world(id, cfg).ledger.all().map((o) => o.placedAt);
    const a = times('A');
    expect(a.length).toBeGreaterThan(50);
    expect(times('B')).toEqual(a);
    expect(times('G')).toEqual(a);
  });

  it('peak and quiet hours: polling costs around the clock, subscriptions follow the orders', () => {
    // Busy 8 h then idle 8 h, from a 30 min warm-up: 15 whole clock hours are measured.
    const profile = { hourly: [...flat(3).slice(0, 8), ...flat(0).slice(0, 16)], bursts: [], clockStart: 0 };
    const cfg = {
      horizon: 16 * HOUR,
      warmup: 30 * MINUTE,
      placers: { count: 10, meanInterarrival: 20 * MINUTE, arrivals: 'poisson' as const, profile },
      fillers: { count: 4, capacity: 20, processing: c(10 * MINUTE), acceptProbability: 1 },
      polling: { interval: MINUTE, jitter: 0, phase: 'random' as const },
    };
    const b = world('B', cfg);
    const cSub = world('C', cfg);
    const fb = hourlyFigures(b);
    const fc = hourlyFigures(cSub);
    // The fillers of B poll every minute whatever happens: 4 x 60 searches an idle hour.
    expect(fb.interactionsQuietHour).toBeGreaterThanOrEqual(4 * 60 - 8);
    expect(fb.interactionsQuietHour / fb.interactionsPeakHour).toBeGreaterThan(0.2);
    // C sends nothing when nothing happens (no heartbeats here).
    expect(fc.interactionsQuietHour).toBe(0);
    expect(fc.interactionsPeakHour).toBeGreaterThan(200);
    // The same orders in both: 10 placers x 3/h x 3 (the profile) = 90 expected in the busiest hour.
    expect(fb.ordersPeakHour).toBe(fc.ordersPeakHour);
    expect(fb.ordersPeakHour).toBeGreaterThan(90);
    // The columns of runs.csv are these figures; the peak hour's overhead is that of its orders.
    const m = collectRunOutcome(b).metrics;
    expect([m.orders_peak_hour, m.interactions_peak_hour, m.interactions_quiet_hour]).toEqual([fb.ordersPeakHour, fb.interactionsPeakHour, fb.interactionsQuietHour]);
    expect(m.latency_overhead_p95_peak_hour_s).toBeGreaterThan(30);
    expect(m.latency_overhead_p95_peak_hour_s).toBeLessThan(125);
  });

  it('a run without a whole clock hour after its warm-up has no hourly figures (empty, not zero)', () => {
    const m = collectRunOutcome(world('A', { horizon: 50 * MINUTE, warmup: 10 * MINUTE })).metrics;
    expect([m.orders_peak_hour, m.interactions_peak_hour, m.interactions_quiet_hour, m.latency_overhead_p95_peak_hour_s].every(Number.isNaN)).toBe(true);
  });

  it('scenario files: a profile needs 24 multipliers, Poisson arrivals and a clock start within the day', () => {
    const problems = (text: string): string => scenarioProblems(text, 'p.yaml');
    expect(problems('name: p\nplacers: { profile: { hourly: [1, 2, 3] } }\n')).toBe('p.yaml:2 placers.profile.hourly: expected a list of 24 rate multipliers, one per hour from 00:00, got [1,2,3]');
    expect(problems(`name: p\nplacers: { arrivals: fixed, profile: { hourly: [${flat(1).join(', ')}] } }\n`)).toBe('p.yaml:2 placers.arrivals: expected poisson with a profile (a varying rate is a non-homogeneous Poisson process), got "fixed"');
    expect(problems(`name: p\nplacers: { profile: { hourly: [${flat(0).join(', ')}] } }\n`)).toMatch(/placers\.profile\.hourly: expected at least one multiplier above 0/);
    expect(problems('name: p\nclockStart: 25h\n')).toBe('p.yaml:2 clockStart: expected a time of day below 24h, got "25h"');
    expect(problems(`name: p\nplacers:\n  - { count: 2, profile: { hourly: [${flat(1).join(', ')}], bursts: [{ at: 1h, for: 0s, factor: 2 }] } }\n`)).toMatch(/p\.yaml:3 placers\[0\]\.profile\.bursts\[0\]\.for: expected a duration > 0/);
  });
});
