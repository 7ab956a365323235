/**
 * The current version of every resource of one store, as columns (a struct of arrays): what
 * a finished order leaves on a server is a row of numbers, not an object.
 */

import { LiveSlots } from './live-slots.js';
import type { ReferenceCodes } from './reference-codes.js';
import { FhirResource, RESOURCE_TYPES, type ResourceType, type SearchField } from './resource.js';
import { WORDS, codeOf, finished } from './row-words.js';

/**
 * Int32 columns per row: type, versionId, txId, order, live slot, the coded references (from
 * REF0), the coded words two to a column, and lastUpdated in two halves. One typed array per
 * chunk of rows: each typed array costs two objects and an allocation, which a world of
 * 100,000 small stores pays per store.
 */
const TYPE = 0;
const VERSION = 1;
const TX = 2;
const ORDER = 3;
/** 1 + the row's slot in the table's {@link LiveSlots} while the row is unfinished, else 0. */
const LIVE = 4;

/**
 * The references and the identifier of a finished row, each as two integers (Int32Array): its
 * prefix code and number in the world's {@link ReferenceCodes}. An unfinished row's are read
 * from its version object.
 */
const OWNER = 0;
const PERFORMER = 1;
const REQUESTER = 2;
const FOCUS = 3;
const BASED_ON = 4;
const OUTPUT = 5;
const IDENTIFIER = 6;
/** Where a row's coded references start among its Int32 columns (two columns each, OWNER to IDENTIFIER). */
const REF0 = LIVE + 1;
/** Coded words (see row-words.ts, each under 2^16): status and intent in one column, businessStatus and code in the next (low half first). */
const STATUS_INTENT = REF0 + 2 * (IDENTIFIER + 1);
const BUSINESS_STATUS_CODE = STATUS_INTENT + 1;
/** lastUpdated (integer microseconds), as its low 32 bits and the rest. */
const UPDATED_LOW = BUSINESS_STATUS_CODE + 1;
const UPDATED_HIGH = UPDATED_LOW + 1;
const INTS = UPDATED_HIGH + 1;
const TWO_32 = 4294967296;

/** Rows come in chunks of this many (each grows to it from 8). */
const CHUNK_BITS = 10;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK_ROWS - 1;
/** Commit numbers map to rows in chunks of this many (each grows to it from 16). */
const TX_BITS = 14;
const TX_CHUNK = 1 << TX_BITS;
const IN_TX_CHUNK = TX_CHUNK - 1;

/** The columns of up to CHUNK_ROWS rows, row by row (INTS a row). */
type RowChunk = Int32Array;

/** The column of each reference field, by search field name. */
const REF_OF: Partial<Record<SearchField, number>> = { owner: OWNER, performer: PERFORMER, requester: REQUESTER, focus: FOCUS, basedOn: BASED_ON, identifier: IDENTIFIER };

/**
 * Rows are numbered by the store's ids (`1`, `2`, ...). A row holds the current version's
 * content and bookkeeping as numbers, a finished row's references, names and identifier too
 * (codes of the world's {@link ReferenceCodes}). While the resource is still in progress the store also
 * keeps, beside the row, the {@link FhirResource} it was committed as (readers get that very
 * object) and the index buckets holding it; once it reaches a finished status both are let
 * go, and a reader is given a fresh but identical object built from the row. Rows are stored
 * in chunks of 1,024, each growing from 8 rows by doubling and never copied once full: a big
 * store has slack and growth copies only in its last chunk, and the many nearly empty stores
 * of a large world (one per placer) stay small.
 */
export class ResourceTable {
  private chunks: RowChunk[] = [];
  private rows = 0;
  /**
   * Row of each commit number, for index entries that name only their commit (4 bytes a
   * commit); negative once the commit is superseded, so whether an entry is stale is read here.
   */
  private txRows: Int32Array[] = [];
  private readonly prefixes: Partial<Record<ResourceType, string>> = {};
  /** What the unfinished rows keep beside their columns (a row's LIVE column names its slot). */
  private readonly live = new LiveSlots();

  constructor(
    private readonly server: string,
    /** Where the rows' references, names and identifiers are coded (may be shared with other stores). */
    private readonly codes: ReferenceCodes,
  ) {}

  /** Number of rows (the highest id). */
  get size(): number {
    return this.rows;
  }

  /** Drops every row. */
  clear(): void {
    this.chunks = [];
    this.rows = 0;
    this.txRows = [];
    this.live.clear();
  }

