// Parsers for the values documents write in many ways: dates, amounts, currencies, e-mail
// addresses, IBANs, booleans. Each returns the normalised value and a 0..1 confidence so the
// extractor can weigh a value against how sure it is of the label it found it under.

import { ibanValid } from './pii-patterns.ts';

export interface Parsed<T> {
  value: T;
  confidence: number;
  /** Offsets of the matched text inside the string that was searched. */
  start: number;
  end: number;
}

// Month names in the languages invoices in Europe and the Americas are written in. Keys are
// prefixes long enough to be unambiguous; matching tries the longest first.
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: [number, string[]][] = [
  [
    1,
    [
      'january',
      'jan',
      'januar',
      'jänner',
      'janvier',
      'janv',
      'januari',
      'enero',
      'ene',
      'gennaio',
      'gen',
      'janeiro',
      'stycznia',
      'styczeń',
      'sty',
    ],
  ],
  [
    2,
    [
      'february',
      'feb',
      'februar',
      'février',
      'fevrier',
      'févr',
      'fevr',
      'februari',
      'febrero',
      'febbraio',
      'fevereiro',
      'fev',
      'lutego',
      'luty',
      'lut',
    ],
  ],
  [
    3,
    ['march', 'mar', 'märz', 'maerz', 'mars', 'maart', 'mrt', 'marzo', 'março', 'marco', 'marca', 'marzec'],
  ],
  [4, ['april', 'apr', 'avril', 'avr', 'abril', 'abr', 'aprile', 'kwietnia', 'kwiecień', 'kwi']],
  [5, ['may', 'mai', 'mei', 'mayo', 'maggio', 'mag', 'maio', 'maja', 'maj']],
  [6, ['june', 'jun', 'juni', 'juin', 'junio', 'giugno', 'giu', 'junho', 'czerwca', 'czerwiec', 'cze']],
  [
    7,
    ['july', 'jul', 'juli', 'juillet', 'juil', 'julio', 'luglio', 'lug', 'julho', 'lipca', 'lipiec', 'lip'],
  ],
  [8, ['august', 'aug', 'août', 'aout', 'augustus', 'agosto', 'ago', 'sierpnia', 'sierpień', 'sie']],
  [
    9,
    [
      'september',
      'sep',
      'sept',
      'septembre',
      'septiembre',
      'settembre',
      'set',
      'setembro',
      'września',
      'wrzesień',
      'wrz',
    ],
  ],
  [
    10,
    [
      'october',
      'oct',
      'oktober',
      'okt',
      'octobre',
      'octubre',
      'ottobre',
      'ott',
      'outubro',
      'out',
      'października',
      'październik',
      'paź',
    ],
  ],
  [11, ['november', 'nov', 'novembre', 'noviembre', 'novembro', 'listopada', 'listopad', 'lis']],
  [
    12,
    [
      'december',
      'dec',
      'dezember',
      'dez',
      'décembre',
      'decembre',
      'déc',
      'diciembre',
      'dic',
      'dicembre',
      'dezembro',
      'grudnia',
      'grudzień',
      'gru',
    ],
  ],
];
for (const [month, names] of MONTH_NAMES) for (const name of names) MONTHS[name] = month;
const MONTH_ALTERNATION = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

export type DayOrder = 'DMY' | 'MDY';

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1000 || year > 9999) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return null; // 31 April and friends
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n >= 70 ? 1900 + n : 2000 + n;
  return n;
}

