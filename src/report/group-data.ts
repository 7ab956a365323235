/** groups.csv read back for the report: each group's figures averaged over the replications of a pattern and point. */

import { readCsvTable } from './csv-text.js';

/** One group at one pattern and sweep point: means over its replications. */
export interface GroupPoint {
  pattern: string;
  point: number;
  kind: 'placers' | 'fillers';
  group: string;
  actors: number;
  replications: number;
  orders: number;
  completed: number;
  completedSharePct: number;
  overheadMeanS: number;
  overheadP95S: number;
  /** The group's own traffic (what its actors sent and were delivered) per completed order of the group. */
  interactionsPerOrder: number;
  bytesPerOrder: number;
}

/** Means per (pattern, point, kind, group), in the file's order of first appearance. Throws a message naming the line on a bad file. */
export function parseGroupsCsv(text: string, source = 'groups.csv'): GroupPoint[] {
  const [header = [], ...body] = readCsvTable(text, source);
  const rows = body.map((cells) => Object.fromEntries(header.map((column, c) => [column, cells[c] as string])) as Record<string, string>);
  const out = new Map<string, GroupPoint & { n: Record<string, number> }>();
  rows.forEach((r, i) => {
    const kind = r.group_kind;
    if ((kind !== 'placers' && kind !== 'fillers') || r.pattern === undefined || r.group === undefined) {
      throw new Error(`${source}:${i + 2}: expected a row of groups.csv as fwsim run writes it (pattern, point, group_kind placers or fillers, group, ...)`);
    }
    const key = `${r.pattern}\u0000${r.point}\u0000${kind}\u0000${r.group}`;
    let g = out.get(key);
    if (g === undefined) {
      g = { pattern: r.pattern, point: Number(r.point), kind, group: r.group, actors: Number(r.actors), replications: 0, orders: 0, completed: 0, completedSharePct: 0, overheadMeanS: 0, overheadP95S: 0, interactionsPerOrder: 0, bytesPerOrder: 0, n: {} };
      out.set(key, g);
    }
    g.replications++;
    g.orders += Number(r.orders);
    g.completed += Number(r.orders_completed);
    // Cells left empty (nothing completed) do not count towards a mean.
    for (const [field, col] of MEANS) {
      const cell = r[col];
      if (cell !== undefined && cell !== '') {
        g[field] += Number(cell);
        g.n[field] = (g.n[field] ?? 0) + 1;
      }
    }
  });
  return [...out.values()].map(({ n, ...g }) => {
    const means = Object.fromEntries(MEANS.map(([field]) => [field, (n[field] ?? 0) > 0 ? g[field] / (n[field] as number) : Number.NaN]));
    return { ...g, orders: g.orders / g.replications, completed: g.completed / g.replications, ...means };
  });
}

/** Fields averaged over the replications whose cell is not empty, and their columns. */
const MEANS = [
  ['completedSharePct', 'completed_share_pct'],
  ['overheadMeanS', 'latency_overhead_mean_s'],
  ['overheadP95S', 'latency_overhead_p95_s'],
  ['interactionsPerOrder', 'interactions_per_order'],
  ['bytesPerOrder', 'bytes_per_order'],
] as const;
