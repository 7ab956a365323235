/** Scenario text (YAML or JSON) to a validated scenario, with every problem located by line and field path. */

import { LineCounter, parseDocument, isMap, isPair, isScalar, visit, type Document } from 'yaml';
import type { z } from 'zod';
import { didYouMean, pathText, ScenarioError, type ScenarioProblem } from './problems.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { defaultsShape, valueAt } from './fields.js';
import { show } from './units.js';
import { groupName, groupTotal } from '../models/index.js';
import { checkSweep } from './sweep.js';
import { workProblems, type WorkLimits } from './work-limits.js';

/**
 * Parses and validates scenario text. `source` names it in messages (the file path). YAML
 * is a superset of JSON, so one parser reads both and keeps line numbers for both. Throws a
 * {@link ScenarioError} listing every problem: syntax, wrong types, bad values, unknown
 * keys (with a suggestion when it looks like a typo), and sweep paths or values.
 */
export function parseScenario(text: string, source: string): Scenario {
  const { raw, lineOf } = readScenarioText(text, source);
  return validateScenario(raw, source, lineOf);
}

/**
 * The first half of {@link parseScenario}: the text as a plain object and a line finder,
 * before validation (so command-line overrides can be applied first). Throws a
 * {@link ScenarioError} for text that is not a mapping.
 */
export function readScenarioText(text: string, source: string): { raw: Record<string, unknown>; lineOf: (path: readonly PropertyKey[]) => number | undefined } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(source, doc.errors.map((e) => ({ path: '', line: e.linePos?.[0]?.line, message: `not valid YAML or JSON: ${e.message.split('\n')[0] ?? e.message}` })));
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml package throws (rather than reporting in doc.errors) for an alias bomb and
    // for an alias whose anchor is not set before it: both are the file's fault, not ours.
    throw new ScenarioError(source, [aliasProblem(doc, lines, e as Error)]);
  }
  if (raw === null || raw === undefined) throw new ScenarioError(source, [{ path: '', message: 'the file is empty; a scenario needs at least a name (e.g. "name: my-scenario")' }]);
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError(source, [{ path: '', line: 1, message: `expected a mapping of fields (name: ..., placers: ...), got ${Array.isArray(raw) ? 'a list' : typeof raw}` }]);
  }
  return { raw: raw as Record<string, unknown>, lineOf: (path) => lineOf(doc, lines, path) };
}

/**
 * How many copies YAML aliases (`*name`) may expand to. A scenario has no need of more; a
 * "billion laughs" file nests aliases of aliases so that a few lines expand to billions of
 * nodes, which would exhaust memory when validated or written out.
 */
export const MAX_ALIAS_COUNT = 100;

/** The problem of a document whose aliases cannot be expanded: too many, or naming no anchor. */
function aliasProblem(doc: Document, lines: LineCounter, e: Error): ScenarioProblem {
  const unresolved = /Unresolved alias.*: (.*)$/.exec(e.message);
  if (unresolved !== null) {
    let line: number | undefined;
    let at = '';
    visit(doc, {
      Alias: (_key, node, ancestors) => {
        if (line !== undefined || node.source !== unresolved[1] || node.range === undefined || node.range === null) return;
        line = lines.linePos(node.range[0]).line;
        at = pathText(ancestors.flatMap((a) => (isPair(a) && isScalar(a.key) ? [String(a.key.value)] : [])));
      },
    });
    return { path: at, ...(line !== undefined ? { line } : {}), message: `not valid YAML or JSON: the alias *${unresolved[1]} names no anchor (&${unresolved[1]}) set before it` };
  }
  // Name the top-level field whose value expands too far: convert each on its own (anchors
  // elsewhere in the document still resolve).
  let path = '';
  let line: number | undefined;
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      try {
        (pair.value as { toJS?: (d: Document, o: object) => unknown } | null)?.toJS?.(doc, { maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        path = isScalar(pair.key) ? String(pair.key.value) : '';
        const range = (pair.key as { range?: [number, number, number] } | null)?.range;
        if (range !== undefined) line = lines.linePos(range[0]).line;
        break;
      }
    }
  }
  return {
    path,
    ...(line !== undefined ? { line } : {}),
    message: `too many aliases: its YAML aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies (an alias bomb?); expected anchors and aliases that expand to at most ${MAX_ALIAS_COUNT}`,
  };
}

/** Options of {@link validateScenario}. */
export interface ValidateOptions {
  /** Refuse a scenario whose estimated work exceeds these (the CLI passes WORK_LIMITS unless --allow-large). */
  limits?: WorkLimits;
}

/**
 * Validates an already-parsed scenario object (e.g. built in code, or a file after `--set`
 * overrides). `lineOf` maps a field path to its line, when the source has lines.
 */