const L = '(?<![\\p{L}\\p{N}])';
const R = '(?![\\p{L}\\p{N}])';
const ISO_RE = new RegExp(
  `${L}(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2})?)?${R}`,
  'u',
);
// A four-digit year may run straight into the next word ("8-9-2022VF100…" when a PDF's columns
// touch) or into the time of day when OCR lost the space ("14/03/20183:22:10PM"); a two-digit
// one may not, except into a time ("24/12/1913:44:53" is 24/12/19 at 13:44:53, not a year 1913).
const NUMERIC_RE = new RegExp(
  `${L}(\\d{1,2})\\s?([-/.])\\s?(\\d{1,2})\\s?\\2\\s?(\\d{2}(?=(?:[01]\\d|2[0-3]):[0-5]\\d)|\\d{4}(?!\\p{N})|\\d{4}(?=\\d{1,2}:\\d{2})|\\d{2}${R})`,
  'u',
);
// "3 March 2024", "3. März 2024", "1er juillet 2015", "3rd of March, 2024", "12-Jan-2019", "12 JAN 19",
// "12JAN19" (a two-digit year only after a space, dash or slash, or straight after a month of three
// letters straight after the day, as tills print it: "3 Mar 12" on a price line is rare)
const DAY_MONTH_RE = new RegExp(
  `${L}(\\d{1,2})(?:st|nd|rd|th|er|e)?\\.?[\\s/-]*(?:of\\s+|de\\s+)?(${MONTH_ALTERNATION})\\.?,?[\\s/-]*(?:de\\s+)?(\\d{4}|(?<=[\\s/-]|\\d\\p{L}{3})\\d{2}(?![.,]\\d))${R}`,
  'iu',
);
// "March 3, 2024", "August 3 , 2014", "Jan 1 2022"
const MONTH_DAY_RE = new RegExp(
  `${L}(${MONTH_ALTERNATION})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})${R}`,
  'iu',
);

interface DateHit extends Parsed<string> {
  /** Numeric day/month both ≤ 12: the order had to be guessed. */
  ambiguous: boolean;
}

/**
 * A numeric date as printed, without the spaces OCR put around its separators ("23.04 .2020" is
 * "23.04.2020" on the paper); dates with a month name keep theirs.
 */
export function printedDate(text: string): string {
  // An ISO date may carry its time ("2018-04-01 10:11"): the date is the field.
  const date = foldDigitLookalikes(text).replace(/[T ]\d{1,2}:\d{2}(?::\d{2})?$/, '');
  if (!/\p{L}/u.test(date)) return date.replace(/\s*([./-])\s*/g, '$1');
  // A month's name between a hyphen and a point: one of them a hyphen OCR read as a point
  // ("15-May.2018", "11.Dec-2018"); a slip prints the two alike.
  const mixed = /^(\d{1,2})([.-])(\p{L}{3,9})([.-])(\d{2,4})$/u.exec(date);
  if (mixed && mixed[2] !== mixed[4]) return `${mixed[1]}-${mixed[3]}-${mixed[5]}`;
  // A month name OCR glued to the day while the year stands apart ("14NOV 2017"), or to both
  // ("12MAY2018"): the paper spaces both sides alike, and a glued run is what OCR makes of them.
  const both = /^(\d{1,2})(\p{L}{3,9})(\d{4})$/u.exec(date);
  if (both) return `${both[1]} ${both[2]} ${both[3]}`;
  return date.replace(/^(\d{1,2})(\p{L}{3,9}\.?)(?=\s+\d{2,4}$)/u, '$1 $2');
}

/**
 * A date as the paper prints it (printedDate), or its ISO form `iso` when OCR read its month with
 * a digit in it ("17 N0v 2019"): the printed form would be wrong.
 */
export function printedOrIso(text: string, iso: string): string {
  return monthMisreadsFixed(text) === text ? printedDate(text) : iso;
}

/** A run shaped like a numeric date, letters OCR confuses with digits allowed in it. */
const DATE_SHAPE_RE =
  /(?<![\p{L}\p{N}])[\dOoIl|]{1,4}\s?[./-]\s?[\dOoIl|]{1,2}\s?[./-]\s?[\dOoIl|]{2,4}(?![\p{L}\p{N}])/gu;

/**
 * A numeric date with the letters OCR reads for digits put back ("2O.O4.2020", "l2/05/2018" →
 * "20.04.2020", "12/05/2018"): only inside a date-shaped run that is mostly real digits. The text
 * keeps its length, so offsets found in it hold for the original.
 */
export function foldDigitLookalikes(text: string): string {
  return text.replace(DATE_SHAPE_RE, (run) =>
    (run.match(/\d/g) ?? []).length >= 4 ? run.replace(/[Oo]/g, '0').replace(/[Il|]/g, '1') : run,
  );
}

