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

export async function ocrPage(
  image: Buffer,
  opts: { dpi?: number | undefined; engine?: OcrEngineChoice | undefined } = {},
): Promise<OcrResult> {
  const engine = opts.engine ?? 'AUTO';
  if (engine === 'PADDLE') return paddleOcr(image);
  const tesseract = await ocrImage(image, opts.dpi === undefined ? {} : { dpi: opts.dpi });
  if (engine === 'TESSERACT' || !autoPrefersPaddle(tesseract)) return tesseract;
  // Upright as tesseract found it: PaddleOCR turns single lines, not pages.
  const upright =
    tesseract.rotation === 0
      ? image
      : await sharp(image).autoOrient().rotate(tesseract.rotation).png({ compressionLevel: 1 }).toBuffer();
  const paddle = await paddleOcr(upright);
  // PaddleOCR may have turned the page further (it found it upside down).
  const rotation = ((tesseract.rotation + paddle.rotation) % 360) as OcrResult['rotation'];
  return paddle.text.trim() ? { ...paddle, rotation } : tesseract;
}

/** Whether AUTO hands a page tesseract has read to PaddleOCR: its confidence is below the line, or it found no text. */
export function autoPrefersPaddle(r: OcrResult): boolean {
  return r.text.trim() === '' || r.confidence < AUTO_PADDLE_BELOW;
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
  };
}
