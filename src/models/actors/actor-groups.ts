/** Groups of placers and fillers: a world is rarely one homogeneous crowd, so each group has its own settings. */

import type { FillerConfig } from './filler.js';
import type { PlacerConfig } from './placer.js';
import type { PollingConfig } from '../polling/poller.js';

/** Polling settings a group may set for its own actors; what it leaves out comes from the world's `polling`. */
export type GroupPolling = Partial<PollingConfig>;

/** `count` placers that share their ordering behaviour and how often they poll. */
export interface PlacerGroup extends PlacerConfig {
  /** Shown in reports; `placers[i]` when absent. */
  name?: string;
  count: number;
  polling?: GroupPolling;
}

/** `count` fillers that share capacity, processing, acceptance, load policy, discovery and polling. */
export interface FillerGroup extends FillerConfig {
  /** Shown in reports; `fillers[i]` when absent. */
  name?: string;
  count: number;
  /** How these fillers learn of work on a server (B, C, E, G); default: the pattern's own in B and C, the world's `discovery` in E and G. */
  discovery?: 'poll' | 'subscription';
  polling?: GroupPolling;
}

/** One group, or a list of them (the single-object form of a scenario is one group). */
export type Groups<G> = G | readonly G[];

/** The groups as a list, in the order written. */
export function groupList<G>(groups: Groups<G>): readonly G[] {
  return Array.isArray(groups) ? (groups as readonly G[]) : [groups as G];
}

/** Total actors over every group. */
export function groupTotal(groups: Groups<{ count: number }>): number {
  let n = 0;
  for (const g of groupList(groups)) n += g.count;
  return n;
}

/** A group's name: its own, or where it stands in the list (`fillers[1]`); the one group of the single form is `fillers`. */
export function groupName(kind: 'placers' | 'fillers', groups: Groups<{ name?: string }>, i: number): string {
  const list = groupList(groups);
  const own = list[i]?.name;
  if (own !== undefined) return own;
  return Array.isArray(groups) ? `${kind}[${i}]` : kind;
}

/** The world's polling with a group's own settings written over it. */
export function groupPolling(world: PollingConfig, group: GroupPolling | undefined): PollingConfig {
  if (group === undefined) return world;
  return {
    ...world,
    ...(group.interval !== undefined ? { interval: group.interval } : {}),
    ...(group.jitter !== undefined ? { jitter: group.jitter } : {}),
    ...(group.phase !== undefined ? { phase: group.phase } : {}),
  };
}
