/** A search followed through all its pages: what a poller or a recovering subscriber does. */

import type { FhirServer } from '../server/fhir-server.js';
import { ok, type FhirResponse } from '../network/interaction.js';
import type { Network } from '../network/network.js';
import type { FhirResource } from '../server/resource.js';
import type { LinkClass } from '../network/traffic.js';
import type { SearchQuery } from '../server/store-search.js';
import type { EnoughPages } from './poller-options.js';

/** Called once every page has been read: all resources in commit order, and the search's `asOf` watermark. */
export type FetchDone = (resources: readonly FhirResource[], asOf: number, failed: boolean) => void;

/**
 * Sends a search, then one `page` request per `next` link until the last page (or until the
 * pages read are `enough`), each a real interaction through the network and the server's
 * queue. A page that times out ends the fetch with what was gathered and `failed` set (the
 * caller keeps its old watermark).
 */
export class SearchFetch {
  private readonly resources: FhirResource[] = [];

  constructor(
    private readonly network: Network,
    private readonly actor: string,
    private readonly server: FhirServer,
    private readonly link: LinkClass,
    private readonly query: SearchQuery,
    private readonly done: FetchDone,
    private readonly enough?: EnoughPages,
  ) {}

  /** Sends the first request. */
  start(): void {
    this.network.call(this.actor, this.server, { kind: 'search', query: this.query }, this.link, SearchFetch.onPage, this);
  }

  private static onPage(this: void, response: FhirResponse, fetch: SearchFetch): void {
    const page = response.page;
    if (!ok(response) || page === undefined) {
      fetch.done(fetch.resources, -1, true);
      return;
    }
    const from = fetch.resources.length;
    for (const r of page.resources) fetch.resources.push(r);
    if (page.next !== null && (fetch.enough === undefined || !fetch.enough(fetch.resources, from))) {
      fetch.network.call(fetch.actor, fetch.server, { kind: 'page', cursor: page.next }, fetch.link, SearchFetch.onPage, fetch);
      return;
    }
    fetch.done(fetch.resources, page.asOf, false);
  }
}
