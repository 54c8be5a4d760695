// `npm run bench:pdf-text`: text extraction alone from PDFs (issue 15 item 5), three ways in the
// same run: pdf.js as the pipeline used to read the text layer (openPdf, then getTextContent per
// page), the pipeline's PDFium reader (pdf-pdfium.ts: word runs with boxes and sizes, what
// pdf-layout.ts takes), and poppler's `pdftotext -layout` (one process per file, so its start-up
// is counted). Two sets: the documents scenario's generated 40-page file (the row) and the
// corpus PDFs one after another. Both in-process readers first pass the file through the
// decompression-bomb scan (pdf-inflate.ts), as the pipeline does. No layout, no OCR, no database.
// Prints pages/s per repetition, the medians, the same-run ratios, and the letters and digits
// each reader found, with the files where PDFium finds ≥ 2% fewer than pdf.js.
//
//   npm run bench:pdf-text [-- --reps 3] [--corpus /work/shared/corpus] [--text-pages 40]
//
// Without pdftotext (apt-get install poppler-utils) its baseline is skipped with a line saying so.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { openPdf } from '../src/pipeline/formats/pdf.ts';
import { assertInflateWithin } from '../src/pipeline/formats/pdf-inflate.ts';
import { openPdfium } from '../src/pipeline/formats/pdf-pdfium.ts';
import { median } from './harness/stats.ts';
import { textPdf } from './scenarios/documents.ts';

const run = promisify(execFile);
const MAX_PIXELS = 100_000_000;
/** Encrypted and cut-short files measure error paths, not reading. */
const SKIP = /pdf_password|truncated/;

interface Read {
  pages: number;
  /** Letters and digits found: the coverage check between readers. */
  letters: number;
}

const countLetters = (s: string) => s.match(/[\p{L}\p{N}]/gu)?.length ?? 0;

function corpusPdfs(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.pdf'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !SKIP.test(f))
    .sort();
}

async function pdfjsRead(bytes: Uint8Array): Promise<Read> {
  const doc = await openPdf(bytes, undefined, MAX_PIXELS);
  try {
    let letters = 0;
    for (let index = 1; index <= doc.numPages; index++) {
      const page = await doc.getPage(index);
      const content = await page.getTextContent();
      for (const item of content.items) if ('str' in item) letters += countLetters(item.str);
      page.cleanup();
    }
    return { pages: doc.numPages, letters };
  } finally {
    await doc.destroy();
  }
}

/** The pipeline's PDFium reader, as extractPdf calls it (identity viewport: no pdf.js here). */
async function pdfiumRead(bytes: Uint8Array): Promise<Read> {
  await assertInflateWithin(bytes);
  const doc = await openPdfium(bytes, undefined);
  if (!doc) throw new Error('PDFium could not open the file');
  try {
    let letters = 0;
    for (let i = 0; i < doc.pageCount; i++) {
      for (const item of doc.page(i, [1, 0, 0, 1, 0, 0]) ?? []) letters += countLetters(item.str);
    }
    return { pages: doc.pageCount, letters };
  } finally {
    doc.close();
  }
}

async function installed(tool: string): Promise<boolean> {
  return run(tool, ['-v']).then(
    () => true,
    () => false,
  );
}

const pagesOf = (reads: (Read | Error)[]) =>
  reads.reduce((n, r) => n + (r instanceof Error ? 0 : r.pages), 0);

