// EXTRACT: fill the caller's JSON Schema from the document's text. The built-in extractor needs
// no model: each property is looked for under its labels (name, title, description and the
// synonyms of the business field it names), its value parsed by type and format, nested
// objects searched within their parent's block, arrays of objects read from tables. With an
// OpenAI-compatible server configured, that is asked first and the built-in one is the fallback.
//
// Missing required fields: the contract promises that `parsed` validates against the schema,
// so a result without a required field is not a result. Rather than return something invalid,
// the step fails with `extraction_failed`, naming the fields it could not find and carrying
// everything it did find in `details.partial` (parsed + likelihoods), so nothing is lost. A
// required field with a `default` gets that default, one whose schema allows null gets null,
// either with likelihood 0. A value found but rejected by the schema (pattern, range, format)
// is dropped, not bent to fit, and said so in a FIELD_INVALID warning; an optional field not
// found is simply absent.

import { distance } from 'fastest-levenshtein';
import { PipelineError, type PipelineWarning } from '../types.ts';
import { columnLabels } from './column-titles.ts';
import { conceptFor, LEGAL_FORM_RE } from './concepts.ts';
import { extractWithLlm, type LlmOptions, llmFailureReason } from './extract-llm.ts';
import {
  type DocContext,
  type FieldSpec,
  type FieldType,
  findField,
  parseAs,
  searchLabeled,
  specFor,
} from './field-search.ts';
import { wordSense } from './glued-words.ts';
import { alignedSegment, findLabel, fold, isColumnar, linesBelow, nameWords, toLines } from './layout.ts';
import { compileSchema, displayPath, instancePathParts } from './schema-validation.ts';
import { findTables, type Table } from './tables.ts';
import { findDates, findEmails, findIbans, findUris, inferDayOrder, inferDecimalMark } from './values.ts';

export interface ExtractOptions {
  /** An OpenAI-compatible chat-completions server; the built-in extractor is used when absent or failing. */
  llm?: LlmOptions | undefined;
}

export interface Extraction {
  parsed: Record<string, unknown>;
  likelihoods: Record<string, unknown>;
  /** FIELD_INVALID for each value left out, EXTRACTOR_FALLBACK when the model server failed. */
  warnings: PipelineWarning[];
}

type JsonSchema = Record<string, unknown>;

