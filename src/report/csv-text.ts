/** The CSV files fwsim writes, read back whole: a file cut short or a row of the wrong length is named by its line. */

import { parse } from 'csv-parse/sync';

/** A CSV text that is not a whole table as fwsim writes it; the message names the source and line. */
export class CsvTextError extends Error {
  override name = 'CsvTextError';
}

/**
 * The rows of a CSV text that fwsim wrote (header first). fwsim ends every row, the last one
 * too, with a line break: a text without one was cut short (a copy or a disk that filled up),
 * and its last row may hold a number missing its last digits, which would chart as if true.
 * A row with fewer or more cells than the header, or a quote left open, names its line too.
 */
export function readCsvTable(text: string, source: string): string[][] {
  if (text !== '' && !text.endsWith('\n')) {
    const line = text.split('\n').length;
    throw new CsvTextError(`${source} line ${line}: cut short (the last line has no line break, as every line fwsim writes has); expected the whole file: write it again with fwsim run (or --resume)`);
  }
  try {
    return parse(text, { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number; record?: unknown[]; header?: unknown };
    if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && Array.isArray(err.record)) {
      const expected = /expect (\d+)/.exec(err.message)?.[1] ?? '?';
      throw new CsvTextError(`${source} line ${err.lines ?? '?'}: expected ${expected} cells as in the header, got ${err.record.length} (a line cut short or joined?)`);
    }
    throw new CsvTextError(`${source}${err.lines !== undefined ? ` line ${err.lines}` : ''}: not valid CSV: ${err.message}`);
  }
}