interface Reader {
  name: string;
  read: (bytes: Uint8Array, file: string) => Promise<Read>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '3' },
      corpus: { type: 'string', default: process.env.CORPUS_DIR ?? '/work/shared/corpus' },
      'text-pages': { type: 'string', default: '40' },
    },
  });
  const reps = Number(values.reps);
  const textPages = Number(values['text-pages']);
  if (!(reps >= 1)) throw new Error('--reps must be a positive number');
  if (!(textPages >= 1)) throw new Error('--text-pages must be a positive number');
  const files = corpusPdfs(values.corpus);
  if (files.length === 0) throw new Error(`no PDFs under ${values.corpus}`);
  console.log(`load average ${loadavg()[0]?.toFixed(2)}`);

  const poppler = await installed('pdftotext');
  if (!poppler) console.log('pdftotext is not installed (apt-get install poppler-utils): baseline skipped');
  const readers: Reader[] = [{ name: 'pdf.js', read: pdfjsRead }];
  readers.push({ name: 'PDFium', read: pdfiumRead });
  if (poppler) {
    readers.push({
      name: 'pdftotext -layout',
      read: async (_, file) => {
        const { stdout } = await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 256 << 20 });
        return { pages: stdout.split('\f').length - 1, letters: countLetters(stdout) };
      },
    });
  }

  // The row: one many-page file, so pdftotext's process start-up is spread thin.
  const dir = await mkdtemp(path.join(tmpdir(), 'docket-pdf-text-'));
  try {
    const generated = path.join(dir, 'text.pdf');
    await writeFile(generated, await textPdf(textPages));
    await measure(`generated ${textPages}-page text PDF (as in the documents scenario)`, [generated], {
      readers,
      reps,
    });
    await measure(`${files.length} corpus PDFs under ${values.corpus}, one after another`, files, {
      readers,
      reps,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(
  label: string,
  files: string[],
  { readers, reps }: { readers: Reader[]; reps: number },
) {
  console.log(`\n== ${label}`);
  const bytes = files.map((f) => new Uint8Array(readFileSync(f)));
  const readAll = async (reader: Reader) => {
    const t = performance.now();
    const reads: (Read | Error)[] = [];
    for (const [i, b] of bytes.entries()) {
      const file = files[i] as string;
      reads.push(
        await reader.read(b, file).catch((err: unknown) => new Error(`${file}: ${(err as Error).message}`)),
      );
    }
    return { seconds: (performance.now() - t) / 1000, reads };
  };

  // Warm-up, which is also the coverage pass.
  const first = new Map<string, (Read | Error)[]>();
  for (const r of readers) {
    const { reads } = await readAll(r);
    first.set(r.name, reads);
    for (const e of reads.filter((x) => x instanceof Error))
      console.log(`${r.name} failed: ${e.message.split('\n')[0]}`);
  }

  const rates = new Map<string, number[]>(readers.map((r) => [r.name, []]));
  for (let rep = 0; rep < reps; rep++) {
    const line: string[] = [];
    for (const r of readers) {
      const { seconds, reads } = await readAll(r);
      const rate = pagesOf(reads) / seconds;
      rates.get(r.name)?.push(rate);
      line.push(`${r.name} ${rate.toFixed(1)} pages/s`);
    }
    const [a, b] = [rates.get('pdf.js')?.[rep], rates.get('PDFium')?.[rep]];
    if (a && b) line.push(`PDFium:pdf.js ${(b / a).toFixed(2)}×`);
    console.log(`rep ${rep + 1}: ${line.join(', ')}`);
  }

  console.log(`median of ${reps} (same run; load average now ${loadavg()[0]?.toFixed(2)}):`);
  const base = rates.get('pdftotext -layout');
  for (const r of readers) {
    const m = median(rates.get(r.name) ?? []);
    const vs =
      base && r.name !== 'pdftotext -layout' ? `, ${(m / median(base)).toFixed(2)}× pdftotext -layout` : '';
    const reads = first.get(r.name) ?? [];
    const letters = reads.reduce((n, x) => n + (x instanceof Error ? 0 : x.letters), 0);
    console.log(
      `  ${r.name}: ${m.toFixed(1)} pages/s${vs}; ${pagesOf(reads)} pages, ${letters} letters and digits`,
    );
  }
  const js = first.get('pdf.js') ?? [];
  const other = first.get('PDFium');
  if (other) {
    // Files where PDFium finds noticeably fewer letters than pdf.js: what a switch would risk.
    const fewer = files.filter((_, i) => {
      const [p, q] = [js[i], other[i]];
      if (!p || p instanceof Error) return false;
      return q instanceof Error || q === undefined || q.letters < p.letters * 0.98;
    });
    console.log(`  files where PDFium reads ≥ 2% fewer letters than pdf.js: ${fewer.length}`);
    for (const f of fewer) console.log(`    ${f}`);
  }
}

await main();
