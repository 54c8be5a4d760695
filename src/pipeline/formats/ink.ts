// Where a page's ink lies: both OCR engines read only that part of a sparse page (ocr.ts,
// ocr-paddle.ts), since blank paper costs them as much as text.
import type { Region, Sharp } from 'sharp';

/**
 * The smallest rectangle holding every pixel darker than `below` (mid-grey unless given), in an
 * 8-bit image of `channels` interleaved channels (the first one is looked at); undefined on a
 * blank page.
 */
export function inkBounds(
  data: Uint8Array,
  width: number,
  height: number,
  channels = 1,
  below = 128,
): Region | undefined {
  let [left, right, top, bottom] = [width, -1, height, -1];
  for (let y = 0; y < height; y++) {
    const row = y * width * channels;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if ((data[row + x * channels] as number) < below) {
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

/** One grey 8-bit channel, row by row. */
export interface GreyPage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * A grey copy of a decoded picture (`channels` interleaved 8-bit channels: grey, or RGB first)
 * at most about `side` pixels on its longer side, each pixel the mean brightness of a block:
 * cheaper than handing the pixels to sharp again.
 */
export function greyCopy(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: number,
  side: number,
): GreyPage {
  const step = Math.max(1, Math.ceil(Math.max(width, height) / side));
  const colour = channels >= 3;
  const w = Math.floor(width / step);
  const h = Math.floor(height / step);
  const small = new Uint8Array(w * h);
  const sums = new Uint32Array(w);
  for (let y = 0; y < h; y++) {
    sums.fill(0);
    for (let dy = 0; dy < step; dy++) {
      const row = (y * step + dy) * width * channels;
      for (let x = 0; x < w; x++) {
        let sum = 0;
        for (let dx = 0, i = row + x * step * channels; dx < step; dx++, i += channels)
          sum += colour
            ? ((pixels[i] as number) * 2 + (pixels[i + 1] as number) * 5 + (pixels[i + 2] as number)) >> 3
            : (pixels[i] as number);
        sums[x] = (sums[x] as number) + sum;
      }
    }
    for (let x = 0; x < w; x++) small[y * w + x] = Math.round((sums[x] as number) / (step * step));
  }
  return { data: small, width: w, height: h };
}

/** A grey copy of a picture (`width` × `height`, as `picture` gives it) at most `side` pixels on its longer side. */
export async function greyCopyOf(
  picture: Sharp,
  width: number,
  height: number,
  side: number,
): Promise<GreyPage & { channels: number }> {
  const scale = Math.min(1, side / Math.max(width, height));
  const { data, info } = await picture
    .greyscale()
    .resize(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)), {
      fit: 'fill',
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/**
 * The pixels darker than `below` that reach the image's edge through other such pixels: the
 * table, a shadow or the scanner's lid around a page photographed close, not its ink (print does
 * not run off the paper). 1 in the mask for each; `count` of them.
 */
export function edgeDark(
  luma: Uint8Array,
  width: number,
  height: number,
  below: number,
): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(width * height);
  // Each pixel is pushed at most once.
  const stack = new Int32Array(width * height);
  let top = 0;
  const push = (i: number) => {
    if (mask[i] === 1 || (luma[i] as number) > below) return;
    mask[i] = 1;
    stack[top++] = i;
  };
  for (let x = 0; x < width; x++) {
    push(x);
    push((height - 1) * width + x);
  }
  for (let y = 0; y < height; y++) {
    push(y * width);
    push(y * width + width - 1);
  }
  let count = 0;
  while (top > 0) {
    const i = stack[--top] as number;
    count++;
    const x = i % width;
    if (x > 0) push(i - 1);
    if (x < width - 1) push(i + 1);
    if (i >= width) push(i - width);
    if (i < width * (height - 1)) push(i + width);
  }
  return { mask, count };
}
