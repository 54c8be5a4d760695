// Pages per second through the pipeline pool (worker threads), for text-layer PDFs and for OCR.
// Documents are made here (pdf-lib, sharp), so the figures do not depend on the corpus.
//
//   ./node_modules/.bin/node bench/formats-speed.ts [--pages=40] [--ocr-pages=6] [--threads=2]
import { availableParallelism } from 'node:os';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createPipelinePool } from '../src/pipeline/pool.ts';
import type { PipelineInput } from '../src/pipeline/types.ts';
import { scannedPdf } from '../test/helpers/format-fixtures.ts';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const textPages = arg('pages', 40);
const ocrPages = arg('ocr-pages', 6);
const threads = arg('threads', availableParallelism());

const PARAGRAPH =
  'The quarterly statement lists every payment received and every invoice still open, with the dates, amounts and the account they were booked to.';

async function textPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let p = 0; p < pages; p++) {
    const page = doc.addPage([612, 792]);
    for (let line = 0; line < 45; line++) {
      page.drawText(`${p + 1}.${line + 1} ${PARAGRAPH.slice(0, 80)}`, {
        x: 54,
        y: 740 - line * 15,
        size: 10,
        font,
      });
    }
  }
  return doc.save();
}

const input = (bytes: Uint8Array): PipelineInput => ({
  bytes,
  endpoint: 'PARSE',
  options: { ocr: 'AUTO', redactPii: false },
  limits: { maxPages: 500, maxPixels: 100_000_000, timeoutMs: 600_000 },
});

const pool = createPipelinePool({ threads });
const signal = new AbortController().signal;
const onCheckpoint = () => {};

// Warm-up: loads pdfjs and the tesseract workers on each thread.
const scan = await scannedPdf(['Warm up the OCR engine', 'with a line or two']);
await Promise.all(
  Array.from({ length: threads }, () => pool.run(input(scan.slice()), { onCheckpoint, signal })),
);

let started = performance.now();
await pool.run(input(await textPdf(textPages)), { onCheckpoint, signal });
const textSeconds = (performance.now() - started) / 1000;
console.log(
  `text-layer PDF: ${textPages} pages in ${textSeconds.toFixed(2)} s = ${(textPages / textSeconds).toFixed(1)} pages/s (one document, one thread)`,
);

const scans = await Promise.all(
  Array.from({ length: ocrPages }, (_, i) =>
    scannedPdf([`Scanned page ${i + 1} of the archive`, PARAGRAPH.slice(0, 40), PARAGRAPH.slice(40, 80)]),
  ),
);
started = performance.now();
await Promise.all(scans.map((bytes) => pool.run(input(bytes), { onCheckpoint, signal })));
const ocrSeconds = (performance.now() - started) / 1000;
console.log(
  `OCR (300 dpi letter page): ${ocrPages} pages in ${ocrSeconds.toFixed(2)} s = ${(ocrPages / ocrSeconds).toFixed(2)} pages/s over ${threads} threads`,
);

await pool.close();
