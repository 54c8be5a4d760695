// The document-type dev set: bench/classify-manifest.json lists files of ../shared/corpus with
// their labels. Each file goes through the pipeline as a CLASSIFY job would (text or OCR, then
// the classifier with the document's shape), offered every category of the manifest by name,
// with the name as description. Run alone for the per-file answers:
//
//   ./node_modules/.bin/node bench/classify-set.ts [--naming=lowercasePlural|french|german|described]
//
// --naming offers the same categories named another way (see NAMINGS).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyDocument } from '../src/pipeline/steps/classify.ts';

interface Manifest {
  categories: string[];
  documents: { path: string; label: string }[];
}

export interface ClassifyMeasurement {
  files: number;
  correct: number;
  /** Mean confidence of the right and of the wrong answers: confidence should tell them apart. */
  confidenceRight: number;
  confidenceWrong: number;
  details: { path: string; label: string; got: string; confidence: number; noneFits: boolean }[];
}

const manifestPath = fileURLToPath(new URL('./classify-manifest.json', import.meta.url));

async function readDocument(corpusDir: string, path: string) {
  // CLASSIFY_TEXT_CACHE=/tmp/x keeps each file's text between runs (OCR is slow); off by default.
  const cacheDir = process.env.CLASSIFY_TEXT_CACHE;
  const cacheFile = cacheDir ? join(cacheDir, `${path.replace(/[^\w.-]+/g, '_')}.json`) : undefined;
  if (cacheFile && existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8'));
  const { runPipeline } = await import('../src/pipeline/run.ts');
  const result = await runPipeline(
    {
      bytes: new Uint8Array(readFileSync(join(corpusDir, path))),
      endpoint: 'PARSE',
      options: { ocr: 'AUTO', redactPii: false },
      limits: { maxPages: 50, maxPixels: 100_000_000, timeoutMs: 600_000 },
    },
    () => {},
  );
  const pages = result.body.pages as { ocr: boolean }[];
  const doc = { text: String(result.body.text), pageCount: pages.length, ocr: pages.some((p) => p.ocr) };
  if (cacheDir && cacheFile) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(doc));
  }
  return doc;
}

/**
 * Other ways a caller names the same categories (issue 12: "synonyms, English, French, German
 * at least"): each scheme renames every category of the manifest; an answer is right when it is
 * the label's new name. Written for this check from general usage, not from the classifier's
 * own name lists.
 */
