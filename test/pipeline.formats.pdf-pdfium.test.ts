// The PDFium reader of the text layer (pdf-pdfium.ts) on its own: what it hands pdf-layout.ts,
// and that it steps aside (undefined) where pdfjs must read instead.
import { describe, expect, it } from 'vitest';
import { openPdf } from '../src/pipeline/formats/pdf.ts';
import { layoutText } from '../src/pipeline/formats/pdf-layout.ts';
import { openPdfium } from '../src/pipeline/formats/pdf-pdfium.ts';
import { encryptedPdf, LIMITS, textPdf, twoColumnPdf } from '../testkit/format-fixtures.ts';

const LETTER = ['Dear Ms. Smith,', 'Thank you for your order number 4711.', 'It ships on Monday.'];

/** Each page read by PDFium in pdfjs's viewport space, as extractPdf does. */
async function readPages(bytes: Uint8Array, password?: string) {
  const doc = await openPdf(bytes, password, LIMITS.maxPixels);
  const pdfium = await openPdfium(bytes, password);
  try {
    expect(pdfium).toBeDefined();
    const pages = [];
    for (let index = 1; index <= doc.numPages; index++) {
      const viewport = (await doc.getPage(index)).getViewport({ scale: 1 }).transform;
      pages.push(pdfium?.page(index - 1, viewport));
    }
    return pages;
  } finally {
    pdfium?.close();
    await doc.destroy();
  }
}

describe('PDFium text layer', () => {
  it('gives word runs with their size, placed upright on rotated pages', async () => {
    const pages = await readPages(
      await textPdf([0, 90, 180, 270].map((rotate) => ({ lines: LETTER, rotate }))),
    );
    for (const items of pages) {
      expect(items).toBeDefined();
      expect(layoutText(items ?? []).text).toBe(LETTER.join('\n'));
      expect(items?.map((i) => i.str).sort()).toEqual([...LETTER].sort());
    }
  });

  it('keeps the title larger than the body, so it stays a heading', async () => {
    const body = Array.from({ length: 8 }, (_, i) => `Body sentence number ${i + 1} runs on here`);
    const [items] = await readPages(await twoColumnPdf('A Study in Two Columns', body, body));
    const title = items?.find((i) => i.str === 'A Study in Two Columns');
    const line = items?.find((i) => i.str.startsWith('Body sentence'));
    expect(title && line && title.size / line.size).toBeCloseTo(1.6, 1);
    expect(layoutText(items ?? []).markdown.split('\n')[0]).toBe('# A Study in Two Columns');
  });

  it('opens an encrypted PDF with its password, and steps aside without it or on garbage', async () => {
    const pdf = encryptedPdf('secret', LETTER[0] as string);
    const [items] = await readPages(pdf, 'secret');
    expect(layoutText(items ?? []).text).toBe(LETTER[0]);
    expect(await openPdfium(pdf, undefined)).toBeUndefined();
    expect(await openPdfium(pdf, 'wrong')).toBeUndefined();
    expect(await openPdfium(new TextEncoder().encode('%PDF-1.7 nothing else'), undefined)).toBeUndefined();
  });
});