export function validateScenario(raw: Record<string, unknown>, source: string, lineOf: (path: readonly PropertyKey[]) => number | undefined = () => undefined, options: ValidateOptions = {}): Scenario {
  const result = scenarioSchema.safeParse(raw);
  const problems: ScenarioProblem[] = [];
  if (!result.success) problems.push(...result.error.issues.flatMap((i) => describeIssue(i, raw, lineOf)));
  if (result.success && options.limits !== undefined) {
    // Before the sweep's values are checked: each costs a validation of the whole scenario,
    // so a sweep of 200,000 values would take minutes only to be refused for its size.
    const tooLarge = workProblems(result.data, options.limits, lineOf);
    if (tooLarge.length > 0) throw new ScenarioError(source, tooLarge);
  }
  if (result.success) problems.push(...checkSweep(raw, result.data).map((p) => ({ ...p, line: p.line ?? lineOf(['sweep', ...(p.sweepPath ?? [])]) })));
  if (result.success) problems.push(...checkOutageActors(result.data, lineOf), ...checkGroupNames(result.data, lineOf));
  if (problems.length > 0) throw new ScenarioError(source, problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  return result.data as Scenario;
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>, lineOf: (path: readonly PropertyKey[]) => number | undefined): ScenarioProblem[] {
  if (issue.code === 'unrecognized_keys') {
    // A group in a list (`fillers[1]`) has the fields of the single group the defaults hold.
    const parent = valueAt(defaultsShape(), issue.path.filter((k) => typeof k !== 'number'));
    const known = parent !== null && typeof parent === 'object' ? Object.keys(parent) : [];
    return issue.keys.map((key) => {
      const hint = didYouMean(key, known);
      return {
        path: pathText([...issue.path, key]),
        line: lineOf([...issue.path, key]),
        message: `unknown field '${key}'${hint !== undefined ? ` (did you mean '${hint}'?)` : ''}; expected one of ${known.join(', ')}`,
      };
    });
  }
  const given = valueAt(raw, issue.path);
  if (issue.code === 'invalid_union' && issue.path.length === 1 && (issue.path[0] === 'placers' || issue.path[0] === 'fillers')) {
    // One group (an object) or a list: the input's own shape says which it meant, so its
    // problems are those of that branch (paths relative to the field).
    const branch = Array.isArray(given) ? issue.errors[1] : given !== null && typeof given === 'object' ? issue.errors[0] : undefined;
    if (branch !== undefined && branch.length > 0) {
      return branch.flatMap((sub) => describeIssue({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue, raw, lineOf));
    }
    return [{ path: pathText(issue.path), line: lineOf(issue.path), message: `expected a group of ${String(issue.path[0])} (an object) or a list of groups, got ${show(given)}` }];
  }
  const message = issue.path.length > 0 && given === undefined && issue.message.endsWith('got nothing')
    ? issue.message.replace(/, got nothing$/, ' (the field is required)')
    : issue.message;
  return [{ path: pathText(issue.path), line: lineOf(issue.path), message }];
}

function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  // Walk down as far as the path exists; a missing field is reported at its parent's line.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (node !== undefined && node !== null && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] }).range;
      if (range !== undefined) {
        // For a key of a map, point at the key's line rather than its value's.
        const parent = n > 0 ? (n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1) as unknown[], true)) : undefined;
        if (isMap(parent)) {
          const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === path[n - 1]);
          const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
          if (keyRange !== undefined) return lines.linePos(keyRange[0]).line;
        }
        return lines.linePos(range[0]).line;
      }
    }
  }
  return undefined;
}

/** An outage naming an actor must name one that exists (`filler/7` of 5 fillers would silently do nothing). */
function checkOutageActors(s: Scenario, lineOf: (path: readonly PropertyKey[]) => number | undefined): ScenarioProblem[] {
  const counts: Record<string, number> = { placer: groupTotal(s.placers), filler: groupTotal(s.fillers) };
  const problems: ScenarioProblem[] = [];
  s.outages.forEach((o, i) => {
    const field = o.server !== undefined ? 'server' : 'endpoint';
    const m = /^(placer|filler)\/(\d+)$/.exec((o.server ?? o.endpoint) as string);
    if (m === null) return;
    const n = counts[m[1] as string] as number;
    if (Number(m[2]) >= n) problems.push({ path: pathText(['outages', i, field]), line: lineOf(['outages', i, field]), message: `expected one of ${m[1]}/0 .. ${m[1]}/${n - 1} (there are ${n} ${m[1]}s), got "${m[0]}"` });
  });
  return problems;
}

/** Group names are what results are reported by: two groups of one kind may not share one. */
function checkGroupNames(s: Scenario, lineOf: (path: readonly PropertyKey[]) => number | undefined): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  for (const kind of ['placers', 'fillers'] as const) {
    const groups = s[kind];
    if (!Array.isArray(groups)) continue;
    const seen = new Map<string, number>();
    (groups as readonly { name?: string }[]).forEach((_g, i) => {
      const name = groupName(kind, groups, i);
      const first = seen.get(name);
      if (first !== undefined) problems.push({ path: pathText([kind, i, 'name']), line: lineOf([kind, i, 'name']), message: `expected a name no other group of ${kind} has, got "${name}" (also ${kind}[${first}])` });
      else seen.set(name, i);
    });
  }
  return problems;
}
