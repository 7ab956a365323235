import { describe, expect, it } from 'vitest';
import { Constant, Exponential, MILLISECOND, MINUTE, RandomStreams, SECOND } from '../src/engine/index.js';
import { PollStats, Poller, type EnoughPages, type FhirResource, type FhirServer, type PollingConfig, type PollHandler } from '../src/models/index.js';
import { c, rig, server, serviceTimes, type Rig } from './support/world-config.js';

/** A rig whose messages and server work take no time, so a poll sees the store as of its tick. */
function instantRig(): Rig & { q: FhirServer } {
  const r = rig({ latency: c(0), timeout: SECOND });
  return { ...r, q: server(r, 'q', { serviceTime: serviceTimes(new Constant(0)), perMatch: 0 }) };
}

/** Starts a poller on the rig's server for active ServiceRequests of `filler/0`; `ticks` records when each poll is made. */
function startPoller(r: Rig & { q: FhirServer }, config: PollingConfig, seed: string, onResults: PollHandler, options: { watermark?: boolean; stats?: PollStats; enough?: EnoughPages } = {}): { poller: Poller; ticks: number[]; stats: PollStats } {
  const ticks: number[] = [];
  const stats = options.stats ?? new PollStats();
  const poller = new Poller(r.sim, r.network, new RandomStreams(seed).stream('polling'), config, stats, {
    actor: 'filler/0',
    server: r.q,
    link: 'filler-server',
    query: () => {
      ticks.push(r.sim.now);
      return { type: 'ServiceRequest', where: { performer: 'filler/0' } };
    },
    watermark: options.watermark ?? true,
    onResults,
    ...(options.enough !== undefined ? { enough: options.enough } : {}),
  }).start();
  return { poller, ticks, stats };
}

describe('polling: discovery delay', () => {
  it('with random phase and zero processing, the mean discovery delay is interval / 2 (20 seeds x 5 pollers, within 3%)', () => {
    const interval = MINUTE;
    const seeds = 20;
    const creates = 500;
    let sum = 0;
    let n = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const r = instantRig();
      const gap = new Exponential(interval / 2);
      const rng = new RandomStreams(seed).stream('creates');
      let made = 0;
      const create = (): void => {
        r.q.store.create({ type: 'ServiceRequest', performer: 'filler/0' }, r.sim.now, 'placer/0');
        if (++made < creates) r.sim.schedule(gap.sample(rng), create, undefined);
      };
      r.sim.schedule(gap.sample(rng), create, undefined);
      for (let p = 0; p < 5; p++) {
        startPoller(r, { interval, jitter: 0, phase: 'random' }, `${seed}/${p}`, (resources) => {
          for (const v of resources) {
            sum += r.sim.now - v.lastUpdated;
            n++;
          }
        });
      }
      r.sim.run({ until: (creates + 20) * interval });
    }
    // Every poller discovers every create exactly once.
    expect(n).toBe(seeds * 5 * creates);
    // A delay is uniform on (0, interval): sd 0.29 interval. With 10,000 independent creates
    // (pollers of one seed share them) the standard error is under 0.6% of the mean, so 3%
    // is over five standard errors; a poller that saw changes one tick late would be at 150%.
    const mean = sum / n;
    expect(Math.abs(mean - interval / 2) / (interval / 2)).toBeLessThan(0.03);
  });

  it('aligned phase puts every poller at the same instants; random phase spreads the first polls over one interval', () => {
    const interval = 10 * SECOND;
    const aligned = instantRig();
    const a = [0, 1, 2, 3].map((i) => startPoller(aligned, { interval, jitter: 0, phase: 'aligned' }, `a${i}`, () => {}).ticks);
    aligned.sim.run({ until: 55 * SECOND });
    for (const ticks of a) expect(ticks).toEqual([0, 10, 20, 30, 40, 50].map((s) => s * SECOND));

    const random = instantRig();
    const firsts = [0, 1, 2, 3, 4, 5].map((i) => startPoller(random, { interval, jitter: 0, phase: 'random' }, `r${i}`, () => {}).ticks);
    random.sim.run({ until: 55 * SECOND });
    const starts = firsts.map((t) => t[0] as number);
    expect(new Set(starts).size).toBe(starts.length);
    for (const ticks of firsts) {
      expect(ticks[0]).toBeGreaterThanOrEqual(0);
      expect(ticks[0]).toBeLessThan(interval);
      for (let i = 1; i < ticks.length; i++) expect((ticks[i] as number) - (ticks[i - 1] as number)).toBe(interval);
    }
    // Uniform over the whole interval: 400 first polls have mean interval/2 (sd of the mean
    // 1.4% of the interval, so 0.06 is over four sd) and reach into its last tenth.
    const many = instantRig();
    const all = Array.from({ length: 400 }, (_v, i) => startPoller(many, { interval, jitter: 0, phase: 'random' }, `m${i}`, () => {}).ticks);
    many.sim.run({ until: interval });
    const phases = all.map((t) => (t[0] as number) / interval);
    expect(Math.abs(phases.reduce((a, b) => a + b, 0) / phases.length - 0.5)).toBeLessThan(0.06);
    expect(Math.max(...phases)).toBeGreaterThan(0.9);
  });

  it('jitter keeps the mean interval and bounds each gap by interval x (1 +/- jitter)', () => {
    const interval = 10 * SECOND;
    const jitter = 0.5;
    const r = instantRig();
    const { ticks } = startPoller(r, { interval, jitter, phase: 'aligned' }, 'jitter', () => {});
    r.sim.run({ until: 3000 * interval });
    const gaps = ticks.slice(1).map((t, i) => t - (ticks[i] as number));
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(interval * (1 - jitter) - 1);
      expect(g).toBeLessThanOrEqual(interval * (1 + jitter) + 1);
    }
    expect(new Set(gaps).size).toBeGreaterThan(gaps.length / 2);
    // A gap is uniform on interval x (0.5, 1.5): sd 0.29 interval; over ~3000 gaps the standard
    // error is 0.5% of the mean, so 2.5% is five standard errors.
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    expect(Math.abs(mean - interval) / interval).toBeLessThan(0.025);
  });
});

