import { describe, expect, it } from 'vitest';
import { groupList, type Groups } from '../src/models/index.js';
import { HOUR, MILLISECOND, MINUTE, SECOND } from '../src/engine/index.js';
import { ScenarioError, parseRate, parseScenario, scenarioAt, scenarioJsonSchema, sweepPoints, toWorldConfig } from '../src/scenario/index.js';

/** The one group of a single-object `placers` or `fillers`. */
const one = <G>(g: Groups<G>): G => groupList(g)[0] as G;

describe('scenario files', () => {
  it('a three-line file is a complete scenario: every other field has a default', () => {
    const s = parseScenario('name: tiny\nfillers:\n  count: 3\n', 'tiny.yaml');
    expect(one(s.fillers).count).toBe(3);
    expect(s.horizon).toBe('8h');
    expect(s.patterns).toBe('all');
    expect(s.server.serviceTime.search).toBe('15ms');
    const w = toWorldConfig(s, 42);
    expect(w.seed).toBe(42);
    expect(w.horizon).toBe(8 * HOUR);
    expect(w.warmup).toBe(30 * MINUTE);
    expect(one(w.placers).meanInterarrival).toBeCloseTo(HOUR / 4, 6);
    expect(one(w.fillers).processing.mean).toBeCloseTo(20 * MINUTE, 6);
    expect(w.server.perMatch).toBe(200);
    expect(w.network.timeout).toBe(10 * SECOND);
  });

  it('reads JSON as well as YAML, with the same checks', () => {
    const s = parseScenario('{"name": "j", "placers": {"orderRate": "0.5/s"}}', 'j.json');
    expect(one(toWorldConfig(s, 1).placers).meanInterarrival).toBe(2 * SECOND);
    expect(() => parseScenario('{"name": "j", "placers": {"orderRate": 0}}', 'j.json')).toThrow(ScenarioError);
  });

  it.each([
    ['30/h', HOUR / 30],
    ['0.5/s', 2 * SECOND],
    ['2/min', 30 * SECOND],
    ['24/d', HOUR],
    [2, SECOND / 2],
  ] as const)('rate %j is one order every %d us', (input, gap) => {
    expect(1 / (parseRate(input) as number)).toBeCloseTo(gap, 6);
  });

  it('builds every distribution family in microseconds', () => {
    const s = parseScenario(`name: d
fillers:
  processing: { gamma: { mean: 10min, cv: 0.5 } }
network:
  latency: { uniform: { min: 10ms, max: 30ms } }
  links:
    placer-filler: { empirical: { percentiles: { p0: 0ms, p50: 40ms, p100: 200ms } } }
server:
  serviceTime: { read: { erlang: { phases: 2, mean: 4ms } }, search: { normal: { mean: 15ms, sd: 2ms } }, create: { empirical: { values: [4ms, 12ms] } } }
cancellation:
  after: { exponential: { mean: 90 } }
`, 'd.yaml');
    const w = toWorldConfig(s, 1);
    expect(one(w.fillers).processing.mean).toBeCloseTo(10 * MINUTE, 3);
    expect(one(w.fillers).processing.variance).toBeCloseTo((5 * MINUTE) ** 2, -3);
    expect(w.network.latency.mean).toBe(20 * MILLISECOND);
    expect(w.network.links?.['placer-filler']?.mean).toBeCloseTo(0.5 * 20_000 + 0.5 * 120_000, 3);
    expect(w.server.serviceTime.read.mean).toBeCloseTo(4 * MILLISECOND, 6);
    expect(w.server.serviceTime.create.mean).toBe(8 * MILLISECOND);
    expect(w.cancellation.after.mean).toBe(90 * SECOND);
  });

  it('expands a sweep into a grid, first path slowest, and applies each point', () => {
    const s = parseScenario('name: g\nsweep:\n  fillers.count: [1, 2]\n  polling.interval: [15s, 1min, 5min]\n  fillers.processing.lognormal.cv: [0.5]\n', 'g.yaml');
    const points = sweepPoints(s);
    expect(points.map((p) => [p.values['fillers.count'], p.values['polling.interval']])).toEqual([
      [1, '15s'], [1, '1min'], [1, '5min'], [2, '15s'], [2, '1min'], [2, '5min'],
    ]);
    const at = toWorldConfig(scenarioAt(s, points[4]!), 1);
    expect(one(at.fillers).count).toBe(2);
    expect(at.polling.interval).toBe(MINUTE);
    // Sweeping a parameter of the default lognormal keeps its mean.
    expect(one(at.fillers).processing.mean).toBeCloseTo(20 * MINUTE, 3);
  });

  it('refuses to sweep what cannot be swept', () => {
    expect(() => parseScenario('name: g\nsweep:\n  name: [a, b]\n', 'g.yaml')).toThrow(/'name' cannot be swept/);
    expect(() => parseScenario('name: g\nsweep:\n  fillers.count: []\n', 'g.yaml')).toThrow(/at least one value/);
  });

  it('exports a JSON Schema with every field, its default and no extra keys allowed', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, { default?: unknown; properties?: Record<string, unknown> }>; required?: string[]; additionalProperties?: boolean };
    expect(schema.required).toEqual(['name']);
    expect(schema.additionalProperties).toBe(false);
    for (const key of ['seed', 'horizon', 'warmup', 'replications', 'patterns', 'discovery', 'placers', 'fillers', 'network', 'server', 'polling', 'subscription', 'messaging', 'broker', 'cancellation', 'statusQuery', 'sweep']) {
      expect(schema.properties).toHaveProperty(key);
    }
    expect(schema.properties.horizon?.default).toBe('8h');
    // placers and fillers: one group (an object) or a list of groups with the same fields.
    const fillers = schema.properties.fillers as { anyOf: { type: string; properties?: Record<string, unknown>; items?: { properties: Record<string, unknown> }; minItems?: number }[] };
    expect(fillers.anyOf.map((a) => a.type)).toEqual(['object', 'array']);
    expect(fillers.anyOf[0]?.properties).toHaveProperty('processing');
    expect(fillers.anyOf[0]?.properties).toHaveProperty('discovery');
    expect(Object.keys(fillers.anyOf[1]?.items?.properties ?? {})).toEqual(Object.keys(fillers.anyOf[0]?.properties ?? {}));
    expect(fillers.anyOf[1]?.minItems).toBe(1);
  });
});
