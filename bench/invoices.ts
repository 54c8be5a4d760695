// The invoice2data set: run the built-in extractor with an invoice schema over each invoice's
// text (PDFs through the pipeline's own PDF reader, no OCR) and compare issuer, invoice number,
// date, amount and currency with the ground truth. Exact match after trimming, case folding
// and whitespace collapsing for strings; amounts equal to the cent.
//
//   ./node_modules/.bin/node bench/invoices.ts [corpusDir] [--verbose]

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractPdf } from '../src/pipeline/formats/pdf.ts';
import { extractBuiltIn } from '../src/pipeline/steps/extract.ts';

export const INVOICE_FIELDS = ['issuer', 'invoice_number', 'date', 'amount', 'currency'] as const;
export type InvoiceField = (typeof INVOICE_FIELDS)[number];

export const INVOICE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    issuer: { type: 'string', title: 'Issuer', description: 'The company that issued the invoice' },
    invoice_number: { type: 'string', title: 'Invoice number' },
    date: { type: 'string', format: 'date', title: 'Invoice date' },
    amount: { type: 'number', title: 'Total amount' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$', title: 'Currency' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', title: 'Description' },
          quantity: { type: 'number' },
          unit_price: { type: 'number' },
          amount: { type: 'number' },
        },
      },
    },
  },
} as const;

export interface InvoiceMeasurement {
  files: number;
  /** Per field: how many files have it in the ground truth, how many came out exactly right. */
  fields: Record<InvoiceField, { total: number; correct: number; rate: number }>;
  overall: { total: number; correct: number; rate: number };
  /**
   * Line items, where the truth lists them: a true line counts as found when a parsed row's
   * description starts like it and one of its figures equals the line's price or subtotal.
   */
  lineItems: { total: number; correct: number; rate: number };
  details: { file: string; field: InvoiceField; expected: unknown; got: unknown; ok: boolean }[];
}

const norm = (v: unknown) =>
  String(v ?? '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

function same(field: InvoiceField, expected: unknown, got: unknown): boolean {
  if (got === undefined || got === null) return false;
  if (field === 'amount') return typeof got === 'number' && Math.abs(got - Number(expected)) < 0.005;
  return norm(expected) === norm(got);
}

async function documentText(file: string): Promise<string> {
  const bytes = new Uint8Array(readFileSync(file));
  if (!file.endsWith('.pdf')) return new TextDecoder().decode(bytes);
  const pages = await extractPdf(
    bytes,
    { ocr: 'OFF', redactPii: false },
    { maxPages: 100, maxPixels: 50_000_000, timeoutMs: 120_000 },
    async () => {},
  );
  return pages.map((p) => p.text).join('\n\n');
}

export async function measureInvoices(corpusDir: string): Promise<InvoiceMeasurement> {
  const fields = Object.fromEntries(
    INVOICE_FIELDS.map((f) => [f, { total: 0, correct: 0, rate: 0 }]),
  ) as InvoiceMeasurement['fields'];
  const details: InvoiceMeasurement['details'] = [];
  let files = 0;
  const lineItems = { total: 0, correct: 0, rate: 0 };
  for (const name of readdirSync(corpusDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const base = path.join(corpusDir, name.replace(/\.json$/, ''));
    const source = [`${base}.pdf`, `${base}.txt`].find((f) => existsSync(f));
    if (!source) continue;
    const truth =
      (JSON.parse(readFileSync(path.join(corpusDir, name), 'utf8')) as Record<string, unknown>[])[0] ?? {};
    const text = await documentText(source);
    const { parsed } = extractBuiltIn(text, INVOICE_SCHEMA);
    files++;
    const rows = (Array.isArray(parsed.lines) ? parsed.lines : []) as Record<string, unknown>[];
    for (const line of (Array.isArray(truth.lines) ? truth.lines : []) as Record<string, unknown>[]) {
      const name = norm(line.name ?? line.desc ?? '').split('\n')[0] ?? '';
      if (!name) continue; // section headers and notes
      const figures = [line.price_unit, line.price_subtotal, line.price]
        .map(Number)
        .filter((n) => !Number.isNaN(n));
      lineItems.total++;
      const hit = rows.some((r) => {
        // A product code printed before the name ("[FURN_7777] Office Chair") is the truth's `code`, not its name.
        const got = (norm(r.name).split('\n')[0] ?? '').replace(/^(\[[^\]]*\]|\*[^*]*\*)\s*/, '');
        const sameName =
          got.length > 0 && (got.startsWith(name.slice(0, 12)) || name.startsWith(got.slice(0, 12)));
        const sameFigure = [r.unit_price, r.amount].some(
          (v) => typeof v === 'number' && figures.some((f) => Math.abs(f - v) < 0.005),
        );
        return sameName && sameFigure;
      });
      if (hit) lineItems.correct++;
    }
    for (const field of INVOICE_FIELDS) {
      if (truth[field] === undefined) continue;
      const ok = same(field, truth[field], parsed[field]);
      fields[field].total++;
      if (ok) fields[field].correct++;
      details.push({ file: path.basename(source), field, expected: truth[field], got: parsed[field], ok });
    }
  }
  let total = 0;
  let correct = 0;
  for (const f of INVOICE_FIELDS) {
    fields[f].rate = fields[f].total ? fields[f].correct / fields[f].total : 0;
    total += fields[f].total;
    correct += fields[f].correct;
  }
  lineItems.rate = lineItems.total ? lineItems.correct / lineItems.total : 0;
  return {
    files,
    fields,
    overall: { total, correct, rate: total ? correct / total : 0 },
    lineItems,
    details,
  };
}

if (import.meta.main) {
  const dir =
    process.argv.slice(2).find((a) => !a.startsWith('--')) ??
    new URL('../../shared/corpus/invoices/invoice2data/compare', import.meta.url).pathname;
  const m = await measureInvoices(dir);
  if (process.argv.includes('--verbose')) {
    for (const d of m.details.filter((x) => !x.ok)) {
      console.log(
        `✗ ${d.file} ${d.field}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.got)}`,
      );
    }
  }
  console.log(`invoice2data: ${m.files} invoices`);
  for (const f of INVOICE_FIELDS) {
    const r = m.fields[f];
    console.log(`  ${f.padEnd(15)} ${r.correct}/${r.total}  ${(r.rate * 100).toFixed(1)} %`);
  }
  console.log(
    `  ${'overall'.padEnd(15)} ${m.overall.correct}/${m.overall.total}  ${(m.overall.rate * 100).toFixed(1)} %`,
  );
  const li = m.lineItems;
  console.log(
    `  ${'line items'.padEnd(15)} ${li.correct}/${li.total}  ${(li.rate * 100).toFixed(1)} %  (not in overall)`,
  );
}
