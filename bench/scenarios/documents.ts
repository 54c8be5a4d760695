// Scenario 6, documents: pages/s of Docket's pipeline (PARSE, one pipeline thread, one document
// at a time) on a text-layer PDF and on scanned pages, and the same files through poppler's
// `pdftotext` and the tesseract CLI, one process at a time (OMP_THREAD_LIMIT=1, as one pipeline
// thread). tesseract reads images, not PDFs: it gets each scanned page rendered at 300 dpi by
// `pdftoppm` (what Docket renders for its OCR), and only tesseract's time counts. Where a tool
// is not installed the ratio is skipped, and the table says so.
//
//   npm run bench -- --only documents [--quick] [--text-pages 40] [--ocr-pages 6]
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createPipelinePool } from '../../src/pipeline/pool.ts';
import type { PipelineInput } from '../../src/pipeline/types.ts';
import { scannedPdf } from '../../test/helpers/format-fixtures.ts';
import { against, type BenchContext, median, progress, type Row, rateRow, wallNow } from '../lib.ts';

const S = 'documents';
const run = promisify(execFile);
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
  bytes: bytes.slice(),
  endpoint: 'PARSE',
  options: { ocr: 'AUTO', redactPii: false },
  limits: { maxPages: 1000, maxPixels: 100_000_000, timeoutMs: 600_000 },
});

async function installed(tool: string): Promise<boolean> {
  return run(tool, ['-v']).then(
    () => true,
    () => false,
  );
}

export async function documents(ctx: BenchContext): Promise<Row[]> {
  const { opts } = ctx;
  const dir = await mkdtemp(path.join(tmpdir(), 'docket-bench-'));
  const pool = createPipelinePool({ threads: 1 });
  const signal = new AbortController().signal;
  const parse = (bytes: Uint8Array) => pool.run(input(bytes), { onCheckpoint: () => {}, signal });
  const cliEnv = { ...process.env, OMP_THREAD_LIMIT: '1' };
  try {
    const text = await textPdf(opts.textPages);
    const textFile = path.join(dir, 'text.pdf');
    await writeFile(textFile, text);
    const scans = await Promise.all(
      Array.from({ length: opts.ocrPages }, (_, i) =>
        scannedPdf([`Scanned page ${i + 1} of the archive`, PARAGRAPH.slice(0, 40), PARAGRAPH.slice(40, 80)]),
      ),
    );
    const scanFiles = scans.map((_, i) => path.join(dir, `scan-${i}.pdf`));
    await Promise.all(scans.map((bytes, i) => writeFile(scanFiles[i] as string, bytes)));

    progress('documents: warm-up (pdfjs and tesseract on the pipeline thread)');
    await parse(scans[0] as Uint8Array);
    await parse(text);

    const docketText: number[] = [];
    const docketOcr: number[] = [];
    for (let rep = 0; rep < opts.reps; rep++) {
      progress(`documents: Docket rep ${rep + 1}/${opts.reps}`);
      let t = wallNow();
      const result = await parse(text);
      if (result.pageCount !== opts.textPages) throw new Error(`parsed ${result.pageCount} pages`);
      docketText.push(opts.textPages / ((wallNow() - t) / 1000));
      t = wallNow();
      for (const bytes of scans) await parse(bytes);
      docketOcr.push(opts.ocrPages / ((wallNow() - t) / 1000));
    }

    const rows: Row[] = [];
    const hasPdftotext = await installed('pdftotext');
    const poppler: number[] = [];
    if (hasPdftotext) {
      await run('pdftotext', [textFile, '-']);
      for (let rep = 0; rep < opts.reps; rep++) {
        const t = wallNow();
        await run('pdftotext', ['-layout', textFile, '-'], { env: cliEnv, maxBuffer: 64 << 20 });
        poppler.push(opts.textPages / ((wallNow() - t) / 1000));
      }
    }
    rows.push(
      rateRow(S, `text-layer PDF, ${opts.textPages} pages, 1 thread`, 'pages/s', docketText, {
        ...(hasPdftotext ? against('pdftotext -layout', median(docketText), poppler, 'rate') : {}),
        goal: '≥ 0.5× pdftotext',
        met: hasPdftotext ? median(docketText) >= 0.5 * median(poppler) : null,
        note: hasPdftotext ? undefined : 'pdftotext not installed (apt-get install poppler-utils): no ratio',
      }),
    );
    if (hasPdftotext)
      rows.push(rateRow(S, 'pdftotext -layout, same file', 'pages/s', poppler, { note: 'baseline' }));

    const hasTesseract = (await installed('tesseract')) && (await installed('pdftoppm'));
    const tesseract: number[] = [];
    if (hasTesseract) {
      const images: string[] = [];
      for (const [i, file] of scanFiles.entries()) {
        const prefix = path.join(dir, `page-${i}`);
        await run('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', file, prefix]);
        images.push(`${prefix}.png`);
      }
      await run('tesseract', [images[0] as string, '-', '-l', 'eng'], { env: cliEnv });
      for (let rep = 0; rep < opts.reps; rep++) {
        const t = wallNow();
        for (const image of images) await run('tesseract', [image, '-', '-l', 'eng'], { env: cliEnv });
        tesseract.push(opts.ocrPages / ((wallNow() - t) / 1000));
      }
    }
    rows.push(
      rateRow(S, `scanned pages (OCR), ${opts.ocrPages} one-page PDFs, 1 thread`, 'pages/s', docketOcr, {
        ...(hasTesseract
          ? against('tesseract CLI on the 300 dpi page', median(docketOcr), tesseract, 'rate')
          : {}),
        goal: '≥ 0.8× tesseract',
        met: hasTesseract ? median(docketOcr) >= 0.8 * median(tesseract) : null,
        note: hasTesseract
          ? undefined
          : 'tesseract or pdftoppm not installed (apt-get install tesseract-ocr poppler-utils): no ratio',
      }),
    );
    if (hasTesseract)
      rows.push(
        rateRow(S, 'tesseract 5 CLI, same pages at 300 dpi', 'pages/s', tesseract, {
          note: 'baseline',
        }),
      );
    return rows;
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
}
