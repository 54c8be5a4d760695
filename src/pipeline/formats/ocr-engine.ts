// Which OCR engine reads a page: options.ocrEngine TESSERACT or PADDLE, or AUTO per page.
//
// AUTO reads the page with tesseract first (it also finds the page's orientation) and hands it to
// PaddleOCR PP-OCRv4 when tesseract's own confidence says the reading is weak: that is where
// tesseract loses on the dev corpus (photos, low contrast, receipts; docs/accuracy.md has the
// figures behind AUTO_PADDLE_BELOW). Clean scans stay with tesseract, which reads them as well
// and faster; a weak page costs both engines.
import sharp from 'sharp';
import { interpolate } from '../piecewise-linear.ts';
import type { OcrEngineChoice } from '../types.ts';
import {
  closeOcr as closeTesseract,
  type OcrLayout,
  type OcrResult,
  ocrImage,
  warmOcr as warmTesseract,
} from './ocr.ts';
import { closePaddle, paddleOcr, warmPaddle } from './ocr-paddle.ts';

/** Under this tesseract page confidence, AUTO reads the page again with PaddleOCR. */
export const AUTO_PADDLE_BELOW = 0.85;
/**
 * Under this share of the page's inked rows inside tesseract's word boxes, AUTO reads the page
 * again with PaddleOCR: tesseract left text out that its layout analysis could not follow (a
 * receipt photographed a few degrees askew read as its top four lines, confidently). Measured
 * (docs/accuracy.md): clean scans and renders 0.72–1.0, askew photos of receipts 0.08–0.53.
 */
export const AUTO_PADDLE_COVERAGE_BELOW = 0.6;

/** How a page is OCRed: the engine choice, the image's dpi, and whether a second reading helps. */
export interface OcrPageOptions {
  dpi?: number | undefined;
  engine?: OcrEngineChoice | undefined;
  /**
   * Read a page AUTO keeps tesseract's reading of with PaddleOCR too (`figures`), for EXTRACT:
   * on photographed receipts tesseract misreads figures (a total 18.87 for 18.85, 14450 for
   * 153.15) that PaddleOCR reads right, while PaddleOCR drops the small punctuation of names and
   * addresses ("NO 83" for "NO. 83") that tesseract keeps (docs/accuracy.md). The page costs
   * both engines. A page AUTO gives to PaddleOCR keeps tesseract's reading beside it
   * (`punctuation`) for the same reason the other way round: no engine runs twice for it.
   */
  secondReading?: boolean | undefined;
}

export async function ocrPage(image: Buffer, opts: OcrPageOptions = {}): Promise<OcrResult> {
  const engine = opts.engine ?? 'AUTO';
  if (engine === 'PADDLE') return calibrated(await paddleOcr(image));
  const tesseract = await ocrImage(image, opts.dpi === undefined ? {} : { dpi: opts.dpi });
  if (engine === 'TESSERACT') return tesseract;
  if (!autoPrefersPaddle(tesseract, await inkCoverage(image, tesseract))) {
    if (!opts.secondReading || tesseract.text.trim() === '') return tesseract;
    const figures = await paddleAt(image, tesseract.rotation);
    return figures.text.trim() ? { ...tesseract, figures } : tesseract;
  }
  const paddle = await paddleAt(image, tesseract.rotation);
  // A page tesseract read too weakly to keep: its orientation is a guess too (a photo askew read
  // as lying on its side; a small receipt on a large scanner bed, OSD misled by the empty bed,
  // at page confidences of 0.5–0.86); PaddleOCR reads the page as it came as well, and the
  // reading with more confident characters, its lines lying as lines, wins.
  const asIs = tesseract.rotation !== 0 ? await paddleAt(image, 0) : undefined;
  const best = asIs && score(asIs) > score(paddle) ? asIs : paddle;
  if (!best.text.trim() || readsBetter(tesseract, best)) return tesseract;
  // For EXTRACT, tesseract's weak reading of the page, the same way up, stays beside PaddleOCR's:
  // where it read a name or an address in the same words, its points and spaces are the paper's.
  // Tesseract's reading is a second opinion on PaddleOCR's words only when it read the page the
  // same way up (PaddleOCR may have found it on its side where tesseract did not).
  const sameWay = best.rotation === tesseract.rotation;
  const graded = calibrated(best, sameWay ? tesseract : undefined);
  return opts.secondReading && tesseract.text.trim() && sameWay
    ? { ...graded, punctuation: tesseract }
    : graded;
}

