/**
 * The current version of every resource of one store, as columns (a struct of arrays): what
 * a finished order leaves on a server is a row of numbers, not an object.
 */

import { LiveSlots, SLOT_CELLS } from './live-slots.js';
import type { ReferenceCodes } from './reference-codes.js';
import { FhirResource, RESOURCE_TYPES, type ResourceType, type SearchField } from './resource.js';
import { RowArena, SLAB_BITS, SLAB_MASK } from './row-arena.js';
import {
  BASED_ON, BUSINESS_STATUS_CODE, FOCUS, HEAD, IDENTIFIER, INTS, MAX_UPDATED, ORDER, OUTPUT, OWNER, PERFORMER, REF0, REF_OF, REQUESTER, STATUS_INTENT,
  TWO_32, TX, TYPE_MASK, UPDATED_LOW, VERSION, head, liveIndex, ref, refColumn, setLive, updatedOf, withRefs, writeRefs,
} from './row-layout.js';
import { WORDS, codeOf, finished } from './row-words.js';

/** Rows come in blocks of this many. */
const BLOCK_BITS = 3;
const BLOCK_ROWS = 1 << BLOCK_BITS;
const IN_BLOCK = BLOCK_ROWS - 1;
/** How long, by default, a row nobody writes keeps its version object: an hour of simulated time (microseconds). */
export const KEEP_UNFINISHED_FOR = 3_600_000_000;
/** Commit numbers map to rows in blocks of this many. */
const TX_BITS = 5;
const IN_TX_BLOCK = (1 << TX_BITS) - 1;

/** Where tables keep their rows and their commit-to-row maps: blocks of two arenas (one pair per world, shared by its stores). */
export interface TableArenas {
  readonly rows: RowArena;
  readonly commits: RowArena;
}

export function tableArenas(): TableArenas {
  return { rows: new RowArena(BLOCK_ROWS * INTS), commits: new RowArena(IN_TX_BLOCK + 1) };
}

/**
 * Rows are numbered by the store's ids (`1`, `2`, ...). A row holds the current version's
 * content and bookkeeping as numbers, a finished row's references, names and identifier too
 * (codes of the world's {@link ReferenceCodes}; only those it has, and a basedOn equal to focus
 * not twice: see row-layout.ts, 68 bytes a row). While the resource is still in progress the store also
 * keeps, beside the row, the {@link FhirResource} it was committed as (readers get that very
 * object) and the index buckets holding it; once it reaches a finished status both are let
 * go, and a reader is given a fresh but identical object built from the row. So are those of
 * an unfinished row nobody has written for over `keepFor` of simulated time (a request that stays
 * active for good, as patterns A to C leave theirs: two million objects in a national day):
 * its references are coded into its columns as a finished row's are, and a later write finds
 * its buckets again from its values. Rows are stored
 * in blocks of 8 taken from the world's arena as the table grows: never copied, and no more
 * than seven rows of room unused, however many small stores a large world has.
 */
export class ResourceTable {
  /** Arena address of each block of 8 rows, by row number >>> 3. */
  private blocks: number[] = [];
  private readonly slabs: Int32Array[];
  private rows = 0;
  /**
   * Row of each commit number, for index entries that name only their commit (4 bytes a
   * commit), in blocks of 32 commits (their arena addresses here); negative once the commit is
   * superseded, so whether an entry is stale is read here.
   */
  private commitBlocks: number[] = [];
  private readonly commitSlabs: Int32Array[];
  private readonly prefixes: Partial<Record<ResourceType, string>> = {};
  /** What the unfinished rows keep beside their columns (a row's head says whether it keeps one, its REF0 column names the slot). */
  private readonly live = new LiveSlots();

  constructor(
    private readonly server: string,
    /** Where the rows' references, names and identifiers are coded (may be shared with other stores). */
    private readonly codes: ReferenceCodes,
    /** Where the rows and the commit map are (may be shared with other stores). */
    private readonly arenas: TableArenas = tableArenas(),
    /** How long an unfinished row nobody writes keeps its version object (simulated microseconds, >= 0). */
    private readonly keepFor: number = KEEP_UNFINISHED_FOR,
  ) {
    if (!(keepFor >= 0)) throw new RangeError(`ResourceTable: keepFor ${keepFor} is not a duration`);
    if (arenas.rows.blockInts !== BLOCK_ROWS * INTS || arenas.commits.blockInts !== IN_TX_BLOCK + 1) throw new RangeError('ResourceTable: arenas not made by tableArenas()');
    this.slabs = arenas.rows.slabs;
    this.commitSlabs = arenas.commits.slabs;
  }

