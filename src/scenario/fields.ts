/** Where fields are in a scenario: the fully-defaulted shape and value lookup by path. */

import { scenarioSchema } from './schema.js';
import { withProfile } from './profiles.js';

let cachedDefaults: unknown;

/** A scenario with every default filled in (the generic profile's too), to know which fields exist where. */
export function defaultsShape(): Record<string, unknown> {
  cachedDefaults ??= withProfile(scenarioSchema.parse({ name: 'x' }));
  return cachedDefaults as Record<string, unknown>;
}

/** The value at a path in a plain object, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}
