/** A world for E's claim race: one placer, `k` fillers that all want every order and have room. */

import { Constant, MINUTE, SECOND } from '../../src/engine/index.js';
import type { WorldConfig } from '../../src/models/index.js';
import { tinyWorldConfig } from '../../src/patterns/index.js';

/** `orders` orders, one every 7 min, 1 min of work each, for `k` fillers with 4 slots each; `overrides` last. */
export function openTaskRace(k: number, orders: number, overrides: Partial<WorldConfig> = {}): WorldConfig {
  const base = tinyWorldConfig();
  return tinyWorldConfig({
    horizon: 3 * 60 * MINUTE,
    placers: { count: 1, meanInterarrival: 7 * MINUTE, arrivals: 'fixed', maxOrders: orders, firstArrival: SECOND },
    fillers: { count: k, capacity: 4, processing: new Constant(MINUTE), acceptProbability: 1 },
    server: { ...base.server, workers: 16 },
    ...overrides,
  });
}