describe('polling: counts and watermark', () => {
  it('counts every poll and the empty ones (exact, aligned)', () => {
    const r = instantRig();
    r.sim.schedule(150 * SECOND, () => r.q.store.create({ type: 'ServiceRequest', performer: 'filler/0' }, r.sim.now, 'placer/0'));
    const seen: number[] = [];
    const { stats } = startPoller(r, { interval: MINUTE, jitter: 0, phase: 'aligned' }, 'empty', (resources) => seen.push(resources.length));
    r.sim.run({ until: 330 * SECOND });
    // Polls at 0, 60, ..., 300 s; only the one at 180 s finds the create of 150 s.
    expect(seen).toEqual([0, 0, 0, 1, 0, 0]);
    expect(stats).toMatchObject({ polls: 6, empty: 5, skipped: 0 });
  });

  it('watermark mode returns each change once; without it every poll returns the current result', () => {
    const run = (watermark: boolean): string[][] => {
      const r = instantRig();
      let v: FhirResource | undefined;
      r.sim.schedule(10 * SECOND, () => (v = r.q.store.create({ type: 'ServiceRequest', performer: 'filler/0' }, r.sim.now, 'placer/0')));
      r.sim.schedule(70 * SECOND, () => {
        v = r.q.store.update('ServiceRequest', (v as FhirResource).id, v as FhirResource, { status: 'on-hold' }, { ifMatch: true, actor: 'placer/0', now: r.sim.now }).resource;
      });
      const polls: string[][] = [];
      startPoller(r, { interval: MINUTE, jitter: 0, phase: 'aligned' }, 'wm', (resources) => polls.push(resources.map((x) => `${x.id}v${x.versionId}`)), { watermark });
      r.sim.run({ until: 250 * SECOND });
      return polls;
    };
    expect(run(true)).toEqual([[], ['1v1'], ['1v2'], [], []]);
    expect(run(false)).toEqual([[], ['1v1'], ['1v2'], ['1v2'], ['1v2']]);
  });

  it('a tick that finds the previous poll still running is skipped', () => {
    // Latency 0.6 s each way: every poll takes 1.2 s, so with ticks every second every other one is skipped.
    const r = rig({ latency: c(600 * MILLISECOND), timeout: 10 * SECOND });
    const q = server(r, 'q', { serviceTime: serviceTimes(new Constant(0)), perMatch: 0 });
    const { stats, ticks } = startPoller({ ...r, q }, { interval: SECOND, jitter: 0, phase: 'aligned' }, 'skip', () => {});
    r.sim.run({ until: 9500 * MILLISECOND });
    expect(ticks).toEqual([0, 2, 4, 6, 8].map((s) => s * SECOND));
    expect(stats).toMatchObject({ polls: 5, skipped: 5, empty: 5 });
    expect(r.traffic.count('search')).toBe(5);
  });

  it('goes dormant when there is nothing to ask and wakes on its own cadence', () => {
    const r = instantRig();
    let work = false;
    const ticks: number[] = [];
    const stats = new PollStats();
    const poller = new Poller(r.sim, r.network, new RandomStreams('dormant').stream('polling'), { interval: 10 * SECOND, jitter: 0, phase: 'aligned' }, stats, {
      actor: 'filler/0',
      server: r.q,
      link: 'filler-server',
      query: () => {
        ticks.push(r.sim.now);
        return work ? { type: 'ServiceRequest' } : null;
      },
      watermark: true,
      onResults: () => {},
    }).start();
    r.sim.schedule(25 * SECOND, () => {
      expect(poller.isDormant).toBe(true);
      work = true;
      poller.wake();
    });
    // Waking an active poller changes nothing.
    r.sim.schedule(42 * SECOND, () => poller.wake());
    r.sim.run({ until: 75 * SECOND });
    expect(stats.skipped).toBe(0);
    // Asked once at 0 (nothing to ask: no search, no further ticks), then back on the 10 s grid.
    expect(ticks).toEqual([0, 30, 40, 50, 60, 70].map((s) => s * SECOND));
    expect(stats.polls).toBe(5);
    expect(r.traffic.count('search')).toBe(5);
  });

  it('an aligned poller started late joins the common grid', () => {
    const r = instantRig();
    let ticks: number[] = [];
    r.sim.schedule(25 * SECOND, () => (ticks = startPoller(r, { interval: 10 * SECOND, jitter: 0, phase: 'aligned' }, 'late', () => {}).ticks));
    r.sim.run({ until: 55 * SECOND });
    expect(ticks).toEqual([30, 40, 50].map((s) => s * SECOND));
  });

  it('stop() ends the cadence', () => {
    const r = instantRig();
    const { poller, ticks } = startPoller(r, { interval: SECOND, jitter: 0, phase: 'aligned' }, 'stop', () => {});
    r.sim.schedule(2500 * MILLISECOND, () => poller.stop());
    r.sim.run({ until: 10 * SECOND });
    expect(ticks).toEqual([0, SECOND, 2 * SECOND]);
  });

  it('rejects a non-positive interval and a jitter outside [0, 1)', () => {
    const r = instantRig();
    expect(() => startPoller(r, { interval: 0, jitter: 0, phase: 'aligned' }, 'x', () => {})).toThrow(RangeError);
    expect(() => startPoller(r, { interval: SECOND, jitter: 1, phase: 'aligned' }, 'x', () => {})).toThrow(RangeError);
  });

  it('a full-result poll reads pages only until they are enough; a watermarked one may not stop early', () => {
    const r = rig({ latency: c(0), timeout: SECOND });
    const q = server(r, 'q', { serviceTime: serviceTimes(new Constant(0)), perMatch: 0, pageSize: 3 });
    for (let i = 0; i < 10; i++) q.store.create({ type: 'ServiceRequest', performer: 'filler/0' }, 0, 'placer/0');
    const seen: number[] = [];
    const asked: number[][] = [];
    startPoller({ ...r, q }, { interval: MINUTE, jitter: 0, phase: 'aligned' }, 'enough', (resources) => seen.push(resources.length), {
      watermark: false,
      // Enough once five are held: pages of 3, so the second page is the last read.
      enough: (gathered, from) => {
        asked.push([gathered.length, from]);
        return gathered.length >= 5;
      },
    });
    r.sim.run({ until: 30 * SECOND });
    expect(asked).toEqual([[3, 0], [6, 3]]);
    expect(seen).toEqual([6]);
    expect(r.traffic.count('search')).toBe(1);
    expect(r.traffic.count('page')).toBe(1);
    // Without `enough` the same poll reads all four pages.
    const r2 = rig({ latency: c(0), timeout: SECOND });
    const q2 = server(r2, 'q', { serviceTime: serviceTimes(new Constant(0)), perMatch: 0, pageSize: 3 });
    for (let i = 0; i < 10; i++) q2.store.create({ type: 'ServiceRequest', performer: 'filler/0' }, 0, 'placer/0');
    const all: number[] = [];
    startPoller({ ...r2, q: q2 }, { interval: MINUTE, jitter: 0, phase: 'aligned' }, 'all', (resources) => all.push(resources.length), { watermark: false });
    r2.sim.run({ until: 30 * SECOND });
    expect(all).toEqual([10]);
    expect(r2.traffic.count('page')).toBe(3);
    expect(() => startPoller({ ...r, q }, { interval: MINUTE, jitter: 0, phase: 'aligned' }, 'x', () => {}, { watermark: true, enough: () => true })).toThrow(/watermarked/);
  });
});
