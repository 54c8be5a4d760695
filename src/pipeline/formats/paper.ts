// Where the paper lies in a picture of it: a receipt scanned on a flatbed with the lid open (a
// dark bed around it) or laid on cardboard, a page photographed on a table. Both OCR engines
// size their reading to the whole picture, so a receipt that fills a fifth of it is read at a
// fifth of its size and the background's texture is read as text: they read the paper alone
// (image.ts, pdf.ts crop the page to it before OCR).
import type { Region, Sharp } from 'sharp';
import { greyCopy, greyCopyOf, otsu } from './ink.ts';

/** The paper is looked for in a copy of the picture this long on its longer side. */
const SIDE = 400;
/** Paper is at most this much darker than the picture's brightest 2 %. */
const PAPER_SPAN = 60;
/** Anything darker than this is background or ink, never paper. */
const PAPER_MIN = 100;
/** Paper that covers more of the picture than this is the page itself: nothing is cut. */
const MAX_SHARE = 0.7;
/** A pixel is an edge (ink on paper) when it differs from its neighbours' mean by more than this. */
const EDGE = 32;
/** Ink on a surface darker than paper counts when it stands out this much (print, not grain). */
const STRONG_EDGE = 70;
/** At most this share of the picture's edges may lie outside the paper: the rest is text cut off. */
const MAX_EDGES_OUTSIDE = 0.08;
/** Print up to 2·FILL pixels of the copy across is taken for paper when paper lies around it. */
const FILL = 8;
/** Paper is at least this much brighter than what lies just beyond its edge (medians of strips). */
const EDGE_STEP = 30;
/** Bright strips thinner than 2·ERODE+1 pixels of the copy do not join regions. */
const ERODE = 4;
/** Rows and columns of the paper holding less than this share of its widest are an appendage. */
const TRIM = 0.15;
/** Width of the paper's outline just around its box, in pixels of the copy: not counted as background. */
const BAND = 4;
/** Margin kept around the paper, in pixels of the copy. */
const MARGIN = 2;

/**
 * The part of a picture that is a sheet of paper lying on a clearly darker, featureless
 * background, in the picture's pixels; undefined when the paper is the picture (a scan, a render,
 * a photo filled by its page) or no such sheet stands out. `upright` is the picture as it will be
 * read (`width` × `height`), to be scaled down here.
 */
export async function paperRegion(
  upright: Sharp,
  width: number,
  height: number,
): Promise<Region | undefined> {
  if (width < 64 || height < 64) return undefined;
  const copy = await greyCopyOf(upright, width, height, SIDE);
  return inPicture(paperIn(copy.data, copy.width, copy.height, copy.channels), copy, width, height);
}

/**
 * paperRegion for a picture already decoded (`channels` interleaved 8-bit channels: grey, or
 * RGB first): scaled down here by block means of its brightness, cheaper than handing the pixels
 * to sharp again.
 */
export function paperRegionInPixels(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: number,
): Region | undefined {
  if (width < 64 || height < 64) return undefined;
  const copy = greyCopy(pixels, width, height, channels, SIDE);
  return inPicture(paperIn(copy.data, copy.width, copy.height), copy, width, height);
}

