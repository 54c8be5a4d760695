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
