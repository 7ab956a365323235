import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/engine/index.js';
import { applyOverrides } from '../src/cli/scenario-file.js';
import { resolvedScenarioJson } from '../src/report/tables.js';
import { ScenarioError, parseScenario, readScenarioText, scenarioAt, sweepPoints, toWorldConfig, validateScenario, type Scenario } from '../src/scenario/index.js';
import { scenarioProblems } from './support/scenario-problems.js';

// server.profile fills in what a scenario leaves out with a server product's published
// behaviour; whatever the scenario says itself (in the file, by --set, at a sweep point) wins.

/** The profile-governed part of a run's WorldConfig. */
function governed(s: Scenario): Record<string, unknown> {
  const w = toWorldConfig(s, 1);
  const { batchInterval, batchDelivery, retries, retryDelay, retryBackoff, retryDelayMax, giveUpAfter } = w.subscription;
  return { conflictStatus: w.server.conflictStatus, batchInterval, batchDelivery, retries, retryDelay, retryBackoff, retryDelayMax, giveUpAfter };
}

const GENERIC = { conflictStatus: 412, batchInterval: 0, batchDelivery: 'combined', retries: 3, retryDelay: 0, retryBackoff: 1, retryDelayMax: 0, giveUpAfter: 0 };
const HAPI = { conflictStatus: 409, batchInterval: 5 * SECOND, batchDelivery: 'each', retries: 100, retryDelay: SECOND, retryBackoff: 1.1, retryDelayMax: 30 * SECOND, giveUpAfter: MINUTE };
const MEDPLUM = { conflictStatus: 412, batchInterval: 0, batchDelivery: 'combined', retries: 17, retryDelay: SECOND, retryBackoff: 2, retryDelayMax: 0, giveUpAfter: 0 };

/** A scenario file's text with `--set` assignments applied, validated as `fwsim run` does. */
function withSets(text: string, set: string[]): Scenario {
  const { raw, lineOf } = readScenarioText(text, 's.yaml');
  return validateScenario(applyOverrides(raw, { set }, 's.yaml'), 's.yaml', lineOf);
}

describe('server profiles: what each fills in', () => {
  it('generic is the defaults: no profile and profile generic give the same world as before profiles', () => {
    const none = parseScenario('name: g\n', 'g.yaml');
    expect(none.server.profile).toBe('generic');
    expect(governed(none)).toEqual(GENERIC);
    expect(toWorldConfig(parseScenario('name: g\nserver: { profile: generic }\n', 'g.yaml'), 1)).toEqual(toWorldConfig(none, 1));
  });

  it.each([
    ['hapi', HAPI],
    ['medplum', MEDPLUM],
  ])('%s fills every field the file leaves out', (profile, expected) => {
    const s = parseScenario(`name: p\nserver: { profile: ${profile} }\n`, 'p.yaml');
    expect(governed(s)).toEqual(expected);
    // Fields no profile governs keep their defaults.
    expect(toWorldConfig(s, 1).server.workers).toBe(16);
    expect(toWorldConfig(s, 1).subscription.loss).toBe(0);
  });
});

describe('server profiles: explicit fields win', () => {
  it('in the file', () => {
    const s = parseScenario('name: p\nserver: { profile: hapi, conflictStatus: 412 }\nsubscription: { retries: 5, batchInterval: 0s }\n', 'p.yaml');
    expect(governed(s)).toEqual({ ...HAPI, conflictStatus: 412, retries: 5, batchInterval: 0 });
  });

  it('by --set, whichever of profile and field it sets', () => {
    expect(governed(withSets('name: p\nserver: { profile: hapi }\n', ['server.conflictStatus=412']))).toEqual({ ...HAPI, conflictStatus: 412 });
    expect(governed(withSets('name: p\nserver: { conflictStatus: 412 }\n', ['server.profile=hapi']))).toEqual({ ...HAPI, conflictStatus: 412 });
    expect(governed(withSets('name: p\n', ['server.profile=medplum', 'subscription.retryDelay=250ms']))).toEqual({ ...MEDPLUM, retryDelay: 250_000 });
  });

  it('at a sweep point: sweeping the profile re-fills each point, and a field the file sets stays', () => {
    const s = parseScenario('name: p\nsubscription: { retries: 2 }\nsweep: { server.profile: [generic, hapi, medplum] }\n', 'p.yaml');
    const at = sweepPoints(s).map((p) => governed(scenarioAt(s, p)));
    expect(at).toEqual([{ ...GENERIC, retries: 2 }, { ...HAPI, retries: 2 }, { ...MEDPLUM, retries: 2 }]);
    // A swept field beats the profile at its point.
    const f = parseScenario('name: p\nserver: { profile: hapi }\nsweep: { server.conflictStatus: [412, 409] }\n', 'p.yaml');
    expect(sweepPoints(f).map((p) => governed(scenarioAt(f, p)).conflictStatus)).toEqual([412, 409]);
  });
});

