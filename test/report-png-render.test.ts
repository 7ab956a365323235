import { describe, expect, it } from 'vitest';
import { chartFontFiles } from '../src/cli/fonts.js';
import type { Chart } from '../src/report/chart.js';
import { chooseCharts } from '../src/report/choose-charts.js';
import { readReportData } from '../src/report/report-data.js';
import { rasterize, renderPng, renderPngAsync, renderSvg, type Raster } from '../src/report/render.js';
import { plausible, resultsText } from './support/report-input.js';

const data = readReportData(
  resultsText('name: png\npatterns: [A, E]\n', [
    { pattern: 'A', metrics: plausible(2.5, 2250) },
    { pattern: 'E', metrics: plausible(45, 1987) },
  ]),
);
const tradeOff = chooseCharts(data).find((c) => c.name === 'trade-off') as Chart;

/** Pixels that are not (near) white. */
function inked(r: Raster): number {
  let n = 0;
  for (let i = 0; i < r.pixels.length; i += 4) if ((r.pixels[i] as number) + (r.pixels[i + 1] as number) + (r.pixels[i + 2] as number) < 600) n++;
  return n;
}

describe('PNG rendering with resvg and the bundled DejaVu fonts', () => {
  it('writes a PNG twice the size of the SVG, of non-trivial size', async () => {
    const svg = await renderSvg(tradeOff);
    const png = renderPng(svg, chartFontFiles());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const [w, h] = [Number(/width="(\d+)"/.exec(svg)?.[1]), Number(/height="(\d+)"/.exec(svg)?.[1])];
    expect(png.readUInt32BE(16)).toBe(2 * w);
    expect(png.readUInt32BE(20)).toBe(2 * h);
    expect(png.length).toBeGreaterThan(20_000);
  });

  it('draws the text: removing every <text> from the SVG removes a large share of the ink', async () => {
    const svg = await renderSvg(tradeOff);
    const fonts = chartFontFiles();
    const full = rasterize(svg, fonts);
    const withoutText = rasterize(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), fonts);
    expect(inked(full) / (full.width * full.height)).toBeGreaterThan(0.01);
    // Titles, axis titles, tick labels, legend and mark labels: without a font, resvg drops them all silently.
    expect(inked(full) - inked(withoutText)).toBeGreaterThan(0.25 * inked(withoutText));
  });

  it('is deterministic, and refuses to render without fonts rather than drop the text', async () => {
    const svg = await renderSvg(tradeOff);
    expect(renderPng(svg, chartFontFiles()).equals(renderPng(svg, chartFontFiles()))).toBe(true);
    // Off the main thread (as reports render their charts): the same bytes.
    expect((await renderPngAsync(svg, chartFontFiles())).equals(renderPng(svg, chartFontFiles()))).toBe(true);
    expect(() => rasterize(svg, [])).toThrow(/no font files/);
    await expect(renderPngAsync(svg, [])).rejects.toThrow(/no font files/);
  });
});
