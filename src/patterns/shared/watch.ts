/** How an actor learns of changes on a server: polling, a subscription, or a co-located hook on its own server. */

import type { EnoughPages, FhirResource, FhirServer, LinkClass, Poller, QueryBuilder, Topic, World } from '../../models/index.js';
import { SearchFetch, matches } from '../../models/index.js';

/** The three ways to learn of a change. `direct`: the actor is the server's own application. */
export type WatchMode = 'poll' | 'subscription' | 'direct';

/** A running watch. */
export interface Watch {
  /** Re-arms a dormant poller (call when the actor has something to ask again). */
  wake(): void;
  /** Searches once now (e.g. a filler with new capacity looking for open work). */
  refresh(): void;
}

/** What to watch and what to do with what is seen. */
export interface WatchSpec {
  actor: string;
  server: FhirServer;
  link: LinkClass;
  mode: WatchMode;
  /** The subscription topic; also the poll's query unless `query` is given. */
  topic: Topic;
  /** A poll query built at each poll (null: nothing to ask, the poller sleeps until woken). */
  query?: QueryBuilder;
  /** Polls return only changes since the previous poll (default true). */
  watermark?: boolean;
  /** Without a watermark: read a result's pages only until they are enough (see `EnoughPages`). */
  enough?: EnoughPages;
  /**
   * What was seen: `fresh` when the list is what matches now, from its start (a poll without a
   * watermark, or a refresh; as far as it was read, see `enough`; then also when it is empty),
   * false when it is only what changed (a notification, a watermarked poll; never empty).
   */
  onResources: (resources: readonly FhirResource[], fresh: boolean) => void;
}

/**
 * Starts watching. The same topic drives all three mechanisms, so a pattern states once
 * what an actor cares about and the scenario decides how it finds out.
 */
export function watch(world: World, spec: WatchSpec): Watch {
  switch (spec.mode) {
    case 'direct': {
      const { topic } = spec;
      spec.server.store.onChange((current, previous) => {
        if (current.type !== topic.type) return;
        if (topic.trigger === 'create' && previous !== undefined) return;
        if (matches(current, topic.where)) spec.onResources([current], false);
      });
      return { wake: noop, refresh: noop };
    }
    case 'poll': {
      // One query object for every poll: the poller and the server keep what they worked out for it.
      const fixed = { type: spec.topic.type, where: spec.topic.where };
      const query = spec.query ?? (() => fixed);
      const fresh = spec.watermark === false;
      const poller: Poller = world.poller(spec.actor, spec.server, spec.link, query, (resources) => {
        if (resources.length > 0 || fresh) spec.onResources(resources, fresh);
      }, { watermark: spec.watermark ?? true, ...(spec.enough !== undefined ? { enough: spec.enough } : {}) });
      return { wake: () => poller.wake(), refresh: () => poller.pollNow() };
    }
    case 'subscription': {
      const endpoint = world.subscriber(spec.actor, spec.link, (resources) => spec.onResources(resources, false));
      endpoint.subscribe(spec.server, spec.topic);
      // A subscription only reports changes; looking for current work means a search.
      const refresh = (): void => {
        new SearchFetch(world.network, spec.actor, spec.server, spec.link, { type: spec.topic.type, where: spec.topic.where }, (resources) => {
          spec.onResources(resources, true);
        }, spec.enough).start();
      };
      return { wake: noop, refresh };
    }
  }
}

function noop(): void {}
