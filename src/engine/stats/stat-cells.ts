/**
 * Slabs of doubles shared by many small statistics: a simulation's queues each keep a tally
 * and two time-weighted averages, fifteen numbers, updated at every request they serve.
 */

/** Doubles in the first slab; each later slab is twice the previous, up to {@link MAX_SLAB}. */
const FIRST_SLAB = 64;
const MAX_SLAB = 8192;

/**
 * Hands out runs of doubles from slabs of a few kilobytes. As object fields, those numbers
 * would each be boxed on the heap (a double field is a pointer to a number of its own), so a
 * statistic update touched its object and up to four boxes wherever the collector had put
 * them: at a national world's hundred thousand servers, cache misses at every request. In a
 * slab, a queue's numbers are one run of adjacent cells, and a world of 105,000 queues holds
 * them in 200 slabs instead of some 1.5 million boxes. Cells are never given back: their
 * owners live as long as the simulation.
 */
export class StatCells {
  /** The slab the latest {@link take} reserved cells in. */
  slab = new Float64Array(0);
  private used = 0;

  /** Reserves `n` cells of {@link slab} and returns where they start; they are zero. */
  take(n: number): number {
    if (this.used + n > this.slab.length) {
      this.slab = new Float64Array(Math.max(n, Math.min(MAX_SLAB, Math.max(2 * this.slab.length, FIRST_SLAB))));
      this.used = 0;
    }
    const at = this.used;
    this.used += n;
    return at;
  }
}