/** A value made of figures only: an amount, a date, a time, a number (currency codes aside). */
const FIGURES = /^(?:[A-Z]{3}|RM|\$|€|£)?\s*[\d][\d\s.,:/'-]*$/u;
/** Whether a value is a figure: a number, or a string of FIGURES. */
const isFigure = (v: unknown) => typeof v === 'number' || (typeof v === 'string' && FIGURES.test(v.trim()));

/** Under this likelihood a value is a guess (issuer.ts's last resort gives 0.25). */
const GUESS_BELOW = 0.3;

/** A value's words, letters and digits only, lower case: "NO.36, JALAN" → ["no", "36", "jalan"]. */
const wordsOf = (v: string) => v.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * Whether `fuller` is `value` with whole words put back inside it: the same first and last word,
 * every word of `value` in order, and more words between ("81300 JOHOR," against "81300 SKUDAI,
 * JOHOR."). One reading lost a word there (faint print); punctuation alone does not count.
 */
export function losesInnerWords(value: string, fuller: string): boolean {
  const a = wordsOf(value);
  const b = wordsOf(fuller);
  if (a.length < 2 || b.length <= a.length || a[0] !== b[0] || a.at(-1) !== b.at(-1)) return false;
  let j = 0;
  const extra: string[] = [];
  for (const w of b) {
    if (j < a.length && w === a[j]) j++;
    else extra.push(w);
  }
  // A lone letter or digit more ("JALAN V HARMONI") is a speck read as a glyph, not a lost word.
  return j === a.length && extra.some((w) => w.length >= 2);
}

/**
 * One extraction from two readings of the same OCRed pages (formats/ocr-engine.ts,
 * `secondReading`): each top-level field from `words` (tesseract's), except where both found a
 * value and both are figures (an amount, a date): then `figures` (PaddleOCR's), which misreads
 * figures less, unless both readings' `texts` print both figures (each chose another line); or
 * where `figures` holds the same words with more inside them (tesseract lost a word of the
 * address); a field only one of them found comes from it. Likelihoods follow the values.
 */
export function mergeReadings(
  words: Extraction,
  figures: Extraction,
  texts?: { words: string; figures: string },
): Extraction {
  const parsed = { ...words.parsed };
  const likelihoods = { ...words.likelihoods };
  // Each reading's letters and digits in a row, once for every field.
  const squeezed = texts && { words: squeeze(texts.words), figures: squeeze(texts.figures) };
  for (const [key, other] of Object.entries(figures.parsed)) {
    if (other === null || other === undefined) continue;
    const own = parsed[key];
    const [p, q] = [words.likelihoods[key], figures.likelihoods[key]];
    // Both readings print both figures, and each chose another line ("Total 2,713.34" before the
    // rounding, "Total Payable 2,713.35" after it, which the second reading read "2.713.35"): no
    // digit was misread, and the first reading's choice stands if its cues are as sure. Where the
    // first reading lacks the second's figure, it lost that line (the total after the rounding).
    const sameFigureOtherLine =
      typeof own === 'string' &&
      typeof other === 'string' &&
      texts !== undefined &&
      typeof p === 'number' &&
      typeof q === 'number' &&
      p >= q &&
      holdsFigure(texts.figures, own.trim()) &&
      holdsFigure(texts.words, other.trim());
    const bothFigures = isFigure(own) && isFigure(other) && !sameFigureOtherLine;
    // The same digits with another decimal mark ("61,90" against "61.90"): the figures agree, and
    // the first reading's mark is the one its page's other amounts were read with.
    // A figure without its mark ("1365" for "13.65") lost it: that is a misread, not a mark.
    const markOnly =
      typeof own === 'string' &&
      typeof other === 'string' &&
      own !== other &&
      /[.,]/.test(own) &&
      /[.,]/.test(other) &&
      own.replace(/[.,]/g, '') === other.replace(/[.,]/g, '');
    const wordLost = typeof own === 'string' && typeof other === 'string' && losesInnerWords(own, other);
    // The first reading lost lines the second read (the top of a photo taken at an angle) and so
    // chose another: the second reading holds the first's value, the first does not hold the
    // second's ("CEMENT", an item, for "BESTARI BINAAN HARDWARE SDN BHD").
    const linesLost =
      squeezed !== undefined &&
      typeof own === 'string' &&
      typeof other === 'string' &&
      !isFigure(own) &&
      !isFigure(other) &&
      // (The same letters and digits is the same line read with other marks: "SDN. BHD." against
      // "SDN. BHD", where the first reading's value was repaired, "HARMON!" to "HARMONI".)
      squeeze(own) !== squeeze(other) &&
      holdsWords(squeezed.figures, own) &&
      !holdsWords(squeezed.words, other);
    // The first reading's value is misread letters where the second's are words (a name on
    // faded print: "KC FOOO CONCEPYS" / "KC FOOD CONCEPTS").
    const misread =
      typeof own === 'string' &&
      typeof other === 'string' &&
      typeof q === 'number' &&
      q >= GUESS_BELOW &&
      readsAsWords(other, own);
    // A last-resort guess of the first reading (a top line that merely looks like a name, where
    // tesseract lost the top of the page) gives way to a value the second reading's cues vouch for.
    const guess = typeof p === 'number' && typeof q === 'number' && p < GUESS_BELOW && q >= p + 0.15;
    if (
      own === null ||
      own === undefined ||
      (bothFigures && own !== other && !markOnly) ||
      wordLost ||
      linesLost ||
      misread ||
      guess
    ) {
      parsed[key] = other;
      likelihoods[key] = figures.likelihoods[key];
    } else if (typeof own === 'string' && typeof other === 'string') {
      parsed[key] = withFiguresOf(own, other);
    }
  }
  return { parsed, likelihoods, warnings: words.warnings };
}

/** A legal form in a name: "GmbH", "SDN BHD", "PTE LTD", "e.K.". */
const hasLegalForm = (v: string) =>
  LEGAL_FORM_RE.test(v) || /(?<![\p{L}])(?:sdn|bhd|berhad|pte|pty|e\.\s?k)(?![\p{L}])/iu.test(v);

/**
 * Whether `value` reads as words where `misread` does not: far more of its words are known
 * (glued-words.ts, wordSense), no more are unknown, two at least are known, and it has no fewer
 * words; a legal form in `misread` is in `value` too; neither holds a figure (an address). A
 * shop's own name is a word no dictionary holds ("Aldi GmbH & Co. KG"): a dictionary word read
 * elsewhere ("nell") is no better reading of it.
 */
function readsAsWords(value: string, misread: string): boolean {
  // (Names: an address's place names are no dictionary's words either.)
  if (/\d/.test(value + misread)) return false;
  const [a, b] = [wordSense(value), wordSense(misread)];
  if (a.words === 0 || b.words === 0 || a.known < 2 || a.words < b.words) return false;
  if (hasLegalForm(misread) && !hasLegalForm(value)) return false;
  return a.known / a.words >= b.known / b.words + 0.5 && a.words - a.known <= b.words - b.known;
}

/**
 * Whether `text` prints `figure` as a figure of its own (no digit or mark joined to it), its
 * points and commas either way ("2.713.35" for "2,713.35").
 */
function holdsFigure(text: string, figure: string): boolean {
  const quoted = figure.replace(/[*+?^${}()|[\]\\]/g, '\\$&').replace(/[.,]/g, '[.,]');
  return new RegExp(`(?<![\\p{N}.,])${quoted}(?![\\p{N}]|[.,]\\p{N})`, 'u').test(text);
}

/** A text's letters and digits in a row, lower case: spaces and punctuation aside. */
const squeeze = (v: string) => v.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Whether `squeezed` (a text through squeeze) holds `value`'s letters and digits in a row. */
function holdsWords(squeezed: string, value: string): boolean {
  const wanted = squeeze(value);
  return wanted.length > 0 && squeezed.includes(wanted);
}

/** Letters OCR reads for digits in a number: "RIA/S" for "RIA/5", "460O" for "4600". */
const DIGITISH = /^[\dOoIlSsBZzG]+$/;

/**
 * `own` (tesseract's value) with the numbers of `figures` (PaddleOCR's reading of the same value,
 * the same words otherwise) where the two differ: house numbers and postcodes inside an address
 * ("811604" against "81104", "RIA/S" against "RIA/5") are figures, which PaddleOCR misreads less.
 * So is a word in small letters among capitals ("JALAN suttan AZLAN SHAH"), a recogniser's slip
 * where the other read the word in capitals. (Where the two end on other marks, "SELANGOR," and
 * "SELANGOR.", either is printed: a comma often ends the address before the phone's line.)
 */
function withFiguresOf(own: string, figures: string): string {
  const mine = wordsAndGaps(own);
  const theirs = wordsAndGaps(figures);
  if (mine.length !== theirs.length) return own;
  // Numbers only in a value of four words or more: an address, not a date or an amount.
  const long = mine.length >= 9;
  const capitals = (own.match(/\p{Lu}/gu) ?? []).length >= 0.8 * (own.match(/\p{L}/gu) ?? []).length;
  let changed = false;
  for (let i = 1; i < mine.length; i += 2) {
    const [w, f] = [mine[i]!, theirs[i]!];
    if (w === f || (/^\d+$/.test(w) && Number(w) === Number(f))) continue;
    const number =
      long && /^\d+$/.test(f) && DIGITISH.test(w) && /\d/.test(w + f) && Math.abs(w.length - f.length) <= 1;
    const slip = capitals && /\p{Ll}/u.test(w) && /^\p{Lu}+$/u.test(f) && distance(w.toUpperCase(), f) <= 2;
    // A word in capitals with a letter the first reading lost ("WISMA HARMON," / "HARMONI,"): a
    // recogniser drops a faint letter far more often than it makes one up.
    const lost =
      long && capitals && /^\p{Lu}{4,}$/u.test(f) && f.length === w.length + 1 && lostLetters(w, f);
    if (!number && !slip && !lost) return own;
    mine[i] = f;
    changed = true;
  }
  // A hyphen between two words the first reading read as a space ("KUCHING SERIAN" /
  // "KUCHING-SERIAN"): a faint hyphen is lost far more often than one is made up.
  for (let i = 2; i < mine.length - 1; i += 2) {
    if (mine[i] === ' ' && theirs[i] === '-') {
      mine[i] = '-';
      changed = true;
    }
  }
  return changed ? mine.join('') : own;
}

/** A value cut into its words and what stands between them: [gap, word, gap, word, …, gap]. */
function wordsAndGaps(value: string): string[] {
  return value.split(/([\p{L}\p{N}]+)/u);
}

/** Whether `short`'s letters all appear in `long`, in order: a word OCR read with letters lost. */
function lostLetters(short: string, long: string): boolean {
  if (long.length <= short.length) return false;
  let j = 0;
  for (const c of long.toLowerCase()) if (j < short.length && c === short[j]!.toLowerCase()) j++;
  return j === short.length;
}

/** `text` without the spaces between two letters. */
const gluedLetters = (text: string) => text.replace(/(?<=\p{L})\s+(?=\p{L})/gu, '');

/**
 * PaddleOCR's extraction (`read`) with tesseract's punctuation where its weaker reading of the
 * same page (`punctuated`) found the same value: a mark tesseract read where PaddleOCR read
 * none ("SDN. BHD." where PaddleOCR gave "SDN BHD"), its spacing where both read the same mark
 * ("NO. 25" for "NO.25"), and a word whose letters PaddleOCR lost ("MERANT" / "MERANTI"). Where
 * the two read different marks (PaddleOCR's "," against tesseract's ":") or different letters or
 * digits ("SERI" / "SERT", "5097" / "5697"), PaddleOCR's reading stays. The value must be the
 * same words, or in a value of six words or more one or two a letter or two apart. A date or an
 * amount PaddleOCR's reading left empty comes from tesseract's where its cues vouch for it (not
 * a guess): on faded print PaddleOCR misreads a label's or a figure's strokes ("Daie:
 * 28/02:2018") that tesseract read. Names and addresses are not taken from tesseract's weak
 * reading alone: there it finds an address in a "CS NO:" line.
 */
export function keepPunctuation(read: Extraction, punctuated: Extraction): Extraction {
  const parsed = { ...read.parsed };
  const likelihoods = { ...read.likelihoods };
  for (const [key, other] of Object.entries(punctuated.parsed)) {
    const likelihood = punctuated.likelihoods[key];
    // (PaddleOCR's own figure only guessed, "28-92-18" read as a date: tesseract's vouched one wins.)
    const ownLikelihood = read.likelihoods[key];
    const missing =
      parsed[key] === null ||
      parsed[key] === undefined ||
      (typeof ownLikelihood === 'number' && ownLikelihood < GUESS_BELOW);
    if (missing && isFigure(other) && typeof likelihood === 'number' && likelihood >= GUESS_BELOW) {
      parsed[key] = other;
      likelihoods[key] = likelihood;
    }
  }
  for (const [key, own] of Object.entries(read.parsed)) {
    const other = punctuated.parsed[key];
    if (typeof own !== 'string' || typeof other !== 'string' || own === other || isFigure(own)) continue;
    if (gluedLetters(own) === gluedLetters(other)) {
      // The same glyphs, with a space between two letters PaddleOCR glued ("KWONGAN" / "KWONG AN"),
      // unless what it split is a word (tesseract reads a space into "FAMILY", "BAKERY" too).
      const theirs = new Set(wordsOf(other));
      const split = wordsOf(own).filter((w) => !theirs.has(w));
      if (split.length > 0 && split.every((w) => wordSense(w).known === 0)) parsed[key] = other;
      continue;
    }
    const [a, b] = [wordsOf(own), wordsOf(other)];
    if (a.length === 0 || a.length !== b.length) continue;
    const differing = a.filter((w, i) => w !== b[i]);
    const near = a.every((w, i) => w === b[i] || distance(w, b[i]!) <= 2);
    if (differing.length > 0 && !(a.length >= 6 && differing.length <= 2 && near)) continue;
    const mine = wordsAndGaps(own);
    const theirs = wordsAndGaps(other);
    if (mine.length !== theirs.length) continue;
    parsed[key] = mine
      .map((part, i) => {
        const alt = theirs[i]!;
        if (i % 2 === 1) return lostLetters(part, alt) ? alt : part;
        const [p, t] = [part.replace(/\s/g, ''), alt.replace(/\s/g, '')];
        return p === t || p === '' ? alt : part;
      })
      .join('');
  }
  // A name PaddleOCR misread as letters that make no words, which tesseract read as words with
  // cues that vouch for them ("QUTKMAPT" / "QUIKMART HOLDINGS SDN BHD").
  for (const [key, own] of Object.entries(read.parsed)) {
    const other = punctuated.parsed[key];
    const likelihood = punctuated.likelihoods[key];
    if (typeof own !== 'string' || typeof other !== 'string') continue;
    if (typeof likelihood === 'number' && likelihood >= GUESS_BELOW && readsAsWords(other, own)) {
      parsed[key] = other;
      likelihoods[key] = likelihood;
    }
  }
  return { ...read, parsed, likelihoods };
}

// Searching is linear in the text per label; beyond this many characters the tail is ignored
// (a 2 MB text is several hundred pages — fields of interest sit far earlier).
const MAX_SEARCH_CHARS = 2_000_000;
const MAX_DEPTH = 8;

export async function extractFields(
  doc: { text: string; pages: string[] },
  jsonSchema: Record<string, unknown>,
  options?: ExtractOptions,
): Promise<Extraction> {
  const validate = compileSchema(jsonSchema);
  assertObjectRoot(jsonSchema);
  // The pages are the text when a caller gives only them.
  const text = doc.text || (Array.isArray(doc.pages) ? doc.pages.join('\n\n') : '');
  if (options?.llm) {
    try {
      return { ...(await extractWithLlm(text, jsonSchema, options.llm, validate)), warnings: [] };
    } catch (err) {
      // Any failure of the model (network, refusal, invalid JSON, schema mismatch) falls back
      // to the built-in extractor: the job still completes, and says which extractor answered.
      const builtIn = extractBuiltIn(text, jsonSchema, validate);
      const fallback: PipelineWarning = {
        code: 'EXTRACTOR_FALLBACK',
        message: `The model server could not be used (${llmFailureReason(err)}); the built-in extractor filled the fields.`,
      };
      return { ...builtIn, warnings: [fallback, ...builtIn.warnings] };
    }
  }
  return extractBuiltIn(text, jsonSchema, validate);
}

/** `parsed` is an object: a schema whose root describes anything else cannot be filled. */
function assertObjectRoot(jsonSchema: JsonSchema): void {
  const root = new Walker(jsonSchema, { text: '', lines: [], order: 'DMY', mark: '.' });
  const { types } = root.variants(root.resolve(jsonSchema));
  if (types.length > 0 && !types.includes('object')) {
    throw new PipelineError(
      'invalid_request',
      `jsonSchema must describe an object (type "object" with properties); its root has type ${types.map((t) => `"${t}"`).join(', ')}`,
    );
  }
}

/** Longer than any printed line: such a line is cut at spaces into lines of about this length. */
const MAX_LINE_CHARS = 1000;

/**
 * The extractor's work per line looks along the line (a date's label before it, the words before
 * a value): on a text of one line of 1 MB, 61 s. No document prints such a line; one that comes
 * (a text file without line breaks) is read as lines cut at spaces.
 */
function withShortLines(text: string): string {
  const lines = text.split('\n');
  if (lines.every((line) => line.length <= MAX_LINE_CHARS)) return text;
  const out: string[] = [];
  for (let rest of lines) {
    for (let cut = 0; rest.length > MAX_LINE_CHARS; rest = rest.slice(cut + 1)) {
      cut = rest.indexOf(' ', MAX_LINE_CHARS / 2);
      if (cut === -1) break;
      out.push(rest.slice(0, cut));
    }
    out.push(rest);
  }
  return out.join('\n');
}

export function extractBuiltIn(
  text: string,
  jsonSchema: JsonSchema,
  validate = compileSchema(jsonSchema),
): Extraction {
  // A currency code printed against its figure ("RM3.50") is a code and an amount.
  const body = withShortLines(
    (text ?? '')
      .slice(0, MAX_SEARCH_CHARS)
      .replace(/(?<![\p{L}\p{N}])(RM|MYR|EUR|USD|SGD|CHF|GBP)(?=\d)/giu, '$1 '),
  );
  const ctx: DocContext = {
    text: body,
    lines: toLines(body),
    order: inferDayOrder(body),
    mark: inferDecimalMark(body),
  };
  const walker = new Walker(jsonSchema, ctx);
  const root = walker.resolve(jsonSchema);
  const found = walker.object(root, []);
  const parsed = (found?.value ?? {}) as Record<string, unknown>;
  const likelihoods = (found?.likelihood ?? {}) as Record<string, unknown>;
  return repair(parsed, likelihoods, walker, validate);
}

// ---------------------------------------------------------------------------------------------
// Walking the schema

interface Result {
  value: unknown;
  likelihood: unknown;
}

const round = (n: number) => Math.round(Math.max(0, Math.min(1, n)) * 1000) / 1000;

class Walker {
  readonly root: JsonSchema;
  readonly ctx: DocContext;
  constructor(root: JsonSchema, ctx: DocContext) {
    this.root = root;
    this.ctx = ctx;
  }

  /** Follow local $refs and merge allOf, so the walker sees one plain schema. */
  resolve(schema: unknown, depth = 0): JsonSchema {
    if (!schema || typeof schema !== 'object' || Array.isArray(schema) || depth > 20) return {};
    let s = schema as JsonSchema;
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#')) {
      const target = s.$ref
        .slice(1)
        .split('/')
        .filter(Boolean)
        .reduce<unknown>(
          (node, part) =>
            node && typeof node === 'object'
              ? (node as JsonSchema)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
              : undefined,
          this.root,
        );
      const { $ref: _ref, ...rest } = s;
      s = { ...this.resolve(target, depth + 1), ...rest };
    }
    if (Array.isArray(s.allOf)) {
      const merged: JsonSchema = { ...s };
      delete merged.allOf;
      for (const part of s.allOf) {
        const p = this.resolve(part, depth + 1);
        merged.properties = { ...(merged.properties as object), ...(p.properties as object) };
        merged.required = [...((merged.required as string[]) ?? []), ...((p.required as string[]) ?? [])];
        for (const [k, v] of Object.entries(p)) if (!(k in merged)) merged[k] = v;
      }
      s = merged;
    }
    return s;
  }

  /** The non-null branch and whether null is allowed. */
  variants(schema: JsonSchema): { schema: JsonSchema; types: string[]; nullable: boolean } {
    const options = (
      Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : null
    ) as unknown[] | null;
    if (options) {
      const resolved = options.map((o) => this.resolve(o));
      const nonNull = resolved.filter((o) => o.type !== 'null');
      const inner = nonNull[0] ?? {};
      const v = this.variants({ ...schema, anyOf: undefined, oneOf: undefined, ...inner });
      return { ...v, nullable: v.nullable || nonNull.length < resolved.length };
    }
    let types: string[];
    if (Array.isArray(schema.type)) types = schema.type.filter((t): t is string => typeof t === 'string');
    else if (typeof schema.type === 'string') types = [schema.type];
    else if (schema.properties) types = ['object'];
    else if (schema.items) types = ['array'];
    else if (Array.isArray(schema.enum))
      types = [...new Set(schema.enum.map((v) => (v === null ? 'null' : typeof v)))];
    else if (schema.format === 'date' || schema.format === 'email') types = ['string'];
    else types = [];
    return { schema, types: types.filter((t) => t !== 'null'), nullable: types.includes('null') };
  }

  field(
    name: string,
    raw: unknown,
    parentWords: string[],
    block?: ReturnType<typeof toLines>,
  ): Result | undefined {
    const schema = this.resolve(raw);
    const { schema: s, types } = this.variants(schema);
    // A constant is what the schema says it is; it is more surely right when the text shows it.
    if ('const' in s && s.const !== undefined && (typeof s.const !== 'object' || s.const === null)) {
      const shown = s.const !== null && fold(this.ctx.text).includes(fold(String(s.const)));
      return { value: s.const, likelihood: shown ? 0.9 : 0.3 };
    }
    const type = types[0];
    if (type === 'object') return this.object(s, [...parentWords, ...nameWords(name)], name);
    if (type === 'array') return this.array(name, s, parentWords);
    if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') {
      return this.scalar(name, s, type, parentWords, block);
    }
    return undefined; // "null", unknown or missing types: nothing sensible to fill
  }

  scalar(
    name: string,
    s: JsonSchema,
    type: FieldType,
    parentWords: string[],
    block?: ReturnType<typeof toLines>,
  ): Result | undefined {
    const spec = specFor(name, s, type, parentWords);
    let found = block ? findField(spec, this.ctx, block) : null;
    if (!found && block) {
      // Inside a party's block, its name is the first line and its address the rest.
      const words = nameWords(name);
      const lines = block.filter((l) => l.segments.length > 0).map((l) => l.text.trim());
      if (words.includes('name') && lines[0])
        found = { value: lines[0].replace(/[,;]+$/, ''), likelihood: 0.6 };
      else if (spec.concept?.id === 'address' && lines.length > 1)
        found = { value: lines.slice(1).join(', '), likelihood: 0.5 };
    }
    if (!found) {
      const global = findField(spec, this.ctx);
      if (global) found = { ...global, likelihood: block ? global.likelihood * 0.6 : global.likelihood };
    }
    if (!found) return undefined;
    let value = found.value;
    if (type === 'string' && typeof value !== 'string') value = String(value);
    if (type === 'integer' && (typeof value !== 'number' || !Number.isInteger(value))) return undefined;
    if (type === 'number' && typeof value !== 'number') return undefined;
    if (type === 'boolean' && typeof value !== 'boolean') return undefined;
    if (s.format === 'date-time' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
      value = `${value}T00:00:00Z`;
    return { value, likelihood: round(found.likelihood) };
  }

  /** The lines of a nested object's block: what follows its label, in its column. */
  blockFor(words: string[]): ReturnType<typeof toLines> | undefined {
    if (words.length === 0) return undefined;
    // The object's own name as a label, and the labels of the party or field it names ("vendor", "billTo").
    const c = conceptFor(words);
    const labels: [string, number][] = [[words.join(' '), 1], ...(c?.labels ?? [])];
    let best: { weight: number; hit: ReturnType<typeof findLabel>[number] } | undefined;
    for (const [label, weight] of labels) {
      const hit = findLabel(this.ctx.lines, fold(label))[0];
      if (hit && (!best || weight > best.weight)) best = { weight, hit };
    }
    if (!best) return undefined;
    const { hit } = best;
    const seg = hit.line.segments.find((s) => hit.start >= s.start && hit.start < s.end);
    const texts: string[] = [];
    const rest = hit.line.text.slice(hit.end, seg?.end ?? hit.line.text.length).replace(/^[\s:]+/, '');
    if (rest) texts.push(rest);
    for (const line of linesBelow(this.ctx.lines, hit.line.index, 6)) {
      const aligned = alignedSegment(
        line,
        seg?.start ?? hit.start,
        seg?.end ?? hit.end,
        hit.line,
        isColumnar(this.ctx.lines),
      );
      if (!aligned) break;
      texts.push(aligned.text);
    }
    return texts.length > 0 ? toLines(texts.join('\n')) : undefined;
  }

  /** How many objects deep the walk is; recursive schemas ($ref: '#') stop at MAX_DEPTH. */
  depth = 0;

  object(s: JsonSchema, words: string[], ownName?: string): Result | undefined {
    if (this.depth >= MAX_DEPTH) return undefined;
    this.depth++;
    try {
      return this.objectAt(s, words, ownName);
    } finally {
      this.depth--;
    }
  }

  objectAt(s: JsonSchema, words: string[], ownName?: string): Result | undefined {
    const properties = (s.properties && typeof s.properties === 'object' ? s.properties : {}) as Record<
      string,
      unknown
    >;
    const block = ownName !== undefined ? this.blockFor(words) : undefined;
    const value: Record<string, unknown> = {};
    const likelihood: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(properties)) {
      const r = this.field(name, child, words, block);
      if (r === undefined) continue;
      value[name] = r.value;
      likelihood[name] = r.likelihood;
    }
    if (ownName !== undefined && Object.keys(value).length === 0) return undefined;
    return { value, likelihood };
  }

  array(name: string, s: JsonSchema, parentWords: string[]): Result | undefined {
    const items = this.resolve(s.items);
    const { schema: itemSchema, types } = this.variants(items);
    const type = types[0];
    let result: Result | undefined;
    if (type === 'object') result = this.tableRows(itemSchema);
    else if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') {
      result = this.scalarList(name, itemSchema, type, parentWords);
    }
    if (!result) return undefined;
    const max = typeof s.maxItems === 'number' ? s.maxItems : Number.POSITIVE_INFINITY;
    return {
      value: (result.value as unknown[]).slice(0, max),
      likelihood: (result.likelihood as unknown[]).slice(0, max),
    };
  }

  scalarList(name: string, s: JsonSchema, type: FieldType, parentWords: string[]): Result | undefined {
    const spec = specFor(name, s, type, parentWords);
    let values: { value: unknown; likelihood: number }[] = [];
    if (spec.kind === 'email')
      values = findEmails(this.ctx.text).map((e) => ({ value: e.value, likelihood: 0.8 }));
    else if (spec.kind === 'uri')
      values = findUris(this.ctx.text).map((u) => ({ value: u.value, likelihood: 0.7 }));
    else if (spec.kind === 'iban')
      values = findIbans(this.ctx.text.toUpperCase()).map((i) => ({ value: i.value, likelihood: 0.9 }));
    else if (spec.kind === 'date')
      values = findDates(this.ctx.text, this.ctx.order).map((d) => ({
        value: d.value,
        likelihood: 0.5 * d.confidence,
      }));
    else {
      const one = searchLabeled(spec, this.ctx);
      if (one) values = [{ value: one.value, likelihood: one.likelihood }];
    }
    const seen = new Set<string>();
    values = values.filter((v) => {
      const key = JSON.stringify(v.value);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (values.length === 0) return undefined;
    return { value: values.map((v) => v.value), likelihood: values.map((v) => round(v.likelihood)) };
  }

  /** Rows of the table whose columns best match the item schema's properties. */
  tableRows(itemSchema: JsonSchema): Result | undefined {
    const properties = Object.entries((itemSchema.properties ?? {}) as Record<string, unknown>);
    if (properties.length === 0) return undefined;
    const specs = properties.map(([name, raw]) => {
      const { schema, types } = this.variants(this.resolve(raw));
      const t = types[0];
      const type: FieldType = t === 'number' || t === 'integer' || t === 'boolean' ? t : 'string';
      const spec = specFor(name, schema, type, []);
      // Column titles are matched by the property's own name and title and the column vocabulary,
      // not by the key-value synonyms of its concept ("price" is no "Total" column).
      const own = spec.labels.filter(([l]) => !spec.concept?.labels.some(([c]) => c === l));
      return { name, spec, type, labels: [...own, ...columnLabels(nameWords(name))] };
    });
    const tables = findTables(this.ctx.lines);
    type Mapping = {
      table: Table;
      columns: Map<number, { name: string; spec: FieldSpec; match: number }>;
      score: number;
    };
    const mappings: Mapping[] = tables.map((table) => {
      const columns = new Map<number, { name: string; spec: FieldSpec; match: number }>();
      let score = 0;
      for (const p of specs) {
        let bestCol = -1;
        let bestMatch = 0;
        table.columns.forEach((col, i) => {
          const title = fold(col.title)
            .replace(/[^\p{L}\p{N}%#]+/gu, ' ')
            .trim();
          for (const [label, weight] of p.labels) {
            const l = label.replace(/[^\p{L}\p{N}%#]+/gu, ' ').trim();
            if (!l) continue;
            let match = title === l ? weight : findLabel(toLines(title), l).length > 0 ? weight * 0.8 : 0;
            // Between equally good titles, the column that has values ("Product" vs "Title").
            if (match > 0)
              match += 0.01 * (table.rows.filter((r) => r.cells[i] !== undefined).length / table.rows.length);
            if (match > bestMatch && !columns.has(i)) {
              bestMatch = match;
              bestCol = i;
            }
          }
        });
        if (bestCol >= 0) {
          columns.set(bestCol, { name: p.name, spec: p.spec, match: bestMatch });
          score += bestMatch;
        }
      }
      return { table, columns, score };
    });
    const best = Math.max(0, ...mappings.map((m) => m.score));
    if (best < 0.5) return undefined;
    // Multi-page invoices repeat the header on every page: take every table shaped like the best.
    const chosen = mappings.filter(
      (m) => m.score >= best * 0.8 && m.columns.size >= Math.min(2, specs.length),
    );
    const rows: Record<string, unknown>[] = [];
    const likelihoods: Record<string, unknown>[] = [];
    for (const { table, columns } of chosen) {
      for (const row of table.rows) {
        const value: Record<string, unknown> = {};
        const likelihood: Record<string, unknown> = {};
        for (const [col, { name, spec, match }] of columns) {
          const cell = row.cells[col];
          if (cell === undefined) continue;
          const text = spec.type === 'string' ? cell : cell.replace(/\n[\s\S]*$/, '');
          const parsed = parseAs(
            spec.kind === 'party' || spec.kind === 'address' ? { ...spec, kind: 'text' } : spec,
            text,
            this.ctx,
          );
          if (!parsed) continue;
          let v = parsed.value;
          if (spec.type === 'string')
            v = spec.kind === 'text' || spec.kind === 'party' ? cell.trim() : String(v);
          if (spec.type === 'integer' && !(typeof v === 'number' && Number.isInteger(v))) continue;
          value[name] = v;
          likelihood[name] = round(match * parsed.confidence);
        }
        if (Object.keys(value).length > 0) {
          rows.push(value);
          likelihoods.push(likelihood);
        }
      }
    }
    return rows.length > 0 ? { value: rows, likelihood: likelihoods } : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Making the result validate

function deleteAt(obj: unknown, path: string[]): void {
  if (path.length === 0 || !obj || typeof obj !== 'object') return;
  const [head, ...tail] = path as [string, ...string[]];
  const container = obj as Record<string, unknown>;
  if (tail.length === 0) {
    if (Array.isArray(container)) container.splice(Number(head), 1);
    else delete container[head];
    return;
  }
  deleteAt(container[head], tail);
}

function getAt(obj: unknown, path: string[]): unknown {
  return path.reduce<unknown>(
    (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
    obj,
  );
}

/**
 * Drop whatever the schema rejects (a value of the wrong form, an empty array below minItems)
 * until `parsed` validates; fill required-but-nullable fields with null; fail when a required
 * field is still missing (see the note at the top of this file).
 */
function repair(
  parsed: Record<string, unknown>,
  likelihoods: Record<string, unknown>,
  walker: Walker,
  validate: ReturnType<typeof compileSchema>,
): Extraction {
  const missing = new Set<string>();
  const warnings: PipelineWarning[] = [];
  const leftOut = (at: string[], why: string) =>
    warnings.push({
      code: 'FIELD_INVALID',
      message: `The value found for "${displayPath(at)}" was left out: ${why}.`,
    });
  for (let round = 0; round < 50; round++) {
    if (validate(parsed)) return { parsed, likelihoods, warnings };
    const errors = validate.errors ?? [];
    let changed = false;
    for (const err of errors) {
      const path = instancePathParts(err.instancePath);
      if (err.keyword === 'required') {
        const prop = String((err.params as { missingProperty?: string }).missingProperty ?? '');
        const parentSchema = walker.resolve(err.parentSchema);
        const propSchema = walker.resolve(
          (parentSchema.properties as Record<string, unknown> | undefined)?.[prop],
        );
        const container = getAt(parsed, path) as Record<string, unknown> | undefined;
        const allowsNull = walker.variants(propSchema).nullable || propSchema.type === 'null';
        const hasDefault = propSchema.default !== undefined;
        if (
          container &&
          typeof container === 'object' &&
          (hasDefault || allowsNull) &&
          !(prop in container)
        ) {
          // Not found: the schema's default, else null where allowed; either way likelihood 0.
          container[prop] = hasDefault ? structuredClone(propSchema.default) : null;
          const lc = getAt(likelihoods, path) as Record<string, unknown> | undefined;
          if (lc && typeof lc === 'object') lc[prop] = 0;
          changed = true;
        } else if (path.length > 0 && path.some((p) => /^\d+$/.test(p))) {
          // An incomplete row of a table: drop the row, not the whole extraction.
          const rowAt = path.findLastIndex((p) => /^\d+$/.test(p));
          leftOut(path.slice(0, rowAt + 1), `its required field "${prop}" was not found`);
          deleteAt(parsed, path.slice(0, rowAt + 1));
          deleteAt(likelihoods, path.slice(0, rowAt + 1));
          changed = true;
        } else if (path.length > 0) {
          leftOut(path, `its required field "${prop}" was not found`);
          deleteAt(parsed, path);
          deleteAt(likelihoods, path);
          changed = true;
        } else {
          missing.add([...path, prop].join('.'));
        }
      } else if (path.length > 0) {
        // ajv's message states the rule ("must be <= 100"), never the value.
        leftOut(path, `it ${err.message ?? 'does not validate'}`);
        deleteAt(parsed, path);
        deleteAt(likelihoods, path);
        changed = true;
        break; // paths shift after a deletion in an array; revalidate
      } else {
        break;
      }
    }
    if (!changed) break;
  }
  if (validate(parsed)) return { parsed, likelihoods, warnings };
  const names = [...missing];
  throw new PipelineError(
    'extraction_failed',
    names.length > 0
      ? `could not find required fields: ${names.join(', ')}`
      : 'could not fill the schema with values that validate against it',
    { missing: names, partial: { parsed, likelihoods } },
  );
}
