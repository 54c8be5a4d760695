// Bytes → per-page text and Markdown, whatever the format. The one entry point the pipeline calls.
import type { Checkpoint, FormatOptions, PipelineLimits, PipelineWarning } from '../types.ts';
import { decodeText, detectFormat, type FormatKind } from './detect.ts';
import { renderDocx } from './docx.ts';
import { attachmentWarnings, type EmbeddedFile } from './embedded-files.ts';
import { type RenderedText, renderHtml } from './html.ts';
import { extractImage } from './image.ts';
import type { OcrLayout } from './ocr.ts';
import { extractPdf } from './pdf.ts';
import { renderMarkdown, renderPlainText } from './text.ts';

export { type DetectedFormat, detectFormat, type FormatKind, MIME_TYPES } from './detect.ts';
export type { OcrWord } from './ocr.ts';
export { closeOcr } from './ocr-engine.ts';
export { layoutFromWords } from './ocr-words.ts';

export interface ExtractedPage extends OcrLayout {
  /** 1-based. */
  index: number;
  text: string;
  markdown: string;
  /** Whether the text came from OCR. */
  ocr: boolean;
  /** 0..1: tesseract's mean confidence for an OCRed page; 1 for a text layer or a text format. */
  confidence: number;
}

export interface ExtractedDocument {
  kind: FormatKind;
  mimeType: string;
  pages: ExtractedPage[];
  /** The whole document as Markdown; pages are separated by a blank line. */
  markdown: string;
  /** What extraction met and left out without failing: files embedded in the document. */
  warnings: PipelineWarning[];
}

/**
 * Detects the format and extracts every page. After each page it calls
 * `checkpoint({ stage: 'OCR', progress })` with `progress` the fraction of this phase done (0..1,
 * reaching 1 after the last page); the caller rescales it into the run's overall progress. A throw
 * from the checkpoint (a cancelled job) propagates unchanged and stops the extraction.
 */
export async function extractDocument(
  bytes: Uint8Array,
  options: FormatOptions,
  limits: PipelineLimits,
  checkpoint: Checkpoint,
): Promise<ExtractedDocument> {
  const { kind, mimeType } = detectFormat(bytes);
  const embedded: EmbeddedFile[] = [];
  const onEmbedded = (files: EmbeddedFile[]) => embedded.push(...files);
  const pages = await extractPages(bytes, kind, options, limits, checkpoint, onEmbedded);
  return {
    kind,
    mimeType,
    pages,
    markdown: pages.map((p) => p.markdown).join('\n\n'),
    warnings: attachmentWarnings(embedded),
  };
}

async function extractPages(
  bytes: Uint8Array,
  kind: FormatKind,
  options: FormatOptions,
  limits: PipelineLimits,
  checkpoint: Checkpoint,
  onEmbedded: (files: EmbeddedFile[]) => void,
): Promise<ExtractedPage[]> {
  const onPage = async (page: { index: number }, total: number) => {
    await checkpoint({ stage: 'OCR', progress: page.index / total });
  };
  switch (kind) {
    case 'pdf':
      return extractPdf(bytes, options, limits, onPage, onEmbedded);
    case 'png':
    case 'jpeg':
    case 'tiff':
    case 'webp':
    case 'heic':
    case 'avif':
      return (await extractImage(bytes, kind, options, limits, onPage)).map((p) => ({
        ...p,
        markdown: p.text,
        ocr: true,
      }));
    case 'docx':
      return onePage(await renderDocx(bytes, onEmbedded), checkpoint);
    case 'html':
      return onePage(renderHtml(decodeText(bytes)), checkpoint);
    case 'markdown':
      return onePage(renderMarkdown(decodeText(bytes)), checkpoint);
    case 'text':
      return onePage(renderPlainText(decodeText(bytes)), checkpoint);
  }
}

async function onePage(rendered: RenderedText, checkpoint: Checkpoint): Promise<ExtractedPage[]> {
  await checkpoint({ stage: 'OCR', progress: 1 });
  return [{ index: 1, text: rendered.text, markdown: rendered.markdown, ocr: false, confidence: 1 }];
}
