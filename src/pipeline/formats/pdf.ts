// PDF → per-page text: the text layer where there is a usable one (read with PDFium, pdf-pdfium.ts,
// or with pdfjs where PDFium cannot), otherwise the page rendered by pdfjs with @napi-rs/canvas
// and OCRed. No eval, no font faces, no system fonts, no network:
// pdfjs reads its standard fonts, cmaps and wasm decoders from its own package directory.
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { FormatOptions, PipelineLimits } from '../types.ts';
import { PipelineError } from '../types.ts';
import { type EmbeddedFile, pageAttachments, pdfAttachments } from './embedded-files.ts';
import { evenedLightOf } from './light.ts';
import type { OcrLayout } from './ocr.ts';
import { ocrLayout, ocrPage } from './ocr-engine.ts';
import { assertPageCount } from './page-limit.ts';
import { paperRegionInPixels } from './paper.ts';
import { assertInflateWithin } from './pdf-inflate.ts';
import { type LaidOut, layoutText, type Placed } from './pdf-layout.ts';
import { openPdfium, type PdfiumDocument } from './pdf-pdfium.ts';
import { levelled, pageSkewInPixels } from './skew.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PDFDocumentProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;
type PDFPageProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy;
type TextContent = Awaited<ReturnType<PDFPageProxy['getTextContent']>>;
type TextItem = Extract<TextContent['items'][number], { str: string }>;

export interface PdfPage extends OcrLayout {
  /** 1-based. */
  index: number;
  text: string;
  /** The text with headings marked (text layer); the text itself for an OCRed page. */
  markdown: string;
  ocr: boolean;
  /** 0..1; 1 for a text layer. */
  confidence: number;
}

const require = createRequire(import.meta.url);
const pdfjsDir = path.dirname(require.resolve('pdfjs-dist/package.json'));
const assetDir = (name: string) => path.join(pdfjsDir, name) + path.sep;

let pdfjs: Promise<PdfJs> | undefined;
// Loaded lazily: the API imports detect.ts and must not pay for pdfjs.
const loadPdfJs = () => {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
};

/** Rendering resolution for OCR: 300 dpi is what tesseract is trained for. */
const OCR_DPI = 300;
/** Longest rendered side, whatever the page size: keeps poster-sized pages within memory. */
const MAX_RENDER_SIDE = 5000;
/** A text layer with fewer letters or digits than this is treated as absent. */
const MIN_TEXT_CHARS = 16;

export async function openPdf(
  bytes: Uint8Array,
  password: string | undefined,
  maxPixels: number,
): Promise<PDFDocumentProxy> {
  assertComplete(bytes);
  await assertInflateWithin(bytes);
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  // pdfjs takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    password,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    standardFontDataUrl: assetDir('standard_fonts'),
    cMapUrl: assetDir('cmaps'),
    cMapPacked: true,
    wasmUrl: assetDir('wasm'),
    verbosity: VerbosityLevel.ERRORS,
    // An embedded image larger than this is skipped rather than decoded into memory.
    maxImageSize: maxPixels,
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw pdfError(err);
  }
}

/** A PDF cut short has no %%EOF at its end; pdfjs would otherwise recover part of it silently. */
function assertComplete(bytes: Uint8Array): void {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .subarray(-8192)
    .toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new PipelineError('corrupt_document', 'The PDF is truncated: it has no end-of-file marker.');
  }
}

function pdfError(err: unknown): PipelineError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'PasswordException') {
    const wrong = (err as { code?: number }).code === 2;
    return new PipelineError(
      'encrypted_document',
      wrong
        ? 'The PDF is encrypted and the password given does not open it.'
        : 'The PDF is encrypted; a password is needed.',
      undefined,
      { cause: err },
    );
  }
  return new PipelineError(
    'corrupt_document',
    'The PDF could not be read.',
    { reason: String((err as Error)?.message ?? err) },
    {
      cause: err,
    },
  );
}

/**
 * Extracts every page in order, calling onPage after each one. Refuses a document with more
 * pages than limits.maxPages before touching any page. The files attached to the document and
 * to its pages, which are not read, go to onEmbedded.
 */
export async function extractPdf(
  bytes: Uint8Array,
  options: FormatOptions,
  limits: PipelineLimits,
  onPage: (page: PdfPage, total: number) => Promise<void>,
  onEmbedded: (files: EmbeddedFile[]) => void = () => {},
): Promise<PdfPage[]> {
  const doc = await openPdf(bytes, options.password, limits.maxPixels);
  const pdfium = options.ocr === 'FORCE' ? undefined : await openPdfium(bytes, options.password);
  try {
    const total = doc.numPages;
    assertPageCount(total, limits, 'PDF');
    if (total === 0) throw new PipelineError('corrupt_document', 'The PDF has no pages.');
    const pages: PdfPage[] = [];
    const embedded = await pdfAttachments(doc);
    for (let index = 1; index <= total; index++) {
      const page = await loadPage(doc, index);
      try {
        const result = await extractPage(page, index, options, limits, pdfium);
        embedded.push(...(await pageAttachments(page, index)));
        pages.push(result);
        await onPage(result, total);
      } finally {
        page.cleanup();
      }
    }
    onEmbedded(embedded);
    return pages;
  } finally {
    pdfium?.close();
    await doc.destroy();
  }
}

async function loadPage(doc: PDFDocumentProxy, index: number): Promise<PDFPageProxy> {
  try {
    return await doc.getPage(index);
  } catch (err) {
    throw new PipelineError(
      'corrupt_document',
      `Page ${index} of the PDF could not be read.`,
      { page: index },
      { cause: err },
    );
  }
}

