import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAN,
  calibrationTag,
  consentMessage,
  describePlan,
  estimateWorkers,
  fragmentYaml,
  isLoopbackHost,
  makePlan,
  median,
  msDuration,
  parseBase,
  planCounts,
  quantile,
  serviceTimes,
  type CalibrationResult,
  type LevelMeasurement,
} from '../src/calibration/index.js';
import { parseScenario } from '../src/scenario/index.js';

// The arithmetic of calibration, on hand-made measurements: no server, no clock.

/** A level whose `n` requests each took `latency` ms and all finished within `elapsed` ms. */
const level = (concurrency: number, n: number, latency: number, elapsed: number): LevelMeasurement => ({ concurrency, latenciesMs: Array.from({ length: n }, () => latency), elapsedMs: elapsed });

describe('calibration: statistics and the round trip', () => {
  it('median and quantiles interpolate between order statistics', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('service time is latency less the round trip, never below 0', () => {
    expect(serviceTimes([5, 1.5, 0.2], 1)).toEqual([4, 0.5, 0]);
  });

  it('durations are written to the microsecond in ms', () => {
    expect([20.3124, 20.3, 0, -1, 1234.5].map(msDuration)).toEqual(['20.312ms', '20.3ms', '0ms', '0ms', '1234.5ms']);
  });
});

describe('calibration: the workers estimate', () => {
  it('4 workers of 20 ms behind a 1 ms round trip: peak 200/s x 20 ms = 4 in service; knee at 4', () => {
    // 1, 2 and 4 clients never queue (21 ms each); 8 clients queue: 80 requests through 4 workers take 400 ms.
    const e = estimateWorkers([level(1, 10, 21, 210), level(2, 20, 21, 210), level(4, 40, 21, 210), level(8, 80, 42, 400)], 1);
    expect(e.curve.map((p) => Math.round(p.throughput * 10) / 10)).toEqual([47.6, 95.2, 190.5, 200]);
    expect(e.peakThroughput).toBe(200);
    expect(e.serviceMs).toBe(20);
    expect(e.busy).toBeCloseTo(4, 10);
    expect(e.workers).toBe(4);
    expect(e.knee).toBe(4);
    expect(e.saturated).toBe(true);
  });

  it('throughput still doubling at the highest level: not saturated, so the estimate is a lower bound', () => {
    const e = estimateWorkers([level(1, 10, 21, 210), level(2, 20, 21, 210)], 1);
    expect(e.saturated).toBe(false);
    expect(e.knee).toBe(2);
    expect(e.busy).toBeCloseTo(1.905, 3);
    expect(e.workers).toBe(2);
  });

  it('a server whose work is all round trip still gets one worker', () => {
    expect(estimateWorkers([level(1, 5, 0.5, 2.5), level(2, 10, 0.5, 2.5)], 1).workers).toBe(1);
  });
});

describe('calibration: plan, target and consent', () => {
  it('the default plan: 800 requests, 42 resources, levels 1 to 16', () => {
    const n = planCounts(DEFAULT_PLAN);
    // 1 metadata + (1 + 2x20) probes + 21 rounds x 5 + 2 behaviour + (1+20)(1+2+4+8+16).
    expect(n).toMatchObject({ capability: 1, roundTrip: 41, rounds: 21, behaviour: 2, created: 42, total: 800 });
    expect(n.levels).toEqual([{ concurrency: 1, requests: 21 }, { concurrency: 2, requests: 42 }, { concurrency: 4, requests: 84 }, { concurrency: 8, requests: 168 }, { concurrency: 16, requests: 336 }]);
    const text = describePlan(DEFAULT_PLAN, 'http://localhost:8080/fhir', calibrationTag('run-1')).join('\n');
    expect(text).toContain('calibration plan for http://localhost:8080/fhir (800 requests, then cleanup)');
    expect(text).toContain('writes 42 Basic resources tagged urn:fhir-workflow-sim:calibration|run-1');
  });

  it('flags are bounded and checked', () => {
    expect(makePlan({ samples: 5, levels: [4, 1, 4, 2] })).toEqual({ ok: true, plan: { samples: 5, levels: [1, 2, 4], timeoutMs: 10_000 } });
    expect(makePlan({ samples: 2.5 })).toEqual({ ok: false, problems: ['--samples: expected a whole number from 1 to 1000, got 2.5'] });
    expect(makePlan({ levels: [1, 0] })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^--concurrency: expected a list of whole numbers from 1 to 256/)] });
    expect(makePlan({ samples: 1000, levels: [1, 256] })).toMatchObject({ ok: false, problems: [expect.stringMatching(/would send \d+ requests, more than 100000/)] });
  });

  it('loopback is decided from the URL alone', () => {
    const yes = ['localhost', 'LOCALHOST', 'fhir.localhost', '127.0.0.1', '127.8.9.10', '[::1]', '[::ffff:7f00:1]'];
    const no = ['0.0.0.0', '192.168.1.20', '10.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', 'fhir.example.org', '[::2]'];
    expect(yes.filter((h) => !isLoopbackHost(h))).toEqual([]);
    expect(no.filter((h) => isLoopbackHost(h))).toEqual([]);
    expect(parseBase('http://[::ffff:127.0.0.1]:8080/fhir/')).toEqual({ ok: true, target: { base: 'http://[::ffff:7f00:1]:8080/fhir', host: '[::ffff:7f00:1]', loopback: true } });
    expect(parseBase('https://hapi.fhir.org/baseR4')).toMatchObject({ ok: true, target: { loopback: false } });
    expect(parseBase('http://localhost:8080/fhir?x=1')).toMatchObject({ ok: false, problem: expect.stringContaining('without a query or fragment') });
  });

  it('consent: says what would be written and deleted, and asks for --yes', () => {
    const m = consentMessage(DEFAULT_PLAN, 'https://fhir.example.org/r4', calibrationTag('run-1'));
    expect(m).toContain('not sending anything to https://fhir.example.org/r4 without --yes');
    expect(m).toContain('create 42 Basic resources');
    expect(m).toContain('send 800 requests in all, up to 16 at a time');
    expect(m).toContain('DELETE every resource it created');
  });
});

