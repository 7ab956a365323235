/** The seed catalogue's claims (Benefits and Limitations of each pattern), each tested against this scenario's results. */

import type { PointGroup } from './report-data.js';
import { meanOf, type SummaryPoint } from './summary-data.js';
import { formatValue } from './metrics.js';
import { LARGE_BACKLOG } from '../models/index.js';

/** What the results say of a claim. */
export type Verdict = 'holds' | 'does not hold' | 'holds at some points' | 'not measurable here';

/** A claim with the test that decides it and what it found. */
export interface ClaimResult {
  /** Patterns it is about, e.g. `B` or `D, E`. */
  patterns: string;
  /** The seed's words. */
  claim: string;
  /** Benefit or limitation, as the seed lists it. */
  kind: 'benefit' | 'limitation';
  /** How it is tested, in words. */
  test: string;
  verdict: Verdict;
  /** The figures behind the verdict (`holds at 7 of 9 points; B 66.0 vs A 2.1 messages at ...`). */
  detail: string;
}

/** At one point: true/false with the figures, or undefined when the point cannot decide. */
type PointCheck = (rows: ReadonlyMap<string, SummaryPoint>, all: readonly PointGroup[]) => { ok: boolean; figures: string } | undefined;

interface Claim {
  patterns: string;
  claim: string;
  kind: 'benefit' | 'limitation';
  test: string;
  /** Decided per point. */
  check: PointCheck;
  /** What to say when no point can decide (default: the patterns were not all run, or completed nothing). */
  whyNot?: (groups: readonly PointGroup[]) => string;
}

const v = (r: SummaryPoint | undefined, metric: string): number => (r === undefined ? Number.NaN : meanOf(r, metric));
const messages = (r: SummaryPoint | undefined): number => v(r, 'interactions_per_order');
const bytesPerMessage = (r: SummaryPoint | undefined): number => v(r, 'bytes_total') / v(r, 'interactions_total');
const f = (x: number): string => formatValue(x);
/** The pattern other than `except` with the fewest bytes per order at a point. */
function leanestOther(rows: ReadonlyMap<string, SummaryPoint>, except: string): SummaryPoint | undefined {
  let best: SummaryPoint | undefined;
  for (const r of rows.values()) if (r.pattern !== except && Number.isFinite(v(r, 'bytes_per_order')) && (best === undefined || v(r, 'bytes_per_order') < v(best, 'bytes_per_order'))) best = r;
  return best;
}

/** The pattern other than `except` with the fewest messages per order at a point. */
function cheapestOther(rows: ReadonlyMap<string, SummaryPoint>, except: string): SummaryPoint | undefined {
  let best: SummaryPoint | undefined;
  for (const r of rows.values()) if (r.pattern !== except && Number.isFinite(messages(r)) && (best === undefined || messages(r) < messages(best))) best = r;
  return best;
}

const REST = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'I'];
const TASKS = ['D', 'E', 'F', 'G'];

