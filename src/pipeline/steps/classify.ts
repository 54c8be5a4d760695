// CLASSIFY: pick one of the caller's categories by the evidence in the document. The document
// is scored against every known document type (doc-types.ts: phrases and field labels,
// patterns such as MRZ lines, and the page's shape); each category takes the score of the type
// its name or description names ("Rechnung" → invoice), and a category that names no known type
// is scored on the words of its own name and description. Confidence is a probability over
// the categories, the best type no category names, and "nothing fits": a document that reads
// like a passport when only invoice and receipt are offered gets a low confidence and
// `noneFits: true`, not a confident wrong answer.

import { type Category, PipelineError } from '../types.ts';
import { type Cue, cueNeedle, cueOccurrences, cuesFor, matchDocType, stemsOf } from './category-cues.ts';
import { DOC_TYPES, type DocType, MESSAGE_HEAD, NEWS_HEAD } from './doc-types.ts';

export interface Classification {
  classification: string;
  reasoning: string;
  confidence: number;
  scores: Record<string, number>;
  /** True when no given category fits: the evidence favours no type, or a type none names. */
  noneFits: boolean;
  /** The known document type the text reads most like (doc-types.ts id), when any has evidence. */
  documentType: string | null;
}

/** What the classifier knows about the document besides its text. */
export interface DocumentShape {
  pageCount: number;
  /** Whether the text came from OCR (a scan or a photo). */
  ocr: boolean;
}

export interface Found {
  phrase: string;
  count: number;
  contribution: number;
}

export interface CategoryEvidence {
  category: Category;
  /** The known type the category was matched to, if any. */
  type: DocType | undefined;
  raw: number;
  found: Found[];
}

// Only the start of a very long text is read: the type of a document shows early, and
// counting cues over hundreds of megabytes would only cost time.
const MAX_CHARS = 400_000;
const TITLE_CHARS = 300;
// Each further cue adds less: a long text touches many generic cues of many types.
const DECAY = 0.85;

export function assertCategories(categories: Category[]): void {
  if (!Array.isArray(categories) || categories.length === 0) {
    throw new PipelineError('invalid_request', 'at least one category is needed; none were given');
  }
  const names = new Set<string>();
  for (const c of categories) {
    if (!c || typeof c.name !== 'string' || !c.name.trim()) {
      throw new PipelineError('invalid_request', 'every category needs a non-empty name');
    }
    if (names.has(c.name)) throw new PipelineError('invalid_request', `category "${c.name}" is given twice`);
    names.add(c.name);
  }
}

// A type's cues by their stems, each once: "certificate" and French "certificat" stem alike and
// are one cue (its larger weight), not the same words counted twice.
const typeCues: Cue[][] = DOC_TYPES.map((t) => {
  const byStems = new Map<string, Cue>();
  for (const [phrase, weight] of t.cues) {
    const stems = stemsOf(phrase);
    const seen = byStems.get(stems);
    if (!seen || weight > seen.weight) byStems.set(stems, { stems, phrase: seen?.phrase ?? phrase, weight });
  }
  return [...byStems.values()];
});

/** A stemmed text and where each phrase looked for stands in it, found once per text. */
interface Searched {
  text: string;
  hits: Map<string, number[]>;
}

interface Prepared {
  body: Searched;
  title: Searched;
  raw: string;
}

// "NOT A DRIVER LICENSE" on an identity card, "This is not an invoice" on a quote: what a
// document says it is not is no evidence that it is.
const DENIAL =
  /\b(?:not (?:an?|valid as an?)|kein(?:e|en)?|pas une?|ne vaut pas)[ \t]+\p{L}+(?:[ \t]+\p{L}+){0,2}/giu;

// A heading printed letter-spaced ("C R E D I T   M E M O", "I N V O I C E"): four letters or
// more, each alone, one space apart.
const LETTER_SPACED = /(?<![\p{L}\d])(?:[\p{L}0] ){3,}[\p{L}0](?![\p{L}\d])/gu;

