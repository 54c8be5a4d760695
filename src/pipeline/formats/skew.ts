// How far a photo or scan of a page is turned off level. Both OCR engines take lines of print as
// level, give or take a few degrees: a receipt photographed 15° askew loses its price column
// (tesseract) or has its amounts paired with the wrong rows (PaddleOCR's boxes of one row
// overlap the next). image.ts and pdf.ts turn such a page level before it is read.
import sharp, { type Sharp } from 'sharp';
import { greyCopy, greyCopyOf } from './ink.ts';
import { evenedLight } from './light.ts';
import { paperRegionInPixels } from './paper.ts';

/** The print is looked for in a copy of the picture this long on its longer side. */
const SIDE = 1000;
/** A pixel is print when it is this much darker than the mean around it. */
const INK_STEP = 24;
/** At most this many print pixels are projected (evenly sampled). */
const MAX_POINTS = 20_000;
/** Points projected at each whole degree; the best angle is then refined with all of them. */
const COARSE_POINTS = 5000;
/** Too few print pixels to say anything: a blank page or a photo without text. */
const MIN_POINTS = 400;
/** Turned less than this (degrees), a page is read as it is: both engines take that in their stride. */
const MIN_SKEW = 5;
/** Largest skew looked for, degrees; more than this is a page on its side (the engines' own turn). */
const MAX_SKEW = 45;
/** Lines of print step from blank to ink at least this sharply (`banding`); photos 0.07–0.08, receipts 0.14–0.22. */
const MIN_BANDING = 0.1;
/** Lines at the best angle must stand out this much more than at level (sum of squares of the profile). */
const MIN_GAIN = 1.5;

export interface Skew {
  /** Degrees to turn the picture clockwise (sharp's `rotate`). */
  turn: number;
  /** Grey level to fill the corners the turn opens: what lies along the picture's edge. */
  background: number;
}

/**
 * How to turn a picture so that its lines of print lie level (or upright, for a page on its side);
 * undefined when they already do within MIN_SKEW or no lines show. `upright` is the picture as it
 * will be read (`width` × `height`).
 */
export async function pageSkew(
  upright: Sharp,
  width: number,
  height: number,
  maxPixels: number,
): Promise<Skew | undefined> {
  if (width < 64 || height < 64) return undefined;
  const copy = await greyCopyOf(upright, width, height, SIDE);
  return withinBound(skewOfCopy(copy.data, copy.width, copy.height, copy.channels), width, height, maxPixels);
}

/** pageSkew for a picture already decoded (`channels` interleaved 8-bit channels: grey, or RGB first). */
export function pageSkewInPixels(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: number,
  maxPixels: number,
): Skew | undefined {
  if (width < 64 || height < 64) return undefined;
  const copy = greyCopy(pixels, width, height, channels, SIDE);
  return withinBound(skewOfCopy(copy.data, copy.width, copy.height, 1), width, height, maxPixels);
}

/**
 * The turned picture holds the whole picture and the corners opened (up to twice its pixels at
 * 45°): a turn that would pass the pixel limit is not made, and the page is read as it lies.
 */
function withinBound(
  skew: Skew | undefined,
  width: number,
  height: number,
  maxPixels: number,
): Skew | undefined {
  if (!skew) return undefined;
  const t = (Math.abs(skew.turn) * Math.PI) / 180;
  const turnedPixels =
    (width * Math.cos(t) + height * Math.sin(t)) * (width * Math.sin(t) + height * Math.cos(t));
  return turnedPixels <= maxPixels ? skew : undefined;
}

function skewOfCopy(data: Uint8Array, width: number, height: number, channels: number): Skew | undefined {
  // The edge of a shadow is a long straight line darker on one side (a hard shadow at 70° turned a
  // receipt 17°): print must also be darker than its own paper, which the light evened out tells.
  const evened = channels === 1 ? evenedLight({ data, width, height }) : undefined;
  const turn = skewIn(data, width, height, channels, evened?.data);
  return turn ? { turn, background: edgeMedian(data, width, height, channels) } : undefined;
}

