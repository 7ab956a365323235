// Bundles the command line (src/cli/main.ts) and the worker threads' entry (src/runner/worker.ts)
// into dist/bundle/, ES modules split into chunks, so a command loads a few files instead of
// a few hundred: in Node 20 each ES module costs a resolution, a file read and a link step, and
// the scenario parser's libraries alone (zod, yaml) are about 150 files. Code behind a dynamic
// import (charts, the queue, calibration, conformance) stays in chunks of its own, loaded only
// when used. Packages that find files of their own at run time (yargs' locales, piscina's and
// BullMQ's workers and scripts, resvg's native binding, the fonts) or are large and loaded late
// (vega) stay in node_modules. Run by `npm run build`, after tsc has type-checked and emitted
// dist/ (the library's entry, src/index.ts, is not bundled).

import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';

/** Bundled into the command: pure JavaScript the scenario parser and the results writer need at once. */
const BUNDLED = new Set(['zod', 'yaml', 'csv-stringify', 'csv-parse']);

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !BUNDLED.has(name));

const outdir = 'dist/bundle';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts', 'src/runner/worker.ts'],
  // main.js and worker.js side by side: the pool finds its worker beside itself (src/runner/pool.ts).
  entryNames: '[name]',
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // yaml is CommonJS: a bundled CommonJS module's require() of Node's own modules needs one.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
chmodSync(`${outdir}/main.js`, 0o755);
