// Files carried inside a document — a PDF's attachments (its EmbeddedFiles and the files pinned
// to its pages), the objects embedded in a DOCX — are not read: Docket processes the document's
// own pages. Each one is an ATTACHMENT_SKIPPED warning, so a result that lacks what such a file
// holds says so rather than looking complete.
import type { PipelineWarning } from '../types.ts';
import type { ZipEntry } from './zip.ts';

type PDFDocumentProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;
type PDFPageProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFPageProxy;

/** A document may carry thousands of files: past this many, one warning counts the rest. */
export const MAX_ATTACHMENT_WARNINGS = 20;

interface PdfFileSpec {
  filename?: unknown;
  content?: unknown;
}

/** The PDF's document-level attachments (its EmbeddedFiles name tree). */
export async function pdfAttachments(doc: PDFDocumentProxy): Promise<EmbeddedFile[]> {
  let found: Record<string, PdfFileSpec> | null;
  try {
    found = (await doc.getAttachments()) as Record<string, PdfFileSpec> | null;
  } catch {
    // A damaged name tree hides the attachments from us as from any reader: nothing to report.
    return [];
  }
  return Object.values(found ?? {}).map((spec) => embeddedFile(spec));
}

/** The files pinned to one page (FileAttachment annotations). */
export async function pageAttachments(page: PDFPageProxy, index: number): Promise<EmbeddedFile[]> {
  let annotations: { subtype?: unknown; file?: PdfFileSpec }[];
  try {
    annotations = await page.getAnnotations();
  } catch {
    return [];
  }
  return annotations
    .filter((a) => a.subtype === 'FileAttachment' && a.file)
    .map((a) => embeddedFile(a.file as PdfFileSpec, index));
}

/** The objects embedded in a DOCX (word/embeddings/: workbooks, PDFs, OLE packages). */
export function docxEmbeddings(entries: readonly ZipEntry[]): EmbeddedFile[] {
  return entries
    .filter((e) => e.name.startsWith('word/embeddings/') && !e.name.endsWith('/'))
    .map((e) => ({ name: cleanName(e.name.slice('word/embeddings/'.length)), encrypted: false }));
}

export interface EmbeddedFile {
  name: string;
  /** A password-protected PDF: even a reader that opened attachments could not read it. */
  encrypted: boolean;
  /** The page it is pinned to, for a PDF page's attachment. */
  page?: number | undefined;
}

export function attachmentWarnings(files: readonly EmbeddedFile[]): PipelineWarning[] {
  const warnings: PipelineWarning[] = files.slice(0, MAX_ATTACHMENT_WARNINGS).map((f) => ({
    code: 'ATTACHMENT_SKIPPED',
    ...(f.page === undefined ? {} : { page: f.page }),
    message:
      `${f.page === undefined ? 'The embedded file' : `The file attached to page ${f.page}`}, "${f.name}"` +
      `${f.encrypted ? ' (a password-protected PDF)' : ''}, was not read: only the document's own pages are processed.`,
  }));
  const rest = files.length - MAX_ATTACHMENT_WARNINGS;
  if (rest > 0) {
    warnings.push({
      code: 'ATTACHMENT_SKIPPED',
      message: `${rest} more embedded ${rest === 1 ? 'file was' : 'files were'} not read.`,
    });
  }
  return warnings;
}

function embeddedFile(spec: PdfFileSpec, page?: number): EmbeddedFile {
  const name = typeof spec.filename === 'string' ? cleanName(spec.filename) : 'unnamed';
  const content = spec.content instanceof Uint8Array ? spec.content : undefined;
  return {
    name,
    encrypted: content ? isEncryptedPdf(content) : false,
    ...(page === undefined ? {} : { page }),
  };
}

/** A PDF whose trailer names an /Encrypt dictionary. */
export function isEncryptedPdf(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buf.subarray(0, 1024).includes('%PDF-', 0, 'latin1') && buf.includes('/Encrypt', 0, 'latin1');
}

/** The name as shown in a message: no control characters, at most 100 characters. */
function cleanName(name: string): string {
  const clean = name.replace(/\p{Cc}/gu, '').trim();
  return (clean.length > 100 ? `${clean.slice(0, 99)}…` : clean) || 'unnamed';
}
