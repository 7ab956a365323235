/** How a placer picks a filler for an order where the pattern lets it choose. */

import type { Filler, Placer, World } from '../../models/index.js';

/** Per world: running totals of filler capacity (null when every filler is the same size). */
const shares = new WeakMap<World, Float64Array | null>();

/**
 * A filler chosen at random from the placer's own `routing` stream, in proportion to its
 * capacity (a placer sends a lab of 40 slots ten times the work of one of 4, as referral
 * patterns follow the size of a lab), so each placer spreads its orders independently of
 * every other actor. Fillers of one size are chosen uniformly.
 */
export function pickFiller(world: World, placer: Placer): Filler {
  const n = world.fillers.length;
  const u = placer.routing.double();
  const cumulative = capacityShares(world);
  if (cumulative === null) return world.fillers[Math.min(n - 1, Math.floor(u * n))] as Filler;
  const x = u * (cumulative[n - 1] as number);
  // The first filler whose running total exceeds x.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return world.fillers[lo] as Filler;
}

function capacityShares(world: World): Float64Array | null {
  let c = shares.get(world);
  if (c !== undefined) return c;
  const fillers = world.fillers;
  const first = fillers[0]?.slots.capacity ?? 1;
  if (fillers.every((f) => f.slots.capacity === first)) {
    c = null;
  } else {
    c = new Float64Array(fillers.length);
    let total = 0;
    fillers.forEach((f, i) => {
      total += f.slots.capacity;
      (c as Float64Array)[i] = total;
    });
  }
  shares.set(world, c);
  return c;
}
