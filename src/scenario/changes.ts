/** What differs between two versions of a scenario, field by field: what a refused --resume tells the user. */

import { pathText } from './problems.js';
import { show } from './units.js';

/**
 * The fields whose values differ between `before` and `after` (plain JSON data, e.g. two
 * resolved scenarios), as `fillers.capacity: 8 -> 3`, in field order. Lists of different
 * lengths are one change; a field only one side has shows `(none)` on the other.
 */
export function scenarioChanges(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  walk(before, after, [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: PropertyKey[], out: string[]): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) walk(a[k], b[k], [...path, k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => walk(v, b[i], [...path, i], out));
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  out.push(`${pathText(path)}: ${a === undefined ? '(none)' : show(a)} -> ${b === undefined ? '(none)' : show(b)}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
