/** summary.csv read back from its text: one record per pattern x sweep point, numbers parsed, swept values kept as text. */

import { CsvTextError, readCsvTable } from './csv-text.js';

/** One row of summary.csv: a pattern at one sweep point, over its replications. */
export interface SummaryPoint {
  /** Seed letter of the pattern. */
  pattern: string;
  /** 0-based index of the sweep point (the grid order of the run). */
  point: number;
  /** Swept path -> the cell as written (`30s`, `4`, `aligned`): never converted, so `30s` stays `30s`. */
  swept: Readonly<Record<string, string>>;
  /** Replications that finished for this pattern and point. */
  replications: number;
  /** Every other column (`<metric>_mean`, `<metric>_ci95`) as a number; NaN where the cell is empty ("did not happen"). */
  cells: Readonly<Record<string, number>>;
}

/** Thrown when summary.csv is not what `fwsim run` writes; the message names the source, line and column. */
export class SummaryFormatError extends Error {
  override name = 'SummaryFormatError';
}

/** Columns that identify a row rather than measure something. */
const IDENTITY = new Set(['scenario', 'pattern', 'point', 'replications']);

/** A plain decimal number as the runner writes it (no hex, no blanks, no `Infinity`). */
export const PLAIN_NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * Parses the text of summary.csv. `sweptPaths` are the scenario's swept paths: their
 * columns are kept as text. Every other column must hold a number, an empty cell (NaN) or
 * `inf`/`-inf` as `formatNumber` writes them; anything else is an error naming the line.
 */
export function parseSummaryCsv(text: string, sweptPaths: readonly string[], source = 'summary.csv'): SummaryPoint[] {
  let table: string[][];
  try {
    table = readCsvTable(text, source);
  } catch (e) {
    if (e instanceof CsvTextError) throw new SummaryFormatError(e.message);
    throw e;
  }
  const [header, ...body] = table;
  if (header === undefined) throw new SummaryFormatError(`${source}: empty; expected a header line (scenario,pattern,point,...)`);
  for (const required of ['pattern', 'point', 'replications', ...sweptPaths]) {
    if (!header.includes(required)) throw new SummaryFormatError(`${source}: no column '${required}'; is this the summary.csv of this scenario?`);
  }
  const swept = new Set(sweptPaths);
  return body.map((cells, i) => {
    const line = i + 2;
    const at = (column: string): string => cells[header.indexOf(column)] ?? '';
    const numeric: Record<string, number> = {};
    header.forEach((column, c) => {
      if (IDENTITY.has(column) || swept.has(column)) return;
      numeric[column] = parseCell(cells[c] ?? '', () => `${source} line ${line}, column '${column}'`);
    });
    const pattern = at('pattern');
    if (!/^[A-Z]$/.test(pattern)) throw new SummaryFormatError(`${source} line ${line}, column 'pattern': expected a pattern letter, got "${pattern}"`);
    const point = parseCell(at('point'), () => `${source} line ${line}, column 'point'`);
    const replications = parseCell(at('replications'), () => `${source} line ${line}, column 'replications'`);
    if (!Number.isInteger(point) || point < 0) throw new SummaryFormatError(`${source} line ${line}, column 'point': expected a whole number >= 0, got "${at('point')}"`);
    return {
      pattern,
      point,
      swept: Object.fromEntries(sweptPaths.map((p) => [p, at(p)])),
      replications: Number.isNaN(replications) ? 0 : replications,
      cells: numeric,
    };
  });
}

/** A cell as `formatNumber` wrote it: empty is NaN, `inf`/`-inf` are infinities, otherwise a decimal number. */
function parseCell(cell: string, where: () => string): number {
  const s = cell.trim();
  if (s === '') return Number.NaN;
  if (s === 'inf') return Number.POSITIVE_INFINITY;
  if (s === '-inf') return Number.NEGATIVE_INFINITY;
  // Number('') and Number(' ') are 0 and Number('0x10') is 16: accept only plain decimals.
  if (!PLAIN_NUMBER.test(s)) throw new SummaryFormatError(`${where()}: expected a number or an empty cell, got "${cell}"`);
  return Number(s);
}

/** The mean of `metric` (a METRIC_COLUMNS name such as `interactions_per_order`) at a point; NaN if it did not happen. */
export function meanOf(p: SummaryPoint, metric: string): number {
  return p.cells[`${metric}_mean`] ?? Number.NaN;
}

/** The 95% confidence half-width of `metric` at a point; NaN with fewer than two replications. */
export function ci95Of(p: SummaryPoint, metric: string): number {
  return p.cells[`${metric}_ci95`] ?? Number.NaN;
}
