// PNG, JPEG, TIFF (every page), WebP, AVIF and HEIC (heic.ts) → OCR text per page. Sizes are checked from the header
// before anything is decoded, so a tiny file that claims a gigapixel canvas fails at once.
import sharp, { type Metadata, type Region } from 'sharp';
import type { FormatOptions, PipelineLimits } from '../types.ts';
import { PipelineError } from '../types.ts';
import type { FormatKind } from './detect.ts';
import { heicToPng } from './heic.ts';
import { evenedLightOf } from './light.ts';
import type { OcrLayout } from './ocr.ts';
import { ocrLayout, ocrPage } from './ocr-engine.ts';
import { assertImageSize, assertPageCount } from './page-limit.ts';
import { paperRegion } from './paper.ts';
import { levelled, pageSkew } from './skew.ts';

export interface ImagePage extends OcrLayout {
  index: number;
  text: string;
  confidence: number;
}

export async function extractImage(
  bytes: Uint8Array,
  kind: FormatKind,
  options: FormatOptions,
  limits: PipelineLimits,
  onPage: (page: ImagePage, total: number) => Promise<void>,
): Promise<ImagePage[]> {
  // sharp reads every format but HEIC, whose HEVC it has no decoder for: that comes in as PNG.
  const input =
    kind === 'heic'
      ? await heicToPng(bytes, limits)
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = await headerOf(input, 0, limits);
  // Only TIFF pages are document pages; further WebP/PNG frames are animation.
  const total = kind === 'tiff' ? (first.pages ?? 1) : 1;
  assertPageCount(total, limits, 'TIFF');
  const headers = [first];
  for (let page = 1; page < total; page++) headers.push(await headerOf(input, page, limits));
  const pages: ImagePage[] = [];
  for (let page = 0; page < total; page++) {
    // With OCR on, a receipt on a scanner bed or a table is read alone, at its own size (paper.ts),
    // level (skew.ts) and evenly lit (light.ts).
    const size = options.ocr === 'OFF' ? undefined : uprightSize(headers[page] as Metadata);
    const png = await decode(input, page, limits, size);
    // With OCR off an image has no text to give; the page is still counted.
    const result =
      options.ocr === 'OFF'
        ? undefined
        : await ocrPage(png, { engine: options.ocrEngine, secondReading: options.secondReading });
    const extracted: ImagePage = result
      ? { index: page + 1, text: result.text, confidence: result.confidence, ...ocrLayout(result) }
      : { index: page + 1, text: '', confidence: 0 };
    pages.push(extracted);
    await onPage(extracted, total);
  }
  return pages;
}

/** The image's size once turned upright by its EXIF orientation. */
function uprightSize(meta: Metadata): { width: number; height: number } {
  return {
    width: meta.autoOrient?.width ?? meta.width ?? 0,
    height: meta.autoOrient?.height ?? meta.height ?? 0,
  };
}

async function headerOf(input: Buffer, page: number, limits: PipelineLimits): Promise<Metadata> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { page, limitInputPixels: false }).metadata();
  } catch (err) {
    throw new PipelineError(
      'corrupt_document',
      'The image could not be read.',
      { page: page + 1 },
      { cause: err },
    );
  }
  const { width, height } = uprightSize(meta);
  assertImageSize(width, height, limits, page + 1);
  return meta;
}

async function decode(
  input: Buffer,
  page: number,
  limits: PipelineLimits,
  cutToPaper: { width: number; height: number } | undefined,
): Promise<Buffer> {
  try {
    const upright = () =>
      sharp(input, { page, limitInputPixels: Math.max(1, limits.maxPixels) })
        .rotate()
        .flatten({ background: '#ffffff' });
    const skew =
      cutToPaper && (await pageSkew(upright(), cutToPaper.width, cutToPaper.height, limits.maxPixels));
    let png: Buffer;
    let paper: Region | undefined;
    if (skew) png = await levelled(upright(), skew);
    else {
      paper = cutToPaper && (await paperRegion(upright(), cutToPaper.width, cutToPaper.height));
      const pipeline = upright();
      if (paper) pipeline.extract(paper);
      // limitInputPixels again at decode time: the header check above is the fast path, this is the guard.
      // rotate(): upright by the EXIF orientation, which the PNG would otherwise lose. flatten():
      // every reader takes the page on white paper, and an alpha channel kept would make each of
      // its later decodes and scalings premultiply it (~0.2 s a 300-dpi page).
      png = await pipeline.png({ compressionLevel: 1 }).toBuffer();
    }
    // A photo half in shadow or lit from one side is read with its light evened out (light.ts).
    return (cutToPaper && (await evenedLightOf(png))) || png;
  } catch (err) {
    throw new PipelineError(
      'corrupt_document',
      'The image could not be decoded.',
      { page: page + 1 },
      { cause: err },
    );
  }
}
