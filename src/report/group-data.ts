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
      g = { pattern: r.pattern, point: Number(r.point), kind, group: r.group, actors: Number(r.actors), replications: 0, orders: 0, completed: 0, completedSharePct: 0, overheadMeanS: 0, overheadP95S: 0, n: { completedSharePct: 0, overheadMeanS: 0, overheadP95S: 0 } };
      out.set(key, g);
    }
    g.replications++;
    g.orders += Number(r.orders);
    g.completed += Number(r.orders_completed);
    // Cells left empty (nothing completed) do not count towards a mean.
    for (const [field, col] of [['completedSharePct', 'completed_share_pct'], ['overheadMeanS', 'latency_overhead_mean_s'], ['overheadP95S', 'latency_overhead_p95_s']] as const) {
      const cell = r[col];
      if (cell !== undefined && cell !== '') {
        g[field] += Number(cell);
        g.n[field] = (g.n[field] ?? 0) + 1;
      }
    }
  });
  return [...out.values()].map(({ n, ...g }) => ({
    ...g,
    orders: g.orders / g.replications,
    completed: g.completed / g.replications,
    completedSharePct: (n.completedSharePct ?? 0) > 0 ? g.completedSharePct / (n.completedSharePct as number) : Number.NaN,
    overheadMeanS: (n.overheadMeanS ?? 0) > 0 ? g.overheadMeanS / (n.overheadMeanS as number) : Number.NaN,
    overheadP95S: (n.overheadP95S ?? 0) > 0 ? g.overheadP95S / (n.overheadP95S as number) : Number.NaN,
  }));
}