/** A box found in a scaled copy (`copy`), in the picture's pixels with a margin. */
function inPicture(
  found: Region | undefined,
  copy: { width: number; height: number },
  width: number,
  height: number,
): Region | undefined {
  if (!found) return undefined;
  const sx = width / copy.width;
  const sy = height / copy.height;
  const left = Math.max(0, Math.floor((found.left - MARGIN) * sx));
  const top = Math.max(0, Math.floor((found.top - MARGIN) * sy));
  const right = Math.min(width, Math.ceil((found.left + found.width + MARGIN) * sx));
  const bottom = Math.min(height, Math.ceil((found.top + found.height + MARGIN) * sy));
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * The bounding box of the largest bright region of an 8-bit picture (first of `channels`), when it
 * is paper on a background: at most MAX_SHARE of the picture, the rest darker, and nearly all
 * the picture's ink inside it. Exported for its tests.
 */
export function paperIn(data: Uint8Array, width: number, height: number, channels = 1): Region | undefined {
  const n = width * height;
  const luma = new Uint8Array(n);
  const histogram = new Uint32Array(256);
  for (let i = 0; i < n; i++) {
    const v = data[i * channels] as number;
    luma[i] = v;
    histogram[v] = (histogram[v] as number) + 1;
  }
  let bright = 255;
  for (let seen = 0; bright > 0 && seen + (histogram[bright] as number) < 0.02 * n; bright--)
    seen += histogram[bright] as number;
  // Paper against what lies around it: Otsu's split of the pixels that could be paper at all
  // (cardboard or a table against white paper; a dark scanner bed is left out by PAPER_MIN).
  const floor = Math.max(PAPER_MIN, bright - PAPER_SPAN, otsu(histogram, PAPER_MIN) + 1);
  const box = grown(largestRegion(paperMask(luma, width, height, floor), width, height), width, height);
  if (!box || box.width * box.height > MAX_SHARE * n) return undefined;
  // The background must be darker than the paper, not paper in shadow or a page's own picture.
  let outside = 0;
  let outsideSum = 0;
  let edgesIn = 0;
  let edgesOut = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const inBox = x >= box.left && x < box.left + box.width && y >= box.top && y < box.top + box.height;
      // The paper's own outline lies just around the box: neither inside nor background.
      const nearBox =
        x >= box.left - BAND &&
        x < box.left + box.width + BAND &&
        y >= box.top - BAND &&
        y < box.top + box.height + BAND;
      const v = luma[i] as number;
      if (!inBox) {
        outside++;
        outsideSum += v;
      }
      const around =
        ((luma[i - width - 1] as number) +
          (luma[i - width] as number) +
          (luma[i - width + 1] as number) +
          (luma[i - 1] as number) +
          (luma[i + 1] as number) +
          (luma[i + width - 1] as number) +
          (luma[i + width] as number) +
          (luma[i + width + 1] as number)) /
        8;
      // Ink is darker than what surrounds it; the paper's own edge against the background is not
      // counted (it is bright beside dark, not dark beside bright). Outside, print on a coloured
      // part of the same document (an ID card's tinted panel) counts too: strong ink on anything
      // lighter than a dark bed, which the grain and scratches of a board are not.
      const step = around - v;
      if (step > EDGE && around >= floor - 20) {
        if (inBox) edgesIn++;
        else if (!nearBox) edgesOut++;
      } else if (!inBox && !nearBox && step > STRONG_EDGE && around >= PAPER_MIN) edgesOut++;
    }
  }
  if (outside === 0 || outsideSum / outside > floor - 20) return undefined;
  if (edgesIn === 0 || edgesOut > MAX_EDGES_OUTSIDE * (edgesIn + edgesOut)) return undefined;
  return sharpEdged(luma, width, height, box) ? box : undefined;
}

/**
 * Whether the box's every side that is not the picture's edge is the paper's edge: a step down
 * from paper to background. Where the paper only fades (a photo lit from one side, the far part
 * of the page in shadow), the box is the lit part of the page, not the page.
 */
function sharpEdged(luma: Uint8Array, width: number, height: number, box: Region): boolean {
  const right = box.left + box.width;
  const bottom = box.top + box.height;
  const strip = (x0: number, x1: number, y0: number, y1: number): number => {
    const values: number[] = [];
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++)
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) values.push(luma[y * width + x] as number);
    values.sort((a, b) => a - b);
    return values[values.length >> 1] ?? 0;
  };
  const [a, b] = [3, 3 + BAND];
  const steps: [boolean, number, number][] = [
    [
      box.left > 0,
      strip(box.left + a, box.left + b, box.top, bottom),
      strip(box.left - b, box.left - a, box.top, bottom),
    ],
    [
      right < width,
      strip(right - b, right - a, box.top, bottom),
      strip(right + a, right + b, box.top, bottom),
    ],
    [
      box.top > 0,
      strip(box.left, right, box.top + a, box.top + b),
      strip(box.left, right, box.top - b, box.top - a),
    ],
    [
      bottom < height,
      strip(box.left, right, bottom - b, bottom - a),
      strip(box.left, right, bottom + a, bottom + b),
    ],
  ];
  return steps.every(([inner, paper, beyond]) => !inner || paper - beyond >= EDGE_STEP);
}

