// Tables in text without column layout ("Description Quantity Unit Price Amount" on one line,
// single spaces everywhere, as PDF text layers often come out). The header is recognised by
// its vocabulary of column titles; a row is read from both ends: numeric columns at the left
// take leading numbers, numeric columns at the right take trailing numbers (with their
// currency signs, percent signs and units), and the text in between fills the text columns.

import { type ColumnKind, TITLES } from './column-titles.ts';
import { fold, type Line } from './layout.ts';
import { ISO_CURRENCIES } from './values.ts';

export interface TokenColumn {
  title: string;
  kind: ColumnKind;
}

const SORTED = [...TITLES].sort((a, b) => b[0].length - a[0].length);

/** The columns of a header line written without layout, or null when it is not one. */
export function tokenHeader(line: Line): TokenColumn[] | null {
  const text = line.text.trim();
  const folded = fold(text);
  if (!text || text.length > 160 || /\d{2,}/.test(text) || /:\s*\S/.test(text)) return null;
  const columns: TokenColumn[] = [];
  let at = 0;
  let unknown = 0;
  while (at < folded.length) {
    while (folded[at] === ' ') at++;
    if (at >= folded.length) break;
    const match = SORTED.find(
      ([t]) => folded.startsWith(t, at) && !/[\p{L}]/u.test(folded[at + t.length] ?? ' '),
    );
    if (match) {
      columns.push({ title: text.slice(at, at + match[0].length), kind: match[1] });
      at += match[0].length;
      continue;
    }
    // An unknown word joins the title before it ("Prijs incl. BTW"); too many and it is prose.
    const end = folded.indexOf(' ', at);
    const word = text.slice(at, end < 0 ? undefined : end);
    if (++unknown > Math.max(1, columns.length / 2) || columns.length === 0) return null;
    const last = columns[columns.length - 1]!;
    last.title = `${last.title} ${word}`;
    at = end < 0 ? folded.length : end;
  }
  const numeric = columns.filter((c) => c.kind === 'number').length;
  return columns.length >= 3 && numeric >= 1 && numeric < columns.length ? columns : null;
}

const NUMBER_TOKEN = /^[-−]?[$€£¥₹]?\(?[-−]?\d[\d.,']*\)?%?$/u;
const CURRENCY_SIGN = /^(?:[$€£¥₹]|Rs\.?|zł)$/u;
const isCurrency = (t: string | undefined) =>
  t !== undefined && (CURRENCY_SIGN.test(t) || ISO_CURRENCIES.has(t));
const UNIT_TOKEN = /^(?:[\p{L}]{1,5}\.?)$/u;

/** A row's cells by column, or null when the line has no figure where the header wants one. */
export function tokenRow(text: string, columns: TokenColumn[]): (string | undefined)[] | null {
  const tokens: string[] = [];
  for (const t of text.trim().split(/\s+/)) {
    // "21 %" is one figure.
    if (t === '%' && tokens.length > 0 && NUMBER_TOKEN.test(tokens[tokens.length - 1]!))
      tokens[tokens.length - 1] += '%';
    else if (t) tokens.push(t);
  }
  const cells: (string | undefined)[] = new Array(columns.length).fill(undefined);
  let left = 0;
  let right = tokens.length - 1;
  const isNumber = (t: string | undefined) => t !== undefined && NUMBER_TOKEN.test(t);
  // Leading numeric columns ("Pos. Menge Beschreibung …").
  let c = 0;
  for (; c < columns.length && columns[c]!.kind === 'number'; c++) {
    if (!isNumber(tokens[left])) return null;
    cells[c] = tokens[left++];
  }
  const firstText = c;
  // Trailing numeric columns, right to left.
  let lastText = columns.length - 1;
  while (lastText >= firstText && columns[lastText]!.kind === 'number') lastText--;
  let figures = 0;
  for (let k = columns.length - 1; k > lastText && right >= left; k--) {
    let cell = '';
    if (isCurrency(tokens[right]) && isNumber(tokens[right - 1])) cell = ` ${tokens[right--]}`;
    if (!isNumber(tokens[right])) {
      // A unit after a quantity ("1.00 kg", "1 PCS") belongs to that figure.
      if (UNIT_TOKEN.test(tokens[right]!) && isNumber(tokens[right - 1]) && right - 1 >= left) {
        cell = ` ${tokens[right--]}${cell}`;
      } else break;
    }
    cell = `${tokens[right--]}${cell}`;
    if (isCurrency(tokens[right]) && right >= left) cell = `${tokens[right--]} ${cell}`;
    cells[k] = cell;
    figures++;
  }
  if (figures === 0 && c === 0) return null;
  // The text in between fills the text columns: an identifier-like first word goes to a code column.
  const middle = tokens.slice(left, right + 1);
  const textCols = [];
  for (let k = firstText; k <= lastText; k++) if (columns[k]!.kind === 'text') textCols.push(k);
  if (middle.length === 0 || textCols.length === 0) return figures > 0 ? cells : null;
  const main = mainTextColumn(columns);
  if (textCols.length > 1 && middle.length > 1 && /\d|^[\p{Lu}\d_[\]*#-]+$/u.test(middle[0]!)) {
    const codeColumn = textCols.find((k) => k !== main) ?? textCols[0]!;
    cells[codeColumn] = middle[0];
    cells[main] = middle.slice(1).join(' ');
  } else {
    cells[main] = middle.join(' ');
  }
  return cells;
}

const DESCRIPTIVE = [
  'descr',
  'omschr',
  'beschr',
  'bezeich',
  'design',
  'libel',
  'nazwa',
  'title',
  'product',
  'item',
  'artik',
  'article',
  'service',
  'name',
];

/** The text column that holds the description: the most descriptive title, else the last text column. */
export function mainTextColumn(columns: TokenColumn[]): number {
  for (const stem of DESCRIPTIVE) {
    const k = columns.findIndex((c) => c.kind === 'text' && fold(c.title).startsWith(stem));
    if (k >= 0) return k;
  }
  for (let k = columns.length - 1; k >= 0; k--) if (columns[k]!.kind === 'text') return k;
  return 0;
}
