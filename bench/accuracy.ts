// npm run accuracy: the pipeline over the development corpus (../shared/corpus, or
// CORPUS_DIR), one table of figures next to the reference tools' figures (corpus README)
// and the pass lines. Exits non-zero when a figure falls below its pass line. Pass lines
// are what holds today and only ever move up.
//
//   ./node_modules/.bin/node bench/accuracy.ts [--only=pdf,docx,ocr,rotated,engines,pii,invoices,classify,classify-photos,receipts,receipts-synth,quality]
//     [--verbose] [--all-receipts]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scoreQuality } from '../src/pipeline/steps/quality.ts';
import type { PipelineInput } from '../src/pipeline/types.ts';
import { measureClassify } from './classify-set.ts';
import { measureInvoices } from './invoices.ts';
import { cer, mean, prf, wordF1 } from './metrics.ts';
import { ENGINES, measureEngines } from './ocr-engines.ts';
import { evaluatePresidio, type PiiSetResult } from './pii-set.ts';
import { measureReceipts } from './receipts.ts';
import { measureSynthReceipts, type SynthMeasurement } from './receipts-synth.ts';
import {
  evaluateWrittenPii,
  measureWrittenReceipts,
  measureWrittenTextPhotos,
  measureWrittenTexts,
} from './written.ts';

// The corpus sits beside the project: ../shared/corpus.
const corpus = process.env.CORPUS_DIR ?? fileURLToPath(new URL('../../shared/corpus', import.meta.url));
const verbose = process.argv.includes('--verbose');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wanted = (set: string) => !only || only.includes(set);

interface Row {
  set: string;
  metric: string;
  value: number;
  /** The reference tool's figure on the same files, from the corpus README; NaN when none. */
  reference: number;
  /** The figure must be >= this (or <= it when lowerIsBetter). */
  pass: number;
  lowerIsBetter?: boolean;
  note?: string;
}

const rows: Row[] = [];
const timings = { textPages: 0, textMs: 0, ocrPages: 0, ocrMs: 0 };

async function parse(bytes: Uint8Array, ocr: 'AUTO' | 'FORCE' | 'OFF' = 'AUTO') {
  const input: PipelineInput = {
    bytes,
    endpoint: 'PARSE',
    options: { ocr, redactPii: false },
    limits: { maxPages: 500, maxPixels: 100_000_000, timeoutMs: 600_000 },
  };
  // Loaded on first use: the PII and quality sets run without the format readers.
  const { runPipeline } = await import('../src/pipeline/run.ts');
  const started = performance.now();
  const result = await runPipeline(input, () => {});
  const ms = performance.now() - started;
  const pages = result.body.pages as { ocr: boolean }[];
  const ocrPages = pages.filter((p) => p.ocr).length;
  if (ocrPages > 0) {
    timings.ocrPages += pages.length;
    timings.ocrMs += ms;
  } else {
    timings.textPages += pages.length;
    timings.textMs += ms;
  }
  return { text: String(result.body.text), result };
}

