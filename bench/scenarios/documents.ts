// Scenario 6, documents: pages/s of Docket's pipeline (PARSE, one pipeline thread, one document
// at a time) on a text-layer PDF and on scanned pages, and the same files through poppler's
// `pdftotext` and the tesseract CLI, one process at a time (OMP_THREAD_LIMIT=1, as one pipeline
// thread). tesseract reads images, not PDFs: it gets each scanned page rendered at 300 dpi by
// `pdftoppm` (what Docket renders for its OCR), and only tesseract's time counts. Two kinds of
// scanned page: short ones (three lines at the top of a blank page) and full pages of body text. Where a tool
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

/** Scanned pages of one kind, as one-page PDFs. */
interface ScanSet {
  /** What the rows call them. */
  label: string;
  pdfs: Uint8Array[];
  files: string[];
}

/**
 * A full page of body text as a 300-dpi scan: 40 lines of 10-pt type (42 px) across a Letter
 * page, each a different line. What a scanned letter or report page holds; the short scans
 * hold three lines at the top of an otherwise blank page.
 */
async function fullPageScan(page: number): Promise<Uint8Array> {
  const lines = Array.from({ length: 40 }, (_, i) => {
    const from = (i * 37 + page * 11) % (PARAGRAPH.length - 70);
    return `${page + 1}.${i + 1} ${PARAGRAPH.slice(from, from + 66)}`;
  });
  return scannedPdf(lines, { width: 2550, fontSize: 42 });
}

export async function documents(ctx: BenchContext): Promise<Row[]> {
  const { opts } = ctx;
  const dir = await mkdtemp(path.join(tmpdir(), 'docket-bench-'));
  const rssBefore = process.memoryUsage.rss();
  const pool = createPipelinePool({ threads: 1 });
  const signal = new AbortController().signal;
  const parse = (bytes: Uint8Array) => pool.run(input(bytes), { onCheckpoint: () => {}, signal });
  const cliEnv = { ...process.env, OMP_THREAD_LIMIT: '1' };
  const fullPages = Math.max(1, Math.round(opts.ocrPages / 3));
  try {
    const text = await textPdf(opts.textPages);
    const textFile = path.join(dir, 'text.pdf');
    await writeFile(textFile, text);
    const scanSet = async (label: string, pdfs: Uint8Array[]): Promise<ScanSet> => {
      const files = pdfs.map((_, i) => path.join(dir, `${label.split(' ')[0]}-${i}.pdf`));
      await Promise.all(pdfs.map((bytes, i) => writeFile(files[i] as string, bytes)));
      return { label, pdfs, files };
    };
    const sets = [
      await scanSet(
        `short scans (3 lines), ${opts.ocrPages} one-page PDFs`,
        await Promise.all(
          Array.from({ length: opts.ocrPages }, (_, i) =>
            scannedPdf([
              `Scanned page ${i + 1} of the archive`,
              PARAGRAPH.slice(0, 40),
              PARAGRAPH.slice(40, 80),
            ]),
          ),
        ),
      ),
      await scanSet(
        `full scanned pages (40 lines), ${fullPages} one-page PDFs`,
        await Promise.all(Array.from({ length: fullPages }, (_, i) => fullPageScan(i))),
      ),
    ];
    const readSet = async (read: (bytes: Uint8Array) => Promise<unknown>, set: ScanSet) => {
      const t = wallNow();
      for (const bytes of set.pdfs) await read(bytes);
      return set.pdfs.length / ((wallNow() - t) / 1000);
    };

    progress('documents: warm-up (pdfjs and tesseract on the pipeline thread)');
    const tesseractMb = (
      await peakRss(rssBefore, async () => {
        await parse(text);
        for (const set of sets) for (const bytes of set.pdfs) await parse(bytes);
      })
    ).mb;

    const docketText: number[] = [];
    const docketOcr: number[][] = sets.map(() => []);
    for (let rep = 0; rep < opts.reps; rep++) {
      progress(`documents: Docket rep ${rep + 1}/${opts.reps}`);
      const t = wallNow();
      const result = await parse(text);
      if (result.pageCount !== opts.textPages) throw new Error(`parsed ${result.pageCount} pages`);
      docketText.push(opts.textPages / ((wallNow() - t) / 1000));
      for (const [i, set] of sets.entries()) docketOcr[i]?.push(await readSet(parse, set));
    }

    // The same scans with PaddleOCR, on a pool (one thread) of its own so its memory is its own.
    await pool.close();
    const paddlePool = createPipelinePool({ threads: 1 });
    const paddleOcr: number[][] = sets.map(() => []);
    let paddleMb = 0;
    try {
      const readPaddle = async (bytes: Uint8Array) => {
        const result = await paddlePool.run(input(bytes, 'PADDLE'), { onCheckpoint: () => {}, signal });
        if (result.pageCount !== 1) throw new Error(`PaddleOCR read ${result.pageCount} pages`);
      };
      const rssPaddle = process.memoryUsage.rss();
      progress('documents: warm-up (PaddleOCR on its pipeline thread)');
      paddleMb = (
        await peakRss(rssPaddle, async () => {
          for (const set of sets) for (const bytes of set.pdfs) await readPaddle(bytes);
        })
      ).mb;
      for (let rep = 0; rep < opts.reps; rep++) {
        progress(`documents: PaddleOCR rep ${rep + 1}/${opts.reps}`);
        for (const [i, set] of sets.entries()) paddleOcr[i]?.push(await readSet(readPaddle, set));
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
    for (const [i, set] of sets.entries()) {
      const tesseract: number[] = [];
      if (hasTesseract) {
        const images: string[] = [];
        for (const [j, file] of set.files.entries()) {
          const prefix = path.join(dir, `page-${i}-${j}`);
          await run('pdftoppm', ['-r', '300', '-gray', '-png', '-singlefile', file, prefix]);
          images.push(`${prefix}.png`);
        }
        await run('tesseract', [images[0] as string, '-', '-l', 'eng'], { env: cliEnv });
        for (let rep = 0; rep < opts.reps; rep++) {
          const t = wallNow();
          for (const image of images) await run('tesseract', [image, '-', '-l', 'eng'], { env: cliEnv });
          tesseract.push(images.length / ((wallNow() - t) / 1000));
        }
      }
      const engineRow = (engine: string, rates: number[]) =>
        rateRow(S, `${set.label}, ${engine}, 1 thread`, 'pages/s', rates, {
          ...(hasTesseract
            ? against('tesseract CLI on the 300 dpi page', median(rates), tesseract, 'rate')
            : {}),
          goal: '≥ 0.8× tesseract',
          met: hasTesseract ? median(rates) >= 0.8 * median(tesseract) : null,
          note: hasTesseract
            ? undefined
            : 'tesseract or pdftoppm not installed (apt-get install tesseract-ocr poppler-utils): no ratio',
        });
      rows.push(engineRow('AUTO (tesseract)', docketOcr[i] ?? []), engineRow('PADDLE', paddleOcr[i] ?? []));
      if (hasTesseract)
        rows.push(
          rateRow(S, `tesseract 5 CLI, same pages at 300 dpi`, 'pages/s', tesseract, { note: 'baseline' }),
        );
    }
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
