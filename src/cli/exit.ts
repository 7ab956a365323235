/** Exit codes and the tool's version, shared by every command. */

import { readFileSync } from 'node:fs';

/** 0 ok, 1 a run failed, 2 bad input (scenario, arguments, missing file). */
export const EXIT = { ok: 0, runFailed: 1, badInput: 2 } as const;

let version: string | undefined;

/** The package version (read once from package.json next to dist/ or src/). */
export function toolVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
