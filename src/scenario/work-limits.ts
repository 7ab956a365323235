/** The work a scenario may ask for without --allow-large, and the located problems of one that asks for more. */

import { BYTES_PER_ACTOR, BYTES_PER_ORDER, EVENTS_PER_ORDER, EVENTS_PER_POLL, estimateWork, type WorkEstimate } from './work-estimate.js';
import { defaultsShape, valueAt } from './fields.js';
import { pathText, type ScenarioProblem } from './problems.js';
import type { Scenario } from './schema.js';
import { withValue } from './sweep.js';

/** Limits on a scenario's estimated work. */
export interface WorkLimits {
  /** Runs (patterns x sweep points x replications): each is a job, a journal line and a results row. */
  runs: number;
  /** Simulated events over all runs (upper estimate). */
  events: number;
  /** Bytes of one run's world (a worker thread holds one at a time). */
  memoryPerRun: number;
}

/**
 * What fwsim runs without --allow-large. Every shipped scenario is well inside (default.yaml:
 * 405 runs, up to 0.5 G events, 0.06 GB a run, in 4 min on 2 cores; scale.yaml: 9 runs, up
 * to 0.1 G events, 0.75 GB a run). 20,000 runs keep the journal near 100 MB and every result
 * in memory for the summary; 5 G events (an upper estimate, the real figure is about a third)
 * is an hour or two on 2 cores; 2 GB a run is half the heap a worker thread gets (about 4 GB),
 * beyond which a run dies of an out-of-memory error instead of finishing.
 */
export const WORK_LIMITS: WorkLimits = { runs: 20_000, events: 5e9, memoryPerRun: 2e9 };

/**
 * The problems of a scenario whose estimated work exceeds `limits`, one per limit exceeded,
 * each located at the field that makes it large (the one whose default would shrink it
 * most), then one line with the whole estimate and the flag that allows it. Empty if within.
 */
export function workProblems(s: Scenario, limits: WorkLimits, lineOf: (path: readonly PropertyKey[]) => number | undefined): ScenarioProblem[] {
  const e = estimateWork(s);
  const problems: ScenarioProblem[] = [];
  // Each candidate's estimate is made once, whichever limits it is asked about.
  const cache = new Map<string, WorkEstimate | undefined>();
  const at = (measure: (x: WorkEstimate) => number): Omit<ScenarioProblem, 'message'> => {
    const path = largestContributor(s, measure, cache);
    const line = path.length > 0 ? lineOf(path) : undefined;
    return { path: path[0] === 'sweep' ? `sweep.${String(path[1])}` : pathText(path), ...(line !== undefined ? { line } : {}) };
  };
  if (e.runs > limits.runs) {
    problems.push({ ...at((x) => x.runs), message: `expected at most ${whole(limits.runs)} runs without --allow-large, got ${whole(e.runs)} (${runsText(e)})` });
  }
  if (e.memoryPerRun > limits.memoryPerRun) {
    problems.push({
      ...at((x) => x.memoryPerRun),
      message: `expected a run that fits in ${bytes(limits.memoryPerRun)} of memory without --allow-large, got about ${bytes(e.memoryPerRun)} (up to ${about(e.ordersPerRun)} orders at ${bytes(BYTES_PER_ORDER)} and ${about(e.actorsPerRun)} placers and fillers at ${bytes(BYTES_PER_ACTOR)} in one run)`,
    });
  }
  if (e.events > limits.events) {
    problems.push({
      ...at((x) => x.events),
      message: `expected at most ${about(limits.events)} simulated events in all without --allow-large, got up to ${about(e.events)} (${count(e.runs, 'run')} x up to ${about(e.eventsPerRun)} events a run: ${EVENTS_PER_ORDER} an order, ${EVENTS_PER_POLL} a poll)`,
    });
  }
  if (problems.length > 0) problems.push({ path: '', message: `estimated work: ${describeWork(e)}; pass --allow-large to run it anyway` });
  return problems;
}

