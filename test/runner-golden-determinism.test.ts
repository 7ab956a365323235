import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fwsim } from './support/cli.js';
import { GOLDEN_ARGS } from './support/golden.js';

function run(workers: number): { runs: string; summary: string; resolved: string } {
  const out = mkdtempSync(join(tmpdir(), 'fwsim-det-'));
  const r = fwsim(['run', ...GOLDEN_ARGS, '--out', out, '--workers', String(workers), '--quiet']);
  expect(r.status, r.stderr).toBe(0);
  const dir = join(out, 'default');
  return {
    runs: readFileSync(join(dir, 'runs.csv'), 'utf8'),
    summary: readFileSync(join(dir, 'summary.csv'), 'utf8'),
    resolved: readFileSync(join(dir, 'scenario.resolved.json'), 'utf8'),
  };
}

describe('the default scenario (reduced horizon): golden files and determinism', () => {
  const one = run(1);
  const two = run(2);

  it('reproduces the committed golden runs.csv and summary.csv exactly (regenerate with npm run golden after a deliberate change)', () => {
    expect(one.runs).toBe(readFileSync('test/golden/default.runs.csv', 'utf8'));
    expect(one.summary).toBe(readFileSync('test/golden/default.summary.csv', 'utf8'));
  });

  it('gives byte-identical runs.csv and summary.csv with 1 and 2 worker threads', () => {
    expect(two.runs).toBe(one.runs);
    expect(two.summary).toBe(one.summary);
    expect(two.resolved).toBe(one.resolved);
  });

  it('has one row per pattern x point x replication, with the DESIGN.md column order', () => {
    const [header, ...rows] = one.runs.trim().split('\n');
    expect(rows).toHaveLength(9 * 9 * 2);
    const cols = (header ?? '').split(',');
    expect(cols.slice(0, 7)).toEqual(['scenario', 'pattern', 'point', 'replication', 'seed', 'fillers.count', 'polling.interval']);
    expect(cols.slice(7, 15)).toEqual(['placers', 'fillers', 'orders_placed', 'orders_completed', 'orders_rejected', 'orders_cancelled', 'orders_failed', 'orders_open']);
    const latency = ['receipt', 'accept_known', 'complete', 'e2e', 'overhead'].flatMap((m) => ['mean', 'p50', 'p95', 'p99', 'max'].map((s) => `latency_${m}_${s}_s`));
    const first = cols.indexOf('latency_receipt_mean_s');
    expect(cols.slice(first, first + latency.length)).toEqual(latency);
    const roles = ['placer', 'filler', 'intermediary', 'broker'].flatMap((r) => [`server_${r}_utilization`, `server_${r}_queue_wait_mean_s`, `server_${r}_requests`]);
    const hourly = ['orders_peak_hour', 'interactions_peak_hour', 'interactions_quiet_hour', 'latency_overhead_p95_peak_hour_s', 'outage_requests_dropped', 'orders_caught_by_outage', 'orders_delayed_by_outage', 'outage_recovery_s', 'rate_limited'];
    expect(cols.slice(first + latency.length)).toEqual([...hourly, 'server_utilization_max', 'server_queue_wait_mean_s', 'server_queue_max', ...roles, 'events']);
    const kinds = ['create', 'read', 'update', 'search', 'page', 'notification', 'message', 'operation', 'handshake', 'heartbeat'];
    const bytes = cols.indexOf('bytes_total');
    expect(cols.slice(bytes - kinds.length - 2, bytes + 2 + kinds.length)).toEqual([
      'interactions_total', 'interactions_per_order', ...kinds.map((k) => `interactions_${k}`), 'bytes_total', 'bytes_per_order', ...kinds.map((k) => `bytes_${k}`),
    ]);
    expect(one.resolved).toContain('"version"');
  });
});
