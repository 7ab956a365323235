/** Figures per group of placers and fillers: who ordered what, which labs won the work, and what latency each group saw. */

import { Percentiles, SECOND } from '../../engine/index.js';
import type { World } from '../world.js';

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
  /** Interactions between systems its actors started, or that servers delivered to them (notifications). */
  interactions: number;
  /** Bytes on the wire of those interactions, requests and responses. */
  bytes: number;
  /** Interactions and bytes per completed order of the group (NaN when it completed none). */
  interactionsPerOrder: number;
  bytesPerOrder: number;
}

/** Running totals of one group while the ledger is read once. */
interface Acc {
  kind: GroupFigure['kind'];
  group: string;
  actors: number;
  orders: number;
  completed: number;
  known: number;
  sum: number;
  max: number;
  overhead: Percentiles;
}

/** Every group's figures, placers' groups first, in the order the scenario lists them: one pass over the ledger. */
export function groupFigures(world: World): GroupFigure[] {
  const ledger = world.ledger;
  const accs: Acc[] = [];
  // Actor index -> its group's accumulator, for placers and for fillers.
  const index = (kind: GroupFigure['kind'], actors: readonly { group: string }[]): Acc[] => {
    const byName = new Map<string, Acc>();
    return actors.map((a) => {
      let acc = byName.get(a.group);
      if (acc === undefined) {
        acc = { kind, group: a.group, actors: 0, orders: 0, completed: 0, known: 0, sum: 0, max: 0, overhead: new Percentiles() };
        byName.set(a.group, acc);
        accs.push(acc);
      }
      acc.actors++;
      return acc;
    });
  };
  const placerAcc = index('placers', world.placers);
  const fillerAcc = index('fillers', world.fillers);
  let completedAll = 0;
  for (const o of ledger.orders()) {
    if (!o.measured) continue;
    const done = o.outcome === 'completed';
    if (done) completedAll++;
    const overhead = done && o.outcomeKnownAt >= 0 ? ledger.overheadOf(o, o.outcomeKnownAt) : -1;
    for (const acc of [placerAcc[o.placer], o.filler >= 0 ? fillerAcc[o.filler] : undefined]) {
      if (acc === undefined) continue;
      acc.orders++;
      if (!done) continue;
      acc.completed++;
      if (overhead < 0) continue;
      acc.overhead.record(overhead);
      acc.sum += overhead;
      acc.max = Math.max(acc.max, overhead);
      acc.known++;
    }
  }
  const traffic = world.traffic;
  return accs.map((a) => {
    const account = world.groupAccount(a.kind, a.group);
    // Without groups nothing is counted apart (and groups.csv is not written).
    const interactions = account >= 0 ? (traffic.accountInteractions[account] as number) : Number.NaN;
    const bytes = account >= 0 ? (traffic.accountBytes[account] as number) : Number.NaN;
    return {
      kind: a.kind, group: a.group, actors: a.actors, orders: a.orders, completed: a.completed,
      completedShare: completedAll > 0 ? (100 * a.completed) / completedAll : Number.NaN,
      overheadMean: a.known > 0 ? a.sum / a.known / SECOND : Number.NaN,
      // A histogram answers with the top of the percentile's bucket, which can exceed the exact maximum.
      overheadP95: a.known > 0 ? Math.min(a.overhead.valueAt(95), a.max) / SECOND : Number.NaN,
      interactions, bytes,
      interactionsPerOrder: a.completed > 0 ? interactions / a.completed : Number.NaN,
      bytesPerOrder: a.completed > 0 ? bytes / a.completed : Number.NaN,
    };
  });
}
