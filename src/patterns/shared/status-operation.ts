/** The `$status` operation a Task-hosting server offers for status queries (pattern J by operation). */

import type { FhirServer } from '../../models/index.js';

/** Registers `$status` on `server`: the Tasks focused on the request named in the body (`{ focus }`). */
export function offerStatusOperation(server: FhirServer): void {
  server.handle('$status', (body) => {
    const focus = (body as { focus: string }).focus;
    return { status: 200, body: server.store.search({ type: 'Task', where: { focus } }).resources };
  });
}
