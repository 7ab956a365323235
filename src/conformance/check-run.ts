/** One simulated run, logged and replayed against Medplum: the model's answers checked against real FHIR server code. */

import { InteractionLog, World, type WorldConfig } from '../models/index.js';
import { patterns, type PatternId } from '../patterns/index.js';
import type { Medplum } from './medplum.js';
import { Replay, type ReplaySummary } from './replay.js';

/** What one pattern's run did and what its replay found. */
export interface RunCheck extends ReplaySummary {
  pattern: PatternId;
  /** Orders placed in the run (all, warm-up included). */
  orders: number;
}

/** Runs `pattern` in a world of `config` with every server's interactions logged, then replays the log against Medplum. */
export async function checkRun(config: WorldConfig, pattern: PatternId, medplum: Medplum): Promise<RunCheck> {
  const log = new InteractionLog();
  const world = new World(config, { log });
  patterns[pattern].setup(world);
  world.run();
  const pageSizes = new Map(world.servers.map((s) => [s.name, s.config.pageSize]));
  const orders = world.ledger.size;
  world.dispose();
  const summary = await new Replay(medplum, pageSizes).run(log.entries);
  return { pattern, orders, ...summary };
}
