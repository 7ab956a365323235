/** Sweeps: a grid over dotted field paths, validated path by path and value by value, expanded into points. */

import { scenarioSchema, type Scenario } from './schema.js';
import type { ScenarioProblem } from './problems.js';
import { defaultsShape, valueAt } from './fields.js';
import { parseDuration } from '../engine/index.js';
import { show } from './units.js';

/** Fields that make no sense to sweep. */
const NOT_SWEEPABLE = new Set(['name', 'description', 'sweep', 'patterns', 'replications', 'report']);

/** Optional fields that may be swept even though the defaults leave them out (a group's index is written `#`). */
const OPTIONAL_PATHS = [
  'network.links.placer-server', 'network.links.filler-server', 'network.links.broker-server', 'network.links.server-subscriber', 'network.links.placer-filler',
  ...['placers', 'placers.#', 'fillers', 'fillers.#'].flatMap((g) => ['interval', 'jitter', 'phase'].map((f) => `${g}.polling.${f}`)),
  'fillers.discovery', 'fillers.#.discovery', 'placers.name', 'placers.#.name', 'fillers.name', 'fillers.#.name',
  'placers.profile', 'placers.#.profile', 'placers.profile.hourly', 'placers.#.profile.hourly', 'placers.profile.bursts', 'placers.#.profile.bursts',
];

/** `fillers.2.polling.interval` -> `fillers.#.polling.interval`. */
const generic = (path: string): string => path.replace(/\.\d+(?=\.|$)/g, '.#');

/** One point of the grid: a value per swept path, in sweep order. */
export interface SweepPoint {
  /** 0-based position in the grid (the first path varies slowest). */
  index: number;
  values: Record<string, unknown>;
}

/** A sweep problem, with the sweep path to locate its line. */
export type SweepProblem = ScenarioProblem & { sweepPath?: (string | number)[] };

/**
 * Checks every sweep entry: the path must name a field of the scenario (or a parameter of a
 * distribution as the scenario spells it), and each value must be valid there, exactly as if
 * it had been written in place.
 */
export function checkSweep(raw: Record<string, unknown>, scenario: Scenario): SweepProblem[] {
  const problems: SweepProblem[] = [];
  for (const [path, values] of Object.entries(scenario.sweep)) {
    const parts = path.split('.');
    const top = parts[0] ?? '';
    const group = /^(placers|fillers)\.(\d+)(\.|$)/.exec(path);
    const groupExists = group === null || Array.isArray(valueAt(scenario, [group[1] as string])) && valueAt(scenario, [group[1] as string, Number(group[2])]) !== undefined;
    const exists = groupExists && (valueAt(scenario, parts) !== undefined || valueAt(defaultsShape(), parts) !== undefined || OPTIONAL_PATHS.includes(generic(path)));
    if ((top === 'placers' || top === 'fillers') && Array.isArray(valueAt(scenario, [top])) && group === null) {
      problems.push({ path: `sweep.${path}`, sweepPath: [path], message: `${top} is a list of groups here: name the group by its position, e.g. ${top}.0.${parts.slice(1).join('.') || 'count'}` });
      continue;
    }
    if (NOT_SWEEPABLE.has(top) || !exists || parts.some((p) => p === '')) {
      problems.push({
        path: `sweep.${path}`,
        sweepPath: [path],
        message: NOT_SWEEPABLE.has(top) ? `'${top}' cannot be swept` : `no field '${path}' to sweep; expected a dotted path such as fillers.count, polling.interval or fillers.processing.lognormal.mean`,
      });
      continue;
    }
    values.forEach((value, i) => {
      const trial = withValue(raw, parts, value);
      const r = scenarioSchema.safeParse(trial);
      if (r.success) return;
      for (const issue of r.error.issues) {
        const at = issue.path.map(String).join('.');
        if (at === path || at.startsWith(`${path}.`) || path.startsWith(`${at}.`) || TIED[path]?.includes(at) === true) {
          problems.push({ path: `sweep.${path}[${i}]`, sweepPath: [path, i], message: issue.message });
        }
      }
    });
  }
  problems.push(...checkWarmupAcrossSweep(scenario));
  return problems;
}

/**
 * Fields a rule ties to another: a swept value can break the rule while the issue is raised at
 * the other field (a horizon swept to 20min breaks "warmup < horizon", reported at warmup).
 */
const TIED: Readonly<Record<string, readonly string[]>> = { horizon: ['warmup'] };

/** With both swept, each value was checked against the other's written value: check the grid's worst pair. */
function checkWarmupAcrossSweep(scenario: Scenario): SweepProblem[] {
  const warmups = scenario.sweep.warmup;
  const horizons = scenario.sweep.horizon;
  if (warmups === undefined || horizons === undefined) return [];
  const us = (v: unknown): number => ((typeof v === 'string' || typeof v === 'number') ? parseDuration(v) ?? Number.NaN : Number.NaN);
  const longest = warmups.reduce<unknown>((a, b) => (us(b) > us(a) ? b : a), warmups[0]);
  const shortest = horizons.reduce<unknown>((a, b) => (us(b) < us(a) ? b : a), horizons[0]);
  if (!(us(longest) >= us(shortest))) return [];
  return [{ path: 'sweep.warmup', sweepPath: ['warmup'], message: `expected every swept warm-up shorter than every swept horizon (the grid pairs each with each, and a run whose warm-up reaches its horizon measures nothing), got warmup ${show(longest)} with horizon ${show(shortest)}` }];
}

/** Every point of the sweep grid (one empty point when nothing is swept). */
export function sweepPoints(scenario: Scenario): SweepPoint[] {
  const entries = Object.entries(scenario.sweep);
  let points: Record<string, unknown>[] = [{}];
  for (const [path, values] of entries) {
    const next: Record<string, unknown>[] = [];
    for (const p of points) for (const v of values) next.push({ ...p, [path]: v });
    points = next;
  }
  return points.map((values, index) => ({ index, values }));
}

/** The scenario at one point: the swept values written in place, defaults filled, re-validated. */
export function scenarioAt(scenario: Scenario, point: SweepPoint): Scenario {
  let raw: Record<string, unknown> = scenario as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(point.values)) raw = withValue(raw, path.split('.'), value);
  return scenarioSchema.parse(raw);
}

/** A copy of `root` with `value` at `path` (objects along the way are copied, not shared). */
export function withValue(root: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  const copy: Record<string, unknown> = { ...root };
  if (rest.length === 0) {
    copy[head] = value;
  } else {
    const child = root[head];
    if (Array.isArray(child) && /^\d+$/.test(rest[0] as string)) {
      // A group of a list (`fillers.1.count`): copy the list, write into the one group.
      const list = [...(child as unknown[])];
      const i = Number(rest[0]);
      const item = list[i];
      list[i] = rest.length === 1 ? value : withValue(item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as Record<string, unknown>) : {}, rest.slice(1), value);
      copy[head] = list;
    } else {
      copy[head] = withValue(child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {}, rest, value);
    }
  }
  return copy;
}
