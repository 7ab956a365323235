/** The results folder of a scenario: atomic writes, and a journal of finished jobs so interrupted runs can resume. */

import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobResult } from '../runner/index.js';
import type { Scenario } from '../scenario/index.js';

const JOURNAL = 'jobs.jsonl';

/** What identifies a scenario's runs: everything but the number of replications and the description. */
export function fingerprint(s: Scenario): string {
  const { replications: _r, description: _d, ...rest } = s;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

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
    if (header.fingerprint !== fingerprint(s)) {
      throw new Error(`${this.dir} holds results of a different version of scenario '${s.name}'; run without --resume to start over, or use another --out`);
    }
    const out: JobResult[] = [];
    for (const line of lines.slice(1)) {
      try {
        const r = JSON.parse(line) as JobResult;
        for (const k of Object.keys(r.metrics)) if (r.metrics[k] === null) r.metrics[k] = Number.NaN;
        out.push(r);
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
    if (!resume || !existsSync(path)) writeFileSync(path, `${JSON.stringify({ fingerprint: fingerprint(s), scenario: s.name })}\n`);
  }

  /** Records one finished job. */
  record(result: JobResult): void {
    appendFileSync(join(this.dir, JOURNAL), `${JSON.stringify(result)}\n`);
  }

  /** Writes `name` atomically (temporary file, then rename). */
  write(name: string, content: string | Buffer): string {
    const path = join(this.dir, name);
    const parent = path.slice(0, path.lastIndexOf('/'));
    mkdirSync(parent, { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, content);
      renameSync(tmp, path);
    } catch (e) {
      // Half a file is worse than none: leave the folder as it was.
      rmSync(tmp, { force: true });
      throw e;
    }
    return path;
  }

  /** Removes a file if present. */
  remove(name: string): void {
    rmSync(join(this.dir, name), { force: true });
  }
}
