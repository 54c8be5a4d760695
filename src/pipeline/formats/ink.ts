// Where a page's ink lies: both OCR engines read only that part of a sparse page (ocr.ts,
// ocr-paddle.ts), since blank paper costs them as much as text.
import type { Region } from 'sharp';

/**
 * The smallest rectangle holding every pixel darker than mid-grey, in an 8-bit image of
 * `channels` interleaved channels (the first one is looked at); undefined on a blank page.
 */
export function inkBounds(data: Uint8Array, width: number, height: number, channels = 1): Region | undefined {
  let [left, right, top, bottom] = [width, -1, height, -1];
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if ((data[row + x * channels] as number) < 128) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    left = Math.min(left, first);
    right = Math.max(right, last);
    top = Math.min(top, y);
    bottom = y;
  }
  return right < 0 ? undefined : { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * Otsu's threshold over a 256-bin histogram's bins from `from` up: the last bin of the darker
 * class.
 */
export function otsu(histogram: ArrayLike<number>, from = 0): number {
  let total = 0;
  let sum = 0;
  for (let i = from; i < 256; i++) {
    total += histogram[i] as number;
    sum += i * (histogram[i] as number);
  }
  let sumBelow = 0;
  let below = 0;
  let best = 0;
  let threshold = 128;
  for (let t = from; t < 256; t++) {
    below += histogram[t] as number;
    if (below === 0) continue;
    const above = total - below;
    if (above === 0) break;
    sumBelow += t * (histogram[t] as number);
    const between = below * above * (sumBelow / below - (sum - sumBelow) / above) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}