describe('calibration: the fragment', () => {
  const result = (over: Partial<CalibrationResult> = {}): CalibrationResult => {
    const plan = { samples: 3, levels: [1, 2], timeoutMs: 10_000 };
    const levels = [level(1, 3, 11, 33), level(2, 6, 11, 33)];
    return {
      base: 'http://localhost:8080/fhir',
      date: '2026-12-06T10:00:00.000Z',
      tag: calibrationTag('run-1'),
      plan,
      software: { name: 'HAPI FHIR Server', version: '7.4.0', fhirVersion: '4.0.1' },
      roundTrip: { ms: 1, probe: 'metadata', metadataMs: 1, missingReadMs: 3, samples: 3 },
      latencies: { create: [9, 10, 11], conditionalCreate: [12, 13, 14], read: [4, 5, 6], search: [14, 15, 16], update: [8, 9, 10] },
      service: { read: [3, 4, 5], search: [13, 14, 15], create: [8, 9, 10, 11, 12, 13], update: [7, 8, 9] },
      behaviour: { staleIfMatch: 409, conditionalCreate: [201, 200] },
      levels,
      workers: estimateWorkers(levels, 1),
      ...over,
    };
  };

  it('is a valid server section with the measured kinds, 409 from HAPI, and says where it came from', () => {
    const yaml = fragmentYaml(result());
    expect(yaml).toContain('# fwsim calibrate: server inputs measured against http://localhost:8080/fhir on 2026-12-06T10:00:00.000Z');
    expect(yaml).toContain('# Server software: HAPI FHIR Server 7.4.0 (CapabilityStatement.software), FHIR 4.0.1');
    expect(yaml).toContain('# Service time = latency less the network round trip, 1.000 ms, clamped at 0');
    expect(yaml).toContain('`server.profile: hapi`');
    expect(yaml).toContain('still growing at 2 at a time, so a lower bound');
    const s = parseScenario(`name: f\n${yaml}`, 'f.yaml');
    expect(s.server.conflictStatus).toBe(409);
    expect(s.server.workers).toBe(2);
    expect(s.server.serviceTime.read).toEqual({ empirical: { values: ['3ms', '4ms', '5ms'] } });
    expect(s.server.serviceTime.create).toEqual({ empirical: { values: ['8ms', '9ms', '10ms', '11ms', '12ms', '13ms'] } });
    // Kinds it did not measure keep their defaults.
    expect(s.server.serviceTime.operation).toBe('20ms');
  });

  it('leaves conflictStatus out when the server accepted a stale If-Match, and says so', () => {
    const yaml = fragmentYaml(result({ behaviour: { staleIfMatch: 200, conditionalCreate: [201, 201] }, software: { name: undefined, version: undefined, fhirVersion: undefined } }));
    expect(yaml).toContain('# conflictStatus: not set: an update with a stale If-Match was accepted (200), the server does not check versions; If-None-Exist twice: 201, then 201 (a duplicate: If-None-Exist ignored)');
    expect(yaml).toContain('# Server software: unknown (no CapabilityStatement.software)');
    expect(yaml).not.toMatch(/conflictStatus: \d/);
    expect(parseScenario(`name: f\n${yaml}`, 'f.yaml').server.conflictStatus).toBeUndefined();
  });

  it('long value lists wrap and still parse', () => {
    const many = Array.from({ length: 40 }, (_, i) => 10 + i / 7);
    const s = parseScenario(`name: f\n${fragmentYaml(result({ service: { read: many, search: many, create: many, update: many } }))}`, 'f.yaml');
    expect((s.server.serviceTime.read as { empirical: { values: string[] } }).empirical.values).toHaveLength(40);
  });
});
