import { describe, expect, it } from 'vitest';
import { chartFontFiles } from '../src/cli/fonts.js';
import { readReportData } from '../src/report/report-data.js';
import { buildReport } from '../src/report/report.js';
import { testSeedClaims } from '../src/report/seed-claims.js';
import { plausible, resultsText, type HandRow } from './support/report-input.js';

// Each claim of the catalogue is decided by the figures, per sweep point: hand-made results
// where the verdict is known make every branch show.

const bytes = (messages: number, perMessage: number): Record<string, number> => ({ interactions_total: 90 * messages, bytes_total: 90 * messages * perMessage });

function claims(rows: HandRow[], yaml = 'name: claims\n'): Record<string, { verdict: string; detail: string }> {
  const out: Record<string, { verdict: string; detail: string }> = {};
  for (const c of testSeedClaims(readReportData(resultsText(yaml, rows)).points)) out[`${c.patterns}: ${c.claim}`] = { verdict: c.verdict, detail: c.detail };
  return out;
}

describe("the seed's claims, tested", () => {
  it('decides each claim from the figures of one point', () => {
    const c = claims([
      { pattern: 'A', metrics: plausible(2.1, 2000, bytes(2.1, 2000)) },
      { pattern: 'B', metrics: plausible(30, 2100, bytes(30, 1300)) },
      { pattern: 'C', metrics: plausible(6.3, 2000, bytes(6.3, 1500)) },
      { pattern: 'D', metrics: plausible(9, 2050, { ...bytes(9, 1600), latency_accept_known_mean_s: 30 }) },
      { pattern: 'H', metrics: plausible(6.4, 2000, bytes(6.4, 2600)) },
    ]);
    expect(c['A: lowest overhead']).toEqual({ verdict: 'holds', detail: 'A 2.10 vs C 6.30 messages' });
    expect(c['B: polling for updates has significant communication overhead']).toEqual({ verdict: 'holds', detail: 'B 30.0 vs A 2.10 messages' });
    expect(c['C: lower overhead than polling']?.verdict).toBe('holds');
    expect(c['D, E: explicit acknowledgement: the placer knows the filler has taken the order']).toEqual({ verdict: 'holds', detail: 'D acceptance known after 30.0 s (mean)' });
    expect(c['A, B, C: the placer may not know when the filler retrieved the request']).toEqual({ verdict: 'holds', detail: '3 of 3 (A, B, C) give no acceptance signal' });
    expect(c['H: reduced number of communications']).toEqual({ verdict: 'holds', detail: 'H 6.40 vs D 9.00 messages' });
    expect(c['H: messaging is heavy']).toEqual({ verdict: 'holds', detail: 'H 2600 vs A 2000 bytes per message' });
    // B's polls listed no open orders here (hand-made rows have none): the backlog claim cannot be decided.
    expect(c['B: polling for anything related to 500 open orders could be onerous']).toEqual({ verdict: 'not measurable here', detail: 'no B placer polled for its open orders (chained queries or no backlog)' });
  });

  it('a claim the figures contradict does not hold; one that holds at some points says where it fails', () => {
    const yaml = 'name: claims\nsweep:\n  polling.interval: [15s, 10min]\n';
    const at = (point: number, interval: string, pattern: string, messages: number, extra: Record<string, number> = {}): HandRow => ({ pattern, point, swept: { 'polling.interval': interval }, metrics: plausible(messages, 2000, extra) });
    const c = claims([
      at(0, '15s', 'B', 60, { backlog_polls: 900, backlog_poll_open_max: 40, backlog_poll_messages_mean: 1, backlog_poll_bytes_mean: 3000 }),
      at(0, '15s', 'C', 6.3),
      at(0, '15s', 'H', 12),
      at(0, '15s', 'E', 40),
      at(1, '10min', 'B', 4.0, { backlog_polls: 20, backlog_poll_open_max: 120, backlog_poll_messages_mean: 1.5, backlog_poll_bytes_mean: 9000 }),
      at(1, '10min', 'C', 6.3),
      at(1, '10min', 'H', 12),
      at(1, '10min', 'E', 9),
    ], yaml);
    expect(c['C: lower overhead than polling']).toEqual({ verdict: 'holds at some points', detail: '1 of 2 points; C 6.30 vs B 4.00 messages (polling.interval=10min)' });
    expect(c['H: reduced number of communications']).toEqual({ verdict: 'holds at some points', detail: '1 of 2 points; H 12.0 vs E 9.00 messages (polling.interval=10min)' });
    // No poll listed 500 open orders: not measurable, with the largest backlog seen and its cost.
    expect(c['B: polling for anything related to 500 open orders could be onerous']).toEqual({ verdict: 'not measurable here', detail: "B placers' polls listed at most 120 open orders (1.50 searches, 9.00 kB a poll on average); none reached 500" });
    expect(c['B: polling for updates has significant communication overhead']?.verdict).toBe('holds at some points');
    // No A run: its claim is left out; no bytes: "messaging is heavy" cannot be decided.
    expect(c['A: lowest overhead']).toBeUndefined();
    expect(c['H: messaging is heavy']?.verdict).toBe('not measurable here');
  });

  it('500 open orders: one poll over such a backlog against a whole order of the leanest other pattern', () => {
    const yaml = 'name: claims\nsweep:\n  fillers.processing: [1h, 24h]\n';
    const at = (point: number, p: string, pattern: string, extra: Record<string, number>): HandRow => ({ pattern, point, swept: { 'fillers.processing': p }, metrics: plausible(5, 2000, extra) });
    const c = claims([
      at(0, '1h', 'A', { bytes_per_order: 10_000 }),
      at(0, '1h', 'B', { bytes_per_order: 30_000, backlog_polls: 900, backlog_poll_open_max: 60, backlog_poll_messages_mean: 1, backlog_poll_bytes_mean: 3000 }),
      at(1, '24h', 'A', { bytes_per_order: 10_000 }),
      at(1, '24h', 'B', { bytes_per_order: 90_000, backlog_polls: 900, backlog_poll_open_max: 720, backlog_poll_messages_mean: 6, backlog_poll_bytes_mean: 30_000, backlog_poll_bytes_500_open_mean: 41_000 }),
    ], yaml);
    expect(c['B: polling for anything related to 500 open orders could be onerous']).toEqual({ verdict: 'holds', detail: 'a poll over 500 open orders (up to 720): 41.0 kB, at every poll; A moves a whole order in 10.0 kB (fillers.processing=24h)' });
    // A poll lighter than an order elsewhere does not make the claim.
    const light = claims([
      at(0, '1h', 'A', { bytes_per_order: 50_000 }),
      at(0, '1h', 'B', { bytes_per_order: 90_000, backlog_polls: 900, backlog_poll_open_max: 510, backlog_poll_bytes_500_open_mean: 41_000 }),
    ], yaml);
    expect(light['B: polling for anything related to 500 open orders could be onerous']?.verdict).toBe('does not hold');
  });

  it('report.html lists them with their verdicts', async () => {
    const text = resultsText('name: claims\npatterns: [A, B]\n', [
      { pattern: 'A', metrics: plausible(2.1, 2000) },
      { pattern: 'B', metrics: plausible(30, 2100) },
    ]);
    const html = (await buildReport(text, { fontFiles: chartFontFiles() })).find((f) => f.name === 'report.html')?.content as string;
    expect(html).toContain('<section id="seed-claims"><h2>The seed\'s claims, tested</h2>');
    expect(html).toContain('<td class="verdict holds">holds</td><td>B 30.0 vs A 2.10 messages</td>');
  });
});
