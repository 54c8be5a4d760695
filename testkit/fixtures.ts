// Documents the tests make for themselves.
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A PDF with a real text layer, one entry of `pages` per page. */
export async function makePdf(pages: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([612, 792]);
    let y = 740;
    for (const line of text.split('\n')) {
      page.drawText(line, { x: 50, y, size: 12, font });
      y -= 18;
    }
  }
  return pdf.save();
}

export function dataUrl(bytes: Uint8Array, type = 'application/pdf'): string {
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** A PDF slow enough to catch mid-run when OCR is forced on every page. */
export function makeSlowPdf(pages = 30): Promise<Uint8Array> {
  return makePdf(
    Array.from({ length: pages }, (_, i) =>
      Array.from(
        { length: 30 },
        (_, l) => `Page ${i + 1} line ${l + 1}: the quick brown fox jumps over the lazy dog`,
      ).join('\n'),
    ),
  );
}
