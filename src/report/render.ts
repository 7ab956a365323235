/** Headless rendering: vega-lite spec -> vega -> SVG text (no browser, no canvas) -> PNG through resvg with the fonts given. */

import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { parse, View, type Spec as VegaSpec } from 'vega';
import { compile } from 'vega-lite';
import { CHART_FONT, type Chart } from './chart.js';

/** A vega-lite spec compiled to vega, with whatever vega-lite warned about (a clean chart has none). */
export interface CompiledChart {
  vega: VegaSpec;
  warnings: string[];
}

/** Compiles a chart's vega-lite spec; vega-lite's warnings are collected instead of printed. */
export function compileChart(chart: Chart): CompiledChart {
  const warnings: string[] = [];
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      throw new Error(`vega-lite: chart ${chart.name}: ${args.map(String).join(' ')}`);
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  const out = compile(chart.spec, { logger: logger as never });
  return { vega: out.spec, warnings };
}

/**
 * The chart as SVG text. Deterministic: vega runs with `renderer: 'none'` (no canvas, so
 * text is measured by its fixed estimate, not by whatever fonts the machine has), sizes are
 * fixed by the spec, and element ids are prefixed with the chart's name so that several
 * charts can sit inline in one HTML page without their clip paths colliding.
 */
export async function renderSvg(chart: Chart): Promise<string> {
  const { vega } = compileChart(chart);
  const view = new View(parse(vega), { renderer: 'none', logLevel: 0 });
  try {
    const svg = await view.toSVG();
    return prefixIds(svg, chart.name);
  } finally {
    view.finalize();
  }
}

/** Makes `id="clip3"` and its references `url(#clip3)` / `href="#clip3"` unique to one chart. */
function prefixIds(svg: string, name: string): string {
  const ids = new Set<string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) ids.add(m[1] as string);
  if (ids.size === 0) return svg;
  const fresh = (id: string): string => (ids.has(id) ? `${name}-${id}` : id);
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_m, a: string, id: string, b: string) => `${a}${fresh(id)}${b}`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${fresh(id)})`)
    .replace(/(href=")#([^"]+)(")/g, (_m, a: string, id: string, b: string) => `${a}#${fresh(id)}${b}`);
}

/** Pixels of a rendered chart. */
export interface Raster {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, row by row. */
  pixels: Buffer;
  png: Buffer;
}

/**
 * Rasterises SVG text with resvg. `fontFiles` must hold the chart font (DejaVu Sans): system
 * fonts are never loaded, because without the right font resvg silently drops every text
 * and with system fonts the PNG would depend on the machine.
 */
export function rasterize(svg: string, fontFiles: readonly string[], zoom = 2): Raster {
  const image = new Resvg(svg, resvgOptions(fontFiles, zoom)).render();
  return { width: image.width, height: image.height, pixels: image.pixels, png: image.asPng() };
}

/** The chart as PNG bytes (twice the SVG's size, for sharp text). */
export function renderPng(svg: string, fontFiles: readonly string[]): Buffer {
  return rasterize(svg, fontFiles).png;
}

/**
 * {@link renderPng} on libuv's thread pool: a report's charts render side by side instead of
 * one after another on the main thread. The same bytes.
 */
export async function renderPngAsync(svg: string, fontFiles: readonly string[]): Promise<Buffer> {
  return (await renderAsync(svg, resvgOptions(fontFiles, 2))).asPng();
}

function resvgOptions(fontFiles: readonly string[], zoom: number): ResvgRenderOptions {
  if (fontFiles.length === 0) throw new Error('rasterize: no font files given; charts need DejaVu Sans (the dejavu-fonts-ttf package)');
  return {
    font: { loadSystemFonts: false, fontFiles: [...fontFiles], defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    fitTo: { mode: 'zoom', value: zoom },
    background: 'white',
    logLevel: 'off',
  };
}
