// Finding one scalar value in a document: look for the field's labels, read the value written
// after the label, beside it in the next column, or under it in the next lines, and parse it by
// the field's kind. A found value's likelihood is label quality × position × parse confidence.

import { CONCEPTS, type Concept, conceptFor, type ValueKind } from './concepts.ts';
import { correctMisreadWords, splitGluedWords } from './glued-words.ts';
import { guessIssuer } from './issuer.ts';
import {
  alignedSegment,
  findLabel,
  fold,
  isColumnar,
  type LabelHit,
  type Line,
  labelRegex,
  linesBelow,
  nameWords,
  stripLeadingSeparators,
  toLines,
} from './layout.ts';
import {
  addressCue,
  companyCue,
  dateCue,
  legalFormIn,
  loneLegalForm,
  MALAYSIAN_LEGAL_FORM_RE,
  totalCue,
} from './receipt-cues.ts';
import {
  type DayOrder,
  type DecimalMark,
  findAmounts,
  findCurrencies,
  findDates,
  findEmails,
  findIbans,
  findUris,
  parseBoolean,
  printedOrIso,
} from './values.ts';

export type FieldType = 'string' | 'number' | 'integer' | 'boolean';

export interface FieldSpec {
  type: FieldType;
  kind: ValueKind | 'number' | 'boolean' | 'enum';
  labels: [string, number][];
  concept?: Concept | undefined;
  enumValues?: unknown[] | undefined;
  format?: string | undefined;
  pattern?: RegExp | undefined;
}

export interface DocContext {
  text: string;
  lines: Line[];
  order: DayOrder;
  mark: DecimalMark;
}

export interface Found {
  value: string | number | boolean;
  likelihood: number;
  line?: number;
}

/** Build the search spec of a property from its name, title, description, type and format. */
export function specFor(
  name: string,
  schema: Record<string, unknown>,
  type: FieldType,
  parentWords: string[] = [],
): FieldSpec {
  const title = typeof schema.title === 'string' ? schema.title : '';
  const description = typeof schema.description === 'string' ? schema.description : '';
  const own = nameWords(name);
  const titleWords = nameWords(title);
  const concept = conceptFor([...own, ...titleWords]) ?? conceptFor([...parentWords, ...own]);
  const labels: [string, number][] = [];
  const add = (label: string, weight: number) => {
    const l = label.trim();
    if (l.length < 2 && l !== '#') return;
    const existing = labels.find(([x]) => x === fold(l));
    if (existing) existing[1] = Math.max(existing[1], weight);
    else labels.push([fold(l), weight]);
  };
  if (own.length > 0) add(own.join(' '), own.length === 1 && concept ? 0.8 : 1);
  if (title) add(title.replace(/[:*]+$/, ''), 1);
  if (parentWords.length > 0 && own.length > 0) add([...parentWords, ...own].join(' '), 1);
  const descWords = description.split(/\s+/).filter(Boolean);
  if (descWords.length > 0 && descWords.length <= 5) add(description.replace(/[.:]+$/, ''), 0.9);
  // Quoted phrases in a longer description name the labels to look for ('labelled "Ref."').
  for (const m of description.matchAll(/["“'‘]([^"”'’]{2,40})["”'’]/g)) add(m[1]!, 0.95);
  for (const [label, weight] of concept?.labels ?? []) add(label, weight);

  const format = typeof schema.format === 'string' ? schema.format : undefined;
  let kind: FieldSpec['kind'];
  if (Array.isArray(schema.enum)) kind = 'enum';
  else if (format === 'date' || format === 'date-time') kind = 'date';
  else if (format === 'email' || format === 'idn-email') kind = 'email';
  else if (format === 'uri' || format === 'url' || format === 'iri' || format === 'uri-reference')
    kind = 'uri';
  else if (type === 'boolean') kind = 'boolean';
  else if (type === 'number' || type === 'integer') kind = concept?.kind === 'amount' ? 'amount' : 'number';
  else kind = concept?.kind ?? 'text';
  const spec: FieldSpec = { type, kind, labels, concept, format };
  if (Array.isArray(schema.enum)) spec.enumValues = schema.enum;
  if (typeof schema.pattern === 'string') {
    try {
      spec.pattern = new RegExp(schema.pattern, 'u');
    } catch {
      // An invalid pattern fails schema compilation earlier; nothing to use here.
    }
  }
  return spec;
}

