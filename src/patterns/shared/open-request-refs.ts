/** One placer's open requests on a server, as the references a `based-on` search lists. */

import type { OpenOrders } from '../../models/index.js';

/**
 * The references of a placer's requests that are still open, in placement order: what a
 * client that can only ask `DiagnosticReport?based-on=<ref>,<ref>,...` (the search parameter
 * FHIR defines for "the events of these requests") must list at every poll. A real client
 * splits the list to keep its URL short: at most `perQuery` references per search, so a
 * backlog of 500 open orders is 5 searches, every poll, each with 100 index probes.
 *
 * Closed orders are dropped when the chunks are built, which walks the open list once: the
 * same work the client does to build its URLs.
 */
export class OpenRequestRefs {
  private readonly ids: number[] = [];
  private readonly refs: string[] = [];

  constructor(private readonly placer: { readonly open: Pick<OpenOrders, 'has' | 'size'> }) {}

  /** Order `id` (open) has its request at `ref`. */
  add(id: number, ref: string): void {
    const ids = this.ids;
    // Requests mostly become known in placement order; a late answer goes in its place.
    let i = ids.length;
    while (i > 0 && (ids[i - 1] as number) > id) i--;
    if (i === ids.length) {
      ids.push(id);
      this.refs.push(ref);
    } else if (ids[i] !== id) {
      ids.splice(i, 0, id);
      this.refs.splice(i, 0, ref);
    }
    // Closed orders in the middle are swept once at least half the list has closed (constant
    // amortised work per order for a client that never builds the chunks).
    if (ids.length > 2 * this.placer.open.size + 8) this.sweep();
  }

  /** Whether any listed request is still open (closed ones at the head are dropped). */
  anyOpen(): boolean {
    const open = this.placer.open;
    while (this.ids.length > 0 && !open.has(this.ids[0] as number)) {
      this.ids.shift();
      this.refs.shift();
    }
    return this.ids.length > 0;
  }

  /**
   * The open requests' references in lists of at most `perQuery`, oldest first (fresh arrays:
   * each becomes the criteria of a search that a trace may keep). Empty when none is open.
   */
  chunks(perQuery: number): string[][] {
    const n = this.sweep();
    const out: string[][] = [];
    for (let i = 0; i < n; i += perQuery) out.push(this.refs.slice(i, Math.min(n, i + perQuery)));
    return out;
  }

  /** Drops the closed orders, keeping placement order; returns how many are open. */
  private sweep(): number {
    const open = this.placer.open;
    const ids = this.ids;
    const refs = this.refs;
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (!open.has(id)) continue;
      ids[n] = id;
      refs[n] = refs[i] as string;
      n++;
    }
    while (ids.length > n) {
      ids.pop();
      refs.pop();
    }
    return n;
  }
}
