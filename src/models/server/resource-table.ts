/**
 * The current version of every resource of one store, as columns (a struct of arrays): what
 * a finished order leaves on a server is a row of numbers and shared strings, not an object.
 */

import { FhirResource, RESOURCE_TYPES, type ResourceType, type SearchField } from './resource.js';
import { isTerminal } from './task-state-machine.js';

/** Small-integer columns per row: type, versionId, txId, order. */
const INTS = 4;
const TYPE = 0;
const VERSION = 1;
const TX = 2;
const ORDER = 3;

/** Coded words per row (Uint16Array): status, intent, businessStatus, code. */
const WORD_COLUMNS = 4;
const STATUS = 0;
const INTENT = 1;
const BUSINESS_STATUS = 2;
const CODE = 3;

/** Object columns per row: the references and identifier, the cached version, its index buckets. */
const REFS = 9;
const OWNER = 0;
const PERFORMER = 1;
const REQUESTER = 2;
const FOCUS = 3;
const BASED_ON = 4;
const OUTPUT = 5;
const IDENTIFIER = 6;
const CACHED = 7;
const BUCKETS = 8;

/**
 * Status, intent, businessStatus and code come from small vocabularies: a row keeps a 16-bit
 * code for each (0: absent). Codes are shared by every store in the thread and never
 * iterated, so the order words are first met in cannot change a result.
 */
const WORDS: (string | null)[] = [null];
const CODES = new Map<string, number>();

function codeOf(word: string | null | undefined): number {
  if (word === null || word === undefined) return 0;
  let c = CODES.get(word);
  if (c === undefined) {
    c = WORDS.length;
    if (c > 0xffff) throw new RangeError(`more than 65,535 distinct status, intent, businessStatus and code values (at '${word}')`);
    WORDS.push(word);
    CODES.set(word, c);
  }
  return c;
}

/**
 * Statuses after which a resource is not expected to change again, so its row is not kept as
 * an object: a Task's terminal ones, and those a request (revoked) or a report (final,
 * amended, corrected) ends in.
 */
function finished(status: string): boolean {
  return isTerminal(status) || status === 'revoked' || status === 'final' || status === 'amended' || status === 'corrected';
}

/** Rows come in chunks of this many (each grows to it from 8). */
const CHUNK_BITS = 10;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK_ROWS - 1;
/** Commit numbers map to rows in chunks of this many (each grows to it from 16). */
const TX_BITS = 14;
const TX_CHUNK = 1 << TX_BITS;
const IN_TX_CHUNK = TX_CHUNK - 1;

/** The columns of up to CHUNK_ROWS rows. */
class RowChunk {
  readonly ints: Int32Array;
  readonly words: Uint16Array;
  readonly updated: Float64Array;
  /** Holes until written; every row's nine slots are written together. */
  readonly refs: unknown[];

  constructor(readonly rows: number, from?: RowChunk) {
    this.ints = new Int32Array(rows * INTS);
    this.words = new Uint16Array(rows * WORD_COLUMNS);
    this.updated = new Float64Array(rows);
    this.refs = new Array<unknown>(rows * REFS);
    if (from !== undefined) {
      this.ints.set(from.ints);
      this.words.set(from.words);
      this.updated.set(from.updated);
      const refs = from.refs;
      for (let i = 0; i < refs.length; i++) this.refs[i] = refs[i];
    }
  }
}

/**
 * Rows are numbered by the store's ids (`1`, `2`, ...). A row holds the current version's
 * content and bookkeeping. While the resource is still in progress the row also keeps the
 * {@link FhirResource} it was committed as (readers get that very object) and the index buckets
 * holding it; once it reaches a finished status both are let go, and a reader is given a fresh
 * but identical object built from the row. Rows are stored in chunks of 1,024, each growing
 * from 8 rows by doubling and never copied once full: a big store has slack and growth copies
 * only in its last chunk, and the many nearly empty stores of a large world (one per placer)
 * stay small.
 */
export class ResourceTable {
  private chunks: RowChunk[] = [];
  private rows = 0;
  /** Row of each commit number, for index entries that name only their commit (4 bytes a commit). */
  private txRows: Int32Array[] = [];
  private readonly prefixes: Partial<Record<ResourceType, string>> = {};

  constructor(private readonly server: string) {}

  /** Number of rows (the highest id). */
  get size(): number {
    return this.rows;
  }

  /** Drops every row. */
  clear(): void {
    this.chunks = [];
    this.rows = 0;
    this.txRows = [];
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
    return RESOURCE_TYPES[c.ints[(row & IN_CHUNK) * INTS + TYPE] as number] as ResourceType;
  }

  txOf(row: number): number {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    return c.ints[(row & IN_CHUNK) * INTS + TX] as number;
  }

  /** The row a commit wrote. */
  rowOfTx(tx: number): number {
    return (this.txRows[tx >>> TX_BITS] as Int32Array)[tx & IN_TX_CHUNK] as number;
  }