/**
 * A square min (erode) or max (dilate) filter of radius `r` over a 0/1 mask; what lies outside
 * the picture counts as `outsideSet`.
 */
function filtered(
  mask: Uint8Array,
  width: number,
  height: number,
  r: number,
  dilate: boolean,
  outsideSet = !dilate,
): Uint8Array {
  // Separable, each pass a running count of set pixels in the window.
  const pass = (src: Uint8Array, lines: number, length: number, at: (line: number, k: number) => number) => {
    const out = new Uint8Array(src.length);
    for (let line = 0; line < lines; line++) {
      let count = 0;
      const get = (k: number) => (k < 0 || k >= length ? (outsideSet ? 1 : 0) : (src[at(line, k)] as number));
      for (let k = -r; k <= r; k++) count += get(k);
      for (let k = 0; k < length; k++) {
        out[at(line, k)] = dilate ? (count > 0 ? 1 : 0) : count === 2 * r + 1 ? 1 : 0;
        count += get(k + r + 1) - get(k - r);
      }
    }
    return out;
  };
  const across = pass(mask, height, width, (y, x) => y * width + x);
  return pass(across, width, height, (x, y) => y * width + x);
}

/**
 * Where the paper is: pixels at least `floor` bright, with what is printed on it filled in (a
 * logo or barcode across a receipt's width would cut it in two) and thin bright strips taken
 * off (the scanner lid's edge, a glare line would join the paper to the background).
 */
function paperMask(luma: Uint8Array, width: number, height: number, floor: number): Uint8Array {
  let mask: Uint8Array = new Uint8Array(luma.length);
  for (let i = 0; i < luma.length; i++) mask[i] = (luma[i] as number) >= floor ? 1 : 0;
  mask = filtered(filtered(mask, width, height, FILL, true), width, height, FILL, false);
  // Paper running off the picture's edge stays paper to the edge while print is filled in; a
  // strip along the picture's edge counts as thin too (the edge is not paper): eroded from there.
  return filtered(mask, width, height, ERODE, false, false);
}

/** `box` grown back by what erosion took off its edges. */
function grown(box: Region | undefined, width: number, height: number): Region | undefined {
  if (!box) return undefined;
  const left = Math.max(0, box.left - ERODE);
  const top = Math.max(0, box.top - ERODE);
  const right = Math.min(width, box.left + box.width + ERODE);
  const bottom = Math.min(height, box.top + box.height + ERODE);
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * The largest 4-connected region of a mask's set pixels, as the box of its rows and columns that
 * hold at least TRIM of its widest row's (tallest column's) pixels: a thin appendage (a strip
 * of the lid's edge still joined at a corner) does not widen the box.
 */
function largestRegion(mask: Uint8Array, width: number, height: number): Region | undefined {
  const label = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  let best = 0;
  let bestSize = 0;
  let next = 0;
  for (let start = 0; start < mask.length; start++) {
    if (label[start] || !mask[start]) continue;
    const id = ++next;
    let size = 0;
    let sp = 0;
    label[start] = id;
    stack[sp++] = start;
    while (sp > 0) {
      const i = stack[--sp] as number;
      const x = i % width;
      size++;
      for (const j of [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]) {
        if (j < 0 || j >= mask.length || label[j] || !mask[j]) continue;
        label[j] = id;
        stack[sp++] = j;
      }
    }
    if (size > bestSize) [best, bestSize] = [id, size];
  }
  if (!best) return undefined;
  const columns = new Uint32Array(width);
  const rows = new Uint32Array(height);
  for (let i = 0; i < label.length; i++) {
    if (label[i] !== best) continue;
    columns[i % width] = (columns[i % width] as number) + 1;
    rows[Math.floor(i / width)] = (rows[Math.floor(i / width)] as number) + 1;
  }
  const [left, right] = span(columns);
  const [top, bottom] = span(rows);
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** First and last index holding at least TRIM of the largest count. */
function span(counts: Uint32Array): [number, number] {
  const least = TRIM * Math.max(...counts);
  const first = counts.findIndex((c) => c >= least);
  return [first, counts.findLastIndex((c) => c >= least)];
}
