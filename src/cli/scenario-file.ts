/** Reading scenario files and applying command-line overrides (`--set`, `--seed`, ...), with located errors. */

import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ScenarioError, WORK_LIMITS, readScenarioText, validateScenario, withValue, type Scenario } from '../scenario/index.js';

/** Command-line changes to a scenario. */
export interface ScenarioOverrides {
  /** `path=value` pairs; the value is read as YAML (`5`, `15s`, `{lognormal: {mean: 1s, cv: 1}}`, `[A, E]`). */
  set?: readonly string[];
  seed?: number;
  replications?: number;
  /** Pattern letters. */
  patterns?: readonly string[];
}

/** Options of {@link loadScenario}. */
export interface LoadOptions {
  /** Accept work beyond WORK_LIMITS (the CLI's --allow-large); otherwise such a scenario is refused with its estimate. */
  allowLarge?: boolean;
}

/** The largest scenario file read (a sweep of 100,000 values is about 1 MB). */
export const MAX_SCENARIO_BYTES = 16 * 2 ** 20;

/**
 * Loads and validates the scenario file at `path`, with overrides applied before validation
 * (so an override that breaks a rule is reported like a bad field). Throws a ScenarioError
 * naming the file for a missing or unreadable file, bad YAML, invalid fields, or (unless
 * `allowLarge`) work beyond WORK_LIMITS.
 */
export function loadScenario(path: string, overrides: ScenarioOverrides = {}, options: LoadOptions = {}): Scenario {
  let text: string;
  try {
    // A device or a pipe (/dev/zero, /dev/stdin) would be read until memory runs out, and a
    // file of hundreds of MB is no scenario: refuse both before reading.
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    if (!stat.isFile()) throw new ScenarioError(path, [{ path: '', message: 'cannot read the scenario: not a regular file (a device, pipe or socket); expected a YAML or JSON file' }]);
    if (stat.size > MAX_SCENARIO_BYTES) throw new ScenarioError(path, [{ path: '', message: `cannot read the scenario: ${stat.size} bytes; expected a scenario file of at most ${MAX_SCENARIO_BYTES / 2 ** 20} MB` }]);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a scenario file' : (e as Error).message;
    throw new ScenarioError(path, [{ path: '', message: `cannot read the scenario: ${why}` }]);
  }
  const { raw, lineOf } = readScenarioText(text, path);
  try {
    return validateScenario(applyOverrides(raw, overrides, path), path, lineOf, options.allowLarge === true ? {} : { limits: WORK_LIMITS });
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    throw blameOverrides(e, overrides);
  }
}

/**
 * A problem with a value given on the command line says so, without the file's line (the
 * file is not where that value came from): `seed: expected ... got -1 (given by --seed -1)`.
 */
function blameOverrides(e: ScenarioError, o: ScenarioOverrides): ScenarioError {
  const origins: { path: string; origin: string }[] = [];
  for (const assignment of o.set ?? []) {
    const path = assignment.slice(0, Math.max(0, assignment.indexOf('='))).trim();
    // Problems name group positions as fillers[1].count; sweep keys stay as written.
    if (path !== '') origins.push({ path: path.startsWith('sweep.') ? path : path.replace(/\.(\d+)(?=\.|$)/g, '[$1]'), origin: `--set ${assignment}` });
  }
  if (o.seed !== undefined) origins.push({ path: 'seed', origin: `--seed ${o.seed}` });
  if (o.replications !== undefined) origins.push({ path: 'replications', origin: `--replications ${o.replications}` });
  if (o.patterns !== undefined) origins.push({ path: 'patterns', origin: `--patterns ${o.patterns.join(',')}` });
  const within = (inner: string, outer: string): boolean => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  const problems = e.problems.map((p) => {
    let found: string | undefined;
    // The last override of a field is the one that counts.
    for (const { path, origin } of origins) if (p.path !== '' && (within(p.path, path) || within(path, p.path))) found = origin;
    return found === undefined ? p : { path: p.path, message: `${p.message} (given by ${found})` };
  });
  return new ScenarioError(e.source, problems);
}

/** A --set path: field names or group positions (letters, digits, `_`, `-`) joined by dots. */
const SET_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** Keys that name no field but an object's prototype: writing them would change no field, silently. */
const NOT_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

/** The raw scenario with command-line overrides written in. */
export function applyOverrides(raw: Record<string, unknown>, o: ScenarioOverrides, source: string): Record<string, unknown> {
  let out = raw;
  for (const assignment of o.set ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new ScenarioError(source, [{ path: '', message: `--set expects path=value (e.g. fillers.count=10), got "${assignment}"` }]);
    const path = assignment.slice(0, eq).trim();
    if (!SET_PATH.test(path) || path.split('.').some((k) => NOT_FIELDS.has(k))) {
      throw new ScenarioError(source, [{ path: '', message: `--set ${assignment}: expected path=value with a path of field names joined by dots (e.g. fillers.count=10, sweep.polling.interval=[15s,1min]), got the path "${path}"` }]);
    }
    let value: unknown;
    try {
      value = parseYaml(assignment.slice(eq + 1));
    } catch {
      value = assignment.slice(eq + 1);
    }
    const [top, second] = path.split('.');
    if ((top === 'placers' || top === 'fillers') && Array.isArray(out[top]) && second !== undefined && !/^\d+$/.test(second)) {
      throw new ScenarioError(source, [{ path: `--set ${path}`, message: `${top} is a list of groups here: name the group by its position, e.g. ${top}.0.${path.split('.').slice(1).join('.')}` }]);
    }
    // Sweep keys are dotted paths themselves: sweep.polling.interval=[...] sets sweep['polling.interval'].
    out = withValue(out, path.startsWith('sweep.') ? ['sweep', path.slice('sweep.'.length)] : path.split('.'), value);
  }
  if (o.seed !== undefined) out = { ...out, seed: o.seed };
  if (o.replications !== undefined) out = { ...out, replications: o.replications };
  if (o.patterns !== undefined) out = { ...out, patterns: [...o.patterns] };
  return out;
}