  /** A searchable field of a row's current version. */
  field(row: number, name: SearchField): string | null {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    const o = row & IN_CHUNK;
    const r = o * REFS;
    switch (name) {
      case 'status':
        return WORDS[c.words[o * WORD_COLUMNS + STATUS] as number] as string;
      case 'intent':
        return WORDS[c.words[o * WORD_COLUMNS + INTENT] as number] as string | null;
      case 'owner':
        return c.refs[r + OWNER] as string | null;
      case 'performer':
        return c.refs[r + PERFORMER] as string | null;
      case 'requester':
        return c.refs[r + REQUESTER] as string | null;
      case 'focus':
        return c.refs[r + FOCUS] as string | null;
      case 'basedOn':
        return c.refs[r + BASED_ON] as string | null;
      case 'identifier':
        return c.refs[r + IDENTIFIER] as string | null;
    }
  }

  /** The index buckets holding a row's current version, while the row keeps its version object (the resource is unfinished). */
  bucketsOf(row: number): unknown[] | null {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    return (c.refs[(row & IN_CHUNK) * REFS + BUCKETS] as unknown[] | undefined) ?? null;
  }

  setBuckets(row: number, buckets: unknown[] | null): void {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    const r = (row & IN_CHUNK) * REFS;
    if (c.refs[r + CACHED] !== undefined) c.refs[r + BUCKETS] = buckets;
  }

  /** The current version of a row: the object it was committed as while kept, else one built from the row. */
  version(row: number): FhirResource {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    const o = row & IN_CHUNK;
    const r = o * REFS;
    const refs = c.refs;
    const cached = refs[r + CACHED] as FhirResource | undefined;
    if (cached !== undefined) return cached;
    const i = o * INTS;
    const ints = c.ints;
    const w = o * WORD_COLUMNS;
    const words = c.words;
    const type = RESOURCE_TYPES[ints[i + TYPE] as number] as ResourceType;
    const id = String(row);
    return new FhirResource(
      type, id, ints[i + VERSION] as number, c.updated[o] as number, ints[i + TX] as number, this.prefix(type) + id,
      WORDS[words[w + STATUS] as number] as string, WORDS[words[w + INTENT] as number] as string | null,
      refs[r + OWNER] as string | null, refs[r + PERFORMER] as string | null, refs[r + REQUESTER] as string | null,
      refs[r + FOCUS] as string | null, refs[r + BASED_ON] as string | null, refs[r + OUTPUT] as string | null,
      WORDS[words[w + BUSINESS_STATUS] as number] as string | null, WORDS[words[w + CODE] as number] as string | null,
      refs[r + IDENTIFIER] as string | null, ints[i + ORDER] as number,
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
    if (c === undefined) this.chunks.push(new RowChunk(8));
    else if ((row & IN_CHUNK) >= c.rows) this.chunks[k] = new RowChunk(Math.min(CHUNK_ROWS, c.rows * 2), c);
    return row;
  }

  /** Writes version `v` (content and bookkeeping) into its row. */
  write(row: number, v: FhirResource): void {
    const c = this.chunks[row >>> CHUNK_BITS] as RowChunk;
    const o = row & IN_CHUNK;
    const i = o * INTS;
    const ints = c.ints;
    ints[i + TYPE] = RESOURCE_TYPES.indexOf(v.type);
    ints[i + VERSION] = v.versionId;
    ints[i + TX] = v.txId;
    ints[i + ORDER] = v.order;
    c.updated[o] = v.lastUpdated;
    const w = o * WORD_COLUMNS;
    const words = c.words;
    words[w + STATUS] = codeOf(v.status);
    words[w + INTENT] = codeOf(v.intent);
    words[w + BUSINESS_STATUS] = codeOf(v.businessStatus);
    words[w + CODE] = codeOf(v.code);
    const r = o * REFS;
    const refs = c.refs;
    refs[r + OWNER] = v.owner;
    refs[r + PERFORMER] = v.performer;
    refs[r + REQUESTER] = v.requester;
    refs[r + FOCUS] = v.focus;
    refs[r + BASED_ON] = v.basedOn;
    refs[r + OUTPUT] = v.output;
    refs[r + IDENTIFIER] = v.identifier;
    const keep = !finished(v.status);
    refs[r + CACHED] = keep ? v : undefined;
    if (!keep) refs[r + BUCKETS] = undefined;
    this.fileTx(v.txId, row);
  }

  /** Notes that commit `tx` wrote `row`. */
  private fileTx(tx: number, row: number): void {
    const k = tx >>> TX_BITS;
    let chunk = this.txRows[k];
    if (chunk === undefined) {
      chunk = new Int32Array(16);
      this.txRows.push(chunk);
    } else if ((tx & IN_TX_CHUNK) >= chunk.length) {
      const grown = new Int32Array(Math.min(TX_CHUNK, chunk.length * 2));
      grown.set(chunk);
      chunk = grown;
      this.txRows[k] = chunk;
    }
    chunk[tx & IN_TX_CHUNK] = row;
  }
}