/**
 * A picture whose print lies askew, turned level (the corners opened filled with what lay along
 * its edge), then cut to its paper (paper.ts), as a PNG. The turn is made once, into pixels, where
 * the paper is looked for too: the turned picture's size is known only then.
 */
export async function levelled(picture: Sharp, skew: Skew): Promise<Buffer> {
  const g = skew.background;
  const [cos, sin] = [Math.cos((skew.turn * Math.PI) / 180), Math.sin((skew.turn * Math.PI) / 180)];
  // Turned with bicubic interpolation rather than `rotate`'s default (bilinear): the letters stay sharper
  // (synthetic receipts askew 12–25°, three sets: 264 fields right against 257).
  const { data, info } = await picture
    .affine(
      [
        [cos, -sin],
        [sin, cos],
      ],
      { background: { r: g, g, b: g }, interpolator: sharp.interpolators.bicubic },
    )
    .raw()
    .toBuffer({ resolveWithObject: true });
  const paper = paperRegionInPixels(data, info.width, info.height, info.channels);
  const pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  if (paper) pipeline.extract(paper);
  return pipeline.png({ compressionLevel: 1 }).toBuffer();
}

/** The median grey of the picture's outermost pixels. */
function edgeMedian(data: Uint8Array, width: number, height: number, channels: number): number {
  const counts = new Uint32Array(256);
  const add = (x: number, y: number) => {
    const v = data[(y * width + x) * channels] as number;
    counts[v] = (counts[v] as number) + 1;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    add(width - 1, y);
  }
  const half = (2 * width + 2 * (height - 2)) / 2;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += counts[v] as number;
    if (seen >= half) return v;
  }
  return 255;
}

/**
 * Degrees to turn an 8-bit picture (0: leave it): the print's pixels are projected onto lines at
 * angles from −MAX_SKEW to MAX_SKEW, both across and down the page; lines of print make the
 * profile peaked (sum of squares high) at the angle they lie at.
 */
function skewIn(data: Uint8Array, width: number, height: number, channels = 1, evened?: Uint8Array): number {
  const points = printPoints(data, width, height, channels, evened);
  if (points.length / 2 < MIN_POINTS) return 0;
  // Every degree with a few of the points, then every tenth of a degree around the best with all.
  const few = gains(thinned(points, COARSE_POINTS));
  let best = 0;
  let bestGain = 1;
  for (let deg = -MAX_SKEW; deg <= MAX_SKEW; deg += 1) {
    const g = few.best(deg);
    if (g > bestGain) [best, bestGain] = [deg, g];
  }
  const all = gains(points);
  const coarse = best;
  bestGain = all.best(best);
  for (let step = -9; step <= 9; step++) {
    const deg = coarse + step / 10;
    const g = all.best(deg);
    if (g > bestGain) [best, bestGain] = [deg, g];
  }
  if (bestGain < MIN_GAIN || Math.abs(best) < MIN_SKEW) return 0;
  // Lines of print, not a photo's shapes.
  if (banding(points, best, all.down(best) > all.across(best)) < MIN_BANDING) return 0;
  return -Math.round(best * 10) / 10;
}

/**
 * How much more peaked the profile at an angle is than at level, across the page (`across`), down
 * it (`down`), and the larger (`best`).
 */
function gains(points: Float32Array) {
  const levelAcross = peakedness(points, 0, false);
  const levelDown = peakedness(points, 0, true);
  const across = (deg: number) => peakedness(points, deg, false) / levelAcross;
  const down = (deg: number) => peakedness(points, deg, true) / levelDown;
  return { across, down, best: (deg: number) => Math.max(across(deg), down(deg)) };
}

/** Every k-th point, for at most `most` of them. */
function thinned(points: Float32Array, most: number): Float32Array {
  const every = Math.ceil(points.length / 2 / most);
  if (every <= 1) return points;
  const out = new Float32Array(2 * Math.ceil(points.length / 2 / every));
  let k = 0;
  for (let i = 0; i < points.length; i += 2 * every) {
    out[k++] = points[i] as number;
    out[k++] = points[i + 1] as number;
  }
  return out.subarray(0, k);
}