/** The claims, in catalogue order. */
const CLAIMS: readonly Claim[] = [
  {
    patterns: 'A', kind: 'benefit', claim: 'lowest overhead',
    test: 'A needs the fewest messages per completed order of the patterns run',
    check: (rows) => {
      const a = messages(rows.get('A'));
      const best = cheapestOther(rows, 'A');
      if (!Number.isFinite(a) || best === undefined) return undefined;
      return { ok: a <= messages(best), figures: `A ${f(a)} vs ${best.pattern} ${f(messages(best))} messages` };
    },
  },
  {
    patterns: 'B', kind: 'limitation', claim: 'polling for updates has significant communication overhead',
    test: 'B sends at least twice the messages per order of the cheapest other pattern',
    check: (rows) => {
      const b = messages(rows.get('B'));
      const best = cheapestOther(rows, 'B');
      if (!Number.isFinite(b) || best === undefined) return undefined;
      return { ok: b >= 2 * messages(best), figures: `B ${f(b)} vs ${best.pattern} ${f(messages(best))} messages` };
    },
  },
  {
    patterns: 'B', kind: 'limitation', claim: 'polling for anything related to 500 open orders could be onerous',
    test: `one B placer poll that lists ${LARGE_BACKLOG} or more open orders (a based-on search per 100) carries more bytes than a whole order of the leanest other pattern`,
    check: (rows) => {
      const b = rows.get('B');
      const poll = v(b, `backlog_poll_bytes_${LARGE_BACKLOG}_open_mean`);
      const best = leanestOther(rows, 'B');
      if (!Number.isFinite(poll) || best === undefined) return undefined;
      return { ok: poll > v(best, 'bytes_per_order'), figures: `a poll over ${LARGE_BACKLOG} open orders (up to ${f(v(b, 'backlog_poll_open_max'))}): ${f(poll / 1000)} kB, at every poll; ${best.pattern} moves a whole order in ${f(v(best, 'bytes_per_order') / 1000)} kB` };
    },
    whyNot: (groups) => {
      const bs = groups.map((g) => g.rows.find((r) => r.pattern === 'B')).filter((r): r is SummaryPoint => r !== undefined && v(r, 'backlog_polls') > 0);
      if (bs.length === 0) return `no B placer polled for its open orders (chained queries or no backlog)`;
      const top = bs.reduce((x, y) => (v(y, 'backlog_poll_open_max') > v(x, 'backlog_poll_open_max') ? y : x));
      return `B placers' polls listed at most ${f(v(top, 'backlog_poll_open_max'))} open orders (${f(v(top, 'backlog_poll_messages_mean'))} searches, ${f(v(top, 'backlog_poll_bytes_mean') / 1000)} kB a poll on average); none reached ${LARGE_BACKLOG}`;
    },
  },
  {
    patterns: 'C', kind: 'benefit', claim: 'lower overhead than polling',
    test: 'C needs fewer messages per order than B',
    check: (rows) => {
      const b = messages(rows.get('B'));
      const c = messages(rows.get('C'));
      if (!Number.isFinite(b) || !Number.isFinite(c)) return undefined;
      return { ok: c < b, figures: `C ${f(c)} vs B ${f(b)} messages` };
    },
  },
  {
    patterns: 'D, E', kind: 'benefit', claim: 'explicit acknowledgement: the placer knows the filler has taken the order',
    test: 'the placer learns of acceptance (accept-known latency is measured) in D and E',
    check: (rows) => {
      const present = ['D', 'E'].filter((p) => rows.has(p) && v(rows.get(p), 'orders_completed') > 0);
      if (present.length === 0) return undefined;
      const known = present.map((p) => [p, v(rows.get(p), 'latency_accept_known_mean_s')] as const);
      return { ok: known.every(([, x]) => Number.isFinite(x)), figures: known.map(([p, x]) => `${p} acceptance known after ${Number.isFinite(x) ? `${f(x)} s` : 'never'} (mean)`).join(', ') };
    },
  },
  {
    patterns: 'A, B, C', kind: 'limitation', claim: 'the placer may not know when the filler retrieved the request',
    test: 'no acceptance signal reaches the placer in A, B and C (accept-known latency empty)',
    check: (rows) => {
      const present = ['A', 'B', 'C'].filter((p) => rows.has(p) && v(rows.get(p), 'orders_completed') > 0);
      if (present.length === 0) return undefined;
      const silent = present.filter((p) => !Number.isFinite(v(rows.get(p), 'latency_accept_known_mean_s')));
      return { ok: silent.length === present.length, figures: `${silent.length} of ${present.length} (${present.join(', ')}) give no acceptance signal` };
    },
  },
  {
    patterns: 'H', kind: 'benefit', claim: 'reduced number of communications',
    test: 'H needs fewer messages per order than every Task pattern run (D-G)',
    check: (rows) => {
      const h = messages(rows.get('H'));
      const tasks = TASKS.filter((p) => Number.isFinite(messages(rows.get(p))));
      if (!Number.isFinite(h) || tasks.length === 0) return undefined;
      const best = tasks.reduce((x, y) => (messages(rows.get(y)) < messages(rows.get(x)) ? y : x));
      return { ok: h < messages(rows.get(best)), figures: `H ${f(h)} vs ${best} ${f(messages(rows.get(best)))} messages` };
    },
  },
  {
    patterns: 'H', kind: 'limitation', claim: 'messaging is heavy',
    test: 'an H message carries more bytes than a message of any REST pattern run',
    check: (rows) => {
      const h = bytesPerMessage(rows.get('H'));
      const rest = REST.filter((p) => Number.isFinite(bytesPerMessage(rows.get(p))));
      if (!Number.isFinite(h) || rest.length === 0) return undefined;
      const heaviest = rest.reduce((x, y) => (bytesPerMessage(rows.get(y)) > bytesPerMessage(rows.get(x)) ? y : x));
      return { ok: h > bytesPerMessage(rows.get(heaviest)), figures: `H ${f(h)} vs ${heaviest} ${f(bytesPerMessage(rows.get(heaviest)))} bytes per message` };
    },
  },
];

/** Every claim whose patterns were run, tested at this scenario's points. */
export function testSeedClaims(groups: readonly PointGroup[]): ClaimResult[] {
  const run = new Set(groups.flatMap((g) => g.rows.map((r) => r.pattern)));
  const out: ClaimResult[] = [];
  for (const c of CLAIMS) {
    if (!c.patterns.split(', ').some((p) => run.has(p))) continue;
    const base = { patterns: c.patterns, claim: c.claim, kind: c.kind, test: c.test };
    const checks = groups.map((g) => ({ g, r: c.check(new Map(g.rows.map((row) => [row.pattern, row])), groups) })).filter((x) => x.r !== undefined);
    if (checks.length === 0) {
      out.push({ ...base, verdict: 'not measurable here', detail: c.whyNot?.(groups) ?? 'the patterns it compares were not all run, or completed nothing' });
      continue;
    }
    const held = checks.filter((x) => x.r?.ok === true);
    const verdict: Verdict = held.length === checks.length ? 'holds' : held.length === 0 ? 'does not hold' : 'holds at some points';
    // The figures of a point that shows the verdict: the first where it fails, unless it always holds.
    const shown = verdict === 'holds' ? checks[0] : (checks.find((x) => x.r?.ok === false) ?? checks[0]);
    const where = shown !== undefined && shown.g.label !== '' ? ` (${shown.g.label})` : '';
    const count = checks.length > 1 ? `${held.length} of ${checks.length} points; ` : '';
    out.push({ ...base, verdict, detail: `${count}${shown?.r?.figures ?? ''}${where}` });
  }
  return out;
}
