// `npm run bench:pdf-text`: text extraction alone from the corpus PDFs (issue 15 item 5), three
// ways in the same run: pdf.js as the pipeline opens it (openPdf, then getTextContent per page),
// PDFium compiled to WebAssembly (@embedpdf/pdfium: per character its code point, box, font size
// and weight, which is what pdf-layout.ts would need from it), and poppler's `pdftotext -layout`
// (one process per file, so its start-up is counted), on two sets: the documents scenario's
// generated 40-page file (the row) and the corpus PDFs one after another. Both in-process readers first pass the
// file through the same decompression-bomb scan (pdf-inflate.ts) the pipeline runs. No layout,
// no OCR, no database. Prints pages/s per repetition, the medians, the same-run ratios, and how
// many letters and digits each reader found, file by file, as a check that the faster one reads
// as much.
//
//   npm run bench:pdf-text [-- --reps 3] [--corpus /work/shared/corpus] [--text-pages 40]
//
// A missing pdftotext or @embedpdf/pdfium is skipped with a line saying so.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { openPdf } from '../src/pipeline/formats/pdf.ts';
import { assertInflateWithin } from '../src/pipeline/formats/pdf-inflate.ts';
import { median } from './harness/stats.ts';
import { textPdf } from './scenarios/documents.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
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

type Pdfium = Awaited<ReturnType<typeof import('@embedpdf/pdfium').init>>;

async function loadPdfium(): Promise<Pdfium | string> {
  let wasm: string;
  try {
    wasm = require.resolve('@embedpdf/pdfium/pdfium.wasm');
  } catch {
    return '@embedpdf/pdfium is not installed (npm install): PDFium skipped';
  }
  const { init } = await import('@embedpdf/pdfium');
  const pdfium = await init({ wasmBinary: readFileSync(wasm).buffer as ArrayBuffer });
  pdfium.PDFiumExt_Init();
  return pdfium;
}

/** PDFium's C functions as the module exports them, without the wrapper's per-call argument marshalling. */
type Raw = Record<string, (...args: number[]) => number>;

async function pdfiumRead(P: Pdfium, bytes: Uint8Array): Promise<Read> {
  await assertInflateWithin(bytes);
  const M = P.pdfium;
  // Per character the wrapped functions (cwrap) cost more than PDFium's own work: call the exports.
  const X = M.wasmExports as unknown as Raw;
  const call = (name: string, ...args: number[]) => (X[name] as (...a: number[]) => number)(...args);
  const data = M.wasmExports.malloc(bytes.length);
  const box = M.wasmExports.malloc(32);
  // EmscriptenModule's heap views are not in the package's types.
  (M as unknown as { HEAPU8: Uint8Array }).HEAPU8.set(bytes, data);
  const doc = P.FPDF_LoadMemDocument(data, bytes.length, '');
  try {
    if (!doc) throw new Error(`PDFium could not open the file (error ${P.FPDF_GetLastError()})`);
    const pages = P.FPDF_GetPageCount(doc);
    const { FPDFText_GetUnicode, FPDFText_GetCharBox, FPDFText_GetFontSize, FPDFText_GetFontWeight } =
      X as Record<string, (...a: number[]) => number>;
    let letters = 0;
    for (let i = 0; i < pages; i++) {
      const page = call('FPDF_LoadPage', doc, i);
      const text = call('FPDFText_LoadPage', page);
      const count = call('FPDFText_CountChars', text);
      let chars = '';
      for (let c = 0; c < count; c++) {
        const code = FPDFText_GetUnicode?.(text, c) ?? 0;
        FPDFText_GetCharBox?.(text, c, box, box + 8, box + 16, box + 24);
        FPDFText_GetFontSize?.(text, c);
        FPDFText_GetFontWeight?.(text, c);
        if (code > 0 && code < 0x110000) chars += String.fromCodePoint(code);
      }
      letters += countLetters(chars);
      call('FPDFText_ClosePage', text);
      call('FPDF_ClosePage', page);
    }
    return { pages, letters };
  } finally {
    if (doc) P.FPDF_CloseDocument(doc);
    M.wasmExports.free(box);
    M.wasmExports.free(data);
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

  const pdfium = await loadPdfium();
  if (typeof pdfium === 'string') console.log(pdfium);
  const poppler = await installed('pdftotext');
  if (!poppler) console.log('pdftotext is not installed (apt-get install poppler-utils): baseline skipped');
  const readers: Reader[] = [{ name: 'pdf.js', read: pdfjsRead }];
  if (typeof pdfium !== 'string') readers.push({ name: 'PDFium', read: (b) => pdfiumRead(pdfium, b) });
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