/** Print pixels' coordinates, x then y, relative to the picture's centre; evenly thinned out. */
function printPoints(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  evened?: Uint8Array,
): Float32Array {
  // Mean of a square around each pixel from an integral image.
  const r = Math.max(3, Math.round(Math.max(width, height) / 120));
  const w1 = width + 1;
  const sums = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[(y * width + x) * channels] as number;
      sums[(y + 1) * w1 + x + 1] = (sums[y * w1 + x + 1] as number) + row;
    }
  }
  const dark = new Uint8Array(width * height);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(width, x + r + 1);
      const sum =
        (sums[y1 * w1 + x1] as number) -
        (sums[y0 * w1 + x1] as number) -
        (sums[y1 * w1 + x0] as number) +
        (sums[y0 * w1 + x0] as number);
      const mean = sum / ((y1 - y0) * (x1 - x0));
      if (
        (data[(y * width + x) * channels] as number) < mean - INK_STEP &&
        (!evened || (evened[y * width + x] as number) < 255 - INK_STEP)
      ) {
        dark[y * width + x] = 1;
        count++;
      }
    }
  }
  const every = Math.max(1, Math.ceil(count / MAX_POINTS));
  const points = new Float32Array(2 * Math.ceil(count / every));
  let k = 0;
  let seen = 0;
  // Each pixel is placed anywhere within its square: on the pixel grid itself, the profile at 45°
  // (and other simple slopes) would fall into alternately full and empty bins and look peaked.
  let random = 1;
  const jitter = () => {
    random = (Math.imul(random, 1103515245) + 12345) >>> 0;
    return random / 4294967296 - 0.5;
  };
  for (let i = 0; i < dark.length; i++) {
    if (!dark[i] || seen++ % every) continue;
    points[k++] = (i % width) - width / 2 + jitter();
    points[k++] = Math.floor(i / width) - height / 2 + jitter();
  }
  return points.subarray(0, k);
}

/** Sum of squares of the print's profile across lines at `deg` (down the page when `down`). */
function peakedness(points: Float32Array, deg: number, down: boolean): number {
  let sum = 0;
  for (const c of profile(points, deg, down)) sum += c * c;
  return sum;
}

/**
 * How sharply the profile at `deg` steps between full and empty bins (squared steps against
 * squared counts): lines of print with blank between them step sharply; a photo's shapes and
 * shading rise and fall slowly.
 */
function banding(points: Float32Array, deg: number, down: boolean): number {
  const bins = profile(points, deg, down);
  let steps = 0;
  let sum = 0;
  for (let i = 0; i < bins.length; i++) {
    const c = bins[i] as number;
    steps += (c - ((bins[i - 1] as number | undefined) ?? 0)) ** 2;
    sum += c * c;
  }
  return steps / sum;
}

/** How many print pixels fall on each line (one pixel apart) across the page at `deg`, or down it. */
function profile(points: Float32Array, deg: number, down: boolean): Int32Array {
  const t = (deg * Math.PI) / 180;
  // Across: position along the normal of a line at angle t (y' = y cos t − x sin t); down: x'.
  const [cx, cy] = down ? [Math.cos(t), Math.sin(t)] : [-Math.sin(t), Math.cos(t)];
  // Points lie around the centre: no projection is further from it than the farthest point.
  let radius = 0;
  for (let i = 0; i < points.length; i++) radius = Math.max(radius, Math.abs(points[i] as number));
  radius = Math.ceil(radius * Math.SQRT2) + 1;
  const bins = new Int32Array(2 * radius + 1);
  for (let i = 0; i < points.length; i += 2) {
    const b = Math.floor((points[i] as number) * cx + (points[i + 1] as number) * cy) + radius;
    bins[b] = (bins[b] as number) + 1;
  }
  return bins;
}
