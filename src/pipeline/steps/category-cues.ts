// Evidence for a category: phrases from its name and description, plus a lexicon of cues for
// the document types callers name most often. Text and cues are compared as stemmed words, so
// "invoices", "Invoice" and "INVOICED" all count for "invoice".

import type { Category } from '../types.ts';
import { fold } from './layout.ts';

export interface Cue {
  /** Stemmed words joined by single spaces. */
  stems: string;
  /** The phrase as it reads, for the reasoning. */
  phrase: string;
  weight: number;
}

const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in is it its of on or that the this to was were will with ' +
    'any all can may not no our your you we they their them such which who whom whose what when where why how ' +
    'document documents file page pages type kind one other some usually often also e g eg ie etc like'
  ).split(' '),
);

export function stem(word: string): string {
  let w = word;
  for (const [suffix, replacement] of [
    ['ies', 'y'],
    ['ing', ''],
    ['ed', ''],
    ['es', ''],
    ['s', ''],
  ] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !(suffix === 's' && w.endsWith('ss'))) {
      w = w.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function wordsOf(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function stemsOf(text: string): string {
  return wordsOf(text).map(stem).join(' ');
}

// Cues for common document types: the keys are matched against the category's name words.
const LEXICON: { keys: string[]; cues: [string, number][] }[] = [
  {
    keys: ['invoice', 'bill', 'factuur', 'facture', 'rechnung'],
    cues: [
      ['invoice', 2.5],
      ['invoice number', 3],
      ['invoice no', 3],
      ['invoice date', 3],
      ['bill to', 2.5],
      ['amount due', 2.5],
      ['balance due', 2.5],
      ['due date', 2],
      ['total due', 2],
      ['payment terms', 2],
      ['subtotal', 1.2],
      ['vat', 1],
      ['tax', 0.8],
      ['unit price', 1.2],
      ['qty', 0.8],
      ['remit', 1.5],
      ['factuur', 2.5],
      ['facture', 2.5],
      ['rechnung', 2.5],
      ['faktura', 2.5],
      ['iban', 0.8],
    ],
  },
  {
    keys: ['receipt', 'ticket', 'till'],
    cues: [
      ['receipt', 2.5],
      ['cash', 1.2],
      ['change', 1],
      ['card', 0.8],
      ['thank you', 1.2],
      ['paid', 1],
      ['visa', 1],
      ['mastercard', 1],
      ['cashier', 2],
      ['store', 1],
      ['transaction', 1],
      ['tip', 1],
      ['payment received', 2],
      ['total', 0.5],
      ['subtotal', 0.5],
      ['auth code', 1.5],
      ['terminal', 1.2],
    ],
  },
  {
    keys: ['contract', 'agreement', 'lease', 'nda'],
    cues: [
      ['agreement', 2.5],
      ['contract', 2.5],
      ['party', 1.2],
      ['parties', 1.5],
      ['hereby', 2],
      ['shall', 1.2],
      ['terms and conditions', 1.5],
      ['witness', 1.5],
      ['signature', 1],
      ['effective date', 2],
      ['governing law', 2.5],
      ['termination', 1.5],
      ['clause', 1.5],
      ['whereas', 2.5],
      ['lessee', 2],
      ['lessor', 2],
    ],
  },
  {
    keys: ['resume', 'cv', 'curriculum'],
    cues: [
      ['resume', 2.5],
      ['curriculum vitae', 3],
      ['experience', 1.5],
      ['education', 1.5],
      ['skills', 1.5],
      ['employment', 1.2],
      ['university', 1.2],
      ['references', 1],
      ['objective', 1],
      ['linkedin', 1.5],
      ['bachelor', 1.2],
    ],
  },
  {
    keys: ['statement', 'bank'],
    cues: [
      ['statement', 2],
      ['bank statement', 3],
      ['account statement', 3],
      ['opening balance', 2.5],
      ['closing balance', 2.5],
      ['balance', 1],
      ['deposit', 1.2],
      ['withdrawal', 1.5],
      ['transaction', 1],
      ['statement period', 2.5],
      ['credit', 0.8],
      ['debit', 1],
      ['account number', 1.2],
    ],
  },
  {
    keys: ['purchase', 'order', 'po'],
    cues: [
      ['purchase order', 3],
      ['po number', 2.5],
      ['order date', 1.5],
      ['ship to', 1.2],
      ['vendor', 1.2],
      ['delivery date', 1.5],
      ['buyer', 1.2],
      ['order', 1],
    ],
  },
  {
    keys: ['letter', 'correspondence', 'email'],
    cues: [
      ['dear', 2],
      ['sincerely', 2.5],
      ['regards', 2],
      ['yours faithfully', 2.5],
      ['to whom it may concern', 2.5],
    ],
  },
  {
    keys: ['form', 'application', 'questionnaire', 'survey'],
    cues: [
      ['form', 2],
      ['application', 1.5],
      ['please fill', 2],
      ['applicant', 2],
      ['date of birth', 1.2],
      ['signature', 1],
      ['please print', 1.5],
      ['check one', 1.5],
      ['yes no', 1],
    ],
  },
  {
    keys: ['payslip', 'payroll', 'salary', 'paystub', 'wage'],
    cues: [
      ['payslip', 3],
      ['pay slip', 3],
      ['salary', 2],
      ['gross pay', 2.5],
      ['net pay', 2.5],
      ['deductions', 1.5],
      ['employee', 1.2],
      ['earnings', 1.5],
      ['pay period', 2],
      ['ytd', 1.5],
      ['pay date', 1.5],
    ],
  },
  {
    keys: ['tax', 'w2', 'w-2', '1099', 'return'],
    cues: [
      ['tax return', 3],
      ['taxable income', 2.5],
      ['irs', 2],
      ['filing status', 2.5],
      ['deduction', 1],
      ['withholding', 2],
      ['form w-2', 3],
      ['1099', 2],
    ],
  },
  {
    keys: ['medical', 'health', 'prescription', 'clinical', 'patient', 'lab'],
    cues: [
      ['patient', 2],
      ['diagnosis', 2],
      ['prescription', 2],
      ['physician', 2],
      ['hospital', 1.5],
      ['treatment', 1.5],
      ['medical', 1.5],
      ['dosage', 2],
      ['mg', 1],
      ['clinic', 1.5],
    ],
  },
  {
    keys: ['report', 'paper', 'article', 'research'],
    cues: [
      ['report', 1.5],
      ['summary', 1],
      ['findings', 1.5],
      ['analysis', 1.2],
      ['introduction', 1.2],
      ['conclusion', 1.5],
      ['results', 1.2],
      ['abstract', 2],
      ['references', 1],
    ],
  },
  {
    keys: ['quote', 'quotation', 'estimate', 'proposal', 'offer'],
    cues: [
      ['quote', 2.5],
      ['quotation', 3],
      ['estimate', 2.5],
      ['valid until', 2.5],
      ['proposal', 2],
      ['offer', 1.5],
    ],
  },
  {
    keys: ['credit', 'refund'],
    cues: [
      ['credit note', 3],
      ['credit memo', 3],
      ['refund', 2],
      ['credited', 1.5],
    ],
  },
  {
    keys: ['delivery', 'packing', 'shipping', 'waybill'],
    cues: [
      ['delivery note', 3],
      ['packing slip', 3],
      ['packing list', 3],
      ['shipped', 1.5],
      ['tracking', 1.5],
      ['carrier', 1.5],
      ['ship to', 1.2],
      ['delivered', 1.2],
    ],
  },
  {
    keys: ['id', 'identity', 'passport', 'license', 'licence'],
    cues: [
      ['passport', 3],
      ['identity card', 3],
      ['date of birth', 1.5],
      ['nationality', 2],
      ['driver license', 3],
      ['expiry', 1.2],
      ['place of birth', 2],
    ],
  },
];

function nameWordsOf(category: Category): string[] {
  return wordsOf(category.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ')).filter(
    (w) => !STOPWORDS.has(w),
  );
}

/**
 * Stemmed words that, as a document's heading, name the category: its own name words and,
 * for the common types, the word in other languages ("Factuur", "Rechnung" for an invoice).
 */
export function headingStems(category: Category): string[] {
  const words = nameWordsOf(category);
  const stems = new Set(words.map(stem));
  const out = new Set(stems);
  for (const entry of LEXICON) {
    if (entry.keys.some((k) => stems.has(stem(k)))) for (const k of entry.keys) out.add(stem(k));
  }
  return [...out].filter((s) => s.length >= 3);
}

/** The cues of one category, strongest first; each phrase once, with its highest weight. */
export function cuesFor(category: Category): Cue[] {
  const cues = new Map<string, Cue>();
  const add = (phrase: string, weight: number) => {
    const stems = stemsOf(phrase);
    if (!stems) return;
    const existing = cues.get(stems);
    if (!existing || existing.weight < weight)
      cues.set(stems, { stems, phrase: phrase.trim().toLowerCase(), weight });
  };
  const nameWords = wordsOf(category.name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' '));
  const contentWords = nameWords.filter((w) => !STOPWORDS.has(w));
  if (contentWords.length > 0) add(contentWords.join(' '), 3);
  for (const w of contentWords) if (w.length >= 2) add(w, contentWords.length === 1 ? 3 : 1.5);
  const description = category.description ?? '';
  for (const m of description.matchAll(/["“'‘]([^"”'’]{2,60})["”'’]/g)) add(m[1]!, 2.5);
  const descWords = wordsOf(description).filter((w) => !STOPWORDS.has(w) && w.length >= 3);
  for (const w of descWords) add(w, 1);
  for (let i = 0; i + 1 < descWords.length; i++) add(`${descWords[i]} ${descWords[i + 1]}`, 1.5);
  const nameStems = new Set(contentWords.map(stem));
  for (const entry of LEXICON) {
    if (entry.keys.some((k) => nameStems.has(stem(k))))
      for (const [phrase, weight] of entry.cues) add(phrase, weight * 0.8);
  }
  return [...cues.values()].sort((a, b) => b.weight - a.weight);
}

/** How often each cue occurs in the stemmed text (whole words only). */
export function countCue(stemmedText: string, cue: Cue): number {
  // A long single word also counts at the start of a compound ("Rechnung" in "Rechnungsdatum",
  // "factuur" in "Factuurnummer"), as German and Dutch write them.
  const compound = !cue.stems.includes(' ') && cue.stems.length >= 6;
  const needle = compound ? ` ${cue.stems}` : ` ${cue.stems} `;
  let count = 0;
  let at = stemmedText.indexOf(needle);
  while (at >= 0) {
    count++;
    at = stemmedText.indexOf(needle, at + needle.length - (compound ? 0 : 1));
  }
  return count;
}