describe('server profiles: the resolved scenario', () => {
  it('shows every effective value in the schema order, the profile, and what the profile supplied', () => {
    const s = parseScenario('name: r\nserver: { profile: hapi, conflictStatus: 412 }\n', 'r.yaml');
    const json = JSON.parse(resolvedScenarioJson(s, null, '0.0.0-test')) as { scenario: Record<string, Record<string, unknown>>; profile: Record<string, unknown> };
    expect(Object.keys(json.scenario.server ?? {})).toEqual(['profile', 'workers', 'serviceTime', 'perMatch', 'perValue', 'pageSize', 'conflictStatus', 'host']);
    expect(json.scenario.server).toMatchObject({ profile: 'hapi', conflictStatus: 412 });
    expect(json.scenario.subscription).toEqual({
      payload: 'id-only', matchDelay: '0s', batchInterval: '5s', batchDelivery: 'each', loss: 0, retries: 100,
      retryDelay: '1s', retryBackoff: 1.1, retryDelayMax: '30s', giveUpAfter: '1min', heartbeat: '0s',
    });
    expect(json.profile).toEqual({
      name: 'hapi',
      summary: expect.stringMatching(/^HAPI FHIR: 409/),
      filled: {
        'subscription.batchInterval': '5s', 'subscription.batchDelivery': 'each', 'subscription.retries': 100, 'subscription.retryDelay': '1s',
        'subscription.retryBackoff': 1.1, 'subscription.retryDelayMax': '30s', 'subscription.giveUpAfter': '1min',
      },
    });
    // Read back (as fwsim chart does), it is the same world.
    expect(toWorldConfig(validateScenario(json.scenario, 'resolved'), 1)).toEqual(toWorldConfig(s, 1));
  });

  it('with the profile swept, lists what each swept profile fills in, and the scenario still runs as it ran', () => {
    const s = parseScenario('name: r\nserver: { conflictStatus: 409 }\nsweep: { server.profile: [generic, medplum] }\n', 'r.yaml');
    const json = JSON.parse(resolvedScenarioJson(s, null, '0.0.0-test')) as { scenario: Record<string, Record<string, unknown>>; profile: { swept: Record<string, Record<string, unknown>> } };
    expect(Object.keys(json.profile.swept)).toEqual(['generic', 'medplum']);
    expect(json.profile.swept.medplum).toMatchObject({ 'subscription.retries': 17, 'subscription.retryBackoff': 2 });
    expect(json.profile.swept.medplum).not.toHaveProperty('server.conflictStatus');
    // The fields the profile fills differ by point, so the scenario leaves them to it; its own stay.
    expect(json.scenario.server).toMatchObject({ conflictStatus: 409 });
    expect(json.scenario.subscription).not.toHaveProperty('retries');
    const again = validateScenario(json.scenario, 'resolved');
    expect(sweepPoints(again).map((p) => governed(scenarioAt(again, p)))).toEqual(sweepPoints(s).map((p) => governed(scenarioAt(s, p))));
    expect(sweepPoints(again).map((p) => governed(scenarioAt(again, p)).retries)).toEqual([3, 17]);
  });
});

describe('server profiles: bad input is located', () => {
  it('an unknown profile: in the file, in a sweep, by --set', () => {
    expect(scenarioProblems('name: p\nserver:\n  profile: hapy\n', 'p.yaml')).toBe('p.yaml:3 server.profile: expected one of generic, hapi, medplum, got "hapy"');
    expect(scenarioProblems('name: p\nsweep:\n  server.profile: [hapi, ibm]\n', 'p.yaml')).toBe('p.yaml:3 sweep.server.profile[1]: expected one of generic, hapi, medplum, got "ibm"');
    expect(() => withSets('name: p\n', ['server.profile=fire'])).toThrow(ScenarioError);
    expect(() => withSets('name: p\n', ['server.profile=fire'])).toThrow('server.profile: expected one of generic, hapi, medplum, got "fire"');
  });

  it('the delivery fields a profile sets are checked like any other', () => {
    expect(scenarioProblems('name: p\nsubscription: { retryBackoff: 0.5 }\n', 'p.yaml')).toBe('p.yaml:2 subscription.retryBackoff: expected a backoff factor between 1 and 100, got 0.5');
    expect(scenarioProblems('name: p\nsubscription: { batchDelivery: all }\n', 'p.yaml')).toBe('p.yaml:2 subscription.batchDelivery: expected one of combined, each, got "all"');
    expect(scenarioProblems('name: p\nsubscription: { giveUpAfter: soon }\n', 'p.yaml')).toMatch(/^p\.yaml:2 subscription\.giveUpAfter: expected a duration/);
    expect(scenarioProblems('name: p\nserver: { conflictStatus: 418 }\n', 'p.yaml')).toBe('p.yaml:2 server.conflictStatus: expected 412 or 409, got 418');
  });
});
