// OCR per engine, side by side on the same pages: tesseract (tesseract.js, Docket's TESSERACT),
// PaddleOCR PP-OCRv4 (PADDLE), what AUTO picks from those two readings, and the tesseract CLI
// where one is installed (`tesseract` on PATH; a dash otherwise). Pages: the tesseract-test
// scans with human truth (CER, word F1) and receipts-de (which labelled fields — merchant, date,
// total — the text contains, non-alphanumerics ignored). Bounded for CI: every RECEIPT_STRIDE-th
// receipt unless --all-receipts.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { autoPrefersPaddle, inkCoverage } from '../src/pipeline/formats/ocr-engine.ts';
import { cer, mean, wordF1 } from './metrics.ts';

export const ENGINES = ['tesseract CLI', 'TESSERACT', 'PADDLE', 'AUTO'] as const;
export type EngineName = (typeof ENGINES)[number];

const RECEIPT_STRIDE = 3;

export interface EngineFigures {
  /** Per engine: mean CER and word F1 over the tesseract-test pages. */
  scans: Record<EngineName, { cer: number; f1: number; pages: number }>;
  /** Per engine and field: the share of receipts whose text contains the field. */
  receipts: Record<EngineName, { merchant: number; date: number; total: number; all: number; pages: number }>;
  /** Per engine: pages read per second in this process (a loaded machine's figure is noise). */
  pagesPerSecond: Record<EngineName, number>;
  autoPaddlePages: number;
  pages: number;
}

type Reader = (file: string) => Promise<{ text: string; confidence?: number }>;

function cliReader(): Reader | undefined {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return async (file) => ({
    text: execFileSync('tesseract', [file, '-', '-l', 'eng'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 16 << 20,
    }),
  });
}