async function extractPage(
  page: PDFPageProxy,
  index: number,
  options: FormatOptions,
  limits: PipelineLimits,
  pdfium: PdfiumDocument | undefined,
): Promise<PdfPage> {
  const layer = options.ocr === 'FORCE' ? { text: '', markdown: '' } : await textLayer(page, pdfium);
  if (options.ocr === 'OFF' || (await usable(page, layer.text)))
    return { index, ...layer, ocr: false, confidence: 1 };
  const { png, dpi } = await renderPage(page, limits);
  const result = await ocrPage(png, { dpi, engine: options.ocrEngine, secondReading: options.secondReading });
  return {
    index,
    text: result.text,
    markdown: result.text,
    ocr: true,
    confidence: result.confidence,
    ...ocrLayout(result),
  };
}

/**
 * Whether the text layer stands for the page. A short one counts only on a page without images:
 * a scan often carries a stamped page number or header as text, and its body must still be OCRed.
 */
async function usable(page: PDFPageProxy, text: string): Promise<boolean> {
  const letters = text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (letters >= MIN_TEXT_CHARS) return true;
  if (letters === 0) return false;
  return !(await paintsImages(page));
}

async function paintsImages(page: PDFPageProxy): Promise<boolean> {
  const { OPS } = await loadPdfJs();
  const imageOps = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageXObjectRepeat,
  ]);
  try {
    const { fnArray } = await page.getOperatorList();
    return fnArray.some((op) => imageOps.has(op));
  } catch {
    return true;
  }
}

/**
 * The text layer as lines: items are placed in the upright page (the viewport applies /Rotate) and
 * turned so the dominant writing direction runs left to right; pdf-layout.ts does the rest. PDFium
 * reads the page where it can; pdfjs's getTextContent where it cannot.
 */
async function textLayer(page: PDFPageProxy, pdfium: PdfiumDocument | undefined): Promise<LaidOut> {
  const viewport = page.getViewport({ scale: 1 });
  const read = pdfium?.page(page.pageNumber - 1, viewport.transform);
  if (read) return read.length > 0 ? layoutText(read) : { text: '', markdown: '' };
  let content: TextContent;
  try {
    content = await page.getTextContent();
  } catch {
    return { text: '', markdown: '' };
  }
  const { Util } = await loadPdfJs();
  const raw = content.items
    .filter((i): i is TextItem => 'str' in i && i.str.length > 0)
    .map((item) => {
      const [a, b, , , e, f] = Util.transform(viewport.transform, item.transform) as number[];
      const angle = Math.round((Math.atan2(b ?? 0, a ?? 1) * 180) / Math.PI / 90) * 90;
      return {
        item,
        x: e ?? 0,
        y: f ?? 0,
        angle: ((angle % 360) + 360) % 360,
        size: Math.hypot(a ?? 0, b ?? 0),
      };
    });
  if (raw.length === 0) return { text: '', markdown: '' };
  const dominant = mostCommon(raw.filter((r) => r.item.str.trim()).map((r) => r.angle)) ?? 0;
  const placed: Placed[] = raw.map(({ item, x, y, size }) => {
    // Viewport space has y pointing down, so a 90° writing direction runs downwards.
    const [ux, uy] =
      dominant === 90 ? [y, -x] : dominant === 180 ? [-x, -y] : dominant === 270 ? [-y, x] : [x, y];
    return {
      str: item.str,
      rtl: item.dir === 'rtl',
      x: ux,
      y: uy,
      width: item.width * (size / Math.max(1e-6, item.height || size)),
      size,
    };
  });
  return layoutText(placed);
}

function mostCommon(values: number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((p, q) => q[1] - p[1])[0]?.[0];
}

/** Renders a page to PNG at OCR resolution, bounded by limits.maxPixels and MAX_RENDER_SIDE. */
async function renderPage(page: PDFPageProxy, limits: PipelineLimits): Promise<{ png: Buffer; dpi: number }> {
  const base = page.getViewport({ scale: 1 });
  let scale = OCR_DPI / 72;
  scale = Math.min(scale, MAX_RENDER_SIDE / Math.max(base.width, base.height));
  scale = Math.min(scale, Math.sqrt(limits.maxPixels / Math.max(1, base.width * base.height)));
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  try {
    await page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      canvasContext: context as never,
      viewport,
    }).promise;
  } catch (err) {
    throw new PipelineError('corrupt_document', `Page ${page.pageNumber} could not be rendered.`, undefined, {
      cause: err,
    });
  }
  const rgba = context.getImageData(0, 0, width, height).data;
  // The page was painted on opaque white: its alpha says nothing, and an image with alpha costs
  // every later step a premultiplication (decoding and scaling the page: 0.31 s with, 0.09 s without).
  const pipeline = sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), {
    raw: { width, height, channels: 4 },
  }).removeAlpha();
  const dpi = Math.round(scale * 72);
  // A page scanned askew is read level (skew.ts); a receipt scanned on the bed with the lid open
  // is read alone, at its own size (paper.ts).
  const skew = pageSkewInPixels(rgba, width, height, 4, limits.maxPixels);
  let png: Buffer;
  let paper: ReturnType<typeof paperRegionInPixels>;
  if (skew) png = await levelled(pipeline, skew);
  else {
    paper = paperRegionInPixels(rgba, width, height, 4);
    if (paper) pipeline.extract(paper);
    png = await pipeline.png({ compressionLevel: 1 }).toBuffer();
  }
  // A page photographed under a lamp or half in shadow is read with its light evened out (light.ts).
  return { png: (await evenedLightOf(png)) || png, dpi };
}
