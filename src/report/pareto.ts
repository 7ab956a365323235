/** The Pareto frontier of two costs: the options that nothing else beats on both at once. */

/** An option with two costs, lower being better for both. */
export interface CostPair {
  x: number;
  y: number;
}

/**
 * Indexes of the options on the Pareto frontier of (x, y), both to be minimised: an option
 * is on it unless some other option has both a strictly lower x and a strictly lower y.
 * Options with a NaN or infinite cost are never on it (they did not happen) and dominate
 * nothing. Returned in order of increasing x (then y, then index), which is the order the
 * frontier is drawn in.
 */
export function paretoFrontier(options: readonly CostPair[]): number[] {
  const valid = options.map((o, i) => ({ ...o, i })).filter((o) => Number.isFinite(o.x) && Number.isFinite(o.y));
  const onFrontier = valid.filter((o) => !valid.some((other) => other.x < o.x && other.y < o.y));
  return onFrontier.sort((a, b) => a.x - b.x || a.y - b.y || a.i - b.i).map((o) => o.i);
}
