/** Ids of the current resources by (type, business identifier): what makes a conditional create on an identifier cheap. */

import type { FhirResource, ResourceType } from './resource.js';

/**
 * A unique-key lookup kept beside the search indexes. `If-None-Exist: identifier=...` is
 * the commonest conditional create, and an identifier is nearly always unique: a bucket per
 * identifier would cost a search index far more memory than a map entry (one row kept as a
 * number, several as a list, so duplicates still answer 412).
 */
export class IdentifierLookup {
  private readonly byType = new Map<ResourceType, Map<string, number | number[]>>();

  /** The rows (ids as numbers) currently carrying `identifier`: one, several, or undefined. */
  get(type: ResourceType, identifier: string): number | number[] | undefined {
    return this.byType.get(type)?.get(identifier);
  }

  /** Files a new current version (and unfiles the one it replaces) when its identifier changed. */
  update(row: number, v: FhirResource, previous: FhirResource | undefined): void {
    const before = previous?.identifier ?? null;
    if (before === v.identifier) return;
    let ids = this.byType.get(v.type);
    if (ids === undefined) {
      ids = new Map();
      this.byType.set(v.type, ids);
    }
    if (before !== null) {
      const held = ids.get(before);
      const rest = Array.isArray(held) ? held.filter((x) => x !== row) : [];
      if (rest.length > 1) ids.set(before, rest);
      else if (rest.length === 1) ids.set(before, rest[0] as number);
      else ids.delete(before);
    }
    if (v.identifier !== null) {
      const held = ids.get(v.identifier);
      if (held === undefined) ids.set(v.identifier, row);
      else ids.set(v.identifier, Array.isArray(held) ? [...held, row] : [held, row]);
    }
  }
}