  /** Number of rows (the highest id). */
  get size(): number {
    return this.rows;
  }

  /** Drops every row. */
  clear(): void {
    for (const address of this.blocks) this.arenas.rows.give(address);
    this.blocks = [];
    this.rows = 0;
    for (const address of this.commitBlocks) this.arenas.commits.give(address);
    this.commitBlocks = [];
    this.live.clear();
  }

  /** Index in the live cells of a row's version object, or a negative number when the row keeps none. */
  private liveAt(row: number): number {
    const a = this.at(row);
    return liveIndex(this.slabs[a >>> SLAB_BITS] as Int32Array, a & SLAB_MASK);
  }

  /** Arena address of row `row`'s first column (its slab: `slabs[a >>> SLAB_BITS]`, its index there: `a & SLAB_MASK`). */
  private at(row: number): number {
    return (this.blocks[row >>> BLOCK_BITS] as number) + (row & IN_BLOCK) * INTS;
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
    const a = this.at(row);
    return RESOURCE_TYPES[((this.slabs[a >>> SLAB_BITS] as Int32Array)[(a & SLAB_MASK) + HEAD] as number) & TYPE_MASK] as ResourceType;
  }

  txOf(row: number): number {
    const a = this.at(row);
    return (this.slabs[a >>> SLAB_BITS] as Int32Array)[(a & SLAB_MASK) + TX] as number;
  }

  /**
   * The row commit `tx` wrote, if that commit is still its row's current version; else 0 (a
   * newer commit superseded it). One read of the commit map, which a walk over a bucket reads
   * in rising commit order, not of the row itself.
   */
  currentRowOf(tx: number): number {
    const a = (this.commitBlocks[tx >>> TX_BITS] as number) + (tx & IN_TX_BLOCK);
    const row = (this.commitSlabs[a >>> SLAB_BITS] as Int32Array)[a & SLAB_MASK] as number;
    return row > 0 ? row : 0;
  }

  /**
   * True if a searchable field of a row's current version is `want` (null: the field is
   * missing), read from its columns: no string is built.
   */
  fieldIs(row: number, name: SearchField, want: string | null): boolean {
    const a = this.at(row);
    const c = this.slabs[a >>> SLAB_BITS] as Int32Array;
    const i = a & SLAB_MASK;
    if (name === 'status') return WORDS[(c[i + STATUS_INTENT] as number) & 0xffff] === want;
    if (name === 'intent') return WORDS[(c[i + STATUS_INTENT] as number) >>> 16] === want;
    const at = liveIndex(c, i);
    if (at >= 0) return (this.live.cells[at] as FhirResource).field(name) === want;
    const k = refColumn(c[i + HEAD] as number, REF_OF[name] as number);
    if (k < 0) return want === null;
    return this.codes.equals(c[i + k] as number, c[i + k + 1] as number, want);
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
    const a = this.at(row);
    const ints = this.slabs[a >>> SLAB_BITS] as Int32Array;
    const i = a & SLAB_MASK;
    const at = liveIndex(ints, i);
    if (at >= 0) return this.live.cells[at] as FhirResource;
    const codes = this.codes;
    const h = ints[i + HEAD] as number;
    const statusIntent = ints[i + STATUS_INTENT] as number;
    const businessCode = ints[i + BUSINESS_STATUS_CODE] as number;
    const type = RESOURCE_TYPES[h & TYPE_MASK] as ResourceType;
    const id = String(row);
    return new FhirResource(
      type, id, ints[i + VERSION] as number, updatedOf(h, ints[i + UPDATED_LOW] as number), ints[i + TX] as number, this.prefix(type),
      WORDS[statusIntent & 0xffff] as string, WORDS[statusIntent >>> 16] as string | null,
      ref(codes, ints, i, OWNER), ref(codes, ints, i, PERFORMER), ref(codes, ints, i, REQUESTER),
      ref(codes, ints, i, FOCUS), ref(codes, ints, i, BASED_ON), ref(codes, ints, i, OUTPUT),
      WORDS[businessCode & 0xffff] as string | null, WORDS[businessCode >>> 16] as string | null,
      ref(codes, ints, i, IDENTIFIER), ints[i + ORDER] as number,
    );
  }