/** Lower-case letters and digits only: how fields are looked for in a text. */
export function alnum(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** Which of a receipt's labelled fields its text contains (dates as printed: DD.MM.YYYY or DD.MM.YY). */
export function receiptHits(text: string, label: { merchant: string; date: string; total: string }) {
  const t = alnum(text);
  const [y = '', m = '', d = ''] = label.date.split('-');
  return {
    merchant: t.includes(alnum(label.merchant)),
    date: t.includes(`${d}${m}${y}`) || t.includes(`${d}${m}${y.slice(2)}`),
    total: t.includes(alnum(label.total)),
  };
}

export async function measureEngines(
  corpus: string,
  opts: { allReceipts: boolean; log: (s: string) => void },
): Promise<EngineFigures | undefined> {
  const tessDir = join(corpus, 'ocr/tesseract-test');
  const receiptDir = join(corpus, 'receipts-de');
  if (!existsSync(tessDir) && !existsSync(receiptDir)) return undefined;
  const { ocrImage } = await import('../src/pipeline/formats/ocr.ts');
  const { paddleOcr } = await import('../src/pipeline/formats/ocr-paddle.ts');
  const cli = cliReader();
  const time: Record<EngineName, { ms: number; pages: number }> = {
    'tesseract CLI': { ms: 0, pages: 0 },
    TESSERACT: { ms: 0, pages: 0 },
    PADDLE: { ms: 0, pages: 0 },
    AUTO: { ms: 0, pages: 0 },
  };
  let autoPaddlePages = 0;
  const timed = async <T>(engine: EngineName, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const out = await fn();
    time[engine].ms += performance.now() - started;
    time[engine].pages++;
    return out;
  };
  /** Every engine's text for one page image. */
  const readAll = async (file: string): Promise<Partial<Record<EngineName, string>>> => {
    const bytes = readFileSync(file);
    const tess = await timed('TESSERACT', () => ocrImage(bytes));
    const paddle = await timed('PADDLE', () => paddleOcr(bytes));
    const usePaddle = autoPrefersPaddle(tess, await inkCoverage(bytes, tess));
    if (usePaddle) autoPaddlePages++;
    // AUTO's cost: tesseract always, PaddleOCR too on the pages it hands over.
    time.AUTO.ms +=
      time.TESSERACT.ms / time.TESSERACT.pages + (usePaddle ? time.PADDLE.ms / time.PADDLE.pages : 0);
    time.AUTO.pages++;
    opts.log(
      `engines ${file}: tesseract confidence ${tess.confidence.toFixed(3)} → AUTO ${usePaddle ? 'PADDLE' : 'TESSERACT'}`,
    );
    const out: Partial<Record<EngineName, string>> = {
      TESSERACT: tess.text,
      PADDLE: paddle.text,
      AUTO: usePaddle && paddle.text.trim() ? paddle.text : tess.text,
    };
    if (cli) out['tesseract CLI'] = (await timed('tesseract CLI', () => cli(file))).text;
    return out;
  };

  const scans = Object.fromEntries(
    ENGINES.map((e) => [e, { cer: [] as number[], f1: [] as number[] }]),
  ) as Record<EngineName, { cer: number[]; f1: number[] }>;
  for (const [image, truthFile] of [
    ['phototest.tif', 'phototest.gold.txt'],
    ['eurotext.tif', 'eurotext.txt'],
    ['8071_093.3B.tif', '8071_093.3B.txt'],
    ['8087_054.3B.tif', '8087_054.3B.txt'],
  ] as const) {
    if (!existsSync(join(tessDir, image))) continue;
    const truth = readFileSync(join(tessDir, truthFile), 'utf8');
    const texts = await readAll(join(tessDir, image));
    for (const [engine, text] of Object.entries(texts) as [EngineName, string][]) {
      scans[engine].cer.push(cer(text, truth));
      scans[engine].f1.push(wordF1(text, truth));
    }
  }

  const hits = Object.fromEntries(
    ENGINES.map((e) => [e, { merchant: 0, date: 0, total: 0, all: 0, pages: 0 }]),
  ) as Record<EngineName, { merchant: number; date: number; total: number; all: number; pages: number }>;
  const labelsFile = join(receiptDir, 'labels.csv');
  if (existsSync(labelsFile)) {
    const rows = readFileSync(labelsFile, 'utf8').trim().split('\n').slice(1);
    const chosen = opts.allReceipts ? rows : rows.filter((_, i) => i % RECEIPT_STRIDE === 0);
    for (const row of chosen) {
      const [file = '', merchant = '', date = '', , total = ''] = row.split(',');
      const texts = await readAll(join(receiptDir, file));
      for (const [engine, text] of Object.entries(texts) as [EngineName, string][]) {
        const h = receiptHits(text, { merchant, date, total });
        const counts = hits[engine];
        counts.pages++;
        counts.merchant += Number(h.merchant);
        counts.date += Number(h.date);
        counts.total += Number(h.total);
        counts.all += Number(h.merchant && h.date && h.total);
        opts.log(`engines ${engine} ${file}: merchant ${h.merchant} date ${h.date} total ${h.total}`);
      }
    }
  }
  const share = (n: number, d: number) => (d > 0 ? n / d : Number.NaN);
  return {
    scans: Object.fromEntries(
      ENGINES.map((e) => [e, { cer: mean(scans[e].cer), f1: mean(scans[e].f1), pages: scans[e].cer.length }]),
    ) as EngineFigures['scans'],
    receipts: Object.fromEntries(
      ENGINES.map((e) => {
        const c = hits[e];
        return [
          e,
          {
            merchant: share(c.merchant, c.pages),
            date: share(c.date, c.pages),
            total: share(c.total, c.pages),
            all: share(c.all, c.pages),
            pages: c.pages,
          },
        ];
      }),
    ) as EngineFigures['receipts'],
    pagesPerSecond: Object.fromEntries(
      ENGINES.map((e) => [e, time[e].pages > 0 ? time[e].pages / (time[e].ms / 1000) : Number.NaN]),
    ) as Record<EngineName, number>,
    autoPaddlePages,
    pages: time.TESSERACT.pages,
  };
}