  /** Index in the live cells of a row's version object, or -1 when the row is finished. */
  private liveAt(row: number): number {
    return liveIndex(this.chunks[row >>> CHUNK_BITS] as RowChunk, row & IN_CHUNK);
  }

  /** Row of the resource whose id is exactly `id` (`01` and `1.0` are not `1`), or 0. */
  rowOf(id: string): number {
    const n = id.length;
    if (n === 0 || n > 15 || id.charCodeAt(0) === 48) return 0;
    let row = 0;
    for (let i = 0; i < n; i++) {
      const d = id.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return 0;
      row = row * 10 + d;
    }
    return row <= this.rows ? row : 0;
  }

  typeOf(row: number): ResourceType {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    return RESOURCE_TYPES[c[(row & IN_CHUNK) * INTS + TYPE] as number] as ResourceType;
  }

  txOf(row: number): number {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    return c[(row & IN_CHUNK) * INTS + TX] as number;
  }

  /**
   * The row commit `tx` wrote, if that commit is still its row's current version; else 0 (a
   * newer commit superseded it). One read of the commit map, which a walk over a bucket reads
   * in rising commit order, not of the row itself.
   */
  currentRowOf(tx: number): number {
    const row = (this.txRows[tx >>> TX_BITS] as Int32Array)[tx & IN_TX_CHUNK] as number;
    return row > 0 ? row : 0;
  }

  /**
   * True if a searchable field of a row's current version is `want` (null: the field is
   * missing), read from its columns: no string is built.
   */
  fieldIs(row: number, name: SearchField, want: string | null): boolean {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    const o = row & IN_CHUNK;
    if (name === 'status') return WORDS[(c[o * INTS + STATUS_INTENT] as number) & 0xffff] === want;
    if (name === 'intent') return WORDS[(c[o * INTS + STATUS_INTENT] as number) >>> 16] === want;
    const at = liveIndex(c, o);
    if (at >= 0) return (this.live.cells[at] as FhirResource).field(name) === want;
    const k = o * INTS + REF0 + 2 * (REF_OF[name] as number);
    return this.codes.equals(c[k] as number, c[k + 1] as number, want);
  }

  /** The coded identifier of a row's current version: its prefix code (0: none), its number left in the codes' `number`. */
  identifierCode(row: number): number {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    const o = row & IN_CHUNK;
    const at = liveIndex(c, o);
    if (at >= 0) return this.codes.encode((this.live.cells[at] as FhirResource).identifier);
    const k = o * INTS + REF0 + 2 * IDENTIFIER;
    this.codes.number = c[k + 1] as number;
    return c[k] as number;
  }

  /** The index buckets holding a row's current version, while the row keeps its version object (the resource is unfinished). */
  bucketsOf(row: number): unknown[] | null {
    const at = this.liveAt(row);
    return at < 0 ? null : (this.live.cells[at + 1] as unknown[] | null);
  }

  setBuckets(row: number, buckets: unknown[] | null): void {
    const at = this.liveAt(row);
    if (at >= 0) this.live.cells[at + 1] = buckets;
  }

  /** The current version of a row: the object it was committed as while kept, else one built from the row. */
  version(row: number): FhirResource {
    const ints = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    const o = row & IN_CHUNK;
    const at = liveIndex(ints, o);
    if (at >= 0) return this.live.cells[at] as FhirResource;
    const i = o * INTS;
    const r = i + REF0;
    const codes = this.codes;
    const statusIntent = ints[i + STATUS_INTENT] as number;
    const businessCode = ints[i + BUSINESS_STATUS_CODE] as number;
    const updated = (ints[i + UPDATED_HIGH] as number) * TWO_32 + ((ints[i + UPDATED_LOW] as number) >>> 0);
    const type = RESOURCE_TYPES[ints[i + TYPE] as number] as ResourceType;
    const id = String(row);
    return new FhirResource(
      type, id, ints[i + VERSION] as number, updated, ints[i + TX] as number, this.prefix(type),
      WORDS[statusIntent & 0xffff] as string, WORDS[statusIntent >>> 16] as string | null,
      ref(codes, ints, r + 2 * OWNER), ref(codes, ints, r + 2 * PERFORMER), ref(codes, ints, r + 2 * REQUESTER),
      ref(codes, ints, r + 2 * FOCUS), ref(codes, ints, r + 2 * BASED_ON), ref(codes, ints, r + 2 * OUTPUT),
      WORDS[businessCode & 0xffff] as string | null, WORDS[businessCode >>> 16] as string | null,
      ref(codes, ints, r + 2 * IDENTIFIER), ints[i + ORDER] as number,
    );
  }

