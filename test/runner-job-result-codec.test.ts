import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJobResult, encodeJobResult, type JobResult } from '../src/runner/index.js';

/** Equal number for number: NaN equals NaN, -0 is not 0 (Object.is). */
function sameNumbers(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return Object.is(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameNumbers((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const anyNumber = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0), fc.integer());

const jobResult = fc.record({
  job: fc.record({ pattern: fc.constantFrom('A', 'E'), point: fc.record({ index: fc.nat(9), values: fc.dictionary(fc.string(), fc.oneof(fc.string(), anyNumber)) }), replication: fc.integer({ min: 1, max: 9 }), seed: fc.nat() }),
  wallMs: anyNumber,
  metrics: fc.dictionary(fc.string({ minLength: 1 }), anyNumber),
  histograms: fc.record({ receipt: fc.base64String(), e2e: fc.base64String() }),
  extra: fc.dictionary(fc.string({ minLength: 1 }), anyNumber),
  groups: fc.array(fc.record({ kind: fc.constantFrom('placers', 'fillers'), group: fc.string(), actors: fc.nat(), orders: fc.nat(), completed: fc.nat(), completedShare: anyNumber, overheadMean: anyNumber, overheadP95: anyNumber })),
}) as unknown as fc.Arbitrary<JobResult>;

describe('job result codec: what the journal stores and a queue worker sends back', () => {
  it('gives back every number exactly, NaN, the infinities and -0 included', () => {
    fc.assert(fc.property(jobResult, (r) => sameNumbers(decodeJobResult(encodeJobResult(r)), r)));
  });

  it('writes one line of JSON', () => {
    const r = { job: { pattern: 'A', point: { index: 0, values: {} }, replication: 1, seed: 7 }, wallMs: 1, metrics: { a: Number.NaN }, histograms: {}, extra: {}, groups: [] } as unknown as JobResult;
    const text = encodeJobResult(r);
    expect(text).not.toContain('\n');
    expect(text).toContain('{"$number":"NaN"}');
  });

  it('reads journal lines of earlier versions, whose NaN were null', () => {
    const old = '{"job":{"pattern":"A","point":{"index":0,"values":{}},"replication":1,"seed":7},"wallMs":1,"metrics":{"a":null,"b":2},"histograms":{},"extra":{"x":null},"groups":[{"kind":"placers","group":"g","overheadMean":null}]}';
    const r = decodeJobResult(old);
    expect(r.metrics.a).toBeNaN();
    expect(r.metrics.b).toBe(2);
    expect(r.extra.x).toBeNaN();
    expect(r.groups[0]!.overheadMean).toBeNaN();
  });

  it('refuses text that is not a job result', () => {
    expect(() => decodeJobResult('"just a string"')).toThrow(/not a job result/);
    expect(() => decodeJobResult('{"job":')).toThrow();
  });
});
