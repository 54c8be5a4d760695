// Scenario 6, documents: pages/s of Docket's pipeline (PARSE, one pipeline thread, one document
// at a time) on a text-layer PDF and on scanned pages, and the same files through poppler's
// `pdftotext` and the tesseract CLI, one process at a time (OMP_THREAD_LIMIT=1, as one pipeline
// thread). tesseract reads images, not PDFs: it gets each scanned page rendered at 300 dpi by
// `pdftoppm` (what Docket renders for its OCR), and only tesseract's time counts. Where a tool
// is not installed the ratio is skipped, and the table says so. The scanned pages are read again
// with options.ocrEngine PADDLE (PaddleOCR PP-OCRv4) on a pool of its own, and each engine's
// memory is the process's peak RSS above what it was before that engine's pool started.
//
//   npm run bench -- --only documents [--quick] [--text-pages 40] [--ocr-pages 6]
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createPipelinePool } from '../../src/pipeline/pool.ts';
import type { OcrEngineChoice, PipelineInput } from '../../src/pipeline/types.ts';
import { scannedPdf } from '../../testkit/format-fixtures.ts';
import {
  against,
  type BenchContext,
  median,
  progress,
  type Row,
  rateRow,
  wallNow,
} from '../harness/index.ts';

const S = 'documents';
const run = promisify(execFile);
const PARAGRAPH =
  'The quarterly statement lists every payment received and every invoice still open, with the dates, amounts and the account they were booked to.';

/** A text-layer PDF of `pages` Letter pages, 45 lines of Times each (also read by bench/pdf-text.ts). */
export async function textPdf(pages: number): Promise<Uint8Array> {
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

const input = (bytes: Uint8Array, ocrEngine: OcrEngineChoice = 'AUTO'): PipelineInput => ({
  bytes: bytes.slice(),
  endpoint: 'PARSE',
  options: { ocr: 'AUTO', ocrEngine, redactPii: false },
  limits: { maxPages: 1000, maxPixels: 100_000_000, timeoutMs: 600_000 },
});

async function installed(tool: string): Promise<boolean> {
  return run(tool, ['-v']).then(
    () => true,
    () => false,
  );
}

/** The process's peak RSS in MB while `fn` runs, sampled every 50 ms, above `base`. */
async function peakRss<T>(base: number, fn: () => Promise<T>): Promise<{ out: T; mb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  try {
    const out = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { out, mb: (peak - base) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export async function documents(ctx: BenchContext): Promise<Row[]> {
  const { opts } = ctx;
  const dir = await mkdtemp(path.join(tmpdir(), 'docket-bench-'));
  const rssBefore = process.memoryUsage.rss();
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
    const tesseractMb = (
      await peakRss(rssBefore, async () => {
        await parse(scans[0] as Uint8Array);
        await parse(text);
        for (const bytes of scans) await parse(bytes);
      })
    ).mb;

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

    // The same scans with PaddleOCR, on a pool (one thread) of its own so its memory is its own.
    await pool.close();
    const paddlePool = createPipelinePool({ threads: 1 });
    const paddleOcr: number[] = [];
    let paddleMb = 0;
    try {
      const readAll = async () => {
        for (const bytes of scans) {
          const result = await paddlePool.run(input(bytes, 'PADDLE'), { onCheckpoint: () => {}, signal });
          if (result.pageCount !== 1) throw new Error(`PaddleOCR read ${result.pageCount} pages`);
        }
      };
      const rssPaddle = process.memoryUsage.rss();
      progress('documents: warm-up (PaddleOCR on its pipeline thread)');
      paddleMb = (await peakRss(rssPaddle, readAll)).mb;
      for (let rep = 0; rep < opts.reps; rep++) {
        progress(`documents: PaddleOCR rep ${rep + 1}/${opts.reps}`);
        const t = wallNow();
        await readAll();
        paddleOcr.push(opts.ocrPages / ((wallNow() - t) / 1000));
      }
    } finally {
      await paddlePool.close();
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
    rows.push(
      rateRow(
        S,
        `scanned pages, ocrEngine PADDLE, ${opts.ocrPages} one-page PDFs, 1 thread`,
        'pages/s',
        paddleOcr,
        {
          ...(hasTesseract
            ? against('tesseract CLI on the 300 dpi page', median(paddleOcr), tesseract, 'rate')
            : {}),
          goal: '≥ 0.8× tesseract',
          met: hasTesseract ? median(paddleOcr) >= 0.8 * median(tesseract) : null,
        },
      ),
    );
    if (hasTesseract)
      rows.push(
        rateRow(S, 'tesseract 5 CLI, same pages at 300 dpi', 'pages/s', tesseract, {
          note: 'baseline',
        }),
      );
    rows.push(
      rateRow(S, 'memory, one pipeline thread with tesseract (pdfjs, OCR workers)', 'MB', [tesseractMb], {
        note: 'peak process RSS above the start, warm-up and one pass over the scans',
      }),
      rateRow(S, 'memory, one pipeline thread with PaddleOCR (3 ONNX sessions)', 'MB', [paddleMb], {
        note: 'peak process RSS above its pool start, first pass over the scans',
      }),
    );
    return rows;
  } finally {
    await pool.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