  /** `<server>/<type>/`, built once per type. */
  prefix(type: ResourceType): string {
    return (this.prefixes[type] ??= `${this.server}/${type}/`);
  }

  /** Opens the next row (a create); returns its number. */
  open(): number {
    const row = ++this.rows;
    const k = row >>> CHUNK_BITS;
    const c = this.chunks[k];
    if (c === undefined) {
      const chunk = new Int32Array(8 * INTS);
      // A literal's room is exact; a first push reserves 17 (most stores never have a second chunk).
      if (k === 0) this.chunks = [chunk];
      else this.chunks.push(chunk);
    } else if ((row & IN_CHUNK) * INTS >= c.length) {
      const grown = new Int32Array(Math.min(CHUNK_ROWS * INTS, c.length * 2));
      grown.set(c);
      this.chunks[k] = grown;
    }
    return row;
  }

  /** Writes version `v` (content and bookkeeping) into its row. */
  write(row: number, v: FhirResource): void {
    const ints = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    const o = row & IN_CHUNK;
    const i = o * INTS;
    const superseded = ints[i + TX] as number;
    if (superseded > 0) this.fileTx(superseded, -row);
    ints[i + TYPE] = RESOURCE_TYPES.indexOf(v.type);
    ints[i + VERSION] = v.versionId;
    ints[i + TX] = v.txId;
    ints[i + ORDER] = v.order;
    const updated = v.lastUpdated;
    ints[i + UPDATED_LOW] = updated % TWO_32;
    ints[i + UPDATED_HIGH] = Math.floor(updated / TWO_32);
    ints[i + STATUS_INTENT] = codeOf(v.status) | (codeOf(v.intent) << 16);
    ints[i + BUSINESS_STATUS_CODE] = codeOf(v.businessStatus) | (codeOf(v.code) << 16);
    this.fileTx(v.txId, row);
    const at = liveIndex(ints, o);
    if (!finished(v.status)) {
      // Its references stay in the version object; they are coded once the row is finished.
      if (at >= 0) this.live.cells[at] = v;
      else ints[i + LIVE] = this.live.take(v) + 1;
      return;
    }
    if (at >= 0) {
      this.live.release(at);
      ints[i + LIVE] = 0;
    }
    const r = i + REF0;
    const codes = this.codes;
    setRef(codes, ints, r + 2 * OWNER, v.owner);
    setRef(codes, ints, r + 2 * PERFORMER, v.performer);
    setRef(codes, ints, r + 2 * REQUESTER, v.requester);
    setRef(codes, ints, r + 2 * FOCUS, v.focus);
    setRef(codes, ints, r + 2 * BASED_ON, v.basedOn);
    setRef(codes, ints, r + 2 * OUTPUT, v.output);
    setRef(codes, ints, r + 2 * IDENTIFIER, v.identifier);
  }

  /** Notes that commit `tx` wrote `row` (negated once a newer commit supersedes it). */
  private fileTx(tx: number, row: number): void {
    const k = tx >>> TX_BITS;
    let chunk = this.txRows[k];
    if (chunk === undefined) {
      chunk = new Int32Array(16);
      if (k === 0) this.txRows = [chunk];
      else this.txRows.push(chunk);
    } else if ((tx & IN_TX_CHUNK) >= chunk.length) {
      const grown = new Int32Array(Math.min(TX_CHUNK, chunk.length * 2));
      grown.set(chunk);
      chunk = grown;
      this.txRows[k] = chunk;
    }
    chunk[tx & IN_TX_CHUNK] = row;
  }
}

/** The string in a row's reference columns at `k` (prefix code, number). */
function ref(codes: ReferenceCodes, refs: Int32Array, k: number): string | null {
  return codes.decode(refs[k] as number, refs[k + 1] as number);
}

/** Writes `value` into a row's reference columns at `k`. */
function setRef(codes: ReferenceCodes, refs: Int32Array, k: number, value: string | null): void {
  refs[k] = codes.encode(value);
  refs[k + 1] = codes.number;
}

/** Index in a table's live cells of row `o` of chunk `c`, or -1 when the row is finished. */
function liveIndex(c: RowChunk, o: number): number {
  return 2 * (c[o * INTS + LIVE] as number) - 2;
}
