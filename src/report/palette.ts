/** Colours of the charts and the report: one colour per pattern letter everywhere, and fixed colours for kinds and outcomes. */

import { PATTERN_IDS } from '../patterns/index.js';

/**
 * The colour of each pattern, keyed by seed letter (Tableau 10 order). Every chart builds its
 * colour scale from this map, so E is the same green in the scatter, the lines and the tables
 * whatever subset of patterns a scenario ran.
 */
export const PATTERN_COLORS: Readonly<Record<string, string>> = {
  A: '#4e79a7',
  B: '#f28e2b',
  C: '#e15759',
  D: '#76b7b2',
  E: '#59a14f',
  F: '#edc948',
  G: '#b07aa1',
  H: '#ff9da7',
  I: '#9c755f',
};

/** Colour for a letter outside the catalogue (never expected; keeps a chart drawable). */
const UNKNOWN = '#7f7f7f';

/** The colour of one pattern. */
export function patternColor(pattern: string): string {
  return PATTERN_COLORS[pattern] ?? UNKNOWN;
}

/** The catalogue order of pattern letters (the registry's, A..I, then anything else alphabetically). */
export function sortPatterns(patterns: Iterable<string>): string[] {
  const known: readonly string[] = PATTERN_IDS;
  const rank = (p: string): number => (known.includes(p) ? known.indexOf(p) : known.length);
  return [...new Set(patterns)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A vega-lite colour scale for these patterns: explicit domain and range, so colours never depend on which patterns are present. */
export function patternColorScale(patterns: Iterable<string>): { domain: string[]; range: string[] } {
  const domain = sortPatterns(patterns);
  return { domain, range: domain.map(patternColor) };
}

/** Interaction kinds (INTERACTION_KINDS) and their colours in the message breakdown. */
export const KIND_COLORS: Readonly<Record<string, string>> = {
  create: '#1b9e77',
  read: '#d95f02',
  update: '#7570b3',
  search: '#e7298a',
  page: '#66a61e',
  notification: '#e6ab02',
  message: '#a6761d',
  operation: '#666666',
  handshake: '#1f78b4',
  heartbeat: '#b2df8a',
};

/** Order outcomes and their colours: good green, refusals orange, losses red, unfinished blue. */
export const OUTCOME_COLORS: Readonly<Record<string, string>> = {
  completed: '#59a14f',
  rejected: '#f28e2b',
  cancelled: '#bab0ac',
  failed: '#e15759',
  open: '#4e79a7',
};

/** The stroke of the Pareto frontier and other annotations. */
export const ANNOTATION_COLOR = '#333333';
