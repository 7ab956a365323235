/** Named, independent random-number streams derived from one master seed (seedrandom's xor4096 and Tyche-i, number for number). */

import { xor4096Outputs } from './xor4096-seed.js';

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

/** The four seeding words of the latest {@link createStream}. */
const SEED_WORDS = new Int32Array(4);

/**
 * One stream, independent of any `RandomStreams` cache. The name is mixed by xor4096 (every
 * character of the string seed goes into a 4096-bit state, then 512 outputs are discarded,
 * so seeds that differ in one character give unrelated numbers); four of its outputs then
 * seed a Tyche-i generator, whose state is four 32-bit words. The stream that is kept is
 * small (a world has tens of thousands of them: one per actor and purpose) and fast, and
 * `.double()` has 53 random bits and is never 0.
 */
export function createStream(seed: number | string, name: string): Rng {
  const w = SEED_WORDS;
  xor4096Outputs(`fwsim:${String(seed)}:${name}`, w);
  return new TycheI(w[0] as number, w[1] as number, w[2] as number, (w[3] as number) | 1);
}

/**
 * A stream keyed by two 32-bit integers, cheap enough to make per use (a dozen word
 * operations): e.g. the randomness of one order (`key`, drawn once when it is placed) for
 * one purpose (`salt`). Whoever asks, in whatever order, gets the same numbers for the same
 * key and salt, which is what lets every pattern of a sweep point see the same processing
 * time and the same decisions for the same order (common random numbers). Seeded as
 * seedrandom's `tychei` seeds from an integer: the two words and two constants, then 20 rounds.
 */
export function keyedStream(key: number, salt: number): Rng {
  const g = new TycheI(key | 0, salt | 0, 2654435769 | 0, 1367130551);
  g.mix(20);
  return g;
}

/**
 * Tyche-i (Neves and Araujo, 2011) from a given state, number for number the generator of
 * seedrandom's `tychei` with `{ state }` (a test checks that). It is written out here because
 * seedrandom builds each generator from five closures and their contexts, about 400 bytes a
 * stream; this is one small object whose methods every stream shares.
 */
class TycheI implements Rng {
  spareNormal = Number.NaN;

  constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
  ) {}

  /** Runs the generator `rounds` times, discarding the outputs (seeding). */
  mix(rounds: number): void {
    for (let i = 0; i < rounds; i++) this.next();
  }

  /** Next 32-bit output, as a signed integer (seedrandom's `int32`). */
  private next(): number {
    let b = this.b;
    let c = this.c;
    let d = this.d;
    let a = this.a;
    b = (b << 25) ^ (b >>> 7) ^ c;
    c = (c - d) | 0;
    d = (d << 24) ^ (d >>> 8) ^ a;
    a = (a - b) | 0;
    this.b = b = (b << 20) ^ (b >>> 12) ^ c;
    this.c = c = (c - d) | 0;
    this.d = (d << 16) ^ (c >>> 16) ^ a;
    return (this.a = (a - b) | 0);
  }

  /** 53 bits from two outputs, in (0, 1) (seedrandom's `double`). */
  double(): number {
    for (;;) {
      const top = this.next() >>> 11;
      const bot = (this.next() >>> 0) / 0x100000000;
      const result = (top + bot) / (1 << 21);
      if (result !== 0) return result;
    }
  }
}