/** Markdown ground truth as plain words: no markup, comments, table rules or emphasis. */
function markdownText(md: string): string {
  return md
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, ' ')
    .replace(/[|#*_`>]/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

function log(message: string) {
  if (verbose) console.error(message);
}

async function wordF1Set(set: string, dir: string, ext: string, reference: number, pass: number) {
  const sources = join(dir, 'sources');
  const truthDir = join(dir, 'groundtruth');
  if (!existsSync(sources)) return;
  const scores: number[] = [];
  const headings = { truth: 0, marked: 0, right: 0 };
  for (const file of readdirSync(sources)
    .filter((f) => f.endsWith(ext))
    .sort()) {
    const truthFile = [join(truthDir, `${basename(file, ext)}.md`), join(truthDir, `${file}.md`)].find(
      existsSync,
    );
    if (!truthFile) continue;
    try {
      const { text, result } = await parse(new Uint8Array(readFileSync(join(sources, file))));
      const truth = readFileSync(truthFile, 'utf8');
      const f1 = wordF1(text, markdownText(truth));
      scores.push(f1);
      const h = headingMatch(String(result.body.markdown ?? ''), truth);
      for (const k of ['truth', 'marked', 'right'] as const) headings[k] += h[k];
      log(
        `${set} ${file}: ${f1.toFixed(3)}, headings ${h.right} right of ${h.marked} marked, ${h.truth} true`,
      );
    } catch (err) {
      scores.push(0);
      log(`${set} ${file}: failed ${(err as Error).message}`);
    }
  }
  rows.push({ set, metric: `word F1, mean of ${scores.length}`, value: mean(scores), reference, pass });
  if (headings.truth > 0) {
    // Pass lines: first measured 2026-12-07, before bold and italic lines counted (0.750 / 0.469).
    const note = `${headings.right} of ${headings.marked} marked, ${headings.truth} in the truth`;
    const [p, r] = [headings.right / Math.max(1, headings.marked), headings.right / headings.truth];
    rows.push({
      set,
      metric: 'Markdown headings, precision',
      value: p,
      reference: Number.NaN,
      pass: 0.77,
      note,
    });
    rows.push({
      set,
      metric: 'Markdown headings, recall',
      value: r,
      reference: Number.NaN,
      pass: 0.59,
      note,
    });
  }
}

/**
 * Headings of the Markdown against the ground truth's, as sets of lines compared by their words in
 * any order (docling puts a section's number after its title where the page has it before).
 */
function headingMatch(markdown: string, truth: string) {
  const headingsOf = (md: string) =>
    new Set(
      md
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) =>
          line
            .replace(/^#+ /, '')
            .replace(/&amp;/g, '&')
            .toLowerCase()
            .split(/\s+/)
            .map((w) => w.replace(/[^\p{L}\p{N}]+/gu, ''))
            .filter(Boolean)
            .sort()
            .join(' '),
        ),
    );
  const [got, want] = [headingsOf(markdown), headingsOf(truth)];
  return { truth: want.size, marked: got.size, right: [...got].filter((h) => want.has(h)).length };
}

async function ocrCerSet() {
  const dir = join(corpus, 'ocr/tesseract-test');
  if (!existsSync(dir)) return;
  // Reference: tesseract 5.3.0 CLI on the same pages (corpus README). The two UNLV magazine
  // pages have three columns and truth for their text zones only, so their CER depends on
  // reading order as much as on recognition: word F1 is shown beside it.
  const pages: [string, string, number, number][] = [
    ['phototest.tif', 'phototest.gold.txt', 0, 0.02],
    ['eurotext.tif', 'eurotext.txt', 0.022, 0.05],
    ['8071_093.3B.tif', '8071_093.3B.txt', 0.085, 0.12],
    ['8087_054.3B.tif', '8087_054.3B.txt', 0.071, 0.12],
  ];
  for (const [image, truthFile, reference, pass] of pages) {
    if (!existsSync(join(dir, image))) continue;
    const { text } = await parse(new Uint8Array(readFileSync(join(dir, image))));
    const truth = readFileSync(join(dir, truthFile), 'utf8');
    const set = 'tesseract-test OCR';
    rows.push({ set, metric: `CER ${image}`, value: cer(text, truth), reference, pass, lowerIsBetter: true });
    if (image.startsWith('80')) {
      rows.push({
        set,
        metric: `word F1 ${image}`,
        value: wordF1(text, truth),
        reference: Number.NaN,
        pass: 0.9,
      });
    }
  }
}

async function rotatedSet() {
  const values: number[] = [];
  const tess = join(corpus, 'ocr/tesseract-test');
  const gold = join(tess, 'phototest.gold.txt');
  for (const image of ['phototest-rotated-180.png', 'phototest-rotated-L.png', 'phototest-rotated-R.png']) {
    if (!existsSync(join(tess, image))) continue;
    const { text } = await parse(new Uint8Array(readFileSync(join(tess, image))));
    values.push(cer(text, readFileSync(gold, 'utf8')));
    log(`rotated ${image}: ${values.at(-1)?.toFixed(3)}`);
  }
  const docling = join(corpus, 'docling/ocr');
  const truth = join(docling, 'groundtruth/tesseract/full_page/ocr_test.tesseract.full_page.md');
  for (const angle of [90, 180, 270]) {
    const file = join(docling, `sources/ocr_test_rotated_${angle}.pdf`);
    if (!existsSync(file) || !existsSync(truth)) continue;
    const { text } = await parse(new Uint8Array(readFileSync(file)));
    values.push(cer(text, markdownText(readFileSync(truth, 'utf8'))));
    log(`rotated ocr_test_rotated_${angle}.pdf: ${values.at(-1)?.toFixed(3)}`);
  }
  if (values.length === 0) return;
  rows.push({
    set: 'rotated scans',
    metric: `CER, worst of ${values.length}`,
    value: Math.max(...values),
    reference: 0.82,
    pass: 0.02,
    lowerIsBetter: true,
    note: `mean ${(mean(values) * 100).toFixed(1)} %; reference = tesseract without OSD`,
  });
}

/**
 * OCR per engine on the same pages. The Docket column is AUTO (what a job gets by default); the
 * note holds every engine's figure, the tesseract CLI's where one is installed. Pass lines hold
 * for AUTO, PADDLE and TESSERACT.
 */
async function enginesSet() {
  const figures = await measureEngines(corpus, { allReceipts: process.argv.includes('--all-receipts'), log });
  if (!figures) return;
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)} %` : '—');
  const each = (f: (e: (typeof ENGINES)[number]) => string) => ENGINES.map((e) => `${e} ${f(e)}`).join(', ');
  const set = 'OCR engines';
  const scans = figures.scans;
  if (scans.AUTO.pages > 0) {
    // PaddleOCR's CER is reading order on the two three-column UNLV pages (74-76 %) while its word
    // F1 there is the best of all (0.95-0.96): see the note's word F1.
    const passCer = { AUTO: 0.05, TESSERACT: 0.05, PADDLE: 0.4 } as const;
    for (const engine of ['AUTO', 'TESSERACT', 'PADDLE'] as const) {
      rows.push({
        set,
        metric: `CER ${engine}, mean of ${scans[engine].pages} scans`,
        value: scans[engine].cer,
        reference: scans['tesseract CLI'].cer,
        pass: passCer[engine],
        lowerIsBetter: true,
        note: engine === 'AUTO' ? `word F1: ${each((e) => scans[e].f1.toFixed(3))}` : '',
      });
    }
  }
  const receipts = figures.receipts;
  if (receipts.AUTO.pages > 0) {
    const pass = { AUTO: 0.8, TESSERACT: 0.65, PADDLE: 0.83 } as const;
    for (const engine of ['AUTO', 'TESSERACT', 'PADDLE'] as const) {
      const r = receipts[engine];
      rows.push({
        set,
        metric: `receipts-de fields in text, ${engine}, ${r.pages} receipts`,
        value: (r.merchant + r.date + r.total) / 3,
        reference:
          (receipts['tesseract CLI'].merchant +
            receipts['tesseract CLI'].date +
            receipts['tesseract CLI'].total) /
          3,
        pass: pass[engine],
        note: `merchant ${pct(r.merchant)}, date ${pct(r.date)}, total ${pct(r.total)}, all three ${pct(r.all)}`,
      });
    }
    rows.push({
      set,
      metric: 'receipts-de tesseract CLI',
      value: Number.NaN,
      reference: Number.NaN,
      pass: Number.NaN,
      note: `merchant ${pct(receipts['tesseract CLI'].merchant)}, date ${pct(receipts['tesseract CLI'].date)}, total ${pct(receipts['tesseract CLI'].total)}`,
    });
  }
  rows.push({
    set,
    metric: 'pages/s (loaded machines: noise)',
    value: Number.NaN,
    reference: Number.NaN,
    pass: Number.NaN,
    note: `${each((e) => (Number.isFinite(figures.pagesPerSecond[e]) ? figures.pagesPerSecond[e].toFixed(2) : '—'))}; AUTO handed ${figures.autoPaddlePages} of ${figures.pages} pages to PADDLE`,
  });
}

function piiSet() {
  // Reference: naive regexes (corpus README), F1 from its P/R. Pass lines: the targets, or
  // today's figure where that is higher (they only move up).
  const reference: Record<string, number> = {
    EMAIL: 1,
    US_SSN: 1,
    IBAN: 0.974,
    CREDIT_CARD: 0.954,
    PHONE_NUMBER: 0.377,
    IP_ADDRESS: 0.561,
  };
  const pass: Record<string, number> = {
    EMAIL: 0.97,
    US_SSN: 0.97,
    IBAN: 0.97,
    CREDIT_CARD: 0.97,
    IP_ADDRESS: 0.97,
    PHONE_NUMBER: 0.97,
    PERSON: 0.945,
    ADDRESS: 0.91,
  };
  // The dev set is the one the detectors were tuned on; generated_small was held out until
  // the second PII pass read its errors too (issue 12's goals on unseen sentences: phone
  // 0.90, person 0.85, address 0.80; the pass lines are today's figures, above them).
  const sets: [string, string, Record<string, number>][] = [
    ['presidio PII dev (tokens)', 'synth_dataset_v2.dev.json', pass],
    ['presidio PII held-out', 'generated_small.json', { ...pass, PERSON: 0.95, ADDRESS: 0.9 }],
  ];
  const results: [string, PiiSetResult, Record<string, number>][] = [];
  for (const [set, file, lines] of sets) {
    const path = join(corpus, 'pii/presidio-research', file);
    if (existsSync(path)) results.push([set, evaluatePresidio(path), lines]);
  }
  // Written without the detectors' rules in view (bench/written.ts); first reading 2026-12-06:
  // person 0.870, address 0.862, phone 0.998.
  results.push([
    'written PII sentences (tokens)',
    evaluateWrittenPii(),
    { ...pass, PERSON: 0.935, ADDRESS: 0.975, PHONE_NUMBER: 0.99 },
  ]);
  // A second author's (bench/written.ts); first reading 2026-12-06: person 0.924, address 0.925,
  // phone 0.995.
  results.push([
    'written PII sentences B (tokens)',
    evaluateWrittenPii('pii-sentences-b.json'),
    { ...pass, PERSON: 0.965, ADDRESS: 0.98, PHONE_NUMBER: 0.99 },
  ]);
  // A third author's (2026-12-07, evening), many locales' Faker formats and decoys; first reading
  // person 0.943, address 0.947, phone 0.979, SSN 0.909, IP 0.889.
  results.push([
    'written PII sentences C (tokens)',
    evaluateWrittenPii('pii-sentences-c.json'),
    { ...pass, PERSON: 0.95, ADDRESS: 0.95, PHONE_NUMBER: 0.98 },
  ]);
  // A fourth author's (2026-12-07, late night), asked for the generator's ordinary output (Faker
  // values of eleven locales, military addresses, 25 sentences without PII); first reading person
  // 0.969, address 0.989, phone 0.990.
  results.push([
    'written PII sentences D (tokens)',
    evaluateWrittenPii('pii-sentences-d.json'),
    { ...pass, PERSON: 0.985, ADDRESS: 0.985, PHONE_NUMBER: 0.985 },
  ]);
  // A fifth author's (2026-12-08), the generator's ordinary output in thirteen locales (Brazilian
  // and Spanish addresses, Dutch and Irish ones); first reading person 0.956, address 0.923, phone
  // 0.981.
  results.push([
    'written PII sentences E (tokens)',
    evaluateWrittenPii('pii-sentences-e.json'),
    { ...pass, PERSON: 0.96, ADDRESS: 0.965, PHONE_NUMBER: 0.975 },
  ]);
  // A sixth author's (2026-12-08, later), the generator's ordinary output in about twenty locales;
  // first reading person 0.983, address 0.959, phone 0.963. (One of its sixteen IBANs, "CH59 0483
  // 5041 9283 7465", is a figure short of a Swiss IBAN's 21: no detector should take it.)
  results.push([
    'written PII sentences F (tokens)',
    evaluateWrittenPii('pii-sentences-f.json'),
    { ...pass, PERSON: 0.98, ADDRESS: 0.975, PHONE_NUMBER: 0.985, IBAN: 0.96 },
  ]);
  // Bills and letters (bench/written.ts): only the private persons' data is labelled, the issuer's
  // is to stay, and the detector does not tell them apart, so recall is what is scored. First
  // readings 2026-12-06: person 0.898, address 0.791, phone 0.952; the second author's
  // (pii-documents-b.json, evening) person 0.876, address 0.752, phone 0.991, IBAN 0.929, e-mail 1.0.
  const recallSets: [string, string, Record<string, number>][] = [
    [
      'written bills and letters (tokens)',
      'pii-documents.json',
      { PERSON: 0.955, ADDRESS: 0.97, PHONE_NUMBER: 0.97, IBAN: 0.97, EMAIL: 0.97 },
    ],
    [
      'written bills and letters B (tokens)',
      'pii-documents-b.json',
      { PERSON: 0.935, ADDRESS: 0.895, PHONE_NUMBER: 0.98, IBAN: 0.99, EMAIL: 0.97 },
    ],
    // A third author's (2026-12-07, afternoon), a third with OCR's misreadings inside the values;
    // first reading person 0.896, address 0.738, phone 0.744, IBAN 0.465, e-mail 0.978.
    [
      'written bills and letters C (tokens)',
      'pii-documents-c.json',
      { PERSON: 0.97, ADDRESS: 0.86, PHONE_NUMBER: 0.98, IBAN: 0.97, EMAIL: 0.97 },
    ],
    // A fourth author's (2026-12-07, evening), 40 % with OCR's misreadings (S for 5, l for 1 in
    // IBANs), names in capitals with particles and patronymics; first reading person 0.816,
    // address 0.694, phone 0.828, IBAN 0.895, e-mail 1.0.
    [
      'written bills and letters D (tokens)',
      'pii-documents-d.json',
      { PERSON: 0.86, ADDRESS: 0.82, PHONE_NUMBER: 0.94, IBAN: 0.97, EMAIL: 0.97 },
    ],
    // A fifth author's (2026-12-07, night), 40 % with OCR's misreadings, thirty countries (Swiss
    // QR-bills, New Zealand rural routes, Afrikaans, Indonesian, Czech); first reading person 0.875,
    // address 0.815, phone 0.900, IBAN 0.923, e-mail 1.0.
    [
      'written bills and letters E (tokens)',
      'pii-documents-e.json',
      { PERSON: 0.935, ADDRESS: 0.85, PHONE_NUMBER: 0.955, IBAN: 0.99, EMAIL: 0.97 },
    ],
    // A sixth author's (2026-12-07, late night), 40 % with OCR's misreadings, Swiss QR-bills in three
    // languages with the receipt and the payment part side by side, windows beside reference boxes;
    // first reading person 0.895, address 0.832, phone 1.0, IBAN 1.0, e-mail 0.947.
    [
      'written bills and letters F (tokens)',
      'pii-documents-f.json',
      { PERSON: 0.96, ADDRESS: 0.92, PHONE_NUMBER: 0.99, IBAN: 0.99, EMAIL: 0.94 },
    ],
    // A seventh author's (2026-12-08), asked for the ordinary paperwork a business scans (thirteen
    // languages, a third with OCR's misreadings); first reading person 0.943, address 0.932, phone
    // 0.935, IBAN 1.0, e-mail 0.914.
    [
      'written bills and letters G (tokens)',
      'pii-documents-g.json',
      { PERSON: 0.96, ADDRESS: 0.96, PHONE_NUMBER: 0.97, IBAN: 0.99, EMAIL: 0.99 },
    ],
    // An eighth author's (2026-12-08, later), a household's and a business's ordinary scans in
    // twenty-five locales, a third with OCR's misreadings; first reading person 0.918, address 0.849,
    // phone 0.913, IBAN 1.0, e-mail 1.0.
    [
      'written bills and letters H (tokens)',
      'pii-documents-h.json',
      { PERSON: 0.94, ADDRESS: 0.87, PHONE_NUMBER: 0.955, IBAN: 0.99, EMAIL: 0.99 },
    ],
  ];
  for (const [set, file, passes] of recallSets) {
    const result = evaluateWrittenPii(file);
    for (const [type, pass] of Object.entries(passes)) {
      const c = result.counts[type]!;
      rows.push({
        set,
        metric: `recall ${type}`,
        value: c.tp / (c.tp + c.fn),
        reference: Number.NaN,
        pass,
        note: `${c.tp} of ${c.tp + c.fn} tokens`,
      });
    }
  }
  for (const [set, result, lines] of results) {
    for (const [type, counts] of Object.entries(result.counts)) {
      // A type with no gold and no finding in a set says nothing.
      if (counts.tp + counts.fp + counts.fn === 0) continue;
      const m = prf(counts);
      rows.push({
        set,
        metric: `F1 ${type}`,
        value: m.f1,
        reference: set.includes('dev') ? (reference[type] ?? Number.NaN) : Number.NaN,
        pass: lines[type] ?? 0,
        note: `P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)}`,
      });
    }
  }
}

async function invoiceSet() {
  const dir = join(corpus, 'invoices/invoice2data/compare');
  if (!existsSync(dir)) return;
  const m = await measureInvoices(dir);
  rows.push({
    set: 'invoice2data fields',
    metric: `exact, ${m.files} invoices`,
    value: m.overall.rate,
    reference: Number.NaN,
    pass: 0.8,
    note: Object.entries(m.fields)
      .map(([f, r]) => `${f} ${r.correct}/${r.total}`)
      .join(', '),
  });
}

async function classifySet() {
  // Written texts of the 29 categories (bench/written.ts); first readings 2026-12-06: 76 of 87
  // (set A), 66 of 78 (set B), 67 of 78 (set C).
  for (const [set, name, pass] of [
    ['document types (written texts)', 'doc-texts.json', 0.97],
    ['document types (written texts B)', 'doc-texts-b.json', 0.97],
    ['document types (written texts C)', 'doc-texts-c.json', 0.97],
    // A fourth author's, around decoys; first reading 2026-12-06, evening: 64 of 87 (73.6 %).
    ['document types (written texts D)', 'doc-texts-d.json', 0.89],
    // A fifth author's, uploads in the wild with decoys; first reading 2026-12-07: 70 of 87 (80.5 %);
    // 80 the same night.
    ['document types (written texts E)', 'doc-texts-e.json', 0.93],
    // A sixth author's: old office scans, PDFs' text layers and phone photos of cards, a fifth in
    // other languages, with decoys; first reading 2026-12-07, afternoon: 70 of 87 (80.5 %).
    ['document types (written texts F)', 'doc-texts-f.json', 0.93],
    // A seventh author's: a shared inbox's and a scanning room's pile from twenty countries, many
    // with misleading titles ("PROFORMA INVOICE", "Certificate of Insurance", minutes, a Gmail
    // printout of a payslip notice); first reading 2026-12-07, afternoon: 65 of 87 (74.7 %; 62 on
    // the code of the day's start).
    ['document types (written texts G)', 'doc-texts-g.json', 0.91],
    // An eighth author's, as users upload them (45 % OCR of photos and scans: ID documents with
    // labels in two languages and MRZ misreads, an EU licence's numbered fields, a card; a third in
    // eleven other languages; titles that mislead: "Account Statement" for a water bill, "factura
    // rectificativa", "Modelo 303"); first reading 2026-12-07, evening: 77 of 87 (88.5 %).
    ['document types (written texts H)', 'doc-texts-h.json', 0.98],
    // A ninth author's, the pairs a sorter confuses (an appointment letter and a discharge summary,
    // an offer letter signed back and a cover letter, a state ID card and a licence, a repair
    // quotation for an insurer, a water bill headed "FACTURA"); first reading 2026-12-07, evening:
    // 77 of 87 (88.5 %).
    ['document types (written texts I)', 'doc-texts-i.json', 0.98],
    // A tenth author's (2026-12-07, night): a third PDFs in two or three columns read across, a third
    // OCR of phone photos, a quarter in eleven other languages; first reading 79 of 87 (90.8 %).
    ['document types (written texts J)', 'doc-texts-j.json', 0.98],
    // An eleventh author's (2026-12-07, late night), asked for the ordinary mix a user uploads (OCR of
    // photos and scans in the manner of RVL-CDIP, FUNSD, SROIE and MIDV; a fifth in five other
    // languages); first reading 83 of 87 (95.4 %).
    ['document types (written texts K)', 'doc-texts-k.json', 0.98],
    // A twelfth author's (2026-12-08), the ordinary mix again (a fifth in six other languages);
    // first reading 83 of 87 (95.4 %).
    ['document types (written texts L)', 'doc-texts-l.json', 0.98],
    // A thirteenth author's (2026-12-08, later), half OCR of scans and photos, seventeen countries;
    // first reading 83 of 87 (95.4 %).
    ['document types (written texts M)', 'doc-texts-m.json', 0.98],
  ] as const) {
    const w = measureWrittenTexts(name);
    for (const miss of w.wrong) log(`${set}: want ${miss.category} got ${miss.got} [${miss.note}]`);
    rows.push({
      set,
      metric: `correct, ${w.texts} texts`,
      value: w.right / w.texts,
      reference: Number.NaN,
      pass,
      note: `mean confidence right ${w.confidenceRight.toFixed(2)}, wrong ${w.confidenceWrong.toFixed(2)}`,
    });
  }
  // bench/classify-manifest.json: labelled files of the corpus, every category offered by name.
  const m = await measureClassify(corpus);
  if (m.files === 0) return;
  for (const d of m.details) log(`classify ${d.path}: want ${d.label} got ${d.got} (${d.confidence})`);
  rows.push({
    set: 'document types (dev)',
    metric: `correct, ${m.files} files`,
    value: m.correct / m.files,
    reference: Number.NaN,
    pass: 0.9,
    note: `mean confidence right ${m.confidenceRight.toFixed(2)}, wrong ${m.confidenceWrong.toFixed(2)}`,
  });
}

async function classifyPhotoSet() {
  // Two written piles as photographed pages, OCR and all (about 5 s a page): first readings
  // 2026-12-08, 80 of 87 (K) and 83 of 87 (L), on the code that read their texts 87 of 87.
  for (const [set, name, pass] of [
    ['document types (written texts K, as photos)', 'doc-texts-k.json', 0.97],
    ['document types (written texts L, as photos)', 'doc-texts-l.json', 0.95],
  ] as const) {
    const w = await measureWrittenTextPhotos(name);
    for (const miss of w.wrong) log(`${set}: want ${miss.category} got ${miss.got} [${miss.note}]`);
    rows.push({
      set,
      metric: `correct, ${w.texts} photos`,
      value: w.right / w.texts,
      reference: Number.NaN,
      pass,
      note: `mean confidence right ${w.confidenceRight.toFixed(2)}, wrong ${w.confidenceWrong.toFixed(2)}`,
    });
  }
}

async function receiptSet() {
  const dir = join(corpus, 'receipts-de');
  if (!existsSync(join(dir, 'labels.csv'))) return;
  const m = await measureReceipts(dir, log);
  // Pass lines: today's figures with AUTO, a little under them (35/46, 47/48, 48/48 on
  // 2026-12-05, since the uncropped scans are read cropped to the receipt, paper.ts, and a slogan,
  // a sponsor and a misread logo no longer take the name; 31/46, 41/48, 41/48 before); what is
  // still missed is mostly logos (Lidl's, logos read wrong). They only move up.
  const fields: [string, { correct: number; total: number }, number][] = [
    ['merchant', m.merchant, 0.71],
    ['date', m.date, 0.93],
    ['total', m.total, 0.95],
  ];
  for (const [field, r, pass] of fields) {
    rows.push({
      set: 'receipts-de EXTRACT',
      metric: `exact ${field}, ${r.total} receipts`,
      value: r.total === 0 ? 0 : r.correct / r.total,
      reference: Number.NaN,
      pass,
      note: `${r.correct}/${r.total}`,
    });
  }
}

async function synthReceiptSet() {
  // Rendered here (bench/receipts-synth.ts), so it runs without the corpus too; 24 receipts
  // photographed (askew, blurred, uneven light, noise, JPEG). Pass lines a little under the
  // figures of 2026-12-04 (docs/accuracy.md): 22/24, 24/24, 19/24, 24/24 then.
  receiptRows(
    'synthetic MY receipt photos EXTRACT',
    await measureSynthReceipts({ n: 24, seed: 12, photo: true }, log),
    {
      company: 0.85,
      date: 0.9,
      address: 0.7,
      total: 0.9,
    },
  );
  // Written receipts (bench/written.ts), as photos: [set, file, pass lines company/date/address/total].
  const written: [string, string, [number, number, number, number]][] = [
    // First reading 2026-12-06: 29, 40, 23, 38 of 40; 36, 40, 30, 40 late that night; 36, 40, 31, 40
    // on 2026-12-07, morning.
    ['written receipt photos EXTRACT', 'receipts.json', [0.85, 0.95, 0.75, 0.95]],
    // A third author's; first reading 2026-12-06: 23, 36, 27, 33 of 40; 34, 38, 33, 40 late that night;
    // 37, 38, 34, 40 on 2026-12-07, morning; 38, 38, 34, 40 later that morning; 38, 38, 35, 40 by noon.
    ['written receipt photos C EXTRACT', 'receipts-c.json', [0.9, 0.9, 0.8, 0.95]],
    // A second author's; first reading 2026-12-06: 33, 40, 26, 39 of 40; 37, 40, 30, 39 on
    // 2026-12-07, morning; 39, 40, 30, 39 later that morning.
    ['written receipt photos B EXTRACT', 'receipts-b.json', [0.925, 0.95, 0.7, 0.9]],
    // A fourth author's; first reading 2026-12-06, evening: 31, 38, 21, 35 of 40; 36, 38, 28, 36 on
    // 2026-12-07, morning.
    ['written receipt photos D EXTRACT', 'receipts-d.json', [0.85, 0.9, 0.5, 0.85]],
    // A fifth author's, in the manner of ICDAR SROIE; first reading 2026-12-07: 37, 40, 24, 38 of 40;
    // 39, 40, 33, 40 the same night.
    ['written receipt photos E EXTRACT', 'receipts-e.json', [0.9, 0.95, 0.75, 0.95]],
    // A sixth author's, all Malaysian in the manner of SROIE; first reading 2026-12-07 (e63e6d7): 35,
    // 40, 32, 40 of 40; 38, 40, 35, 40 the same night.
    ['written receipt photos F EXTRACT', 'receipts-f.json', [0.9, 0.95, 0.85, 0.95]],
    // A seventh author's, Malaysian in the manner of SROIE; first reading 2026-12-07 (2b7f4ca): 35,
    // 37, 32, 40 of 40; 37, 39, 36, 40 the same morning; 37, 40, 36, 40 later.
    ['written receipt photos G EXTRACT', 'receipts-g.json', [0.9, 0.95, 0.85, 0.95]],
    // An eighth author's, Malaysian of 2016-2019 in the manner of SROIE (SST and GST eras, brands
    // above legal names, patients' and customers' blocks, dates that are not the sale's); first
    // reading 2026-12-07 (1cd3ec1): 32, 39, 36, 40 of 40; 38, 40, 36, 40 the same morning.
    ['written receipt photos H EXTRACT', 'receipts-h.json', [0.9, 0.95, 0.85, 0.95]],
    // A ninth author's, Malaysian of 2017-2018, built around hard names and addresses (wrapped
    // names, logo words and slogans above them, kampung and KM addresses, customers' blocks); first
    // reading 2026-12-07 (676ea4b): 29, 38, 29, 37 of 40; 37, 40, 30, 37 by noon.
    ['written receipt photos I EXTRACT', 'receipts-i.json', [0.9, 0.95, 0.7, 0.9]],
    // A tenth author's, Malaysian of 2016-2019 (outlet lines with store codes, names wrapped before
    // their legal form, registration lines in Malay, a delivery's block, a name only at the foot,
    // second dates); first reading 2026-12-07, afternoon: 35, 39, 27, 40 of 40.
    ['written receipt photos J EXTRACT', 'receipts-j.json', [0.9, 0.95, 0.8, 0.95]],
    // An eleventh author's, Malaysian of 2016-2018 (brands and slogans above legal names, names
    // wrapped, a name and address only at the foot, customers' blocks, 'CO. REG' lines, the phone
    // beside the town, JUMLAH and NETT totals); first reading 2026-12-07, evening: 37, 40, 32, 39 of 40.
    ['written receipt photos K EXTRACT', 'receipts-k.json', [0.9, 0.95, 0.8, 0.95]],
    // A twelfth author's, Malaysian of 2016-2018 (chains with branch lines, a petrol dealer under
    // its brand, malls' lots, 3-5 address lines, the address above the name, card payments, a date
    // only in the footer); first reading 2026-12-07, evening: 38, 40, 30, 38 of 40.
    ['written receipt photos L EXTRACT', 'receipts-l.json', [0.9, 0.95, 0.8, 0.95]],
    // A thirteenth author's, 32 Malaysian and 8 of other countries (SENDIRIAN BERHAD spelled out, a
    // name in brackets under a stall's sign, the address before the name, a legal name only at the
    // foot, card slips' second dates, a card surcharge); first reading 2026-12-07, night: 31, 38,
    // 30, 37 of 40.
    ['written receipt photos M EXTRACT', 'receipts-m.json', [0.85, 0.95, 0.8, 0.95]],
    // A fourteenth author's, Malaysian of 2016-2019 (names wrapped after "&", stations' signs over
    // dealers' names, store codes under the town, malls' lines, hotels' folios, car parks); first
    // reading 2026-12-07, night: 34, 40, 31, 40 of 40.
    ['written receipt photos N EXTRACT', 'receipts-n.json', [0.875, 0.95, 0.825, 0.95]],
    // A fifteenth author's, asked for the ordinary mix of SROIE rather than hard cases: 34 Malaysian
    // of 2016-2019 and 6 of six other countries; first reading 2026-12-07, late night: 37, 40, 30, 40
    // of 40 (what it missed was mostly OCR's: "BAYY" for BAYU, "FL00R"); 39, 40, 33, 40 the same night.
    ['written receipt photos O EXTRACT', 'receipts-o.json', [0.95, 0.95, 0.8, 0.95]],
    // A sixteenth author's, the ordinary mix again: 32 Malaysian of 2016-2019 and 8 of eight other
    // countries; first reading 2026-12-08: 38, 40, 35, 40 of 40 (OCR's "FL00R", "DAT0'", "Lud1ow",
    // "ViC" in addresses); 38, 40, 39, 40 the same night.
    ['written receipt photos P EXTRACT', 'receipts-p.json', [0.925, 0.95, 0.9, 0.95]],
    // A seventeenth author's, each slip written apart: 30 Malaysian and 10 of ten other countries
    // (Vietnam, Japan, Thailand, Hong Kong, France, Spain …); first reading 2026-12-08: 35, 40, 30, 38
    // of 40; 35, 40, 36, 39 the same night.
    ['written receipt photos Q EXTRACT', 'receipts-q.json', [0.85, 0.95, 0.85, 0.95]],
  ];
  for (const [set, file, [company, date, address, total]] of written) {
    receiptRows(set, await measureWrittenReceipts(log, file), { company, date, address, total });
  }
  // The first set again, its print faded as an old thermal slip's (receipts-synth.ts, fadeThermal):
  // first reading 2026-12-06, evening: 12, 14, 8, 19 of 40 (a close photo with the table in its
  // corners read as blank paper); 25, 30, 16, 31 late that night; 31, 33, 17, 32 on 2026-12-07,
  // morning (tesseract's crop keeps faded print; the other reading's name where one misread it);
  // 32, 33, 17, 33 later that morning (PaddleOCR's split without the table at the photo's edges).
  receiptRows(
    'written receipt photos, faded print, EXTRACT',
    await measureWrittenReceipts(log, 'receipts.json', { thermal: true }),
    { company: 0.8, date: 0.8, address: 0.4, total: 0.8 },
  );
  // The first set again, each photo taken at an angle, one side of the paper further away
  // (receipts-synth.ts, atAnAngle): first reading 2026-12-06 (3ba57bc): 38, 39, 26, 25 of 40 (a price
  // column a row off its labels where the rows fan out); 38, 39, 29, 40 since; 38, 39, 32, 40 on
  // 2026-12-07, morning.
  receiptRows(
    'written receipt photos at an angle EXTRACT',
    await measureWrittenReceipts(log, 'receipts.json', { angled: true }),
    { company: 0.9, date: 0.95, address: 0.75, total: 0.95 },
  );
}

function receiptRows(
  set: string,
  m: SynthMeasurement,
  pass: Record<'company' | 'date' | 'address' | 'total', number>,
) {
  for (const field of ['company', 'date', 'address', 'total'] as const) {
    rows.push({
      set,
      metric: `exact ${field}, ${m.receipts} receipts`,
      value: m[field] / m.receipts,
      reference: Number.NaN,
      pass: pass[field],
      note: `${m[field]}/${m.receipts}`,
    });
  }
}

function qualitySet() {
  const dir = join(corpus, 'text-quality');
  if (!existsSync(join(dir, 'labels.json'))) return;
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as {
    file: string;
    grade_by_cer_band: string;
    note?: string;
  }[];
  let agree = 0;
  let graded = 0;
  let aForD = 0;
  for (const label of labels) {
    // The labels mark one reference as unusable for grading ("do not use for grading").
    if (/do not use for grading/i.test(label.note ?? '')) continue;
    const text = readFileSync(join(dir, label.file), 'utf8');
    // These are extractor outputs without the engine's confidence: OCR output (tesseract,
    // "_tess") is scored as OCR with unknown confidence, the rest as a text layer.
    const q = scoreQuality([{ text, ocr: /_tess/.test(label.file), confidence: Number.NaN }]);
    const want = label.grade_by_cer_band.charAt(0);
    graded++;
    if (q.grade === want) agree++;
    if (want === 'D' && q.grade === 'A') aForD++;
    log(`quality ${label.file}: want ${want} got ${q.grade} (${q.score})`);
  }
  rows.push({
    set: 'text-quality grades',
    metric: `agreement, ${graded} texts`,
    value: agree / graded,
    reference: Number.NaN,
    pass: 0.8,
  });
  rows.push({
    set: 'text-quality grades',
    metric: 'A given for a D',
    value: aForD,
    reference: Number.NaN,
    pass: 0,
    lowerIsBetter: true,
  });
}

function fmt(row: Row, x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (row.metric.startsWith('A given')) return String(x);
  if (
    row.metric.startsWith('CER') ||
    row.metric.startsWith('exact') ||
    row.metric.startsWith('correct') ||
    row.metric.startsWith('agreement') ||
    row.metric.startsWith('receipts')
  ) {
    return `${(x * 100).toFixed(1)} %`;
  }
  if (row.metric.includes('pages/s')) return x.toFixed(2);
  return x.toFixed(3);
}

async function main() {
  if (!existsSync(corpus)) {
    console.log(`accuracy: no corpus at ${corpus} (set CORPUS_DIR); nothing to measure.`);
    return 0;
  }
  const started = performance.now();
  // Pass lines: today's figures (the PDF target is 0.96; Arabic RTL and tables hold it back).
  if (wanted('pdf')) await wordF1Set('docling PDFs', join(corpus, 'docling/pdf'), '.pdf', 0.949, 0.89);
  if (wanted('docx')) await wordF1Set('docling DOCX', join(corpus, 'docling/docx'), '.docx', 0.92, 0.91);
  if (wanted('ocr')) await ocrCerSet();
  if (wanted('rotated')) await rotatedSet();
  if (wanted('engines')) await enginesSet();
  if (wanted('pii')) piiSet();
  if (wanted('invoices')) await invoiceSet();
  if (wanted('classify')) await classifySet();
  if (wanted('classify-photos')) await classifyPhotoSet();
  if (wanted('receipts')) await receiptSet();
  if (wanted('receipts-synth')) await synthReceiptSet();
  if (wanted('quality')) qualitySet();
  if (timings.textPages > 0) {
    rows.push({
      set: 'speed',
      metric: 'text pages/s',
      value: timings.textPages / (timings.textMs / 1000),
      reference: Number.NaN,
      pass: 1,
      note: `${timings.textPages} pages`,
    });
  }
  if (timings.ocrPages > 0) {
    rows.push({
      set: 'speed',
      metric: 'OCR pages/s',
      value: timings.ocrPages / (timings.ocrMs / 1000),
      reference: Number.NaN,
      pass: 0.05,
      note: `${timings.ocrPages} pages`,
    });
  }
  // Every set that reads a scan leaves OCR workers open (the receipts set's kept the script from
  // ending): closing workers never started costs nothing.
  await (await import('../src/pipeline/formats/index.ts')).closeOcr();

  const header = ['set', 'metric', 'Docket', 'reference', 'pass line', 'ok', 'note'];
  const table = rows.map((r) => {
    // A row without a pass line (NaN) only informs.
    const ok = Number.isNaN(r.pass) || (r.lowerIsBetter ? r.value <= r.pass : r.value >= r.pass);
    return [
      r.set,
      r.metric,
      fmt(r, r.value),
      fmt(r, r.reference),
      Number.isNaN(r.pass) ? '' : `${r.lowerIsBetter ? '<=' : '>='} ${fmt(r, r.pass)}`,
      Number.isNaN(r.pass) ? '' : ok ? 'ok' : 'FAIL',
      r.note ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const t of table) console.log(line(t));
  console.log(`\n${((performance.now() - started) / 1000).toFixed(0)} s; corpus ${corpus}`);
  return table.some((t) => t[5] === 'FAIL') ? 1 : 0;
}

process.exitCode = await main();
