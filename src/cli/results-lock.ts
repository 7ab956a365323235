/** A lock file in each results folder being written, so two fwsim processes never write one folder at once. */

import { linkSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The lock's name inside the results folder. */
export const LOCK_FILE = '.fwsim.lock';

/** Who holds a lock: what the lock file says. */
interface Holder {
  pid: number;
  host: string;
  /** ISO time the holder took it; with the pid, what makes a lock this process's own. */
  since: string;
}

/** The results folder cannot be taken: held by a live run, or not creatable. The message is for the user. */
export class FolderLockError extends Error {
  override name = 'FolderLockError';
}

/** Locks this process holds, removed when it exits for any reason it can see (normal end, process.exit, an uncaught error). */
const held = new Set<ResultsLock>();
let exitHookInstalled = false;

/** The lock of one results folder, held by this process. */
export class ResultsLock {
  private constructor(
    /** The lock file. */
    readonly path: string,
    private readonly mine: Holder,
  ) {}

  /** Removes the lock if it is still this process's (never another's that took over meanwhile). Idempotent. */
  release(): void {
    held.delete(this);
    if (sameHolder(readHolder(this.path), this.mine)) rmSync(this.path, { force: true });
  }

  /**
   * Creates each folder (with its parents) and takes its lock; all or none. A lock whose holder
   * is no longer running is taken over (`tookOver` says whose). Throws a FolderLockError naming
   * the lock and the holder's pid when a live process holds one, or the folder when it cannot be
   * made; then it leaves nothing behind (locks taken are released, folders it made removed).
   */
  static acquireAll(dirs: readonly string[]): { locks: ResultsLock[]; tookOver: string[] } {
    const locks: ResultsLock[] = [];
    const created: string[] = [];
    const tookOver: string[] = [];
    try {
      // Two scenarios of one name write one folder, in turn: one lock for both.
      const unique = new Map(dirs.map((d) => [resolve(d), d]));
      for (const [absolute, dir] of unique) {
        const first = makeFolder(dir);
        if (first !== undefined) created.push(...foldersBetween(first, absolute));
        const { lock, stale } = ResultsLock.take(dir);
        locks.push(lock);
        if (stale !== undefined) tookOver.push(`taking over ${lock.path}: the fwsim process that held it (pid ${stale.pid}, since ${stale.since}) is no longer running`);
      }
    } catch (e) {
      for (const lock of locks) lock.release();
      // Deepest first; a folder something else wrote into meanwhile stays.
      for (const dir of created.reverse()) {
        try {
          rmdirSync(dir);
        } catch {
          // Not empty or already gone: not ours to remove.
        }
      }
      throw e;
    }
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', () => {
        for (const lock of [...held]) lock.release();
      });
    }
    for (const lock of locks) held.add(lock);
    return { locks, tookOver };
  }

  /** Takes the lock of an existing folder: created whole (content and all) or not at all. */
  private static take(dir: string): { lock: ResultsLock; stale: Holder | undefined } {
    const path = join(dir, LOCK_FILE);
    const mine: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    let stale: Holder | undefined;
    // Written aside, then linked into place: link fails if the lock exists, and a reader never
    // sees a lock file without its holder (which it would take for a dead one's).
    const draft = `${path}.${process.pid}.draft`;
    writeFileSync(draft, `${JSON.stringify(mine)}\n`);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          linkSync(draft, path);
          return { lock: new ResultsLock(path, mine), stale };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        const holder = readHolder(path);
        if (holder === undefined) continue;
        if (holder.pid < 0) throw new FolderLockError(`${path}: cannot be read, so whether another fwsim run is writing ${dir} cannot be told; expected a lock fwsim may read, or none`);
        if (alive(holder)) {
          const where = holder.host !== mine.host ? ` on ${holder.host}` : '';
          throw new FolderLockError(`${path}: another fwsim process (pid ${holder.pid}${where}, since ${holder.since}) is writing ${dir}; expected a results folder no other run is writing: wait for it to finish or use another --out (remove the lock only if that process is gone)`);
        }
        // Dead: move its lock aside (a rename succeeds for one taker only), then try again. If
        // what was moved is not the dead one's (another taker replaced it in between), put it
        // back: the next attempt then finds that live holder.
        const aside = `${path}.${process.pid}.stale`;
        try {
          renameSync(path, aside);
          if (sameHolder(readHolder(aside), holder)) stale = holder;
          else linkSync(aside, path);
        } catch {
          // Another process moved it first (or took the place again); the next attempt sees what it did.
        } finally {
          rmSync(aside, { force: true });
        }
      }
      throw new FolderLockError(`${path}: other fwsim processes keep taking this folder; expected a results folder no other run is writing`);
    } finally {
      rmSync(draft, { force: true });
    }
  }
}

/** The holder a lock file names; undefined if it is gone. A lock that is not ours to read counts as held by an unknown live process. */
function readHolder(path: string): Holder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { pid: -1, host: 'unknown', since: 'unknown' };
  }
  try {
    const h = JSON.parse(text) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.since === 'string') return { pid: h.pid, host: h.host, since: h.since };
  } catch {
    // Not a lock fwsim wrote (it never writes half of one): treated as stale below.
  }
  return { pid: 0, host: hostname(), since: 'unknown' };
}

/** Whether the holder may still be running. On another host it cannot be told: assume so. */
function alive(h: Holder): boolean {
  if (h.host !== hostname()) return true;
  if (h.pid === 0) return false;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sameHolder(a: Holder | undefined, b: Holder): boolean {
  return a !== undefined && a.pid === b.pid && a.host === b.host && a.since === b.since;
}

/** Creates `dir` and its parents; returns the first folder it had to create (undefined if it existed). */
function makeFolder(dir: string): string | undefined {
  try {
    return mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new FolderLockError(folderProblem(dir, e as NodeJS.ErrnoException));
  }
}

/** `first` and every folder below it down to `dir` (the folders one mkdir made). */
function foldersBetween(first: string, dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; d.length >= first.length; d = dirname(d)) {
    out.unshift(d);
    if (d === first || d === dirname(d)) break;
  }
  return out;
}

/** Why a results folder cannot be made, in the user's terms (a bad --out or name is bad input). */
function folderProblem(dir: string, e: NodeJS.ErrnoException): string {
  const why = e.code === 'ENAMETOOLONG' ? 'the path is too long for the file system'
    : e.code === 'ENOTDIR' || e.code === 'EEXIST' ? 'a file is in the way (a part of the path is not a folder)'
    : e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS' ? 'not allowed to write there'
    : e.message;
  return `${dir}: cannot create the results folder: ${why}; expected --out to name a folder fwsim may write`;
}