/** A PaddleOCR reading with its page confidence on tesseract's scale (calibratedPaddleConfidence). */
function calibrated(paddle: OcrResult, tesseract?: OcrResult): OcrResult {
  return { ...paddle, confidence: calibratedPaddleConfidence(paddle, tesseract) };
}

/**
 * Whether tesseract's weak reading still beats PaddleOCR's: PaddleOCR was no surer of its
 * characters and read hardly more of them. Seen on a blurred receipt photo: tesseract 0.83 with
 * every line right, PaddleOCR 0.79 with most letters wrong ("1OTAL", "SUB IOIAI").
 */
export function readsBetter(tesseract: OcrResult, paddle: OcrResult): boolean {
  const chars = (r: OcrResult) => r.text.replace(/\s/g, '').length;
  return tesseract.confidence >= paddle.confidence && chars(tesseract) >= 0.8 * chars(paddle);
}

/** PaddleOCR's reading of the page turned by `turn` first; the rotation it reports includes the turn. */
async function paddleAt(image: Buffer, turn: OcrResult['rotation']): Promise<OcrResult> {
  // Upright as tesseract found it: PaddleOCR detects on the page as given and turns lines, and only
  // after reading turns a page it found upside down or on its side.
  const upright =
    turn === 0 ? image : await sharp(image).autoOrient().rotate(turn).png({ compressionLevel: 1 }).toBuffer();
  const paddle = await paddleOcr(upright);
  // PaddleOCR may have turned the page further (it found it upside down).
  return { ...paddle, rotation: ((turn + paddle.rotation) % 360) as OcrResult['rotation'] };
}

/**
 * How much confidently read text a reading holds, its lines lying as lines: PaddleOCR reads a
 * page on its side line by line too (each box turned), but its rows then stand upright.
 */
function score(r: OcrResult): number {
  const long = r.words.filter((w) => [...w.text].length >= 4);
  const lying = long.filter((w) => w.box.width > w.box.height).length;
  const upright = long.length === 0 || lying > long.length / 2 ? 1 : 0.1;
  return upright * r.confidence * r.text.replace(/\s/g, '').length;
}

/** The rows of the scaled copy in which the ink-coverage check looks (its height). */
const COVERAGE_ROWS = 1000;

/**
 * The share of the page's inked pixel rows that lie inside a word box of the reading: near 1
 * when the engine read all the text there is, low when it left lines out. 1 for a page with
 * almost no ink.
 */
export async function inkCoverage(image: Buffer, r: OcrResult): Promise<number> {
  if (r.width <= 0 || r.height <= 0) return 1;
  const scale = Math.min(1, COVERAGE_ROWS / r.height);
  const { data, info } = await sharp(image)
    .autoOrient()
    .rotate(r.rotation)
    .resize({
      width: Math.max(1, Math.round(r.width * scale)),
      height: Math.max(1, Math.round(r.height * scale)),
      fit: 'fill',
    })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  let sum = 0;
  for (const v of data) sum += v;
  // Ink is well under the page's mean brightness, whatever the paper's tone in a photo.
  const dark = 0.6 * (sum / data.length);
  const covered = new Uint8Array(height);
  for (const w of r.words) {
    const top = Math.max(0, Math.floor(w.box.y * scale));
    const bottom = Math.min(height, Math.ceil((w.box.y + w.box.height) * scale));
    covered.fill(1, top, Math.max(top, bottom));
  }
  let inked = 0;
  let inside = 0;
  const minDark = Math.max(2, 0.01 * width);
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = y * width, end = x + width; x < end; x++) if ((data[x] as number) < dark) n++;
    if (n < minDark) continue;
    inked++;
    if (covered[y]) inside++;
  }
  return inked < 10 ? 1 : inside / inked;
}

