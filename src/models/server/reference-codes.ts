/**
 * A store's references, names and identifiers as pairs of integers: what lets a finished row
 * keep numbers instead of a string of its own per field.
 */

/** Digits of the longest trailing number kept as a number (below 2^31). */
const MAX_DIGITS = 9;
/** Slots of the cache of decoded strings (a power of two). */
const DECODED = 1024;

/**
 * Splits each string into a prefix, kept once in a table, and the canonical decimal number it
 * ends in: `placer/17/fhir/ServiceRequest/42` is (`placer/17/fhir/ServiceRequest/`, 42) and
 * `order-815` is (`order-`, 815), so the rows of many orders share a few prefixes. A string
 * that does not end in such a number (`filler/3/fhir`, `x007`, a long run of digits) is its
 * own prefix with number -1. Prefix code 0 is null. The split is exact: {@link decode} gives
 * back a string equal to the one encoded.
 *
 * One table per world, shared by its servers' stores (a Task's `focus` on a lab's server names the
 * placer's server that other stores name too); it goes with the world.
 */
export class ReferenceCodes {
  private readonly prefixes: string[] = [''];
  private readonly codes = new Map<string, number>();
  /** The number of the latest {@link encode} (its prefix code is what `encode` returns). */
  number = -1;
  /**
   * Recently decoded strings, one per slot by (code, number): names (`placer/17`) and shared
   * references are decoded again and again, and a hit builds nothing.
   */
  private readonly decodedKeys = new Int32Array(2 * DECODED);
  private readonly decoded: (string | undefined)[] = new Array<string | undefined>(DECODED).fill(undefined);

  /** The prefix code of `s` (0 for null), added if new; its number is left in {@link number}. */
  encode(s: string | null): number {
    if (s === null) {
      this.number = -1;
      return 0;
    }
    const prefix = this.split(s);
    let code = this.codes.get(prefix);
    if (code === undefined) {
      code = this.prefixes.length;
      // A copy of its own: a slice would keep the whole string it was cut from.
      const own = prefix.length === s.length ? s : (' ' + prefix).slice(1);
      this.prefixes.push(own);
      this.codes.set(own, code);
    }
    return code;
  }

  /** The prefix code of `s` (0 for null), or -1 if its prefix was never coded (nothing coded is `s`); its number is left in {@link number}. */
  find(s: string | null): number {
    if (s === null) {
      this.number = -1;
      return 0;
    }
    return this.codes.get(this.split(s)) ?? -1;
  }

  /** The prefix of `s`; the number it ends in goes to {@link number} (-1: none). */
  private split(s: string): string {
    const digits = trailingNumberDigits(s);
    if (digits === 0) {
      this.number = -1;
      return s;
    }
    const start = s.length - digits;
    this.number = numberFrom(s, start);
    return s.slice(0, start);
  }

  /** The string of a prefix code and number (null for code 0). */
  decode(code: number, n: number): string | null {
    if (code === 0) return null;
    const prefix = this.prefixes[code] as string;
    if (n < 0) return prefix;
    const slot = (Math.imul(code, 0x9e3779b1) ^ n) & (DECODED - 1);
    const keys = this.decodedKeys;
    const hit = this.decoded[slot];
    if (hit !== undefined && keys[2 * slot] === code && keys[2 * slot + 1] === n) return hit;
    const s = prefix + n;
    keys[2 * slot] = code;
    keys[2 * slot + 1] = n;
    this.decoded[slot] = s;
    return s;
  }

  /** True if (code, n) stands for exactly `s`, compared in place (nothing is built). */
  equals(code: number, n: number, s: string | null): boolean {
    if (code === 0 || s === null) return code === 0 && s === null;
    const prefix = this.prefixes[code] as string;
    if (n < 0) return prefix === s;
    const digits = s.length - prefix.length;
    if (digits < 1 || digits !== trailingNumberDigits(s) || !s.startsWith(prefix)) return false;
    return numberFrom(s, prefix.length) === n;
  }
}

/** The decimal number of `s` from `start` to its end (all digits, at most MAX_DIGITS). */
function numberFrom(s: string, start: number): number {
  let n = 0;
  for (let i = start; i < s.length; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/**
 * Length of the canonical number `s` ends in (no leading zero unless it is `0`, at most
 * MAX_DIGITS digits, the whole trailing run of digits), or 0 if it ends in none.
 */
function trailingNumberDigits(s: string): number {
  let i = s.length;
  while (i > 0) {
    const d = s.charCodeAt(i - 1) - 48;
    if (d < 0 || d > 9) break;
    i--;
  }
  const digits = s.length - i;
  if (digits === 0 || digits > MAX_DIGITS) return 0;
  if (digits > 1 && s.charCodeAt(i) === 48) return 0;
  return digits;
}
