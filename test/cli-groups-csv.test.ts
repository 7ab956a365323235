import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { fwsim } from './support/cli.js';
import { scenarioProblems } from './support/scenario-problems.js';

// groups.csv: with placers or fillers listed as groups, each run reports each group: what it
// ordered or took on, its share of the completed work, and the overhead its orders saw.

const SCENARIO = `name: two-labs
horizon: 3h
warmup: 30min
replications: 2
patterns: [B, E]
placers: { count: 10, orderRate: 6/h }
fillers:
  - { name: big lab, count: 1, capacity: 30, discovery: subscription, processing: 10min }
  - { name: small labs, count: 3, capacity: 5, polling: { interval: 2min }, processing: 10min }
sweep:
  polling.interval: [30s, 2min]
`;

describe('groups.csv', () => {
  it('one row per run and group, shares of completed work adding up to 100 per run and kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwsim-groups-'));
    writeFileSync(join(dir, 'two-labs.yaml'), SCENARIO);
    const r = fwsim(['run', join(dir, 'two-labs.yaml'), '--out', dir, '--quiet', '--workers', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('groups.csv');
    const rows = parse(readFileSync(join(dir, 'two-labs', 'groups.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual(['scenario', 'pattern', 'point', 'replication', 'seed', 'polling.interval', 'group_kind', 'group', 'actors', 'orders', 'orders_completed', 'completed_share_pct', 'latency_overhead_mean_s', 'latency_overhead_p95_s', 'interactions', 'interactions_per_order', 'bytes', 'bytes_per_order']);
    // 2 patterns x 2 points x 2 replications x (1 placer group + 2 filler groups).
    expect(rows).toHaveLength(2 * 2 * 2 * 3);
    const runs = new Map<string, Record<string, string>[]>();
    for (const row of rows) {
      const key = `${row.pattern}/${row.point}/${row.replication}/${row.group_kind}`;
      runs.set(key, [...(runs.get(key) ?? []), row]);
    }
    for (const [key, group] of runs) expect(group.reduce((s, g) => s + Number(g.completed_share_pct), 0), key).toBeCloseTo(100, 6);
    // E's market: the big lab, told at once by subscription, takes far more than its 2/3 of the slots.
    const big = rows.filter((x) => x.pattern === 'E' && x.group === 'big lab').map((x) => Number(x.completed_share_pct));
    for (const share of big) expect(share).toBeGreaterThan(80);
    // B routes by capacity: the big lab's share stays near its 30 of 45 slots.
    const routed = rows.filter((x) => x.pattern === 'B' && x.group === 'big lab').map((x) => Number(x.completed_share_pct));
    for (const share of routed) expect(Math.abs(share - 66.7)).toBeLessThan(15);
    // B, each group's own traffic: the placers poll at the point's interval, four times as often
    // at 30 s as at 2 min; the small labs poll every 2 min (their own setting) at both points.
    const traffic = (point: string, group: string): number => Number(rows.find((x) => x.pattern === 'B' && x.point === point && x.replication === '1' && x.group === group)?.interactions);
    expect(traffic('0', 'placers')).toBeGreaterThan(2.5 * traffic('1', 'placers'));
    expect(traffic('0', 'small labs') / traffic('1', 'small labs')).toBeGreaterThan(0.8);
    expect(traffic('0', 'small labs') / traffic('1', 'small labs')).toBeLessThan(1.25);
    // report.html shows the groups, means over the replications; fwsim chart gives the same bytes.
    const html = readFileSync(join(dir, 'two-labs', 'report.html'), 'utf8');
    expect(html).toContain('<section id="groups"><h2>Groups</h2>');
    const bigE = rows.filter((x) => x.pattern === 'E' && x.point === '0' && x.group === 'big lab').map((x) => Number(x.completed_share_pct));
    expect(html).toContain(`<td>fillers: big lab</td><td class="num">1</td>`);
    expect(html).toContain(`${((bigE[0]! + bigE[1]!) / 2).toFixed(1)}%</td>`);
    const again = fwsim(['chart', join(dir, 'two-labs')]);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'two-labs', 'report.html'), 'utf8')).toBe(html);
    // A damaged groups.csv is refused with its line, and report.html is left as it was.
    const groupsFile = join(dir, 'two-labs', 'groups.csv');
    writeFileSync(groupsFile, `${readFileSync(groupsFile, 'utf8').split('\n').slice(0, 2).join('\n')}\nregional,B,0,1,7,30s,labs,x,1,2,3,4,5,6,7,8,9,10\n`);
    const bad = fwsim(['chart', join(dir, 'two-labs')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('groups.csv:3: expected a row of groups.csv as fwsim run writes it');
    expect(readFileSync(join(dir, 'two-labs', 'report.html'), 'utf8')).toBe(html);
  });

  it('is not written without groups; two groups of one kind may not share a name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fwsim-groups-'));
    const r = fwsim(['run', 'scenarios/default.yaml', '--set', 'horizon=20min', '--set', 'warmup=0s', '--replications', '1', '--patterns', 'A', '--set', 'sweep={}', '--out', dir, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'default', 'runs.csv'))).toBe(true);
    expect(existsSync(join(dir, 'default', 'groups.csv'))).toBe(false);
    expect(scenarioProblems('name: g\nfillers:\n  - { name: lab }\n  - { name: lab }\n', 'g.yaml')).toBe('g.yaml:4 fillers[1].name: expected a name no other group of fillers has, got "lab" (also fillers[0])');
  });
});