interface Source {
  text: string;
  factor: number;
  /** The whole rest of the line: amounts take the last one there (totals sit in the last column). */
  wholeLine: boolean;
  line: number;
}

function wordsIn(s: string): string[] {
  return fold(s).match(/[\p{L}]+/gu) ?? [];
}

/** How much a label occurrence is weakened by the words around it. */
function boundaryFactor(hit: LabelHit, weight: number, concept: Concept | undefined): number {
  const line = hit.line;
  const seg = line.segments.find((s) => hit.start >= s.start && hit.start < s.end);
  const segStart = seg?.start ?? 0;
  const segEnd = seg?.end ?? line.text.length;
  const before = wordsIn(line.folded.slice(segStart, hit.start));
  const prev = before[before.length - 1];
  let factor = 1;
  if (prev) {
    if (concept?.avoidBefore?.includes(prev)) return 0;
    if (weight < 1) factor *= 0.7;
  }
  const afterText = line.folded.slice(hit.end, segEnd);
  const next = afterText.match(/^[\s.]*([\p{L}]+)/u)?.[1];
  if (next && concept?.avoidAfter?.includes(next)) return 0;
  // "Invoice Summary:" — the label is only the start of a longer, different label.
  if (next && /^[\s.]*[\p{L}][\p{L}\s]{0,30}:/u.test(afterText) && !/^[\s.]*(n|no|nr)\s*:/u.test(afterText)) {
    factor *= 0.4;
  }
  return factor;
}

function sourcesFor(hit: LabelHit, lines: Line[], kind: FieldSpec['kind']): Source[] {
  const line = hit.line;
  const segIndex = line.segments.findIndex((s) => hit.start >= s.start && hit.start < s.end);
  const seg = line.segments[segIndex];
  const out: Source[] = [];
  const rest = stripLeadingSeparators(line.text.slice(hit.end, seg?.end ?? line.text.length));
  if (rest) out.push({ text: rest, factor: 1, wholeLine: false, line: line.index });
  const next = line.segments[segIndex + 1];
  if (!rest && next && !/:\s*$/.test(next.text)) {
    out.push({ text: stripLeadingSeparators(next.text), factor: 0.95, wholeLine: false, line: line.index });
  }
  const wholeRest = line.text.slice(hit.end);
  if (kind === 'amount' || kind === 'number' || kind === 'date' || kind === 'currency') {
    out.push({ text: wholeRest, factor: 0.9, wholeLine: true, line: line.index });
  }
  if (!rest) {
    const labelEnd = Math.max(hit.end, seg?.end ?? hit.end);
    const below = linesBelow(lines, line.index, 2);
    below.forEach((b, i) => {
      const aligned = alignedSegment(b, seg?.start ?? hit.start, labelEnd, line, isColumnar(lines));
      if (aligned) {
        out.push({
          text: stripLeadingSeparators(aligned.text),
          factor: i === 0 ? 0.85 : 0.6,
          wholeLine: false,
          line: b.index,
        });
      }
    });
  }
  return out;
}

const LABEL_ONLY_RE = /:\s*$/;

