/** Figures per group of placers and fillers: who ordered what, which labs won the work, and what latency each group saw. */

import { Percentiles, SECOND } from '../engine/index.js';
import type { Order } from './order-ledger.js';
import type { World } from './world.js';

/** One group's figures in one run (measured orders only). */
export interface GroupFigure {
  kind: 'placers' | 'fillers';
  group: string;
  /** Actors in the group. */
  actors: number;
  /** Orders the group placed (placers), or took on: received, accepted or refused (fillers). */
  orders: number;
  /** Of those, completed. */
  completed: number;
  /** The group's share of every completed order, in percent. */
  completedShare: number;
  /** Overhead (end to end less processing and slot wait) of its completed orders whose outcome reached the placer, seconds. */
  overheadMean: number;
  overheadP95: number;
}

/** Every group's figures, placers' groups first, in the order the scenario lists them. */
export function groupFigures(world: World): GroupFigure[] {
  const out: GroupFigure[] = [];
  const ledger = world.ledger;
  let completedAll = 0;
  for (const o of ledger.orders) if (o.measured && o.outcome === 'completed') completedAll++;
  const collect = (kind: GroupFigure['kind'], group: string, actors: number, mine: (o: Order) => boolean): void => {
    const overhead = new Percentiles();
    let orders = 0;
    let completed = 0;
    let known = 0;
    let sum = 0;
    let max = 0;
    for (const o of ledger.orders) {
      if (!o.measured || !mine(o)) continue;
      orders++;
      if (o.outcome !== 'completed') continue;
      completed++;
      if (o.outcomeKnownAt < 0) continue;
      const us = ledger.overheadOf(o, o.outcomeKnownAt);
      overhead.record(us);
      sum += us;
      max = Math.max(max, us);
      known++;
    }
    out.push({
      kind, group, actors, orders, completed,
      completedShare: completedAll > 0 ? (100 * completed) / completedAll : Number.NaN,
      overheadMean: known > 0 ? sum / known / SECOND : Number.NaN,
      // A histogram answers with the top of the percentile's bucket, which can exceed the exact maximum.
      overheadP95: known > 0 ? Math.min(overhead.valueAt(95), max) / SECOND : Number.NaN,
    });
  };
  for (const [group, members] of byGroup(world.placers)) {
    const set = new Set(members.map((p) => p.index));
    collect('placers', group, members.length, (o) => set.has(o.placer));
  }
  for (const [group, members] of byGroup(world.fillers)) {
    const set = new Set(members.map((f) => f.index));
    collect('fillers', group, members.length, (o) => o.filler >= 0 && set.has(o.filler));
  }
  return out;
}

/** Actors by group name, in first-appearance order (the scenario's order). */
function byGroup<A extends { group: string }>(actors: readonly A[]): Map<string, A[]> {
  const m = new Map<string, A[]>();
  for (const a of actors) {
    let list = m.get(a.group);
    if (list === undefined) {
      list = [];
      m.set(a.group, list);
    }
    list.push(a);
  }
  return m;
}
