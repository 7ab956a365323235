/** The --workers option of run and bench: a whole number of threads, within reason. */

/**
 * The most worker threads fwsim starts. Jobs are CPU-bound, so threads beyond the cores only
 * wait; each holds a world (up to 2 GB) and a 96 MB young generation, so `--workers 100000`
 * would exhaust memory before the first run finished.
 */
export const MAX_WORKERS = 256;

/** Why `workers` (as yargs parsed it) is no thread count, or undefined when it is one or not given. */
export function workersProblem(workers: number | undefined): string | undefined {
  if (workers === undefined || (Number.isInteger(workers) && workers >= 1 && workers <= MAX_WORKERS)) return undefined;
  return `--workers: expected a whole number of threads from 1 to ${MAX_WORKERS}, got ${workers}`;
}
