/**
 * HdrHistogram's compressed V2 encoding (base64), written and read here so a command does
 * not load hdr-histogram-js' encoding module, which loads the library's WebAssembly build
 * and pako (a zlib for browsers) at import: about 30 ms of a 0.5 s start, for a format of a
 * few lines. The bytes are the library's, byte for byte (a test encodes with both): the
 * same header, ZigZag LEB128 counts with runs of zeros as negative lengths, and Node's
 * zlib, which is what the library itself deflates with under Node.
 */

import { deflateSync, inflateSync } from 'node:zlib';
import type { JsHistogram } from 'hdr-histogram-js/dist/JsHistogram.js';

/** Cookies of the V2 encoding, uncompressed and compressed (the 0x10 marks its word size). */
const V2 = 0x1c849303;
const V2_COMPRESSED = 0x1c849304;
const WORD_SIZE = 0x10;
const TWO_32 = 2 ** 32;
/** Bytes of the uncompressed header: cookie, payload length, index offset, digits, three int64s. */
const HEADER = 40;

/** Growable big-endian byte writer. */
class Bytes {
  data = new Uint8Array(256);
  length = 0;

  byte(b: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint8Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = b;
  }

  /** A ZigZag LEB128 value, as the library writes it (at most 9 bytes). */
  zigZag(value: number): void {
    let v = value >= 0 ? value * 2 : -value * 2 - 1;
    for (let i = 0; i < 8 && v >= 0x80; i++) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }
}

/** Writes `value` as a big-endian 32-bit word at `at`. */
function putInt32(out: Uint8Array, at: number, value: number): void {
  new DataView(out.buffer, out.byteOffset).setUint32(at, value >>> 0);
}

function putInt64(out: Uint8Array, at: number, value: number): void {
  putInt32(out, at, Math.floor(value / TWO_32));
  putInt32(out, at + 4, value % TWO_32);
}

/** `histogram` in the compressed V2 encoding, base64 (the library's `encodeIntoCompressedBase64()`). */
export function encodeHistogram(histogram: JsHistogram): string {
  const body = new Bytes();
  const limit = histogram.countsArrayIndex(histogram.maxValue) + 1;
  for (let i = 0; i < limit; ) {
    const count = histogram.getCountAtIndex(i++);
    if (count < 0) throw new Error(`cannot encode a histogram holding a negative count (${count})`);
    let zeros = 0;
    if (count === 0) {
      zeros = 1;
      while (i < limit && histogram.getCountAtIndex(i) === 0) {
        zeros++;
        i++;
      }
    }
    body.zigZag(zeros > 1 ? -zeros : count);
  }
  const plain = new Uint8Array(HEADER + body.length);
  putInt32(plain, 0, V2 | WORD_SIZE);
  putInt32(plain, 4, body.length);
  putInt32(plain, 8, 1);
  putInt32(plain, 12, histogram.numberOfSignificantValueDigits);
  putInt64(plain, 16, histogram.lowestDiscernibleValue);
  putInt64(plain, 24, histogram.highestTrackableValue);
  putInt64(plain, 32, 1);
  plain.set(body.data.subarray(0, body.length), HEADER);
  const packed = deflateSync(plain);
  // The library's buffer starts at 16 bytes and is only ever grown to fit.
  const out = new Uint8Array(Math.max(16, 8 + packed.length));
  putInt32(out, 0, V2_COMPRESSED | WORD_SIZE);
  putInt32(out, 4, packed.length);
  out.set(packed, 8);
  return Buffer.from(out.buffer, out.byteOffset, out.length).toString('base64');
}

/** The header and counts of an {@link encodeHistogram}ed histogram. */
export interface DecodedHistogram {
  digits: number;
  lowest: number;
  highest: number;
  /** Counts by index (zeros included), up to the last one written. */
  counts: number[];
}

/** Reads an {@link encodeHistogram}ed histogram (the library's `decodeFromCompressedBase64`, without building one). */
export function decodeHistogram(encoded: string): DecodedHistogram {
  const bytes = Buffer.from(encoded.trim(), 'base64');
  const outer = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  if (bytes.length < 8 || (outer.getUint32(0) & ~0xf0) !== V2_COMPRESSED) throw new Error('not an HdrHistogram in the compressed V2 encoding');
  const plain = inflateSync(bytes.subarray(8, 8 + outer.getUint32(4)));
  const view = new DataView(plain.buffer, plain.byteOffset, plain.length);
  const cookie = view.getUint32(0);
  if ((cookie & ~0xf0) !== V2 || (cookie & 0xf0) !== WORD_SIZE) throw new Error('not an HdrHistogram in the V2 encoding');
  const int64 = (at: number): number => view.getUint32(at) * TWO_32 + view.getUint32(at + 4);
  const end = HEADER + view.getUint32(4);
  const counts: number[] = [];
  for (let at = HEADER; at < end; ) {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 9; i++) {
      const b = plain[at++] as number;
      value += (b & 0x7f) * scale;
      scale *= 0x80;
      if (b < 0x80) break;
    }
    const count = value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    if (count >= 0) counts.push(count);
    else for (let z = 0; z < -count; z++) counts.push(0);
  }
  return { digits: view.getUint32(12), lowest: int64(16), highest: int64(24), counts };
}
