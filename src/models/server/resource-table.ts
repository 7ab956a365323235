/**
 * The current version of every resource of one store, as columns (a struct of arrays): what
 * a finished order leaves on a server is a row of numbers and shared strings, not an object.
 */

import { FhirResource, RESOURCE_TYPES, type ResourceType, type SearchField } from './resource.js';

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

/** Statuses after which a resource is not expected to change again: its row is not kept as an object. */
function finished(status: string): boolean {
  switch (status) {
    case 'completed':
    case 'revoked':
    case 'entered-in-error':
    case 'cancelled':
    case 'rejected':
    case 'failed':
    case 'final':
    case 'amended':
    case 'corrected':
      return true;
    default:
      return false;
  }
}

/**
 * Rows are numbered by the store's ids (`1`, `2`, ...). A row holds the current version's
 * content and bookkeeping. While the resource is still in progress the row also keeps the
 * {@link FhirResource} it was committed as (readers get that very object) and the index buckets
 * holding it; once it reaches a finished status both are let go, and a reader is given a fresh
 * but identical object built from the row. Storage grows by doubling, starting small: a large
 * world has a store per placer, most of them nearly empty.
 */
export class ResourceTable {
  private ints = new Int32Array(0);
  private updated = new Float64Array(0);
  private words = new Uint16Array(0);
  private refs: unknown[] = [];
  private rows = 0;
  /** Row of each commit number, for index entries that name only their commit (4 bytes a commit). */
  private txRows = new Int32Array(0);
  private readonly prefixes: Partial<Record<ResourceType, string>> = {};

  constructor(private readonly server: string) {}

  /** Number of rows (the highest id). */
  get size(): number {
    return this.rows;
  }

  /** Drops every row. */
  clear(): void {
    this.ints = new Int32Array(0);
    this.updated = new Float64Array(0);
    this.words = new Uint16Array(0);
    this.refs = [];
    this.rows = 0;
    this.txRows = new Int32Array(0);
  }

  /** True when `row` holds a resource. */
  has(row: number): boolean {
    return row >= 1 && row <= this.rows;
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
    return RESOURCE_TYPES[this.ints[row * INTS + TYPE] as number] as ResourceType;
  }

  txOf(row: number): number {
    return this.ints[row * INTS + TX] as number;
  }

  versionOf(row: number): number {
    return this.ints[row * INTS + VERSION] as number;
  }

  /** The row a commit wrote. */
  rowOfTx(tx: number): number {
    return this.txRows[tx] as number;
  }

  /** A searchable field of a row's current version. */
  field(row: number, name: SearchField): string | null {
    const r = row * REFS;
    switch (name) {
      case 'status':
        return WORDS[this.words[row * WORD_COLUMNS + STATUS] as number] as string;
      case 'intent':
        return WORDS[this.words[row * WORD_COLUMNS + INTENT] as number] as string | null;
      case 'owner':
        return this.refs[r + OWNER] as string | null;
      case 'performer':
        return this.refs[r + PERFORMER] as string | null;
      case 'requester':
        return this.refs[r + REQUESTER] as string | null;
      case 'focus':
        return this.refs[r + FOCUS] as string | null;
      case 'basedOn':
        return this.refs[r + BASED_ON] as string | null;
      case 'identifier':
        return this.refs[r + IDENTIFIER] as string | null;
    }
  }

  /** The index buckets holding a row's current version, while it is kept (see {@link keep}). */
  bucketsOf(row: number): unknown[] | null {
    return (this.refs[row * REFS + BUCKETS] as unknown[] | undefined) ?? null;
  }

  setBuckets(row: number, buckets: unknown[] | null): void {
    if (this.keeps(row)) this.refs[row * REFS + BUCKETS] = buckets;
  }

  /** The current version of a row: the object it was committed as while kept, else one built from the row. */
  version(row: number): FhirResource {
    const cached = this.refs[row * REFS + CACHED] as FhirResource | undefined;
    if (cached !== undefined) return cached;
    const i = row * INTS;
    const r = row * REFS;
    const type = this.typeOf(row);
    const id = String(row);
    const ints = this.ints;
    const refs = this.refs;
    const w = row * WORD_COLUMNS;
    const words = this.words;
    return new FhirResource(
      type, id, ints[i + VERSION] as number, this.updated[row] as number, ints[i + TX] as number, this.prefix(type) + id,
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
    if ((row + 1) * INTS > this.ints.length) this.grow(row + 1);
    return row;
  }

  /** Writes version `v` (content and bookkeeping) into its row. */
  write(row: number, v: FhirResource): void {
    const i = row * INTS;
    const ints = this.ints;
    ints[i + TYPE] = RESOURCE_TYPES.indexOf(v.type);
    ints[i + VERSION] = v.versionId;
    ints[i + TX] = v.txId;
    ints[i + ORDER] = v.order;
    this.updated[row] = v.lastUpdated;
    const w = row * WORD_COLUMNS;
    const words = this.words;
    words[w + STATUS] = codeOf(v.status);
    words[w + INTENT] = codeOf(v.intent);
    words[w + BUSINESS_STATUS] = codeOf(v.businessStatus);
    words[w + CODE] = codeOf(v.code);
    const r = row * REFS;
    const refs = this.refs;
    refs[r + OWNER] = v.owner;
    refs[r + PERFORMER] = v.performer;
    refs[r + REQUESTER] = v.requester;
    refs[r + FOCUS] = v.focus;
    refs[r + BASED_ON] = v.basedOn;
    refs[r + OUTPUT] = v.output;
    refs[r + IDENTIFIER] = v.identifier;
    // Every column is written, in order: a new row appends to the array, which keeps it dense.
    const keep = !finished(v.status);
    refs[r + CACHED] = keep ? v : undefined;
    refs[r + BUCKETS] = keep && r + BUCKETS < refs.length ? refs[r + BUCKETS] : undefined;
    if (v.txId >= this.txRows.length) {
      const grown = new Int32Array(Math.max(16, this.txRows.length * 2, v.txId + 1));
      grown.set(this.txRows);
      this.txRows = grown;
    }
    this.txRows[v.txId] = row;
  }

  /** True while a row keeps its version object and buckets (the resource is not finished). */
  private keeps(row: number): boolean {
    return this.refs[row * REFS + CACHED] !== undefined;
  }

  private grow(rows: number): void {
    const cap = Math.max(8, rows, (this.ints.length / INTS) * 2);
    const ints = new Int32Array(cap * INTS);
    ints.set(this.ints);
    this.ints = ints;
    const updated = new Float64Array(cap);
    updated.set(this.updated);
    this.updated = updated;
    const words = new Uint16Array(cap * WORD_COLUMNS);
    words.set(this.words);
    this.words = words;
  }
}