function prepare(text: string): Prepared {
  const raw = text
    .slice(0, MAX_CHARS)
    .replace(LETTER_SPACED, (run) => run.replace(/ /g, '').replace(/0/g, 'O'))
    // OCR's digits for letters inside a word ("CRED1T N0TE", "INV0ICE"): the letters they stand for;
    .replace(/(?<=\p{L})[01](?=\p{L})|(?<=\p{L}{2})0\b/gu, (d) => (d === '0' ? 'O' : 'I'))
    // ... a small l for an I in a word in capitals ("lNDIAN", "DRlVING"), a 0 for an O before one ("0UTWARD").
    .replace(/(?<![\p{L}\d])l(?=\p{Lu}{2})|(?<=\p{Lu})l(?=\p{Lu})/gu, 'I')
    .replace(/(?<![\p{L}\d])0(?=\p{Lu}{3})/gu, 'O')
    // (A card that says it is no driver licence is a state's non-driver ID card: that it says.)
    .replace(DENIAL, (m) => (/driver/i.test(m) ? 'NON-DRIVER ID'.padEnd(m.length) : ' '.repeat(m.length)));
  const searched = (text: string): Searched => ({ text, hits: new Map() });
  return {
    raw,
    body: searched(` ${stemsOf(raw)} `),
    // A mail's header is no heading, nor is the subject in it; nor is a news story's headline.
    title: searched(
      MESSAGE_HEAD.test(raw) || NEWS_HEAD.test(raw)
        ? ' '
        : ` ${stemsOf(raw.trimStart().slice(0, TITLE_CHARS).replace(SUBJECT_LINE, ' '))} `,
    ),
  };
}

// A memo's or a letter's subject line (and the line it wraps onto) says what the writing is about,
// not what it is: "Subject: … cut-off for / purchase invoices" heads no invoice.
const SUBJECT_LINE =
  /^[^\S\n]*[^\p{L}\d\s]?[^\S\n]*(?:subject|subj|re|betreff|objet|asunto|oggetto|onderwerp|assunto)[ \t]*:[^\n]*(?:\n(?![^\S\n]*[^\p{L}\d\s]?[^\S\n]*\p{L}+[ \t]*:)[^\n]*)?/gimu;

function total(found: Found[]): number {
  const sorted = found.map((f) => f.contribution).sort((a, b) => b - a);
  return sorted.reduce((sum, c, i) => sum + c * DECAY ** i, 0);
}

/** Every known type's cue phrases, for finding the longer phrases that hold a shorter one. */
const ALL_CUE_STEMS = [
  ...new Set(DOC_TYPES.flatMap((t) => t.cues.map(([phrase]) => stemsOf(phrase)))),
].filter(Boolean);
const holdersOf = new Map<string, string[]>();
/** The known cue phrases that hold `stems` as whole words ("invoice" in "invoice no", "original invoice"). */
function holders(stems: string): string[] {
  let found = holdersOf.get(stems);
  if (!found) {
    const needle = cueNeedle(stems);
    found = ALL_CUE_STEMS.filter((o) => o.length > stems.length && ` ${o} `.includes(needle));
    holdersOf.set(stems, found);
  }
  return found;
}

/**
 * How often a cue stands in `text` on its own: not inside a longer known phrase, of any type,
 * that holds it. The "invoice" of a packing list's "Invoice No." and of a credit note's
 * "original invoice" is that phrase, which names another document, not this one.
 */
function standalone(searched: Searched, stems: string): number {
  const where = (phrase: string) => {
    let hits = searched.hits.get(phrase);
    if (!hits) {
      hits = cueOccurrences(searched.text, phrase);
      searched.hits.set(phrase, hits);
    }
    return hits;
  };
  const own = where(stems);
  if (own.length === 0) return 0;
  const covered: [number, number][] = [];
  for (const longer of holders(stems)) {
    for (const at of where(longer)) covered.push([at, at + longer.length + 1]);
  }
  if (covered.length === 0) return own.length;
  return own.filter((at) => !covered.some(([from, to]) => at >= from && at + stems.length <= to)).length;
}

function cueEvidence(doc: Prepared, cues: Cue[], idf: (c: Cue) => number = () => 1): Found[] {
  const found: Found[] = [];
  for (const cue of cues) {
    if (!cue.stems) continue;
    const count = standalone(doc.body, cue.stems);
    if (count === 0) continue;
    // A document names itself in its heading; the same word in running text ("see the
    // report", "a résumé of the logs") is weaker. Repeats add little.
    const strong = cue.weight >= 2.5;
    const place = standalone(doc.title, cue.stems) > 0 ? (strong ? 1.6 : 1.2) : strong ? 0.7 : 1;
    const contribution = cue.weight * Math.min(2, 1 + 0.3 * Math.log(count)) * place * idf(cue);
    found.push({ phrase: cue.phrase, count, contribution });
  }
  return found;
}

