// DOCX → HTML with mammoth, then the HTML renderer. A DOCX has no fixed pages, so it is one page.
import mammoth from 'mammoth';
import { PipelineError } from '../types.ts';
import { docxEmbeddings, type EmbeddedFile } from './embedded-files.ts';
import { type RenderedText, renderHtml } from './html.ts';
import { guardZip, readZipDirectory, type ZipLimits } from './zip.ts';

/** The DOCX's text; the objects embedded in it, which are not read, go to onEmbedded. */
export async function renderDocx(
  bytes: Uint8Array,
  onEmbedded: (files: EmbeddedFile[]) => void = () => {},
  zipLimits?: ZipLimits,
): Promise<RenderedText> {
  const entries = readZipDirectory(bytes);
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new PipelineError('unsupported_format', 'The zip archive is not a DOCX (no word/document.xml).');
  }
  // Before mammoth inflates anything: refuse bombs and archives whose headers lie.
  guardZip(bytes, entries, zipLimits);
  onEmbedded(docxEmbeddings(entries));
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      // Images would arrive as huge data: URIs that carry no text.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (err) {
    throw new PipelineError('corrupt_document', 'The DOCX could not be read.', undefined, { cause: err });
  }
  return renderHtml(html);
}
