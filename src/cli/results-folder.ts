/** The results folder of a scenario: atomic writes, and a journal of finished jobs so interrupted runs can resume. */

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJobResult, encodeJobResult, scenarioHash, type JobResult } from '../runner/index.js';
import type { Scenario } from '../scenario/index.js';

const JOURNAL = 'jobs.jsonl';

/**
 * `<out>/<name>/`. Final files are written to a temporary name and renamed, so a reader
 * never sees half a file. Each finished job is appended to `jobs.jsonl` (with its
 * histograms) as it completes; `--resume` reads it back and runs only the missing jobs.
 */
export class ResultsFolder {
  constructor(readonly dir: string) {}

  /** Finished jobs of an earlier run of the same scenario (empty if none). Throws if the folder holds another scenario's runs. */
  previous(s: Scenario): JobResult[] {
    const path = join(this.dir, JOURNAL);
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const header = lines[0] !== undefined ? (JSON.parse(lines[0]) as { fingerprint?: string }) : {};
    if (header.fingerprint !== scenarioHash(s)) {
      throw new Error(`${this.dir} holds results of a different version of scenario '${s.name}'; run without --resume to start over, or use another --out`);
    }
    const out: JobResult[] = [];
    for (const line of lines.slice(1)) {
      try {
        out.push(decodeJobResult(line));
      } catch {
        // A line cut short by a kill: that job simply runs again.
      }
    }
    return out;
  }

  /** Prepares the folder for a run: a fresh journal, or (resuming) the existing one kept. */
  begin(s: Scenario, resume: boolean): void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, JOURNAL);
    if (!resume || !existsSync(path)) writeFileSync(path, `${JSON.stringify({ fingerprint: scenarioHash(s), scenario: s.name })}\n`);
  }

  /** Records one finished job. */
  record(result: JobResult): void {
    appendFileSync(join(this.dir, JOURNAL), `${encodeJobResult(result)}\n`);
  }

  /** Writes `name` atomically (temporary file, then rename). */
  write(name: string, content: string | Buffer): string {
    const path = join(this.dir, name);
    const parent = path.slice(0, path.lastIndexOf('/'));
    mkdirSync(parent, { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, content);
    renameSync(tmp, path);
    return path;
  }

  /** Removes a file if present. */
  remove(name: string): void {
    rmSync(join(this.dir, name), { force: true });
  }
}
