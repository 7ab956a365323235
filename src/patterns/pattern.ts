/** What a communication pattern is: its names, its happy-path cost, and how it wires a world. */

import type { World } from '../models/index.js';

/** Seed letters of the catalogue (DESIGN.md section 4); J and K are options of the Task patterns. */
export type PatternId = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I';

/** A communication pattern. Patterns only wire models together: they never count messages. */
export interface Pattern {
  readonly id: PatternId;
  /** Short title in the seed catalogue's words. */
  readonly title: string;
  /** The option's name in the current FHIR workflow pages (which letter it the spec gives it, and its title). */
  readonly specName: string;
  /** One line: who sends what to whom. */
  readonly summary: string;
  /**
   * Messages per order on the happy path with one filler, as DESIGN.md section 4 gives them
   * (discovery by polling counted as one message per discovery), and the variant noted.
   */
  readonly minMessages: { value: number; variant?: string };
  /**
   * Whether the placer is ever told that the filler has taken the order on (a Task status,
   * an acknowledgement, a 202). A, B and C give no such indication (seed): their
   * "acceptance known" latency is empty, not a copy of the end-to-end figure.
   */
  readonly signalsAcceptance: boolean;
  /** Task-based: status queries (J) and cancellation (K) apply. */
  readonly taskBased: boolean;
  /** Builds the pattern's servers, watchers and behaviours in `world` and starts its placers. */
  setup(world: World): void;
}
