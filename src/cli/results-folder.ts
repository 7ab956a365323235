/** The results folder of a scenario: atomic writes, and a journal of finished jobs so interrupted runs can resume. */

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJobResult, encodeJobResult, scenarioHash, type JobResult } from '../runner/index.js';
import { scenarioChanges, type Scenario } from '../scenario/index.js';

const JOURNAL = 'jobs.jsonl';

/** What a scenario's runs depend on: everything but the number of replications (more may be added) and the description. */
function identity(s: Scenario): Record<string, unknown> {
  const { replications: _r, description: _d, ...rest } = s;
  return rest;
}

/** The first line of jobs.jsonl: what the journal's runs were made of. */
interface JournalHeader {
  fingerprint?: unknown;
  scenario?: unknown;
  /** fwsim's version (a newer one may simulate differently: its runs are never mixed with these). */
  version?: unknown;
  /** The resolved scenario (but replications and description), to say what changed. */
  resolved?: unknown;
}

/** --resume cannot go on: the journal is of another scenario or tool version, or unreadable. The message says what and why. */
export class ResumeError extends Error {
  override name = 'ResumeError';
}

/**
 * `<out>/<name>/`. Final files are written to a temporary name and renamed, so a reader
 * never sees half a file. Each finished job is appended to `jobs.jsonl` (with its
 * histograms) as it completes; `--resume` reads it back and runs only the missing jobs.
 */
export class ResultsFolder {
  constructor(readonly dir: string) {}

  /**
   * Finished jobs of an earlier run of the same scenario by the same fwsim version (empty if
   * none). Throws a ResumeError saying what changed when the journal holds runs of another
   * version of the scenario (its resolved content) or of fwsim, or is not a journal: results
   * are never mixed.
   */
  previous(s: Scenario, version: string): JobResult[] {
    const path = join(this.dir, JOURNAL);
    if (!existsSync(path)) return [];
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const again = 'run without --resume to start over, or use another --out';
    let header: JournalHeader = {};
    try {
      header = JSON.parse(lines[0] ?? '') as JournalHeader;
    } catch {
      // Reported below with the other ways the header can be wrong.
    }
    if (header === null || typeof header !== 'object' || typeof header.fingerprint !== 'string') {
      throw new ResumeError(`${path}:1: expected the journal header fwsim writes ({"fingerprint": ...}), got ${lines.length === 0 ? 'an empty file' : 'something else'}; ${again}`);
    }
    if (header.version !== version) {
      throw new ResumeError(`${path}: holds runs of fwsim ${typeof header.version === 'string' ? header.version : '(version not recorded)'}, this is fwsim ${version}; runs of two versions are never mixed: ${again}`);
    }
    if (header.fingerprint !== scenarioHash(s)) {
      const changes = header.resolved !== undefined ? scenarioChanges(header.resolved, identity(s)) : [];
      const what = changes.length === 0 ? '' : ` (${changes.slice(0, 5).join('; ')}${changes.length > 5 ? `; and ${changes.length - 5} more` : ''})`;
      throw new ResumeError(`${path}: holds runs of a different version of scenario '${s.name}'${what}; runs of two versions are never mixed: ${again}`);
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

  /** Prepares the folder for a run: a fresh journal (headed by what its runs are made of), or (resuming) the existing one kept. */
  begin(s: Scenario, resume: boolean, version: string): void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, JOURNAL);
    const header: JournalHeader = { fingerprint: scenarioHash(s), scenario: s.name, version, resolved: identity(s) };
    if (!resume || !existsSync(path)) writeFileSync(path, `${JSON.stringify(header)}\n`);
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

  /** Removes report.html and charts/, if present (a run without charts must not leave an earlier run's). */
  removeReport(): void {
    rmSync(join(this.dir, 'report.html'), { force: true });
    rmSync(join(this.dir, 'charts'), { recursive: true, force: true });
  }
}
