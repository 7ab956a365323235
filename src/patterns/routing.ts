/** How a placer picks a filler for an order where the pattern lets it choose. */

import type { Filler, Placer, World } from '../models/index.js';

/**
 * A filler chosen uniformly at random from the placer's own `routing` stream, so each
 * placer spreads its orders over the fillers independently of every other actor.
 */
export function pickFiller(world: World, placer: Placer): Filler {
  const n = world.fillers.length;
  return world.fillers[Math.min(n - 1, Math.floor(placer.routing.double() * n))] as Filler;
}
