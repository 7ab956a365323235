/**
 * The start-up bench: what `fwsim` costs beyond its simulation. The built CLI (dist/) in fresh
 * processes: `--version`, and one small run of one pattern (3 ms of simulation) with and
 * without charts; bare `node -e 0` beside them for the floor of this machine. Medians of N,
 * the cases alternating so a busy minute hits them alike.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** One line of results/bench/startup.csv. */
export interface StartupFigure {
  bench: 'startup';
  case: 'node -e 0' | 'fwsim --version' | 'fwsim run --no-charts' | 'fwsim run';
  runs: number;
  /** Median wall seconds of the whole command. */
  wall_s: number;
  /** The run's own simulation (timing.csv), seconds; 0 for the other cases. */
  simulation_s: number;
  /** wall_s less simulation_s. */
  overhead_s: number;
  events: number;
  events_per_s: number;
  rss_mb: null;
  load_before: number;
  load_after: number;
}

const SCENARIO = `name: startup
seed: 1
horizon: 10min
warmup: 0s
replications: 1
patterns: [A]
placers: { count: 2, orderRate: 6/h }
fillers: { count: 1 }
`;

/** Times each case `runs` times, alternating; `cli` is the built CLI's path. */
export function runStartupBench(cli: string, runs: number, report: (f: StartupFigure) => void): StartupFigure[] {
  const dir = mkdtempSync(join(tmpdir(), 'fwsim-startup-'));
  const file = join(dir, 'startup.yaml');
  writeFileSync(file, SCENARIO);
  const cases: [StartupFigure['case'], string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['fwsim --version', [cli, '--version']],
    ['fwsim run --no-charts', [cli, 'run', file, '--out', dir, '--quiet', '--no-charts']],
    ['fwsim run', [cli, 'run', file, '--out', dir, '--quiet']],
  ];
  const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  const sims: number[] = [];
  const loadBefore = loadavg()[0] as number;
  for (let i = 0; i < runs; i++) {
    for (const [name, args] of cases) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
      const wall = (performance.now() - t0) / 1000;
      if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr}`);
      times.get(name)?.push(wall);
      if (name === 'fwsim run') sims.push(simulationSeconds(join(dir, 'startup', 'timing.csv')));
    }
  }
  const loadAfter = loadavg()[0] as number;
  const sim = median(sims);
  return cases.map(([name]) => {
    const wall = median(times.get(name) ?? []);
    const s = name.startsWith('fwsim run') ? sim : 0;
    const f: StartupFigure = {
      bench: 'startup', case: name, runs, wall_s: round(wall), simulation_s: round(s), overhead_s: round(wall - s),
      events: 0, events_per_s: 0, rss_mb: null, load_before: round(loadBefore), load_after: round(loadAfter),
    };
    report(f);
    return f;
  });
}

/** The simulation's wall time of the one run in timing.csv, seconds. */
function simulationSeconds(path: string): number {
  const [header, row] = readFileSync(path, 'utf8').trim().split('\n');
  const col = (header ?? '').split(',').indexOf('wall_ms');
  return Number((row ?? '').split(',')[col]) / 1000;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
