// Which OCR engine reads a page: options.ocrEngine TESSERACT or PADDLE, or AUTO per page.
//
// AUTO reads the page with tesseract first (it also finds the page's orientation) and hands it to
// PaddleOCR PP-OCRv4 when tesseract's own confidence says the reading is weak: that is where
// tesseract loses on the dev corpus (photos, low contrast, receipts; docs/accuracy.md has the
// figures behind AUTO_PADDLE_BELOW). Clean scans stay with tesseract, which reads them as well
// and faster; a weak page costs both engines.
import sharp from 'sharp';
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
  if (engine === 'PADDLE') return paddleOcr(image);
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
  return opts.secondReading && tesseract.text.trim() && best.rotation === tesseract.rotation
    ? { ...best, punctuation: tesseract }
    : best;
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
  // Upright as tesseract found it: PaddleOCR turns single lines, not pages.
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