  /** `<server>/<type>/`, built once per type. */
  prefix(type: ResourceType): string {
    return (this.prefixes[type] ??= `${this.server}/${type}/`);
  }

  /** Opens the next row (a create); returns its number. */
  open(): number {
    const row = ++this.rows;
    const k = row >>> BLOCK_BITS;
    if (k === this.blocks.length) this.blocks = withBlock(this.blocks, this.arenas.rows.take());
    return row;
  }

  /** Writes version `v` (content and bookkeeping) into its row. */
  write(row: number, v: FhirResource): void {
    const a = this.at(row);
    const ints = this.slabs[a >>> SLAB_BITS] as Int32Array;
    const i = a & SLAB_MASK;
    const superseded = ints[i + TX] as number;
    if (superseded > 0) this.fileTx(superseded, -row);
    const type = RESOURCE_TYPES.indexOf(v.type);
    const updated = v.lastUpdated;
    if (!(updated <= MAX_UPDATED)) throw new RangeError(`ResourceTable: lastUpdated ${updated} beyond ${MAX_UPDATED}`);
    ints[i + VERSION] = v.versionId;
    ints[i + TX] = v.txId;
    ints[i + ORDER] = v.order;
    ints[i + UPDATED_LOW] = updated % TWO_32;
    ints[i + STATUS_INTENT] = codeOf(v.status) | (codeOf(v.intent) << 16);
    ints[i + BUSINESS_STATUS_CODE] = codeOf(v.businessStatus) | (codeOf(v.code) << 16);
    this.fileTx(v.txId, row);
    const at = liveIndex(ints, i);
    // A finished row's references are coded into its columns (an unfinished one's stay in its object).
    const present = finished(v.status) ? writeRefs(this.codes, ints, i + REF0, v) : -1;
    if (present < 0) {
      // Its references stay in the version object (coded once the row is finished, or idle, if they fit).
      if (at >= 0) this.live.rewrite(at, v);
      setLive(ints, i, type, at >= 0 ? at / SLOT_CELLS : this.live.take(v, row), updated);
    } else {
      if (at >= 0) this.live.release(at);
      ints[i + HEAD] = head(type, present, updated);
    }
    this.letGoIdle(updated);
  }

  /**
   * Lets go of the objects of the rows nobody has written for longer than `keepFor` before
   * `now` (oldest first, up to the first written since): each keeps its values in its columns,
   * as a finished row does. One holding all seven references keeps its object until written.
   */
  private letGoIdle(now: number): void {
    const live = this.live;
    const since = now - this.keepFor;
    for (let at = live.oldest; at >= 0; at = live.oldest) {
      const a = this.at(live.rowAt(at));
      const ints = this.slabs[a >>> SLAB_BITS] as Int32Array;
      const i = a & SLAB_MASK;
      if (updatedOf(ints[i + HEAD] as number, ints[i + UPDATED_LOW] as number) >= since) return;
      const present = writeRefs(this.codes, ints, i + REF0, live.cells[at] as FhirResource);
      if (present < 0) {
        live.leaveOut(at);
        continue;
      }
      live.release(at);
      ints[i + HEAD] = withRefs(ints[i + HEAD] as number, present);
    }
  }

  /** Notes that commit `tx` wrote `row` (negated once a newer commit supersedes it). */
  private fileTx(tx: number, row: number): void {
    const k = tx >>> TX_BITS;
    while (this.commitBlocks.length <= k) this.commitBlocks = withBlock(this.commitBlocks, this.arenas.commits.take());
    const a = (this.commitBlocks[k] as number) + (tx & IN_TX_BLOCK);
    (this.commitSlabs[a >>> SLAB_BITS] as Int32Array)[a & SLAB_MASK] = row;
  }
}

/**
 * `blocks` with `address` appended: a new array of exact room while short (a push gives room
 * for 17, and most stores of a large world hold a few blocks), the same array pushed to after.
 */
function withBlock(blocks: number[], address: number): number[] {
  if (blocks.length >= 16) {
    blocks.push(address);
    return blocks;
  }
  return blocks.concat([address]);
}