/**
 * A month's name OCR read with a digit in it, between a day and a year ("17 N0v 2019", "05-0CT-18",
 * "3 JU1 2020"): the letters put back (0 as O, 1 as L or I), where that spells a month. Same
 * length as the text.
 */
export function monthMisreadsFixed(text: string): string {
  return text.replace(
    /(?<=(?<![\p{N}])\d{1,2}(?:st|nd|rd|th)?[\s./-]{0,2})([\p{L}01]{3,9})(?=\.?[\s./,-]{0,2}\d{2,4}(?![\p{N}]))/gu,
    (word) => {
      if (!/[01]/.test(word) || !/\p{L}/u.test(word)) return word;
      const upper = word === word.toUpperCase();
      for (const one of ['l', 'i']) {
        const fixed = word.replace(/0/g, 'o').replace(/1/g, one);
        if (MONTHS[fixed.toLowerCase()] !== undefined) return upper ? fixed.toUpperCase() : fixed;
      }
      return word;
    },
  );
}

/**
 * The text dates are searched in: lookalike letters folded, and a date label OCR glued to its
 * date ("DATE25/12/2018") parted from it by its last letter, so the date starts at a word break.
 * Same length as the text: offsets hold for both.
 */
function dateSearchText(text: string): string {
  return monthMisreadsFixed(foldDigitLookalikes(text)).replace(
    /(?<=(?<![\p{L}])(?:dat|datu|tarik))[emh](?=\d{1,2}[./-]\d)/giu,
    ' ',
  );
}

/** Dates later than this are misreads: a century ahead of now. */
const LATEST_YEAR = new Date().getUTCFullYear() + 100;
/** Years from this one on are Buddhist-era years (2443 BE is 1900), the rest of the range misreads. */
const BUDDHIST_ERA_FROM = 2443;

/** A Thai slip counts years in the Buddhist era, 543 ahead ("12/03/2561" is 2018): the date in ours. */
function fromBuddhistEra(iso: string): string | null {
  const year = Number(iso.slice(0, 4));
  if (year < BUDDHIST_ERA_FROM || year > BUDDHIST_ERA_FROM + 300) return iso;
  return isoDate(year - 543, Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

/** All dates in `text`, in order of appearance. `order` resolves 03/04/2024. */
export function findDates(raw: string, order: DayOrder = 'DMY'): DateHit[] {
  const text = dateSearchText(raw);
  const hits: DateHit[] = [];
  // Characters already part of a date: a mask keeps the overlap test linear in long texts.
  const taken = new Uint8Array(text.length);
  const overlaps = (s: number, e: number) => taken.subarray(s, e).includes(1);
  const scan = (
    re: RegExp,
    build: (m: RegExpExecArray) => { iso: string | null; conf: number; amb: boolean },
  ) => {
    const g = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
    for (const m of text.matchAll(g)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      const { iso: read, conf, amb } = build(m as unknown as RegExpExecArray);
      const iso = read && fromBuddhistEra(read);
      // A year no document means ("20-02-2929", a digit misread) makes no date.
      if (!iso || Number(iso.slice(0, 4)) > LATEST_YEAR) continue;
      taken.fill(1, start, end);
      hits.push({ value: iso, confidence: conf, start, end, ambiguous: amb });
    }
  };
  scan(ISO_RE, (m) => ({ iso: isoDate(Number(m[1]), Number(m[2]), Number(m[3])), conf: 1, amb: false }));
  scan(DAY_MONTH_RE, (m) => ({
    iso: isoDate(fullYear(m[3]!), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[1])),
    conf: m[3]!.length === 2 ? 0.85 : 0.95,
    amb: false,
  }));
  scan(MONTH_DAY_RE, (m) => ({
    iso: isoDate(Number(m[3]), MONTHS[m[1]!.toLowerCase()] ?? 0, Number(m[2])),
    conf: 0.95,
    amb: false,
  }));
  scan(NUMERIC_RE, (m) => {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = fullYear(m[4]!);
    const short = m[4]!.length === 2;
    if (a > 12 && b <= 12) return { iso: isoDate(year, b, a), conf: short ? 0.8 : 0.95, amb: false };
    if (b > 12 && a <= 12) return { iso: isoDate(year, a, b), conf: short ? 0.8 : 0.95, amb: false };
    const iso = order === 'DMY' ? isoDate(year, b, a) : isoDate(year, a, b);
    return { iso, conf: a === b ? 0.95 : short ? 0.65 : 0.75, amb: a !== b };
  });
  return hits.sort((x, y) => x.start - y.start);
}

export function parseDate(text: string, order: DayOrder = 'DMY'): Parsed<string> | null {
  return findDates(text, order)[0] ?? null;
}

/**
 * Which way this document writes numeric dates: a date whose first part exceeds 12 settles it
 * (DMY), as does one whose second part does (MDY); otherwise dollars suggest the US order.
 */
export function inferDayOrder(text: string): DayOrder {
  let dmy = 0;
  let mdy = 0;
  const g = new RegExp(NUMERIC_RE.source, 'gu');
  for (const m of text.matchAll(g)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && b <= 12) dmy++;
    else if (b > 12 && a <= 12) mdy++;
  }
  if (dmy !== mdy) return dmy > mdy ? 'DMY' : 'MDY';
  return /\$|\bUSD\b/.test(text) && !/€|\bEUR\b|£|\bGBP\b/.test(text) ? 'MDY' : 'DMY';
}