/**
 * Whether AUTO hands a page tesseract has read to PaddleOCR: its confidence is below the line,
 * it found no text, or its words cover too little of the page's ink (`coverage`, inkCoverage).
 */
export function autoPrefersPaddle(r: OcrResult, coverage = 1): boolean {
  return r.text.trim() === '' || r.confidence < AUTO_PADDLE_BELOW || coverage < AUTO_PADDLE_COVERAGE_BELOW;
}

/**
 * How much of a PaddleOCR word is likely right, by its confidence: the share of characters in
 * words the truth holds exactly, measured on pages whose text is known
 * (`bench/accuracy-ocr-confidence.ts`: the tesseract-test scans, the DA-1p photo and synthetic
 * receipts, straight and photographed; docs/accuracy.md), monotone (neighbouring bins pooled where
 * they went against the order). PaddleOCR is surer than it is right: of its words at 0.95-0.995,
 * a quarter of the characters are in wrong words, where tesseract's words at 0.85-0.93 are right
 * 97 % of the time. Whether tesseract read the same word on the page says far more: a word both
 * engines read is right 99-100 % of the time at any confidence above 0.8; one they read apart is
 * mostly wrong unless PaddleOCR is sure of it (>= 0.998: two thirds right).
 */
const PADDLE_RIGHT_ALONE = [
  [0.4, 0],
  [0.725, 0.654],
  [0.9725, 0.747],
  [0.9965, 0.918],
  [0.999, 0.986],
  [1, 0.99],
] as const;
const PADDLE_RIGHT_AGREED = [
  [0.5, 0.9],
  [0.75, 0.95],
  [0.85, 0.99],
  [1, 0.998],
] as const;
const PADDLE_RIGHT_DIFFERING = [
  [0.5, 0],
  [0.6, 0.05],
  [0.975, 0.05],
  [0.9875, 0.13],
  [0.9965, 0.405],
  [0.999, 0.651],
  [1, 0.66],
] as const;

/**
 * A PaddleOCR page's confidence on tesseract's scale, for the quality grade and the page's
 * reported confidence: the share of its characters in words likely right (PADDLE_RIGHT_*), with
 * tesseract's reading of the same page as the second opinion where AUTO made one. On the pages
 * measured tesseract's page confidence is about its share of right words too (0.90 on eurotext:
 * 89 % right; 0.84 on receipt photos: 84-89 %), so the grade's lines mean the same for both.
 */
export function calibratedPaddleConfidence(paddle: OcrResult, tesseract?: OcrResult): number {
  const other = new Map<string, number>();
  for (const w of tesseract?.words ?? []) other.set(w.text, (other.get(w.text) ?? 0) + 1);
  let chars = 0;
  let right = 0;
  for (const w of paddle.words) {
    const n = [...w.text].length;
    let table: readonly (readonly [number, number])[] = PADDLE_RIGHT_ALONE;
    if (tesseract) {
      const left = other.get(w.text) ?? 0;
      if (left > 0) other.set(w.text, left - 1);
      table = left > 0 ? PADDLE_RIGHT_AGREED : PADDLE_RIGHT_DIFFERING;
    }
    chars += n;
    right += n * interpolate(w.confidence, table);
  }
  return chars === 0 ? 0 : right / chars;
}

/** Readies both engines on this thread (pool warm-up). */
export async function warmOcr(): Promise<void> {
  await Promise.all([warmTesseract(), warmPaddle()]);
}

/** Ends both engines on this thread (tests, benchmarks, shutdown). */
export async function closeOcr(): Promise<void> {
  await Promise.all([closeTesseract(), closePaddle()]);
}

/** The part of a reading a page keeps besides its text and confidence. */
export function ocrLayout(r: OcrResult): OcrLayout {
  return {
    ocrEngine: r.engine,
    ocrSize: { width: r.width, height: r.height },
    lines: r.lines,
    words: r.words,
    ...(r.figures ? { figureWords: r.figures.words } : {}),
    ...(r.punctuation ? { punctuationWords: r.punctuation.words } : {}),
  };
}