/** Parse `text` as the kind wants; confidence 0..1, or null when it is not such a value. */
export function parseAs(
  spec: FieldSpec,
  text: string,
  ctx: DocContext,
  wholeLine = false,
): { value: string | number | boolean; confidence: number; wordsBefore: number } | null {
  const t = text.trim();
  if (!t) return null;
  const wordsBefore = (upTo: number) => (t.slice(0, upTo).match(/\S+/g) ?? []).length;
  switch (spec.kind) {
    case 'date': {
      const d = findDates(t, ctx.order)[0];
      if (!d) return null;
      // A plain string field gets the date as printed; `format: date` gets it as ISO, and so does a
      // date whose month OCR read with a digit in it ("17 N0v 2019").
      const value =
        spec.type === 'string' && !spec.format ? printedOrIso(t.slice(d.start, d.end), d.value) : d.value;
      return { value, confidence: d.confidence, wordsBefore: wordsBefore(d.start) };
    }
    case 'amount':
    case 'number': {
      const amounts = findAmounts(t, ctx.mark, ctx.order);
      const pool = spec.type === 'integer' ? amounts.filter((a) => Number.isInteger(a.value)) : amounts;
      // Amounts take the last one: totals lines print quantities and net figures first.
      const a = wholeLine || spec.kind === 'amount' ? pool[pool.length - 1] : pool[0];
      if (!a) return null;
      return {
        // A string field gets the amount as printed ("9.00", "24,23"), a number field its value.
        value: spec.type === 'string' ? printedAmount(t, a) : a.value,
        confidence: spec.kind === 'amount' ? a.confidence : 0.9,
        wordsBefore: wholeLine ? 0 : wordsBefore(a.start),
      };
    }
    case 'currency': {
      const c = findCurrencies(t)[0];
      return c ? { value: c.value, confidence: c.confidence, wordsBefore: wordsBefore(c.start) } : null;
    }
    case 'email': {
      const e = findEmails(t)[0];
      return e ? { value: e.value, confidence: 1, wordsBefore: wordsBefore(e.start) } : null;
    }
    case 'uri': {
      const u = findUris(t)[0];
      return u ? { value: u.value, confidence: u.confidence, wordsBefore: wordsBefore(u.start) } : null;
    }
    case 'iban': {
      const i = findIbans(t.toUpperCase())[0];
      return i ? { value: i.value, confidence: 1, wordsBefore: wordsBefore(i.start) } : null;
    }
    case 'boolean': {
      const b = parseBoolean(t);
      return b ? { value: b.value, confidence: b.confidence, wordsBefore: 0 } : null;
    }
    case 'phone': {
      const m = t.match(/\+?\(?\d[\d\s().\-/]{5,}\d/);
      return m ? { value: m[0].trim(), confidence: 0.9, wordsBefore: wordsBefore(m.index ?? 0) } : null;
    }
    case 'id': {
      // The first token that carries a digit, with a one- or two-letter prefix kept ("F 1234").
      const tokens = t.split(/\s+/).slice(0, 4);
      for (let i = 0; i < tokens.length; i++) {
        const tok = tokens[i]!.replace(/^[#:(]+|[,;:)]+$/g, '');
        if (!/\d/.test(tok) || tok.length > 40) continue;
        if (findDates(tok, ctx.order).length > 0 && tok.length <= 10) return null;
        if (i === 1 && /^\p{Lu}{1,2}$/u.test(tokens[0]!))
          return { value: `${tokens[0]} ${tok}`, confidence: 0.9, wordsBefore: 0 };
        return { value: tok, confidence: i === 0 ? 0.95 : 0.8, wordsBefore: i };
      }
      return null;
    }
    case 'enum':
      return null;
    default: {
      if (LABEL_ONLY_RE.test(t) || !/\p{L}|\d/u.test(t)) return null;
      let v = t.replace(/[,;]+$/, '').trim();
      if (spec.kind === 'party' || spec.kind === 'text') v = v.split(/\s{2,}/)[0]!;
      if (v.length > 200) v = v.slice(0, 200);
      if (spec.kind === 'party' && !/\p{L}{2}/u.test(v)) return null;
      return { value: v, confidence: 0.85, wordsBefore: 0 };
    }
  }
}

function printedAmount(text: string, hit: { start: number; end: number }): string {
  return text
    .slice(hit.start, hit.end)
    .replace(/^[-−]\s?/, '-')
    .trim();
}

function stringFits(spec: FieldSpec, value: string | number | boolean): boolean {
  if (spec.pattern && typeof value === 'string' && !spec.pattern.test(value)) return false;
  return true;
}

const ALL_LABELS = [...new Set(CONCEPTS.flatMap((c) => c.labels.map(([l]) => fold(l))))];
const longerLabels = new Map<string, string[]>();

/**
 * Whether the occurrence is part of a longer label the field does not own: "Invoice" in
 * "Invoice Date", "Total" in "Total HT", "Date" in "Date limite de paiement".
 */
function shadowed(hit: LabelHit, own: Set<string>): boolean {
  let longer = longerLabels.get(hit.label);
  if (!longer) {
    longer = ALL_LABELS.filter((l) => l.length > hit.label.length && l.includes(hit.label));
    longerLabels.set(hit.label, longer);
  }
  for (const l of longer) {
    if (own.has(l)) continue;
    const re = labelRegex(l);
    for (const m of hit.line.folded.matchAll(re)) {
      if (m.index <= hit.start && m.index + m[0].length >= hit.end) return true;
    }
  }
  return false;
}

/** Search every label occurrence; the best-scoring parsed value, or null. */
export function searchLabeled(spec: FieldSpec, ctx: DocContext, lines: Line[] = ctx.lines): Found | null {
  let best: Found | null = null;
  const own = new Set(spec.labels.map(([l]) => l));
  for (const [label, weight] of spec.labels) {
    for (const hit of findLabel(lines, label)) {
      const boundary = boundaryFactor(hit, weight, spec.concept);
      if (boundary === 0 || shadowed(hit, own)) continue;
      for (const source of sourcesFor(hit, lines, spec.kind)) {
        const parsed = parseAs(spec, source.text, ctx, source.wholeLine);
        if (!parsed || !stringFits(spec, parsed.value)) continue;
        const distance = 0.85 ** Math.min(parsed.wordsBefore, 8);
        const score = weight * boundary * source.factor * parsed.confidence * distance;
        if (!best || score > best.likelihood + 1e-9)
          best = { value: parsed.value, likelihood: score, line: source.line };
        break;
      }
    }
  }
  return best;
}

function enumSearch(spec: FieldSpec, ctx: DocContext): Found | null {
  const values = (spec.enumValues ?? []).filter((v) => typeof v === 'string' || typeof v === 'number');
  let best: Found | null = null;
  const labelLines = new Set<number>();
  for (const [label] of spec.labels)
    for (const hit of findLabel(ctx.lines, label)) labelLines.add(hit.line.index);
  const folded = fold(ctx.text);
  for (const v of values) {
    const needle = fold(String(v)).replace(/[_-]+/g, '[\\s_-]*');
    const re = new RegExp(
      `(?<![\\p{L}\\p{N}])${needle.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '[' || c === ']' || c === '*' || c === '\\' ? c : `\\${c}`))}(?![\\p{L}\\p{N}])`,
      'gu',
    );
    let count = 0;
    let nearLabel = false;
    // Lines counted on from the last match (counted from the text's start for each match, a
    // value printed 30,000 times in a long statement cost quadratic time).
    let lineNo = 0;
    let at = 0;
    for (const m of folded.matchAll(re)) {
      count++;
      for (let nl = folded.indexOf('\n', at); nl !== -1 && nl < m.index; nl = folded.indexOf('\n', at)) {
        lineNo++;
        at = nl + 1;
      }
      if (labelLines.has(lineNo) || labelLines.has(lineNo - 1)) nearLabel = true;
    }
    if (count === 0) continue;
    const score = nearLabel ? 0.9 : Math.min(0.7, 0.4 + 0.1 * count);
    if (!best || score > best.likelihood) best = { value: v as string | number, likelihood: score };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Fallbacks when no label was found: values whose form alone says what they are.

const AVOID_DATE_BEFORE =
  /\b(due|order|delivery|ship|check[\s-]?out|expir|birth|vervaldatum|orderdatum|bestel|limite|until|valid|period|from|to|bis|tot|appointment|temujanji|ready\s*on|siap|since|warranty|collect(?:ion)?)\W*$/i;

function fallback(spec: FieldSpec, ctx: DocContext): Found | null {
  switch (spec.kind) {
    case 'date': {
      if (spec.concept && spec.concept.id !== 'date') return null;
      for (const line of ctx.lines) {
        for (const d of findDates(line.text, ctx.order)) {
          if (AVOID_DATE_BEFORE.test(line.text.slice(Math.max(0, d.start - 25), d.start))) continue;
          return { value: d.value, likelihood: 0.4 * d.confidence, line: line.index };
        }
      }
      return null;
    }
    case 'currency': {
      const tally = new Map<string, number>();
      for (const c of findCurrencies(ctx.text)) tally.set(c.value, (tally.get(c.value) ?? 0) + c.confidence);
      const total = [...tally.values()].reduce((a, b) => a + b, 0);
      const [code, weight] = [...tally.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
      if (!code || !weight) return null;
      return { value: code, likelihood: Math.min(0.95, 0.5 + 0.45 * (weight / total)) };
    }
    case 'email': {
      const e = findEmails(ctx.text)[0];
      return e ? { value: e.value, likelihood: 0.5 } : null;
    }
    case 'iban': {
      const i = findIbans(ctx.text.toUpperCase())[0];
      return i ? { value: i.value, likelihood: 0.7 } : null;
    }
    case 'uri': {
      const u = findUris(ctx.text)[0];
      return u ? { value: u.value, likelihood: 0.4 } : null;
    }
    case 'amount': {
      if (spec.concept?.id !== 'total') return null;
      // The largest amount written with a currency is most often the total.
      // Column gaps of layout text are not what parts "EUR" from its figure.
      const flat = ctx.text.replace(/[ \t]{2,}/g, ' ');
      const amounts = findAmounts(flat, ctx.mark, ctx.order).filter((a) => a.currency);
      const top = amounts.sort((a, b) => b.value - a.value)[0];
      if (!top) return null;
      // A plain string field gets the amount as printed ("4.20"), as the labelled search gives it.
      return { value: spec.type === 'string' ? printedAmount(flat, top) : top.value, likelihood: 0.3 };
    }
    case 'party':
      return spec.concept?.id === 'issuer' ? guessIssuer(ctx) : null;
    default:
      return null;
  }
}

const ungluedLines = new WeakMap<DocContext, Line[]>();

/**
 * The page's lines with runs of capitals the recogniser glued split into their words and shop
 * and address words misread by a letter put back (glued-words.ts), for the name and the
 * address: same lines, same order, a few more spaces.
 */
function unglued(ctx: DocContext): Line[] {
  let lines = ungluedLines.get(ctx);
  if (!lines) {
    lines = toLines(correctMisreadWords(splitGluedWords(ctx.text)));
    ungluedLines.set(ctx, lines);
  }
  return lines;
}

/**
 * Where receipts and invoices put the issuer, its address, the total and the date, read from
 * the page's lines (receipt-cues.ts); null for other fields and inside a nested object's block.
 */
function layoutCue(spec: FieldSpec, ctx: DocContext): Found | null {
  const id = spec.concept?.id;
  const printedString = spec.type === 'string' && !spec.format;
  if (id === 'issuer' && spec.kind === 'party') {
    const c = companyCue(unglued(ctx));
    return c && { value: c.value, likelihood: c.likelihood, line: c.line };
  }
  if (id === 'address' && spec.kind === 'address') {
    const lines = unglued(ctx);
    const c = addressCue(lines, companyCue(lines)?.line);
    return c && { value: c.value, likelihood: c.likelihood, line: c.line };
  }
  if (id === 'total' && spec.kind === 'amount') {
    const c = totalCue(ctx.lines, ctx.mark, ctx.order);
    if (!c || (spec.type === 'integer' && !Number.isInteger(c.value))) return null;
    return { value: spec.type === 'string' ? c.printed : c.value, likelihood: c.likelihood, line: c.line };
  }
  if (id === 'date' && spec.kind === 'date') {
    const c = dateCue(ctx.lines, ctx.order);
    return c && { value: printedString ? c.printed : c.value, likelihood: c.likelihood, line: c.line };
  }
  return null;
}

/** A person's label ("Patient :", "Customer Name:", "Nama :", "Bill to") on line `at` or the two above it. */
const PERSON_LABEL_RE =
  /(?<![\p{L}])(?:patient|pesakit|n?r?ic\s*no|i\/c(?:\s*no)?|customer|cust\.?|pelanggan|(?<!company\s|shop\s|store\s)name|nama|guest|member|ahli|bill(?:ed)?\s*to|sold\s*to|ship\s*to|m\s?\/\s?s|attn)\s*:/iu;
function personAbove(lines: Line[], at: number | undefined): boolean {
  if (at === undefined) return false;
  for (let k = Math.max(0, at - 2); k <= at; k++) if (PERSON_LABEL_RE.test(lines[k]?.text ?? '')) return true;
  return false;
}

/** The ISO day a date value (printed or ISO) stands for. */
function dayOf(value: unknown, ctx: DocContext): string | undefined {
  return typeof value === 'string' ? findDates(value, ctx.order)[0]?.value : undefined;
}

/** Whether `full` is `start` with more words after it, by their letters and digits. */
function startsWithWords(full: unknown, start: unknown): boolean {
  if (typeof full !== 'string' || typeof start !== 'string') return false;
  const words = (v: string) => v.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const [f, s] = [words(full), words(start)];
  return s.length > 0 && f.length > s.length && s.every((w, i) => w === f[i]);
}

/** The value of one scalar field: the likeliest of its labelled value, its layout cue and its form alone. */
export function findField(spec: FieldSpec, ctx: DocContext, lines?: Line[]): Found | null {
  if (spec.kind === 'enum') return enumSearch(spec, ctx);
  const searched = searchLabeled(spec, ctx, lines);
  // "COASTAL BEAN COMPANY PTY LTD": the word "company" inside a name, not a label before one; what
  // follows it, a legal form alone, names nobody.
  const found =
    searched &&
    spec.concept?.id === 'issuer' &&
    typeof searched.value === 'string' &&
    loneLegalForm(searched.value)
      ? null
      : searched;
  // An address with no figure at all (no house number, no postcode) under an "Address:" label left
  // blank is the next line of the slip ("THIS SERVES AS AN OFFICIAL RECEIPT"): it counts for less.
  // So does an "Address:" under a patient's or customer's name ("Patient : MOHD …" / "Address :
  // NO. 9, …"): it is theirs, not the issuer's.
  const labeled =
    found &&
    spec.kind === 'address' &&
    typeof found.value === 'string' &&
    (!/\d/.test(found.value) || personAbove(ctx.lines, found.line))
      ? { ...found, likelihood: found.likelihood * 0.5 }
      : found;
  // Within a nested object's block only its labels count; the page-wide cues are for the top level.
  const cue = lines ? null : layoutCue(spec, ctx);
  // The name at the top in full ("PASARAYA SEGAR MAJU SDN BHD") over the short form a label gives
  // on the card slip below ("MERCHANT: PASARAYA SEGAR MAJU").
  if (spec.concept?.id === 'issuer' && labeled && cue && startsWithWords(cue.value, labeled.value)) {
    return { ...cue, likelihood: Math.max(cue.likelihood, labeled.likelihood) };
  }
  // The same day printed twice, the card slip's below the slip's own ("DATE: JUL 17, 2017" under
  // "Date: 17-97-2017", read by the cue): the slip's own, as printed there.
  const cueDay = spec.kind === 'date' ? dayOf(cue?.value, ctx) : undefined;
  if (
    cueDay !== undefined &&
    labeled &&
    cue &&
    cue.line !== undefined &&
    labeled.line !== undefined &&
    cue.line < labeled.line &&
    cueDay === dayOf(labeled.value, ctx)
  ) {
    return { ...cue, likelihood: Math.max(cue.likelihood, labeled.likelihood) };
  }
  const guessed = lines ? null : fallback(spec, ctx);
  // A Malaysian legal name in the top block ("BOOKNEST RETAIL (M) SDN BHD", "KY SELERA HOLDINGS
  // SDN BHD") over a brand that the slip's web address or social handle spells ("BOOKNEST", "FB:
  // dapurselerakakyah"): there the registered name is the issuer's, the brand the shop's sign.
  // (Elsewhere the brand stays: invoice2data's "Free" for "Free SAS", free.fr.)
  if (
    spec.concept?.id === 'issuer' &&
    cue &&
    guessed &&
    typeof cue.value === 'string' &&
    typeof guessed.value === 'string' &&
    MALAYSIAN_LEGAL_FORM_RE.test(cue.value) &&
    !legalFormIn(guessed.value) &&
    (cue.line ?? Number.POSITIVE_INFINITY) < 8 &&
    (!labeled || labeled.likelihood <= cue.likelihood)
  ) {
    return { ...cue, likelihood: Math.max(cue.likelihood, guessed.likelihood) };
  }
  const candidates = [labeled, cue, guessed];
  let best: Found | null = null;
  for (const c of candidates)
    if (c && stringFits(spec, c.value) && (!best || c.likelihood > best.likelihood)) best = c;
  return best;
}