export const NAMINGS: Record<string, Record<string, string | { name: string; description: string }>> = {
  lowercasePlural: Object.fromEntries([
    ['receipt', 'receipts'],
    ['invoice', 'invoices'],
    ['passport', 'passports'],
    ['ID card', 'id cards'],
    ['driver license', "driver's licenses"],
    ['payslip', 'payslips'],
    ['bank statement', 'bank statements'],
    ['scientific paper', 'research papers'],
    ['form', 'forms'],
    ['legal transcript', 'court transcripts'],
    ['utility bill', 'utility bills'],
    ['business card', 'business cards'],
    ['contract', 'contracts'],
    ['letter', 'letters'],
    ['memo', 'memos'],
    ['purchase order', 'purchase orders'],
    ['quote', 'quotes'],
    ['credit note', 'credit notes'],
    ['tax form', 'tax forms'],
    ['medical record', 'medical records'],
    ['certificate', 'certificates'],
    ['shipping document', 'shipping documents'],
    ['menu', 'menus'],
    ['ticket', 'tickets'],
    ['report', 'reports'],
    ['resume', 'CVs'],
    ['meeting minutes', 'minutes'],
    ['regulation', 'regulations'],
    ['manual', 'manuals'],
    ['newspaper', 'newspapers'],
  ]),
  french: {
    receipt: 'ticket de caisse',
    invoice: 'facture',
    passport: 'passeport',
    'ID card': "carte d'identité",
    'driver license': 'permis de conduire',
    payslip: 'fiche de paie',
    'bank statement': 'relevé bancaire',
    'scientific paper': 'article scientifique',
    form: 'formulaire',
    'legal transcript': "transcription d'audience",
    'utility bill': "facture d'électricité",
    'business card': 'carte de visite',
    contract: 'contrat',
    letter: 'lettre',
    memo: 'note de service',
    'purchase order': 'bon de commande',
    quote: 'devis',
    'credit note': 'note de crédit',
    'tax form': "déclaration d'impôts",
    'medical record': 'dossier médical',
    certificate: 'certificat',
    'shipping document': "bordereau d'expédition",
    menu: 'carte du restaurant',
    ticket: 'billet',
    report: 'rapport',
    resume: 'curriculum vitae',
    'meeting minutes': 'procès-verbal',
    regulation: 'règlement',
    manual: "manuel d'utilisation",
    newspaper: 'journal',
  },
  german: {
    receipt: 'Kassenbon',
    invoice: 'Rechnung',
    passport: 'Reisepass',
    'ID card': 'Personalausweis',
    'driver license': 'Führerschein',
    payslip: 'Gehaltsabrechnung',
    'bank statement': 'Kontoauszug',
    'scientific paper': 'wissenschaftlicher Artikel',
    form: 'Formular',
    'legal transcript': 'Gerichtsprotokoll',
    'utility bill': 'Stromrechnung',
    'business card': 'Visitenkarte',
    contract: 'Vertrag',
    letter: 'Brief',
    memo: 'Aktennotiz',
    'purchase order': 'Bestellung',
    quote: 'Angebot',
    'credit note': 'Gutschrift',
    'tax form': 'Steuerformular',
    'medical record': 'Krankenakte',
    certificate: 'Zertifikat',
    'shipping document': 'Lieferschein',
    menu: 'Speisekarte',
    ticket: 'Fahrkarte',
    report: 'Bericht',
    resume: 'Lebenslauf',
    'meeting minutes': 'Sitzungsprotokoll',
    regulation: 'Verordnung',
    manual: 'Handbuch',
    newspaper: 'Zeitung',
  },
  described: {
    receipt: { name: 'POS', description: 'till slip from a shop or restaurant' },
    invoice: { name: 'AP doc', description: 'a bill from a supplier asking for payment' },
    passport: { name: 'travel doc', description: 'passport with machine readable zone' },
    'ID card': { name: 'identity', description: 'national identity card' },
    'driver license': { name: 'DL', description: 'driving licence' },
    payslip: { name: 'salary', description: 'pay stub showing gross and net pay' },
    'bank statement': { name: 'statement', description: 'bank account statement with transactions' },
    'scientific paper': { name: 'academic', description: 'scholarly article with abstract and references' },
    form: { name: 'blank form', description: 'a form with fields to fill in' },
    'legal transcript': { name: 'hearing', description: 'transcript of court proceedings' },
    'utility bill': { name: 'utilities', description: 'electricity, gas or water bill' },
    'business card': { name: 'contact card', description: 'business card with name and phone' },
    contract: { name: 'agreement', description: 'legal agreement between parties' },
    letter: { name: 'correspondence', description: 'a letter' },
    memo: { name: 'internal note', description: 'memorandum' },
    'purchase order': { name: 'PO', description: 'purchase order' },
    quote: { name: 'offer', description: 'price quotation' },
    'credit note': { name: 'refund', description: 'credit memo' },
    'tax form': { name: 'tax', description: 'tax return form' },
    'medical record': { name: 'health', description: 'patient medical record' },
    certificate: { name: 'diploma', description: 'certificate of completion' },
    'shipping document': { name: 'logistics', description: 'bill of lading or packing list' },
    menu: { name: 'food', description: 'restaurant menu' },
    ticket: { name: 'travel', description: 'boarding pass or train ticket' },
    report: { name: 'analysis', description: 'report with findings and statistics' },
    resume: { name: 'candidate', description: 'curriculum vitae of a job applicant' },
    'meeting minutes': { name: 'meeting', description: 'minutes of a meeting' },
    regulation: { name: 'law', description: 'rule or regulation published by a government' },
    manual: { name: 'documentation', description: 'user guide or handbook' },
    newspaper: { name: 'press', description: 'newspaper page' },
  },
};

export async function measureClassify(corpusDir: string, naming?: string): Promise<ClassifyMeasurement> {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const renames = naming ? NAMINGS[naming] : undefined;
  if (naming && !renames) throw new Error(`unknown naming ${naming}: ${Object.keys(NAMINGS).join(', ')}`);
  const renamed = (label: string) => {
    const r = renames?.[label] ?? label;
    return typeof r === 'string' ? { name: r, description: r } : r;
  };
  const categories = manifest.categories.map(renamed);
  const details: ClassifyMeasurement['details'] = [];
  for (const { path, label } of manifest.documents) {
    if (!existsSync(join(corpusDir, path))) continue;
    const doc = await readDocument(corpusDir, path);
    const r = classifyDocument(doc.text, categories, { pageCount: doc.pageCount, ocr: doc.ocr });
    details.push({
      path,
      label: renamed(label).name,
      got: r.classification,
      confidence: r.confidence,
      noneFits: r.noneFits,
    });
  }
  const right = details.filter((d) => d.got === d.label);
  const wrong = details.filter((d) => d.got !== d.label);
  const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  return {
    files: details.length,
    correct: right.length,
    confidenceRight: meanOf(right.map((d) => d.confidence)),
    confidenceWrong: meanOf(wrong.map((d) => d.confidence)),
    details,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = process.env.CORPUS_DIR ?? fileURLToPath(new URL('../../shared/corpus', import.meta.url));
  const naming = process.argv.find((a) => a.startsWith('--naming='))?.split('=')[1];
  const m = await measureClassify(corpus, naming);
  for (const d of m.details) {
    const mark = d.got === d.label ? 'ok  ' : 'MISS';
    console.log(
      `${mark} ${d.label.padEnd(18)} got ${d.got.padEnd(18)} ${d.confidence.toFixed(2)}${d.noneFits ? ' none-fits' : ''}  ${d.path}`,
    );
  }
  console.log(
    `${m.correct}/${m.files}; mean confidence right ${m.confidenceRight.toFixed(2)}, wrong ${m.confidenceWrong.toFixed(2)}`,
  );
  const { closeOcr } = await import('../src/pipeline/formats/index.ts');
  await closeOcr();
}
