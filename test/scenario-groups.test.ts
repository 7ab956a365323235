import { describe, expect, it } from 'vitest';
import { MINUTE, SECOND } from '../src/engine/index.js';
import { applyOverrides } from '../src/cli/scenario-file.js';
import { groupList } from '../src/models/index.js';
import { parseScenario, scenarioAt, sweepPoints, toWorldConfig } from '../src/scenario/index.js';
import { scenarioProblems } from './support/scenario-problems.js';

const GROUPS = `name: groups
placers:
  - { name: clinics, count: 30, orderRate: 2/h, polling: { interval: 5min } }
  - { name: hospital, count: 2, orderRate: 60/h }
fillers:
  - { name: central lab, count: 1, capacity: 40, discovery: subscription }
  - count: 4
    capacity: 4
    processing: 45min
    polling: { interval: 30s, phase: aligned }
polling: { interval: 1min }
`;

function problems(text: string): string[] {
  const found = scenarioProblems(text, 'g.yaml');
  return found === '' ? [] : found.split('\n');
}

describe('scenario files: placers and fillers as lists of groups', () => {
  it('a list of groups parses, each with its defaults, and reaches the world as written', () => {
    const s = parseScenario(GROUPS, 'g.yaml');
    const w = toWorldConfig(s, 1);
    const placers = groupList(w.placers);
    const fillers = groupList(w.fillers);
    expect(placers.map((g) => [g.name, g.count, g.meanInterarrival, g.polling])).toEqual([
      ['clinics', 30, 1800 * SECOND, { interval: 5 * MINUTE }],
      ['hospital', 2, MINUTE, undefined],
    ]);
    expect(fillers.map((g) => [g.name, g.count, g.capacity, g.processing.mean, g.discovery, g.polling])).toEqual([
      ['central lab', 1, 40, 20 * MINUTE, 'subscription', undefined],
      [undefined, 4, 4, 45 * MINUTE, undefined, { interval: 30 * SECOND, phase: 'aligned' }],
    ]);
    // The single-object form stays one group, with its own polling if it sets one.
    const one = toWorldConfig(parseScenario('name: o\nfillers: { count: 3, polling: { interval: 10s } }\n', 'o.yaml'), 1);
    expect(Array.isArray(one.fillers)).toBe(false);
    expect(groupList(one.fillers)[0]?.polling).toEqual({ interval: 10 * SECOND });
  });

  it('a problem inside a group names the group, the field, the line and what was expected', () => {
    const bad = GROUPS.replace('count: 4\n', 'count: -4\n').replace('orderRate: 60/h', 'ordrRate: 60/h');
    const lines = problems(bad);
    expect(lines).toContain("g.yaml:4 placers[1].ordrRate: unknown field 'ordrRate' (did you mean 'orderRate'?); expected one of count, orderRate, arrivals");
    expect(lines).toContain('g.yaml:7 fillers[1].count: expected a whole number of fillers >= 1, got -4');
    expect(problems('name: x\nfillers: 12\n')).toEqual(['g.yaml:2 fillers: expected a group of fillers (an object) or a list of groups, got 12']);
    expect(problems('name: x\nfillers: []\n')).toEqual(['g.yaml:2 fillers: expected a list of at least one group of fillers, got []']);
    expect(problems('name: x\nfillers: [{ count: 1, polling: { interval: 0s } }]\n')[0]).toMatch(/^g\.yaml:2 fillers\[0\]\.polling\.interval: expected a duration > 0/);
  });

  it('a group\'s fields are swept by position; a path that ignores the list is refused with the right spelling', () => {
    const s = parseScenario(`${GROUPS}sweep:\n  fillers.1.count: [2, 8]\n  placers.0.polling.interval: [1min, 10min]\n`, 'g.yaml');
    const points = sweepPoints(s);
    expect(points).toHaveLength(4);
    const at = toWorldConfig(scenarioAt(s, points[3]!), 1);
    expect(groupList(at.fillers).map((g) => g.count)).toEqual([1, 8]);
    expect(groupList(at.placers)[0]?.polling).toEqual({ interval: 10 * MINUTE });
    expect(groupList(at.placers)[1]?.count).toBe(2);
    expect(problems(`${GROUPS}sweep:\n  fillers.count: [2, 8]\n`)).toEqual([
      'g.yaml:13 sweep.fillers.count: fillers is a list of groups here: name the group by its position, e.g. fillers.0.count',
    ]);
    expect(problems(`${GROUPS}sweep:\n  fillers.5.count: [2]\n`)[0]).toMatch(/sweep\.fillers\.5\.count: no field 'fillers\.5\.count' to sweep/);
    expect(problems(`${GROUPS}sweep:\n  fillers.1.count: [0]\n`)).toEqual(['g.yaml:13 sweep.fillers.1.count[0]: expected a whole number of fillers >= 1, got 0']);
    // Without groups, the polling of placers or fillers alone is sweepable although not written.
    expect(sweepPoints(parseScenario('name: s\nsweep:\n  fillers.polling.interval: [15s, 1min]\n', 's.yaml'))).toHaveLength(2);
  });

  it('--set writes into one group; a path that ignores the list is refused', () => {
    const raw = { name: 'x', fillers: [{ count: 1 }, { count: 2 }] };
    expect(applyOverrides(raw, { set: ['fillers.1.capacity=3'] }, 'x.yaml').fillers).toEqual([{ count: 1 }, { count: 2, capacity: 3 }]);
    expect(() => applyOverrides(raw, { set: ['fillers.capacity=3'] }, 'x.yaml')).toThrow('fillers is a list of groups here: name the group by its position, e.g. fillers.0.capacity');
  });
});

describe('sweeping a daily profile', () => {
  it('a group\'s profile and the clock start are sweepable', () => {
    const day = (m: number): string => `[${new Array<number>(24).fill(m).join(', ')}]`;
    const s = parseScenario(`name: p\nplacers:\n  - { count: 2 }\n  - { count: 1 }\nsweep:\n  placers.1.profile.hourly: [${day(1)}, ${day(2)}]\n  clockStart: [0h, 7h]\n`, 'p.yaml');
    const points = sweepPoints(s);
    expect(points).toHaveLength(4);
    const w = toWorldConfig(scenarioAt(s, points[3]!), 1);
    expect(groupList(w.placers)[1]?.profile?.hourly[5]).toBe(2);
    expect(groupList(w.placers)[1]?.profile?.clockStart).toBe(7 * 3600 * SECOND);
    expect(groupList(w.placers)[0]?.profile).toBeUndefined();
    expect(w.clockStart).toBe(7 * 3600 * SECOND);
  });
});