// ---- the document's shape ------------------------------------------------------------------

interface ShapeFacts {
  words: number;
  lines: number;
  contacts: number;
  amountLines: number;
  keyValueLines: number;
  shortLines: number;
  hyphenated: number;
  /** Lines that sum up or settle amounts: a total, a balance, cash and change. */
  totalLines: number;
}

// What a slip or a bill prints under its amounts, OCR's figures for letters allowed ("T0TAL").
const SUMMING_LINE =
  /t[o0]ta[l1]|jumlah|summe|gesamt|totaa[l1]|betrag|montant|importe|i[mn]porto|cash|change|tunai|baki|balance|due|paid|amount|rounding/i;

function shapeFacts(text: string): ShapeFacts {
  const lines = text.split('\n').filter((l) => l.trim());
  return {
    words: (text.match(/\S+/g) ?? []).length,
    lines: lines.length,
    contacts:
      (text.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) ?? []).length +
      (text.match(/\bwww\.|https?:\/\//gi) ?? []).length +
      (text.match(/(?:\+|\(\d)?\d[\d ()./-]{6,}\d/g) ?? []).filter(isPhoneNumber).length,
    amountLines: lines.filter((l) => /\d[.,]\d{2}\s*[A-Z€$£]{0,3}\s*$/.test(l.trim())).length,
    keyValueLines: lines.filter((l) => /^\s*[\p{L}][\p{L} .#/()-]{1,30}:\s*\S/u.test(l)).length,
    shortLines: lines.filter((l) => l.trim().length <= 45).length,
    hyphenated: lines.filter((l) => /\p{Ll}-$/u.test(l.trim())).length,
    totalLines: lines.filter((l) => SUMMING_LINE.test(l)).length,
  };
}

/**
 * Running prose: a long text in long lines, hardly any "label: value" line (a page of a paper
 * 0.41 short lines and 3 % such lines; forms are short lines and labels).
 */
function readsAsProse(facts: ShapeFacts): boolean {
  return (
    facts.words >= 400 && facts.shortLines < 0.5 * facts.lines && facts.keyValueLines < 0.1 * facts.lines
  );
}

/** A run of digits that can be a phone number: 8 digits or more, and not a date or a time. */
function isPhoneNumber(run: string): boolean {
  if ((run.match(/\d/g) ?? []).length < 8) return false;
  return !/^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:\s|$)/.test(run);
}

/** Evidence from the page's shape, by type id: what a card, a receipt or a long paper looks like. */
function shapeEvidence(facts: ShapeFacts, shape: DocumentShape | undefined): Map<string, Found[]> {
  const out = new Map<string, Found[]>();
  const add = (id: string, phrase: string, contribution: number) =>
    out.set(id, [...(out.get(id) ?? []), { phrase, count: 1, contribution }]);
  const pages = shape?.pageCount ?? 1;
  // A card has no prices: a short slip of amounts is a receipt however many numbers it prints.
  const short = facts.words > 0 && facts.words <= 60 && pages === 1 && facts.amountLines < 3;
  if (short && facts.contacts >= 2) add('business_card', 'layout: a short single page of contact details', 3);
  else if (short && facts.contacts === 1)
    add('business_card', 'layout: a short single page with contact details', 1.2);
  if (facts.words > 0 && facts.words <= 250 && pages === 1 && shape?.ocr) {
    for (const id of ['passport', 'id_card', 'driver_license'])
      add(id, 'layout: a single short scanned page, card-like', 0.6);
  }
  // Prices line by line with nothing summed or paid under them: a menu or a price board, not a bill.
  if (facts.amountLines >= 6 && facts.totalLines === 0 && facts.words <= 500 && pages <= 2) {
    add('menu', `layout: ${facts.amountLines} prices and no total`, Math.min(2.5, facts.amountLines * 0.2));
  } else if (facts.amountLines >= 4 && facts.words <= 500 && pages <= 2) {
    add(
      'receipt',
      `layout: ${facts.amountLines} lines ending in an amount`,
      Math.min(2, facts.amountLines * 0.2),
    );
    add(
      'invoice',
      `layout: ${facts.amountLines} lines ending in an amount`,
      Math.min(1.2, facts.amountLines * 0.12),
    );
  }
  if (facts.words >= 2500) add('scientific_paper', 'layout: a long text', 1);
  // Newspaper columns: many short lines, words hyphenated across them.
  if (facts.lines >= 30 && facts.shortLines / facts.lines >= 0.6 && facts.hyphenated >= 5) {
    add('newspaper', 'layout: narrow columns with hyphenated line ends', 3.5);
  }
  if (facts.lines >= 6 && facts.keyValueLines / facts.lines >= 0.35) {
    add('form', 'layout: mostly "label: value" lines', 1);
  }
  return out;
}

/** Every known type's evidence in the text, strongest first. */
export function scoreDocTypes(
  text: string,
  shape?: DocumentShape,
  doc: Prepared = prepare(text),
): { type: DocType; raw: number; found: Found[] }[] {
  const facts = shapeFacts(doc.raw);
  const byShape = shapeEvidence(facts, shape);
  const prose = readsAsProse(facts);
  return DOC_TYPES.map((type, i) => {
    const found = cueEvidence(doc, typeCues[i]!);
    let patterns = 0;
    for (const [label, re, weight, max] of type.patterns ?? []) {
      const count = Math.min(
        max,
        (doc.raw.match(re.global ? re : new RegExp(re.source, `${re.flags}g`)) ?? []).length,
      );
      if (count > 0) found.push({ phrase: label, count, contribution: weight * count });
      patterns += count;
    }
    found.push(...(byShape.get(type.id) ?? []));
    found.sort((a, b) => b.contribution - a.contribution);
    // A card, a ticket or a receipt is short: a long text that mentions their words is not one.
    const long = type.maxWords !== undefined && facts.words > type.maxWords;
    // A form is labels and blanks: a page of sentences that names forms is about them.
    const unlike = type.notProse && prose && patterns === 0;
    return { type, raw: total(found) * (long ? 0.3 : 1) * (unlike ? 0.4 : 1), found };
  }).sort((a, b) => b.raw - a.raw);
}

/** A caller's categories made ready for scoring many pages: each one's type, or its own cues. */
export interface PreparedCategories {
  categories: Category[];
  types: (DocType | undefined)[];
  cues: Cue[][];
}

export function prepareCategories(categories: Category[]): PreparedCategories {
  const types = categories.map((c) => matchDocType(c)?.type);
  return { categories, types, cues: categories.map(cuesFor) };
}

/** Evidence for each category in `text`, and for the best known type that no category names. */
export function categoryEvidence(
  text: string,
  prepared: PreparedCategories,
  shape?: DocumentShape,
): { evidence: CategoryEvidence[]; other: { type: DocType; raw: number; found: Found[] } | undefined } {
  const doc = prepare(text);
  const types = scoreDocTypes(text, shape, doc);
  const byId = new Map(types.map((t) => [t.type.id, t]));
  // Among categories scored on their own words, a cue several of them share tells less.
  const df = new Map<string, number>();
  prepared.cues.forEach((cues, i) => {
    if (!prepared.types[i]) for (const c of cues) df.set(c.stems, (df.get(c.stems) ?? 0) + 1);
  });
  const named = new Set(prepared.types.filter(Boolean).map((t) => t!.id));
  // A kind of a type offered, itself not offered (a court transcript when "court document" is),
  // fits the offered type: the category takes whichever of them has the stronger evidence.
  const within = (t: DocType) => t.within !== undefined && named.has(t.within) && !named.has(t.id);
  const evidence = prepared.categories.map((category, i): CategoryEvidence => {
    const offered = prepared.types[i];
    if (offered) {
      // The type's evidence, plus what the caller's own words add ("container number").
      // (A kind vouched for by one cue alone does not speak for the type: a memo headed "Minute".)
      const t = types
        .filter(
          (k) =>
            k.type.id === offered.id ||
            (within(k.type) && k.type.within === offered.id && k.found.length >= 2),
        )
        .reduce((a, b) => (b.raw > a.raw ? b : a), byId.get(offered.id)!);
      const type = t.type;
      const own = new Set(typeCues[DOC_TYPES.indexOf(type)]!.map((c) => c.stems));
      const extra = cueEvidence(
        doc,
        prepared.cues[i]!.filter((c) => !own.has(c.stems)),
      ).map((f) => ({ ...f, contribution: f.contribution * 0.5 }));
      const found = [...t.found, ...extra].sort((a, b) => b.contribution - a.contribution);
      return { category, type, raw: extra.length > 0 ? t.raw + total(extra) : t.raw, found };
    }
    const found = cueEvidence(doc, prepared.cues[i]!, (c) => 1 / (df.get(c.stems) ?? 1));
    found.sort((a, b) => b.contribution - a.contribution);
    return { category, type: undefined, raw: total(found), found };
  });
  const other = types.find((t) => !named.has(t.type.id) && !within(t.type) && t.raw > 0);
  return { evidence, other };
}

// ---- calibration ---------------------------------------------------------------------------

// Evidence maps to a log-odds-like score; "nothing fits" competes as if it had NONE_EVIDENCE.
// With these, one self-naming cue (a heading "INVOICE", weight 3 × 2) against nothing gives
// about 0.9, two weak shared cues about 0.5, and equal evidence for two categories 0.5 each.
const SCALE = 2.5;
const NONE_EVIDENCE = 1.5;
const logit = (raw: number) => SCALE * Math.log1p(raw);

const quote = (s: string) => `"${s}"`;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const displayName = (t: DocType) => t.names[0]!;

function cite(found: Found[]): string {
  return found
    .slice(0, 5)
    .map((f) => (f.count > 1 ? `${quote(f.phrase)} ×${f.count}` : quote(f.phrase)))
    .join(', ');
}

export function summarise(
  evidence: CategoryEvidence[],
  other?: { type: DocType; raw: number; found: Found[] },
): Classification {
  const exps = evidence.map((e) => Math.exp(logit(e.raw)));
  const otherExp = other ? Math.exp(logit(other.raw)) : 0;
  const noneExp = Math.exp(logit(NONE_EVIDENCE));
  const all = exps.reduce((a, b) => a + b, 0) + otherExp + noneExp;
  const inCategories = exps.reduce((a, b) => a + b, 0);
  const scores: Record<string, number> = {};
  evidence.forEach((e, i) => {
    // Never exactly 0: no evidence is not proof of absence.
    scores[e.category.name] = Math.max(0.001, round3(exps[i]! / inCategories));
  });
  const ranked = evidence.map((e, i) => ({ e, p: exps[i]! / all })).sort((a, b) => b.e.raw - a.e.raw);
  const top = ranked[0]!;
  const confidence = round3(Math.min(0.99, top.p));
  const documentType =
    other && other.raw > top.e.raw
      ? other.type.id
      : (top.e.type?.id ?? (other && other.raw > 0 ? other.type.id : null));
  const otherWins = other !== undefined && otherExp > exps[evidence.indexOf(top.e)]!;
  const noneFits = top.e.raw === 0 || otherWins || noneExp > exps[evidence.indexOf(top.e)]!;

  let reasoning: string;
  if (top.e.raw === 0) {
    reasoning = `None of the categories fits: no evidence for any was found${
      other ? `; the text reads most like a ${displayName(other.type)} (${cite(other.found)})` : ''
    }. "${top.e.category.name}" is returned only because an answer must name a category.`;
  } else {
    const as =
      top.e.type && displayName(top.e.type).toLowerCase() !== top.e.category.name.trim().toLowerCase()
        ? ` (as ${displayName(top.e.type)})`
        : '';
    reasoning = `${noneFits ? 'Nearest' : 'Chose'} ${quote(top.e.category.name)}${as}: found ${cite(top.e.found)} (${top.e.found.length} cues).`;
    for (const { e } of ranked.slice(1, 3)) {
      const words = e.found.slice(0, 3).map((f) => quote(f.phrase));
      reasoning +=
        words.length === 0
          ? ` ${quote(e.category.name)} matched nothing.`
          : ` ${quote(e.category.name)} matched ${e.found.length <= 1 ? 'only ' : ''}${words.join(', ')}${e.found.length > 3 ? ` and ${e.found.length - 3} more` : ''}.`;
    }
    const second = ranked[1];
    if (second && second.e.raw > top.e.raw * 0.8) reasoning += ' The margin is small.';
    if (otherWins) {
      reasoning += ` None of the categories fits well: the text reads more like a ${displayName(other!.type)} (${cite(other!.found)}), which was not offered.`;
    } else if (noneFits) reasoning += ' The evidence is too thin to say that any category fits.';
  }
  return { classification: top.e.category.name, reasoning, confidence, scores, noneFits, documentType };
}

export function classifyDocument(
  text: string,
  categories: Category[],
  shape?: DocumentShape,
): Classification {
  assertCategories(categories);
  const { evidence, other } = categoryEvidence(text ?? '', prepareCategories(categories), shape);
  return summarise(evidence, other);
}
