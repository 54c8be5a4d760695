// Key-value pairs as documents print them: "Label: value" (several on one line too),
// "Label   value" in two columns, a row of "Label:" headers with the values on the row below,
// a "Label:" line with its value on the next. Values are typed (dates to ISO, amounts to
// numbers, yes/no to booleans); long digit strings and codes with leading zeros stay strings.

import { CONCEPTS } from './concepts.ts';
import { camelCase, fold, type Line, linesBelow, type Segment, toLines } from './layout.ts';
import {
  type DayOrder,
  type DecimalMark,
  findAmounts,
  findDates,
  findEmails,
  findUris,
  inferDayOrder,
  inferDecimalMark,
  parseBoolean,
} from './values.ts';

export type FieldValue = string | number | boolean | null;

export interface KeyValuePair {
  label: string;
  key: string;
  raw: string;
  value: FieldValue;
  type: 'string' | 'number' | 'integer' | 'boolean';
  format?: 'date' | 'email' | 'uri' | undefined;
  line: number;
}

const KNOWN_LABELS = new Set(CONCEPTS.flatMap((c) => c.labels.map(([l]) => l)));
// Times (10:30), URLs (http://) and ratios are not label separators.
const COLON_RE = /:(?!\/\/)(?!\d)/g;
const MAX_LABEL_WORDS = 6;
// Numbers that identify rather than count ("Invoice No.", "Kundennr.", "Order ID") stay strings.
const IDENTIFIER_LABEL_RE =
  /(?<![\p{L}])(no|nr|num|number|nummer|numer|numero|id|ids|code|ref|reference|iban|bic|swift|tin|vat|gstin|siren|siret|#)(?![\p{L}])|(nr|nummer|number|no)\.?$/u;

function isLabelText(s: string): boolean {
  const t = s.trim();
  if (!t || t.length > 60 || !/^[\p{L}#(]/u.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length > MAX_LABEL_WORDS) return false;
  // Labels are mostly letters: "Invoice No.", "VAT/TIN", "Tax (0%)".
  const letters = (t.match(/\p{L}/gu) ?? []).length;
  return letters >= Math.max(2, t.replace(/\s/g, '').length * 0.5);
}

/** The label that ends right before a colon, when the text before it also holds a value. */
function trailingLabel(before: string): { label: string; valueEnd: number } | null {
  const words = [...before.matchAll(/\S+/g)];
  if (words.length === 0) return null;
  // Prefer the longest known label (up to four words); otherwise the last word alone.
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    const start = words[words.length - n]!.index;
    const candidate = before.slice(start).trim();
    if (
      n === 1 ||
      KNOWN_LABELS.has(
        fold(candidate)
          .replace(/[.#]+$/, '')
          .trim(),
      )
    ) {
      if (!isLabelText(candidate)) return null;
      return { label: candidate, valueEnd: start };
    }
  }
  return null;
}

function pairsInSegment(seg: Segment): { label: string; raw: string }[] {
  const colons = [...seg.text.matchAll(COLON_RE)].map((m) => m.index);
  if (colons.length === 0) return [];
  const out: { label: string; raw: string }[] = [];
  let labelText = seg.text.slice(0, colons[0]).trim();
  if (!isLabelText(labelText)) return [];
  for (let i = 0; i < colons.length; i++) {
    const from = colons[i]! + 1;
    const to = colons[i + 1] ?? seg.text.length;
    let chunk = seg.text.slice(from, to);
    let next: string | null = null;
    if (i + 1 < colons.length) {
      const t = trailingLabel(chunk);
      if (t) {
        next = t.label;
        chunk = chunk.slice(0, t.valueEnd);
      } else {
        // No label before the next colon: it is part of this value ("Note: see p. 2: below").
        continue;
      }
    }
    const raw = chunk.trim().replace(/\s*[|•;,]+$/, '');
    if (raw) out.push({ label: labelText, raw });
    if (next) labelText = next;
  }
  return out;
}

export function typeValue(
  raw: string,
  order: DayOrder,
  mark: DecimalMark,
): Pick<KeyValuePair, 'value' | 'type' | 'format'> {
  const t = raw.trim();
  const date = findDates(t, order)[0];
  if (date && date.end - date.start >= t.length - 2)
    return { value: date.value, type: 'string', format: 'date' };
  const email = findEmails(t)[0];
  if (email && email.value.length === t.length)
    return { value: email.value, type: 'string', format: 'email' };
  const uri = findUris(t)[0];
  if (uri && uri.end - uri.start === t.length && /^https?:/i.test(t))
    return { value: uri.value, type: 'string', format: 'uri' };
  const bool = parseBoolean(t);
  if (bool && bool.confidence >= 0.95 && !/^[xn]$/i.test(t)) return { value: bool.value, type: 'boolean' };
  const digits = t.replace(/\D/g, '');
  // Identifiers: leading zeros, long digit runs, or digits mixed with letters stay text.
  const codeLike = /^0\d/.test(t) || (digits.length > 9 && !/[.,]\d{2}\b/.test(t));
  if (!codeLike) {
    const amounts = findAmounts(t, mark, order);
    const a = amounts[0];
    const rest = a ? (t.slice(0, a.start) + t.slice(a.end)).replace(/[\s$€£¥₹%]|[A-Z]{3}|Rs\.?|zł/gu, '') : t;
    if (a && amounts.length === 1 && rest.length === 0) {
      return Number.isInteger(a.value) && !/[.,]\d+$/.test(t.replace(/[^\d.,]+$/, ''))
        ? { value: a.value, type: 'integer' }
        : { value: a.value, type: 'number' };
    }
  }
  return { value: t, type: 'string' };
}

function uniqueKey(label: string, taken: Set<string>): string {
  const base = camelCase(label.replace(/[:.#]+$/, ''));
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}${n}`;
  taken.add(key);
  return key;
}

/** Every key-value pair in the text, in reading order, each label once (the first wins). */
export function findKeyValuePairs(text: string): KeyValuePair[] {
  const body = (text ?? '').slice(0, 1_000_000);
  const lines = toLines(body);
  const order = inferDayOrder(body);
  const mark = inferDecimalMark(body);
  const found: { label: string; raw: string; line: number }[] = [];
  const consumed = new Set<number>();

  for (const line of lines) {
    if (consumed.has(line.index) || line.segments.length === 0) continue;
    const segs = line.segments;
    // A row of "Label:" headers with the values on the next row, as many as there are labels.
    if (segs.length >= 2 && segs.every((s) => /:$/.test(s.text) && isLabelText(s.text.slice(0, -1)))) {
      const below = linesBelow(lines, line.index, 1)[0];
      if (below && below.segments.length === segs.length && !below.segments.some((s) => /:$/.test(s.text))) {
        segs.forEach((s, i) => {
          found.push({ label: s.text.slice(0, -1), raw: below.segments[i]!.text, line: line.index });
        });
        consumed.add(below.index);
        continue;
      }
    }
    // A row of column titles without colons over a row of values, one per title ("Booking ID  Payment Mode").
    if (segs.length >= 2 && segs.every((s) => isLabelText(s.text) && !/\d/.test(s.text))) {
      const below = linesBelow(lines, line.index, 1)[0];
      const after = below ? linesBelow(lines, below.index, 1)[0] : undefined;
      // Only a single row of values: more rows under the titles make a table.
      const single =
        !after || after.segments.length !== segs.length || !after.segments.some((s) => /\d/.test(s.text));
      if (
        below &&
        single &&
        below.segments.length === segs.length &&
        below.segments.some((s) => /\d/.test(s.text))
      ) {
        if (!below.segments.some((s) => /:/.test(s.text))) {
          segs.forEach((s, i) => {
            found.push({ label: s.text, raw: below.segments[i]!.text, line: line.index });
          });
          consumed.add(below.index);
          continue;
        }
      }
    }
    // "Label:" alone, value on the next line.
    if (segs.length === 1 && /:$/.test(segs[0]!.text) && isLabelText(segs[0]!.text.slice(0, -1))) {
      const below: Line | undefined = linesBelow(lines, line.index, 1)[0];
      if (below && below.segments.length === 1 && !/:/.test(below.text) && below.text.trim().length <= 80) {
        found.push({ label: segs[0]!.text.slice(0, -1), raw: below.text.trim(), line: line.index });
        consumed.add(below.index);
      }
      continue;
    }
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!;
      const pairs = pairsInSegment(seg);
      if (pairs.length > 0) {
        for (const p of pairs) found.push({ ...p, line: line.index });
        continue;
      }
      // "Label:" then the value in the next column, or "Label   value" where the label is a known one
      // or the value carries a digit (prose rarely splits into such columns).
      // "Total 25.50", "Grand Total 319.00": a known label and a figure in one run of text.
      const inline = seg.text.match(
        /^(\p{L}[\p{L}.#'/() -]{0,40}?)\s+([-−]?[$€£¥₹]?\s?\d[\d.,']*(?:\s?(?:[A-Z]{3}|[$€£¥₹%]))?)$/u,
      );
      if (
        inline &&
        KNOWN_LABELS.has(
          fold(inline[1]!)
            .replace(/[.#]+$/, '')
            .trim(),
        )
      ) {
        found.push({ label: inline[1]!, raw: inline[2]!, line: line.index });
        continue;
      }
      const next = segs[i + 1];
      if (!next || /:/.test(next.text)) continue;
      const labelText = seg.text.replace(/:$/, '');
      if (!isLabelText(labelText)) continue;
      const known = KNOWN_LABELS.has(
        fold(labelText)
          .replace(/[.#]+$/, '')
          .trim(),
      );
      if (
        /:$/.test(seg.text) ||
        known ||
        (/\d/.test(next.text) && next.text.length <= 40 && !/\d/.test(labelText))
      ) {
        found.push({ label: labelText, raw: next.text, line: line.index });
        i++;
      }
    }
  }

  const taken = new Set<string>();
  const seenLabels = new Set<string>();
  const out: KeyValuePair[] = [];
  for (const f of found) {
    f.raw = f.raw.replace(/\s*[|•;,\-–—]+$/, '');
    const label = f.label.replace(/\s+/g, ' ').trim();
    const folded = fold(label);
    // Past a few lines' worth of text a "value" is prose that happens to follow a colon.
    if (seenLabels.has(folded) || !f.raw.trim() || f.raw.length > 200) continue;
    seenLabels.add(folded);
    out.push({
      label,
      key: uniqueKey(label, taken),
      raw: f.raw.trim(),
      line: f.line,
      ...(IDENTIFIER_LABEL_RE.test(folded)
        ? { value: f.raw.trim(), type: 'string' as const }
        : typeValue(f.raw, order, mark)),
    });
  }
  return out;
}
