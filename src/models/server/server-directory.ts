/** The world's servers, by name and by the prefix of the references of the resources they hold. */

import type { FhirServer } from './fhir-server.js';
import { parseRef, type FhirResource } from './resource.js';

/**
 * Finds a server by its name (the first part of its references), or the server holding a
 * resource version it returned. The latter goes by the version's `refPrefix`
 * (`<server>/<type>/`), a string its store made once and every version of that store and type
 * shares, so looking it up hashes nothing new: finding the server by `parseRef(r.ref)` built
 * the reference, sliced three new strings and hashed one of them, 2.5% of pattern D for the
 * whole country (a profile without inlining). The prefixes met are remembered as they come.
 */
export class ServerDirectory {
  private readonly byName = new Map<string, FhirServer>();
  private readonly byPrefix = new Map<string, FhirServer>();

  /** Whether a server is named `name`. */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Adds `server` (its name new: see {@link has}). */
  add(server: FhirServer): void {
    this.byName.set(server.name, server);
  }

  /** The server named `name`. */
  named(name: string): FhirServer {
    const s = this.byName.get(name);
    if (s === undefined) throw new Error(`no server named ${name}`);
    return s;
  }

  /** The server whose store made version `r` (the first part of `r.ref`). */
  holding(r: FhirResource): FhirServer {
    let s = this.byPrefix.get(r.refPrefix);
    if (s === undefined) {
      s = this.named(parseRef(r.ref).server);
      this.byPrefix.set(r.refPrefix, s);
    }
    return s;
  }
}
