/** Named, independent random-number streams derived from one master seed (seedrandom xor4096). */

import seedrandom from 'seedrandom';

/** A source of uniform variates in the open interval (0, 1) with 53 bits of precision. */
export interface Rng {
  double(): number;
  /**
   * The second standard normal of the last Box-Muller pair drawn from this stream, NaN when
   * none is left. A stream that has this field gets two normals per pair (see
   * `standardNormal`); one without it (a test's stub) gets one and discards the other.
   */
  spareNormal?: number;
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
 * One stream, independent of any `RandomStreams` cache. The name is mixed by xor4096 (every
 * character of the string seed goes into a 4096-bit state, then 512 outputs are discarded,
 * so seeds that differ in one character give unrelated numbers); four of its outputs then
 * seed a Tyche-i generator, whose state is four 32-bit words. The stream that is kept is
 * small (a world has tens of thousands of them: one per actor and purpose) and fast, and
 * `.double()` has 53 random bits and is never 0.
 */
export function createStream(seed: number | string, name: string): Rng {
  const mixer = seedrandom.xor4096(`fwsim:${String(seed)}:${name}`);
  const state = { a: mixer.int32(), b: mixer.int32(), c: mixer.int32(), d: mixer.int32() | 1 };
  const prng = seedrandom.tychei('', { state });
  return { double: prng.double, spareNormal: Number.NaN };
}
