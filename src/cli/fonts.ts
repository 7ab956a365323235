/** Where the chart font lives: the DejaVu TrueType files of the dejavu-fonts-ttf package, resolved like a module. */

import { createRequire } from 'node:module';

/** The font files PNG rendering needs (regular for labels, bold for titles). */
const FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

/** Absolute paths of DejaVu Sans regular and bold, from the installed package (throws if it is missing). */
export function chartFontFiles(): string[] {
  const require = createRequire(import.meta.url);
  return FILES.map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
}