/** The estimate in a line: `405 runs (9 patterns x 9 sweep points x 5 replications); a run: up to ...`. */
export function describeWork(e: WorkEstimate): string {
  return `${count(e.runs, 'run')} (${runsText(e)}); a run: up to ${about(e.ordersPerRun)} orders, ${about(e.actorsPerRun)} placers and fillers, ${about(e.pollsPerRun)} polls, ${about(e.eventsPerRun)} events and about ${bytes(e.memoryPerRun)} of memory; in all up to ${about(e.events)} events`;
}

function runsText(e: WorkEstimate): string {
  return `${count(e.patterns, 'pattern')} x ${count(e.points, 'sweep point')} x ${count(e.replications, 'replication')}`;
}

/** `1 run`, `405 runs`. */
function count(n: number, word: string): string {
  return `${whole(n)} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The field (or sweep entry) whose default (or removal) shrinks `measure` the most: where a
 * refusal points, so the line shown is the one to change.
 */
function largestContributor(s: Scenario, measure: (e: WorkEstimate) => number, cache: Map<string, WorkEstimate | undefined>): PropertyKey[] {
  const candidates: PropertyKey[][] = [['replications'], ['horizon'], ['polling', 'interval'], ...Object.keys(s.sweep).map((p) => ['sweep', p])];
  for (const kind of ['placers', 'fillers'] as const) {
    const fields = kind === 'placers' ? ['count', 'orderRate'] : ['count'];
    const groups = s[kind];
    const prefixes: PropertyKey[][] = Array.isArray(groups) ? groups.map((_g, i) => [kind, i]) : [[kind]];
    for (const prefix of prefixes) for (const f of [...fields, 'polling.interval']) candidates.push([...prefix, ...f.split('.')]);
  }
  const full = measure(estimateWork(s));
  let best: PropertyKey[] = [];
  let bestRatio = 1;
  for (const path of candidates) {
    const key = path.map(String).join('\u0000');
    if (!cache.has(key)) cache.set(key, withoutContribution(s, path));
    const smaller = cache.get(key);
    if (smaller === undefined) continue;
    const ratio = full / measure(smaller);
    if (ratio > bestRatio) {
      best = path;
      bestRatio = ratio;
    }
  }
  return best;
}

/** The estimate with the field at `path` at its default, or the sweep entry removed; undefined if the field is not written. */
function withoutContribution(s: Scenario, path: PropertyKey[]): WorkEstimate | undefined {
  const raw = s as unknown as Record<string, unknown>;
  let smaller: Record<string, unknown>;
  if (path[0] === 'sweep') {
    const { [path[1] as string]: _dropped, ...rest } = s.sweep;
    smaller = { ...raw, sweep: rest };
  } else {
    // A group's own polling interval has no default of its own: the scenario's is what it falls back to.
    const generic = path.filter((k) => typeof k !== 'number');
    const fallback = valueAt(defaultsShape(), generic) ?? (generic.slice(-2).join('.') === 'polling.interval' ? valueAt(defaultsShape(), ['polling', 'interval']) : undefined);
    if (valueAt(raw, path) === undefined || fallback === undefined) return undefined;
    smaller = withValue(raw, path.map(String), fallback);
  }
  return estimateWork(smaller as unknown as Scenario);
}

/** An exact count with thousands separators (`9,000,000`), or `1.0e+100` beyond what that shows well. */
function whole(n: number): string {
  return n < 1e15 ? Math.round(n).toLocaleString('en-US') : n.toExponential(1);
}

/** An estimate to two significant digits: `3,200`, `490 million`, `2.6 trillion`, `3.2e+16`. */
function about(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 1e15) return n.toExponential(1);
  const [size, word] = n >= 1e12 ? [1e12, ' trillion'] : n >= 1e9 ? [1e9, ' billion'] : n >= 1e6 ? [1e6, ' million'] : [1, ''];
  return `${Number((n / size).toPrecision(2)).toLocaleString('en-US')}${word}`;
}

/** Bytes in decimal units to two significant digits (`750 MB`, `2 GB`, `130 TB`). */
function bytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let k = 0;
  while (k < units.length - 1 && n >= 1000 ** (k + 1)) k++;
  if (n >= 1000 ** 7) return `${n.toExponential(1)} bytes`;
  return `${Number((n / 1000 ** k).toPrecision(2))} ${units[k] as string}`;
}
