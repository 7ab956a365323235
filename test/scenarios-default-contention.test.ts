import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

// scenarios/default.yaml promises in its description that the polling patterns keep the
// shared intermediary from about 20% busy (1 min polls) to about 90% (15 s, 40 fillers). The
// golden summary (the same world over 2 h, checked exactly by scenarios-golden) holds it to that.
const rows = parse(readFileSync('test/golden/default.summary.csv', 'utf8'), { columns: true }) as Record<string, string>[];

describe('default.yaml: the intermediary\'s contention is visible across the sweep', () => {
  it.each(['B', 'E'])('%s: utilisation rises from under 25% at 1 min polls to over 80% at 15 s, and queueing with it', (id) => {
    const mine = rows.filter((r) => r.pattern === id);
    const util = (interval: string): number[] => mine.filter((r) => r['polling.interval'] === interval).map((r) => Number(r.server_intermediary_utilization_mean));
    expect(Math.max(...util('1min'))).toBeLessThan(0.25);
    expect(Math.min(...util('1min'))).toBeGreaterThan(0.15);
    expect(Math.max(...util('15s'))).toBeGreaterThan(0.8);
    expect(Math.max(...util('15s'))).toBeLessThan(0.95);
    const wait = (interval: string): number => Math.max(...mine.filter((r) => r['polling.interval'] === interval).map((r) => Number(r.server_intermediary_queue_wait_mean_s_mean)));
    expect(wait('15s')).toBeGreaterThan(10 * wait('1min'));
  });
});
