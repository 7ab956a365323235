/** Named, independent random-number streams derived from one master seed (seedrandom xor4096). */

import seedrandom from 'seedrandom';

/** A source of uniform variates in the open interval (0, 1) with 53 bits of precision. */
export interface Rng {
  double(): number;
}

/**
 * A family of random streams. Each stream is seeded from (master seed, stream name) alone,
 * so adding an actor, reordering set-up code or running in another worker thread never
 * changes another stream's numbers. The same name always returns the same stream object:
 * two components asking for `network` share one sequence rather than replaying it.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number | string) {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new RangeError(`RandomStreams: seed must be a safe integer or a string, got ${seed}`);
    }
  }

  /** The stream named `name` (e.g. `placer/17/arrivals`), created on first use. */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = createStream(this.seed, name);
      this.streams.set(name, rng);
    }
    return rng;
  }

  /** A child family whose streams are `prefix/<name>` of this one (keeps actor code unaware of its path). */
  scoped(prefix: string): ScopedStreams {
    return new ScopedStreams(this, prefix);
  }
}

/** A view of a {@link RandomStreams} under a name prefix. */
export class ScopedStreams {
  constructor(private readonly root: RandomStreams, readonly prefix: string) {}

  stream(name: string): Rng {
    return this.root.stream(`${this.prefix}/${name}`);
  }

  scoped(prefix: string): ScopedStreams {
    return new ScopedStreams(this.root, `${this.prefix}/${prefix}`);
  }
}

/**
 * One stream, independent of any `RandomStreams` cache. xor4096 mixes every character of
 * its string seed into a 4096-bit state and then discards 512 outputs, so seeds that differ
 * in one character give unrelated sequences; `.double()` has 53 random bits and is never 0.
 */
export function createStream(seed: number | string, name: string): Rng {
  const prng = seedrandom.xor4096(`fwsim:${String(seed)}:${name}`);
  return { double: prng.double };
}
