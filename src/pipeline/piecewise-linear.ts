// A piecewise-linear map through measured points: how the quality grade's signals and PaddleOCR's
// calibrated confidence turn one scale into another.

/** Piecewise-linear map through [x, y] points sorted by x; flat beyond the ends. */
export function interpolate(x: number, points: readonly (readonly [number, number])[]): number {
  const first = points[0]!;
  if (x <= first[0]) return first[1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x0, y0] = points[i - 1]!;
    if (x <= x1) return y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  }
  return points[points.length - 1]![1];
}
