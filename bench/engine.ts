/** Engine benchmark: the three reference models of TOOLCHAIN.md on the callback core, the process layer and a minimal reference heap. */

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One result line of the engine benchmark. */
export interface EngineFigure {
  bench: 'engine';
  model: 'mm1' | 'hold' | 'pending';
  layer: 'callback' | 'process' | 'reference';
  rng: boolean;
  events: number;
  wall_s: number;
  events_per_s: number;
  /** Peak resident memory of the process that ran the model (its warm-ups and timed runs). */
  rss_mb: number;
  check: number;
  runs: number;
  /** This figure divided by the reference heap's on the same model, measured in the same run. */
  vs_reference: number;
  /** This figure divided by SimPy 4.1.2's from TOOLCHAIN.md (SimPy cannot be installed here). */
  vs_simpy: number;
  /** The target for the callback core without RNG, or null where none is set. */
  target_events_per_s: number | null;
}

const MODELS = ['mm1', 'hold', 'pending'] as const;
const LAYERS = ['callback', 'process', 'reference'] as const;
/** SimPy 4.1.2 on this kind of machine, events/s (TOOLCHAIN.md). */
const SIMPY = { mm1: 280_000, hold: 1_700_000, pending: 900_000 } as const;
/** Targets of the engine issue for the callback core, engine timed alone. */
const TARGET = { mm1: 12_000_000, hold: 40_000_000, pending: 5_000_000 } as const;

/** Runs every model x layer x rng combination, each in its own process; returns the figures. */
export function runEngineBench(runs: number, onFigure: (f: EngineFigure) => void): EngineFigure[] {
  const child = fileURLToPath(new URL('./engine-child.js', import.meta.url));
  const figures: EngineFigure[] = [];
  for (const model of MODELS) {
    for (const rng of [false, true]) {
      const measured = LAYERS.map((layer) => {
        const out = execFileSync(process.execPath, [child, model, layer, rng ? '1' : '0', String(runs)], { encoding: 'utf8' });
        return { layer, ...(JSON.parse(out) as { events: number; wall_s: number; check: number; rss_mb: number }) };
      });
      const refRate = (measured.find((m) => m.layer === 'reference')?.events ?? 0) / (measured.find((m) => m.layer === 'reference')?.wall_s ?? 1);
      for (const m of measured) {
        const rate = m.events / m.wall_s;
        const f: EngineFigure = {
          bench: 'engine',
          model,
          layer: m.layer,
          rng,
          events: m.events,
          wall_s: round(m.wall_s, 6),
          events_per_s: Math.round(rate),
          rss_mb: m.rss_mb,
          check: round(m.check, 6),
          runs,
          vs_reference: round(rate / refRate, 3),
          vs_simpy: round(rate / SIMPY[model], 1),
          target_events_per_s: m.layer === 'callback' && !rng ? TARGET[model] : null,
        };
        figures.push(f);
        onFigure(f);
      }
    }
  }
  return figures;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
