// The receipts-de set (48 scanned German shop receipts, labels from the source's file names):
// EXTRACT through the pipeline (OCR and all) with the schema a user would send for a receipt,
// every field a plain string, and compare merchant, date and total with the labels. The merchant
// label is a lower-case chain name ("aldi", "mediamarkt"): it counts as found when the returned
// company contains it, letters and digits only ("ALDI SÜD" holds "aldi"); "tanke" (a petrol
// station of no chain) and "merchant" (no name in the label) are not scored. A date counts in any
// printed form that parses to the labelled day; a total when it parses to the labelled amount.
//
//   ./node_modules/.bin/node bench/receipts.ts [corpusDir] [--verbose]
//
// Also prints the median seconds a receipt takes, by folder (times on a quiet machine only).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findAmounts, findDates } from '../src/pipeline/steps/values.ts';
import type { PipelineInput } from '../src/pipeline/types.ts';
import { RECEIPT_SCHEMA } from '../testkit/format-fixtures.ts';

export interface ReceiptMeasurement {
  files: number;
  merchant: { correct: number; total: number };
  date: { correct: number; total: number };
  total: { correct: number; total: number };
  details: {
    file: string;
    company: unknown;
    date: unknown;
    total: unknown;
    ok: [boolean, boolean, boolean];
    /** Time of the EXTRACT (OCR and all), one receipt at a time in this process. */
    seconds: number;
  }[];
}

const alnum = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');

function amountOf(s: string): number | undefined {
  const comma = /\d,\d{2}(?!\d)/.test(s) && !/\d\.\d{2}(?!\d)/.test(s);
  return findAmounts(s, comma ? ',' : '.')[0]?.value;
}

/** EXTRACT with the receipt schema through the whole pipeline; the fields parsed, {} when it fails. */
const engine = (['TESSERACT', 'PADDLE'] as const).find((e) => e === process.env.RECEIPTS_OCR_ENGINE);

export async function extractReceipt(
  bytes: Uint8Array,
  maxPages: number,
  log: (m: string) => void,
): Promise<Record<string, unknown>> {
  const { runPipeline } = await import('../src/pipeline/run.ts');
  const input: PipelineInput = {
    bytes: new Uint8Array(bytes),
    endpoint: 'EXTRACT',
    // RECEIPTS_OCR_ENGINE=TESSERACT|PADDLE reads every page with one engine (AUTO otherwise).
    options: {
      ocr: 'AUTO',
      redactPii: false,
      jsonSchema: RECEIPT_SCHEMA,
      ...(engine ? { ocrEngine: engine } : {}),
    },
    limits: { maxPages, maxPixels: 100_000_000, timeoutMs: 600_000 },
  };
  try {
    const result = await runPipeline(input, () => {});
    const choices = result.body.choices as { message: { parsed: Record<string, unknown> } }[] | undefined;
    return choices?.[0]?.message.parsed ?? {};
  } catch (err) {
    log(`failed ${(err as Error).message}`);
    return {};
  }
}

export async function measureReceipts(
  dir: string,
  log: (m: string) => void = () => {},
): Promise<ReceiptMeasurement> {
  const rows = readFileSync(path.join(dir, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  const m: ReceiptMeasurement = {
    files: 0,
    merchant: { correct: 0, total: 0 },
    date: { correct: 0, total: 0 },
    total: { correct: 0, total: 0 },
    details: [],
  };
  for (const row of rows) {
    const [file, merchant, date, , total] = row.split(',') as [string, string, string, string, string];
    const full = path.join(dir, file);
    if (!existsSync(full)) continue;
    const started = performance.now();
    const parsed = await extractReceipt(readFileSync(full), 5, (m) => log(`receipts ${file}: ${m}`));
    const seconds = (performance.now() - started) / 1000;
    m.files++;
    const company = String(parsed.company ?? '');
    const scoreMerchant = merchant !== 'tanke' && merchant !== 'merchant';
    const okMerchant = scoreMerchant && alnum(company).includes(alnum(merchant));
    if (scoreMerchant) m.merchant.total++;
    if (okMerchant) m.merchant.correct++;
    const okDate = findDates(String(parsed.date ?? ''))[0]?.value === date;
    m.date.total++;
    if (okDate) m.date.correct++;
    const got = amountOf(String(parsed.total ?? ''));
    const okTotal = got !== undefined && Math.abs(got - Number(total)) < 0.005;
    m.total.total++;
    if (okTotal) m.total.correct++;
    m.details.push({
      file,
      company,
      date: parsed.date,
      total: parsed.total,
      ok: [okMerchant, okDate, okTotal],
      seconds,
    });
    log(
      // The address has no label in this set: printed for reading by eye.
      `receipts ${file}: ${okMerchant ? 'ok' : '--'} ${okDate ? 'ok' : '--'} ${okTotal ? 'ok' : '--'} (${seconds.toFixed(2)} s) | ${company} | ${String(parsed.date)} | ${String(parsed.total)} (want ${merchant}, ${date}, ${total}) | address: ${String(parsed.address)}`,
    );
  }
  return m;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir =
    process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : '../shared/corpus/receipts-de';
  const m = await measureReceipts(dir, process.argv.includes('--verbose') ? console.error : () => {});
  console.log(JSON.stringify({ files: m.files, merchant: m.merchant, date: m.date, total: m.total }));
  // Seconds per receipt, median by folder (A: cropped scans; B, C: a receipt on the scanner bed).
  for (const folder of ['A', 'B', 'C']) {
    const times = m.details
      .filter((d) => d.file.startsWith(`${folder}/`))
      .map((d) => d.seconds)
      .sort((a, b) => a - b);
    if (times.length > 0)
      console.log(
        `${folder}/: ${times.length} receipts, median ${times[times.length >> 1]?.toFixed(2)} s each`,
      );
  }
  await (await import('../src/pipeline/formats/index.ts')).closeOcr();
}
