/** What a FHIR server is set up as: its workers, service times, page size, conflict answer and rate limit, and its role in the world. */

import type { Distribution } from '../../engine/index.js';
import type { ServiceKind } from '../network/interaction.js';
import type { RateLimit } from './rate-limit.js';

/** Server settings; durations in microseconds. */
export interface ServerConfig {
  /** Parallel request handlers. */
  workers: number;
  /** Service time per class of work. */
  serviceTime: Readonly<Record<ServiceKind, Distribution>>;
  /** Added search cost per returned resource. */
  perMatch: number;
  /**
   * Added search cost per value of a list criterion beyond the first (`based-on=a,b,c`: one
   * more index probe each); default 0.
   */
  perValue?: number;
  /** Largest page a search returns (`_count` is capped to it); more results cost page requests. */
  pageSize: number;
  /** Answer to a stale If-Match: 412, or 409 as HAPI FHIR does. */
  conflictStatus: 409 | 412;
  /**
   * A rate limit per client in front of the workers (a token bucket: `perSecond` refilled,
   * `burst` at most): a request beyond it is answered 429 at once, with the time until the
   * client's next token as Retry-After. Absent: no limit.
   */
  rateLimit?: RateLimit;
}

/** What a server is, fixed at creation: a placer's or filler's own, the shared intermediary, or the broker's (G). Load is reported by it. */
export type ServerRole = 'placer' | 'filler' | 'intermediary' | 'broker';

/** Every server role, in results column order. */
export const SERVER_ROLES: readonly ServerRole[] = ['placer', 'filler', 'intermediary', 'broker'];
