/**
 * Places the text labels of a scatter so they overlap neither each other nor the marks:
 * vega-lite cannot, and vega's label transform needs a canvas. Pure arithmetic on a scale
 * this module also defines, so the layout (and the SVG) is the same on every machine.
 */

/** A continuous position scale with a fixed domain and no rounding ("nice"), so data and pixels map exactly. */
export interface PositionScale {
  type: 'linear' | 'log';
  domain: [number, number];
}

/** A domain around `values` with some air on both sides; log domains grow by a factor, linear ones by a fraction of the span. */
export function paddedDomain(values: readonly number[], type: 'linear' | 'log'): [number, number] {
  const xs = values.filter((v) => Number.isFinite(v) && (type === 'linear' || v > 0));
  if (xs.length === 0) return type === 'log' ? [1, 10] : [0, 1];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  if (type === 'log') {
    const f = Math.max(1.15, (hi / lo) ** 0.08);
    return [lo / f, hi * f];
  }
  const pad = hi > lo ? 0.08 * (hi - lo) : Math.abs(lo) > 0 ? 0.1 * Math.abs(lo) : 1;
  return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}

/** Where `v` lands on an axis of `length` pixels (0 at the domain's start). */
export function toPixels(scale: PositionScale, v: number, length: number): number {
  const [a, b] = scale.domain;
  const t = scale.type === 'log' ? (Math.log(v) - Math.log(a)) / (Math.log(b) - Math.log(a)) : (v - a) / (b - a);
  return t * length;
}

/** The data value at `px` pixels along an axis of `length` pixels (inverse of {@link toPixels}). */
export function fromPixels(scale: PositionScale, px: number, length: number): number {
  const [a, b] = scale.domain;
  const t = px / length;
  return scale.type === 'log' ? Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a))) : a + t * (b - a);
}

/** A label to place: its mark's centre in pixels (y downwards) and its text. */
export interface LabelAnchor {
  x: number;
  y: number;
  text: string;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Options of {@link placeLabels}. */
export interface LabelOptions {
  width: number;
  height: number;
  fontSize: number;
  /** Half the size of a mark: labels keep clear of every mark's square of this radius. */
  markRadius: number;
}

/** Where a label went: its centre, and the end of a leader line back to its mark when it sits away from it (pixels). */
export interface PlacedLabel {
  x: number;
  y: number;
  leader: { x: number; y: number } | null;
}

/** Directions tried in order: right first (reading order), then above, below, left, and the diagonals. */
const DIRECTIONS: readonly [number, number][] = [[1, 0], [0, -1], [0, 1], [-1, 0], [1, -1], [1, 1], [-1, -1], [-1, 1]];

/**
 * Centres for the labels (pixels, y downwards), in the order given: each label takes the
 * first position around its mark, tried near then farther out, that stays inside the plot
 * and touches no mark and no label placed before it; if none is free, the least crowded.
 * A label that ends up away from its mark gets a leader line.
 */
export function placeLabels(anchors: readonly LabelAnchor[], o: LabelOptions): PlacedLabel[] {
  const marks: Box[] = anchors.map((a) => ({ x0: a.x - o.markRadius, y0: a.y - o.markRadius, x1: a.x + o.markRadius, y1: a.y + o.markRadius }));
  const placed: Box[] = [];
  return anchors.map((a) => {
    const w = textWidth(a.text, o.fontSize);
    const h = o.fontSize;
    let best: { box: Box; cost: number } | undefined;
    search: for (let ring = 0; ring < 3; ring++) {
      for (const [dx, dy] of DIRECTIONS) {
        const cx = a.x + dx * (o.markRadius + 3 + w / 2 + ring * (w / 2 + 4));
        const cy = a.y + dy * (o.markRadius + 2 + h / 2 + ring * (h + 2));
        const box = { x0: cx - w / 2, y0: cy - h / 2, x1: cx + w / 2, y1: cy + h / 2 };
        const outside = box.x0 < 0 || box.y0 < 0 || box.x1 > o.width || box.y1 > o.height;
        const crowding = overlap(box, placed) + overlap(box, marks);
        if (!outside && crowding === 0) {
          best = { box, cost: 0 };
          break search;
        }
        const cost = (outside ? 1e9 : 0) + crowding + ring;
        if (best === undefined || cost < best.cost) best = { box, cost };
      }
    }
    const box = (best as { box: Box }).box;
    placed.push(box);
    // The label's nearest point to its mark: a leader line goes there when the label had to move away.
    const ex = Math.min(Math.max(a.x, box.x0), box.x1);
    const ey = Math.min(Math.max(a.y, box.y0), box.y1);
    const far = Math.hypot(ex - a.x, ey - a.y) > o.markRadius + 6;
    return { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2, leader: far ? { x: ex, y: ey } : null };
  });
}

/** Estimated width of `text` in DejaVu Sans (a little generous, so estimates err towards air). */
function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += ch === ' ' ? 0.32 : ch === '·' || ch === '.' ? 0.32 : /[A-Z]/.test(ch) ? 0.72 : 0.62;
  return em * fontSize;
}

function overlap(box: Box, others: readonly Box[]): number {
  let area = 0;
  for (const b of others) {
    const w = Math.min(box.x1, b.x1) - Math.max(box.x0, b.x0);
    const h = Math.min(box.y1, b.y1) - Math.max(box.y0, b.y0);
    if (w > 0 && h > 0) area += w * h;
  }
  return area;
}
