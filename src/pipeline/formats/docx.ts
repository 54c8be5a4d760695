// DOCX → HTML with mammoth, then the HTML renderer. A DOCX has no fixed pages, so it is one page.
import mammoth from 'mammoth';
import { PipelineError } from '../types.ts';
import { type RenderedText, renderHtml } from './html.ts';
import { guardZip, readZipDirectory, type ZipLimits } from './zip.ts';

export async function renderDocx(bytes: Uint8Array, zipLimits?: ZipLimits): Promise<RenderedText> {
  const entries = readZipDirectory(bytes);
  if (!entries.some((e) => e.name === 'word/document.xml')) {
    throw new PipelineError('unsupported_format', 'The zip archive is not a DOCX (no word/document.xml).');
  }
  // Before mammoth inflates anything: refuse bombs and archives whose headers lie.
  guardZip(bytes, entries, zipLimits);
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
