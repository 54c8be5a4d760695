// PaddleOCR's DB post-processing, from the detection model's probability map to text boxes:
// threshold the map, take each connected region, score it by its mean probability, fit the
// smallest rotated rectangle around it and grow that rectangle ("unclip": DB's maps cover the
// shrunk core of a text line). Written here rather than taken from opencv-js/clipper (what
// @gutenye/ocr-common uses): a rectangle's offset is a plain grow, and the whole is small.

/** A rotated rectangle: centre, the unit vector along its width (reading direction), half sizes. */
export interface RotatedBox {
  cx: number;
  cy: number;
  /** Unit vector of the width axis; the height axis is (-uy, ux). */
  ux: number;
  uy: number;
  halfWidth: number;
  halfHeight: number;
  /** Mean probability of the region, 0..1. */
  score: number;
}

export interface DbOptions {
  /** Pixels above this probability are text (PaddleOCR det_db_thresh). */
  threshold: number;
  /** Regions whose mean probability is below this are dropped (det_db_box_thresh). */
  boxThreshold: number;
  /** How far the rectangle grows: area × ratio ÷ perimeter (det_db_unclip_ratio). */
  unclipRatio: number;
  /** Regions with a shorter side than this (map pixels) are noise. */
  minSide: number;
  /** At most this many regions are kept (the largest), a bound on the work a page can cause. */
  maxBoxes: number;
}

export const DB_DEFAULTS: DbOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSide: 3,
  maxBoxes: 1000,
};

/**
 * Boxes in map coordinates from a probability map of `width` × `height` (row-major).
 * 8-connected regions; each contributes the leftmost and rightmost pixel of each of its rows
 * to its hull, which is all a convex hull needs.
 */
export function dbBoxes(map: Float32Array, width: number, height: number, opts = DB_DEFAULTS): RotatedBox[] {
  const label = new Int32Array(width * height).fill(-1);
  const regions: { sum: number; count: number; points: number[] }[] = [];
  const stack: number[] = [];
  for (let start = 0; start < map.length; start++) {
    if (label[start] !== -1 || (map[start] as number) <= opts.threshold) continue;
    const id = regions.length;
    const rows = new Map<number, [number, number]>();
    let sum = 0;
    let count = 0;
    label[start] = id;
    stack.push(start);
    while (stack.length > 0) {
      const at = stack.pop() as number;
      const x = at % width;
      const y = (at - x) / width;
      sum += map[at] as number;
      count++;
      const row = rows.get(y);
      if (!row) rows.set(y, [x, x]);
      else {
        if (x < row[0]) row[0] = x;
        if (x > row[1]) row[1] = x;
      }
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
          const n = ny * width + nx;
          if (label[n] === -1 && (map[n] as number) > opts.threshold) {
            label[n] = id;
            stack.push(n);
          }
        }
      }
    }
    // Pixel corners, so that a one-pixel-high region still has an area.
    const points: number[] = [];
    for (const [y, [x0, x1]] of rows) points.push(x0, y, x1 + 1, y, x0, y + 1, x1 + 1, y + 1);
    regions.push({ sum, count, points });
  }
  const boxes: RotatedBox[] = [];
  for (const region of regions) {
    if (region.count < opts.minSide * opts.minSide) continue;
    const score = region.sum / region.count;
    if (score < opts.boxThreshold) continue;
    const rect = minAreaRect(convexHull(region.points));
    if (Math.min(rect.halfWidth, rect.halfHeight) * 2 < opts.minSide) continue;
    // Unclip: DB's polygon offset of area × ratio ÷ perimeter, on a rectangle a plain grow.
    const w = rect.halfWidth * 2;
    const h = rect.halfHeight * 2;
    const grow = (w * h * opts.unclipRatio) / (2 * (w + h));
    boxes.push({ ...rect, halfWidth: rect.halfWidth + grow, halfHeight: rect.halfHeight + grow, score });
  }
  boxes.sort((a, b) => b.halfWidth * b.halfHeight - a.halfWidth * a.halfHeight);
  return boxes.slice(0, opts.maxBoxes);
}

/** Andrew's monotone chain over flat [x, y, x, y, …]; counter-clockwise, no collinear points. */
export function convexHull(flat: number[]): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pts.push([flat[i] as number, flat[i + 1] as number]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower.at(-2)!, lower.at(-1)!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (const p of pts.reverse()) {
    while (upper.length >= 2 && cross(upper.at(-2)!, upper.at(-1)!, p) <= 0) upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/**
 * The smallest-area enclosing rectangle of a convex hull (one of its sides lies on a hull edge),
 * oriented so its width axis is the longer side, pointing rightwards.
 */
export function minAreaRect(hull: [number, number][]): Omit<RotatedBox, 'score'> {
  let best: Omit<RotatedBox, 'score'> & { area: number } = {
    cx: hull[0]?.[0] ?? 0,
    cy: hull[0]?.[1] ?? 0,
    ux: 1,
    uy: 0,
    halfWidth: 0,
    halfHeight: 0,
    area: Number.POSITIVE_INFINITY,
  };
  for (let i = 0; i < hull.length; i++) {
    const [ax, ay] = hull[i] as [number, number];
    const [bx, by] = hull[(i + 1) % hull.length] as [number, number];
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    const ux = (bx - ax) / len;
    const uy = (by - ay) / len;
    let minU = Number.POSITIVE_INFINITY;
    let maxU = Number.NEGATIVE_INFINITY;
    let minV = Number.POSITIVE_INFINITY;
    let maxV = Number.NEGATIVE_INFINITY;
    for (const [px, py] of hull) {
      const u = px * ux + py * uy;
      const v = -px * uy + py * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < best.area) {
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = {
        cx: cu * ux - cv * uy,
        cy: cu * uy + cv * ux,
        ux,
        uy,
        halfWidth: (maxU - minU) / 2,
        halfHeight: (maxV - minV) / 2,
        area,
      };
    }
  }
  const { area: _area, ...rect } = best;
  return orient(rect);
}

/** Width along the longer side, and the width axis pointing right (or down when vertical). */
function orient(r: Omit<RotatedBox, 'score'>): Omit<RotatedBox, 'score'> {
  let { ux, uy, halfWidth, halfHeight } = r;
  if (halfHeight > halfWidth) {
    [ux, uy] = [-uy, ux];
    [halfWidth, halfHeight] = [halfHeight, halfWidth];
  }
  if (ux < 0 || (ux === 0 && uy < 0)) {
    ux = -ux;
    uy = -uy;
  }
  return { cx: r.cx, cy: r.cy, ux: ux + 0, uy: uy + 0, halfWidth, halfHeight };
}