// ---------------------------------------------------------------------------------------------
// Numbers and amounts

export type DecimalMark = '.' | ',';

const NUMBER_RE =
  /(?<![\p{L}\p{N}.,])[-−]?\s?\d{1,3}(?:[.,' \u00a0\u202f]\d{3})*(?:[.,]\d+)?(?![\p{N}])|(?<![\p{L}\p{N}.,])[-−]?\d+(?:[.,]\d+)?(?![\p{N}])/gu;

/** Which mark this document uses for decimals, judged by numbers with two decimal places. */
export function inferDecimalMark(text: string): DecimalMark {
  const comma = (text.match(/\d,\d{2}(?!\d)/g) ?? []).length;
  const dot = (text.match(/\d\.\d{2}(?!\d)/g) ?? []).length;
  return comma > dot ? ',' : '.';
}

/** "1.234,56", "1,234.56", "1 234,56", "1'234.56", "-12", "0,75" → number. */
export function parseNumberToken(raw: string, mark: DecimalMark = '.'): number | null {
  let s = raw.replace(/[\s\u00a0\u202f]/g, '').replace('−', '-');
  const negative = s.startsWith('-');
  if (negative) s = s.slice(1);
  if (!/^\d[\d.,']*$/.test(s)) return null;
  s = s.replace(/'/g, '');
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart = s;
  let frac = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalAt = Math.max(lastDot, lastComma);
    intPart = s.slice(0, decimalAt).replace(/[.,]/g, '');
    frac = s.slice(decimalAt + 1);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = s.split(sep);
    const tail = parts[parts.length - 1]!;
    // One separator followed by exactly three digits is a thousands separator unless this
    // document writes its decimals with that very mark (then "54,910" is 54.91).
    const thousands = parts.length > 2 || (tail.length === 3 && sep !== mark);
    if (thousands) {
      if (!parts.slice(1).every((p) => p.length === 3)) return null;
      intPart = parts.join('');
    } else {
      intPart = parts.slice(0, -1).join('');
      frac = tail;
    }
  }
  const n = Number(`${intPart}${frac ? `.${frac}` : ''}`);
  if (!Number.isFinite(n)) return null;
  return negative ? -n : n;
}

// Symbols and words that name a currency, to ISO 4217. Ambiguous symbols map to their most
// common reading ($ → USD, kr → SEK) with lower confidence.
const CURRENCY_SYMBOLS: [RegExp, string, number][] = [
  [/€/u, 'EUR', 1],
  [/£/u, 'GBP', 1],
  [/₹/u, 'INR', 1],
  [/¥|￥/u, 'JPY', 0.7],
  [/₩/u, 'KRW', 1],
  [/₽/u, 'RUB', 1],
  [/₺/u, 'TRY', 1],
  [/₪/u, 'ILS', 1],
  [/₫/u, 'VND', 1],
  [/₱/u, 'PHP', 1],
  [/₴/u, 'UAH', 1],
  [/฿/u, 'THB', 1],
  [/R\$/u, 'BRL', 1],
  [/(?<![\p{L}])C\$|CA\$/u, 'CAD', 1],
  [/(?<![\p{L}])A\$|AU\$/u, 'AUD', 1],
  [/(?<![\p{L}])NZ\$/u, 'NZD', 1],
  [/(?<![\p{L}])HK\$/u, 'HKD', 1],
  [/(?<![\p{L}])S\$/u, 'SGD', 1],
  [/(?<![\p{L}])US\$/u, 'USD', 1],
  [/\$/u, 'USD', 0.8],
  [/(?<![\p{L}])(?:Rs\.?|Rupees?)(?![\p{L}])/u, 'INR', 0.9],
  [/(?<![\p{L}])zł(?![\p{L}])/iu, 'PLN', 1],
  [/(?<![\p{L}])Kč(?![\p{L}])/u, 'CZK', 1],
  [/(?<![\p{L}])Ft(?![\p{L}])/u, 'HUF', 0.7],
  [/(?<![\p{L}])CHF|Fr\.(?![\p{L}])/u, 'CHF', 0.9],
  [/(?<![\p{L}])(?:euros?)(?![\p{L}])/iu, 'EUR', 0.9],
  [/(?<![\p{L}])(?:US dollars?|dollars?)(?![\p{L}])/iu, 'USD', 0.8],
  [/(?<![\p{L}])(?:pounds? sterling)(?![\p{L}])/iu, 'GBP', 0.9],
];

export const ISO_CURRENCIES = new Set(
  (
    'AED AUD BGN BRL CAD CHF CLP CNY COP CZK DKK EGP EUR GBP HKD HUF IDR ILS INR ISK JPY KES KRW MAD MXN ' +
    'MYR NGN NOK NZD PEN PHP PKR PLN QAR RON RSD RUB SAR SEK SGD THB TRY TWD UAH USD VND ZAR'
  ).split(' '),
);
const CODE_RE = /(?<![\p{L}])([A-Z]{3})(?![\p{L}])/gu;

/** Every currency mention in `text`, as ISO codes with confidence and position. */
export function findCurrencies(text: string): Parsed<string>[] {
  const hits: Parsed<string>[] = [];
  // Characters already claimed by a currency: a mask keeps the overlap test linear.
  const taken = new Uint8Array(text.length);
  for (const m of text.matchAll(CODE_RE)) {
    if (!ISO_CURRENCIES.has(m[1]!)) continue;
    hits.push({ value: m[1]!, confidence: 1, start: m.index, end: m.index + 3 });
    taken.fill(1, m.index, m.index + 3);
  }
  for (const [re, code, confidence] of CURRENCY_SYMBOLS) {
    for (const m of text.matchAll(new RegExp(re.source, `${re.flags}g`))) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.subarray(start, end).includes(1)) continue;
      hits.push({ value: code, confidence, start, end });
      taken.fill(1, start, end);
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

export function parseCurrency(text: string): Parsed<string> | null {
  return findCurrencies(text)[0] ?? null;
}

export interface AmountHit extends Parsed<number> {
  currency?: string;
}

/**
 * Amounts in `text`: numbers that are not part of a date, a percentage or a long identifier.
 * A currency next to the number or two decimals make it more surely an amount.
 */
export function findAmounts(text: string, mark: DecimalMark = '.', order: DayOrder = 'DMY'): AmountHit[] {
  const dates = findDates(text, order);
  const currencies = findCurrencies(text);
  const hits: AmountHit[] = [];
  // Dates and currencies come sorted by position, as do the numbers: walk them alongside.
  let d = 0;
  let c = 0;
  for (const m of text.matchAll(NUMBER_RE)) {
    const raw = m[0];
    const start = m.index + (raw.length - raw.trimStart().length);
    const end = m.index + raw.length;
    while (d < dates.length && dates[d]!.end <= start) d++;
    if (d < dates.length && dates[d]!.start < end) continue;
    while (c < currencies.length && currencies[c]!.end < start - 2) c++;
    const after = text.slice(end, end + 3);
    if (/^\s?%/.test(after)) continue;
    const value = parseNumberToken(raw.trim(), mark);
    if (value === null) continue;
    const digits = raw.replace(/\D/g, '');
    const hasDecimals = /[.,]\d{2}$/.test(raw.trim());
    // A long run of digits without separators is an account, order or phone number.
    if (digits.length > 9 && !hasDecimals) continue;
    let near: Parsed<string> | undefined;
    for (let k = c; k < currencies.length && currencies[k]!.start <= end + 2; k++) {
      const cur = currencies[k]!;
      if ((cur.end <= start && start - cur.end <= 2) || (cur.start >= end && cur.start - end <= 2)) {
        near = cur;
        break;
      }
    }
    let confidence = 0.5;
    if (hasDecimals) confidence += 0.3;
    if (near) confidence += 0.2;
    const hit: AmountHit = { value, confidence: Math.min(1, confidence), start, end };
    if (near) hit.currency = near.value;
    hits.push(hit);
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// E-mail, IBAN, URI, booleans

const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
export function findEmails(text: string): Parsed<string>[] {
  return [...text.matchAll(EMAIL_RE)].map((m) => ({
    value: m[0],
    confidence: 1,
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const URI_RE = /\bhttps?:\/\/[^\s<>"')]+|\bwww\.[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?:\/[^\s<>"')]*)?/giu;
export function findUris(text: string): Parsed<string>[] {
  return [...text.matchAll(URI_RE)].map((m) => {
    const raw = m[0].replace(/[.,;:]+$/, '');
    return {
      value: raw.startsWith('http') ? raw : `https://${raw}`,
      confidence: raw.startsWith('http') ? 1 : 0.8,
      start: m.index,
      end: m.index + raw.length,
    };
  });
}

// ISO 13616 mod-97 check, shared with PII detection.
export { ibanValid as isValidIban } from './pii-patterns.ts';

const IBAN_RE = /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{2,4}){3,8}(?![\p{L}\p{N}])/gu;
export function findIbans(text: string): Parsed<string>[] {
  const hits: Parsed<string>[] = [];
  for (const m of text.matchAll(IBAN_RE)) {
    // Grouped IBANs may run into the next word; try shrinking groups from the right.
    let candidate = m[0];
    while (candidate.length >= 14) {
      if (ibanValid(candidate)) {
        hits.push({
          value: candidate.replace(/[\s-]/g, ''),
          confidence: 1,
          start: m.index,
          end: m.index + candidate.length,
        });
        break;
      }
      const cut = candidate.search(/[ -][A-Z0-9]+$/);
      if (cut < 0) break;
      candidate = candidate.slice(0, cut);
    }
  }
  return hits;
}

const TRUE_WORDS = new Set([
  'yes',
  'y',
  'true',
  'ja',
  'oui',
  'si',
  'sí',
  'tak',
  'x',
  '☑',
  '☒',
  '✓',
  '✔',
  '[x]',
  'checked',
  'paid',
  'betaald',
  'bezahlt',
  'payé',
]);
const FALSE_WORDS = new Set([
  'no',
  'n',
  'false',
  'nein',
  'non',
  'nee',
  'nie',
  '☐',
  '[ ]',
  'unchecked',
  'unpaid',
  'open',
]);
export function parseBoolean(text: string): Parsed<boolean> | null {
  const t = text.trim().toLowerCase();
  const first = t.split(/\s+/)[0] ?? '';
  for (const word of [t, first]) {
    if (TRUE_WORDS.has(word))
      return { value: true, confidence: word === t ? 0.95 : 0.8, start: 0, end: word.length };
    if (FALSE_WORDS.has(word))
      return { value: false, confidence: word === t ? 0.95 : 0.8, start: 0, end: word.length };
  }
  return null;
}
