/** A workflow broker: knows the fillers, picks one per order, and moves on when one says no or stays silent. */

import { LoadTree } from './load-tree.js';

/** Broker settings. */
export interface BrokerConfig {
  /** `preference`: fillers in a fixed order; `round-robin`: rotate; `least-loaded`: fewest open assignments per slot of capacity. */
  selection: 'preference' | 'round-robin' | 'least-loaded';
  /** How long an assignment may stay unanswered before the broker reassigns it (microseconds). */
  assignTimeout: number;
}

/**
 * The broker's view of its fillers: which it tried for an order and how many assignments
 * each has open. `choose` never offers an order twice to the same filler; when every filler
 * has been tried it returns -1 (the order is rejected).
 */
export class Broker {
  private cursor = 0;
  private readonly loads: LoadTree;

  readonly fillerCount: number;

  /**
   * `capacities`: each filler's parallel jobs, in filler order (least-loaded weighs open
   * assignments by them); a count means that many fillers of equal capacity.
   */
  constructor(capacities: number | readonly number[], readonly config: BrokerConfig) {
    this.fillerCount = typeof capacities === 'number' ? capacities : capacities.length;
    if (!Number.isInteger(this.fillerCount)) throw new RangeError('broker: needs at least one filler');
    if (this.fillerCount < 1) throw new RangeError('broker: needs at least one filler');
    this.loads = new LoadTree(capacities);
  }

  /** Open assignments per filler, as the broker knows them (read it; change it only through assigned/released). */
  get load(): Int32Array {
    return this.loads.load;
  }

  /** Actor name. */
  get name(): string {
    return 'broker';
  }

  /**
   * The filler to offer an order to, skipping those already tried (each once: an order is
   * offered to one or two, so a list of exact room, not a Set); -1 when none is left.
   */
  choose(tried: readonly number[]): number {
    const n = this.fillerCount;
    if (tried.length >= n) return -1;
    switch (this.config.selection) {
      case 'preference': {
        for (let i = 0; i < n; i++) if (!tried.includes(i)) return i;
        return -1;
      }
      case 'round-robin': {
        for (let k = 0; k < n; k++) {
          const i = (this.cursor + k) % n;
          if (!tried.includes(i)) {
            this.cursor = (i + 1) % n;
            return i;
          }
        }
        return -1;
      }
      case 'least-loaded':
        return this.loads.leastLoaded(tried);
    }
  }

  /** An assignment to `filler` was made. */
  assigned(filler: number): void {
    this.loads.add(filler, 1);
  }

  /** An assignment to `filler` ended (done, declined or withdrawn). */
  released(filler: number): void {
    this.loads.add(filler, -1);
  }
}
