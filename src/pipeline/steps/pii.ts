// PII detection and redaction. Finding types (the strings in PiiFinding.type and in the
// `piiTypes` option):
//
//   EMAIL           e-mail address
//   PHONE_NUMBER    phone number (libphonenumber-valid, in a shape only phones take, or next to a cue)
//   CREDIT_CARD     payment card number, 12-19 digits, Luhn-valid
//   US_SSN          US social security number (never-issued ranges excluded)
//   IBAN            international bank account number, mod-97-valid (or in its country's layout, a guess)
//   IP_ADDRESS      IPv4 or IPv6 address, validated
//   DATE_OF_BIRTH   a date near a birth cue ("DOB", "born", "date of birth")
//   PERSON          a person's name
//   ADDRESS         a street address
//
// Overlapping findings are resolved in favour of the higher score, then the longer span.
import { PII_TYPES, type PiiFinding } from '../types.ts';
import { isEnglishWord, isHumanName, isKnownWord } from './lexicon.ts';
import { COLUMN_EDGE, findAddresses, LINE_PART } from './pii-address.ts';
import { GIVEN_NAMES } from './pii-given-names.ts';
import {
  findCreditCards,
  findDatesOfBirth,
  findEmails,
  findIbans,
  findIpAddresses,
  findPhoneNumbers,
  findSsns,
  type PiiSpan,
  withMisreadDigits,
  withMisreadLetters,
} from './pii-patterns.ts';
import {
  CUE_BEFORE,
  findPersons,
  isFormOfAddress,
  isNameLine,
  neverAName,
  repeatedNames,
  trimmedOfWords,
  withoutTrailingLabel,
} from './pii-person.ts';

export type { PiiSpan } from './pii-patterns.ts';
export { PII_TYPES };

export type PiiType = (typeof PII_TYPES)[number];

const DETECTORS: Record<PiiType, (text: string) => PiiSpan[]> = {
  EMAIL: findEmails,
  PHONE_NUMBER: findPhoneNumbers,
  CREDIT_CARD: findCreditCards,
  US_SSN: findSsns,
  IBAN: findIbans,
  IP_ADDRESS: findIpAddresses,
  DATE_OF_BIRTH: findDatesOfBirth,
  PERSON: findPersons,
  ADDRESS: findAddresses,
};

// When scores tie, a checked structure beats a guess: an IBAN's digits are not a phone.
const PRIORITY: Record<string, number> = {
  EMAIL: 9,
  IBAN: 8,
  CREDIT_CARD: 7,
  US_SSN: 6,
  IP_ADDRESS: 5,
  DATE_OF_BIRTH: 4,
  PHONE_NUMBER: 3,
  ADDRESS: 2,
  PERSON: 1,
};

/** A finding on one text: PiiFinding without its page. */
export type PiiMatch = Omit<PiiFinding, 'page'>;

function isPiiType(name: string): name is PiiType {
  return (PII_TYPES as readonly string[]).includes(name);
}

/** The detector names a `piiTypes` option selects; unknown names are rejected by validation. */
export function selectPiiTypes(piiTypes?: readonly string[]): PiiType[] {
  if (!piiTypes) return [...PII_TYPES];
  return piiTypes.map((t) => t.toUpperCase()).filter(isPiiType);
}

// Checked findings (score >= 0.9) beat guesses; among guesses the longer span wins, so a
// street address keeps the "Victor Hugo" inside it rather than losing it to PERSON.
function strength(score: number): number {
  return score >= 0.9 ? 1 : 0;
}

/** Keeps the best of overlapping spans: checked before guessed, then longer, then higher score. */
export function resolveOverlaps<T extends { type: string; start: number; end: number; score: number }>(
  spans: T[],
): T[] {
  const ranked = [...spans].sort(
    (a, b) =>
      strength(b.score) - strength(a.score) ||
      b.end - b.start - (a.end - a.start) ||
      b.score - a.score ||
      (PRIORITY[b.type] ?? 0) - (PRIORITY[a.type] ?? 0) ||
      a.start - b.start,
  );
  // The characters kept spans cover, so a span is checked against them all in its own length
  // (checking it against every kept span cost quadratic time: 2 s on a 470 KB price list).
  let end = 0;
  for (const s of spans) end = Math.max(end, s.end);
  const covered = new Uint8Array(end);
  const kept: T[] = [];
  for (const span of ranked) {
    if (span.end <= span.start || covered.subarray(span.start, span.end).includes(1)) continue;
    covered.fill(1, span.start, span.end);
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * In an address block the addressee is printed above the street: "Pia Rutschmann" over
 * "Marktgasse 28", or over a job title and a company ("Karin M. Beike\nLeasing
 * consultant\nFritz-Armstrong\n…"). The nearest of the three lines above that reads as a
 * name is a PERSON.
 */
function namesAboveAddresses(text: string, spans: PiiSpan[]): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const a of spans) {
    if (a.type !== 'ADDRESS') continue;
    // Only bullets and spaces before the address on its line, looked at back from the address
    // (not from the line's start: on a text of one long line that cost quadratic time).
    let lineStart = a.start;
    while (lineStart > 0 && text[lineStart - 1] !== '\n' && /[\s?•*-]/.test(text[lineStart - 1] as string))
      lineStart--;
    if (lineStart === 0 || text[lineStart - 1] !== '\n') continue;
    const addressLineStart = lineStart;
    for (let seen = 0; seen < 3 && lineStart > 0; ) {
      const prevEnd = lineStart - 1;
      const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
      lineStart = prevStart;
      // Bullets and blank lines between the lines of a block do not count. A box beside the window
      // ("ETIENNE GAGNON-ROY      Account number   7731 0582 4410") is no part of its line.
      const whole = text.slice(prevStart, prevEnd);
      const raw = inColumn(whole, a.start - addressLineStart);
      // (A form of address before the name is not the name: "Herrn Dennis Kowalczyk".)
      // (Nor French "M." or Spanish "D." before a whole name: "M. Julien Marchetti".)
      const line = raw
        .replace(/^[\s?•*-]+/, '')
        .replace(/^(\S+)\s+(?=\S)/, (m, w: string) => (isFormOfAddress(w) ? '' : m))
        .replace(/^[MD]\.[ \t]+(?=\p{Lu}\p{Ll}+[ \t]+\p{Lu})/u, '');
      if (line.trim() === '') continue;
      seen++;
      if (/[:\d@]/.test(line)) break;
      // A name in capitals over its address ("TAN WEI MING" over "BLK 418 ANG MO KIO AVENUE 10"):
      // read as names are written, with a word of the name lists in it (not a shop's "KEDAI RUNCIT").
      const words = line.trim().split(/\s+/);
      // A line's column beside a box is the sender's letterhead as often as the addressee's window
      // ("AIRE VALLEY WATER", "BANCO CANTÁBRICO"): there a word of the name lists, no word that is a
      // dictionary's and no name's, no firm's word, and a name's word no English dictionary holds or
      // a word none holds.
      if (raw !== whole) {
        const cased = words.map(titleCased);
        const nameOnly = (w: string) => (isHumanName(w) && !isEnglishWord(w)) || !isKnownWord(w);
        // (Or a given name of the list, then a surname no English dictionary holds: "Aroha Parata".)
        const givenFirst =
          words.length <= 3 &&
          GIVEN_NAMES.has(cased[0]!) &&
          cased.slice(1).every((w) => !isEnglishWord(w) && !FIRM_WORD.test(w));
        if (
          !givenFirst &&
          (!cased.some(nameOnly) ||
            !cased.some((w) => isHumanName(w)) ||
            cased.some((w) => (isKnownWord(w) && !isHumanName(w)) || FIRM_WORD.test(w)))
        )
          break;
      }
      const capitals =
        !/\p{Ll}/u.test(line) &&
        words.some((w) => w.length > 1 && isHumanName(titleCased(w))) &&
        !words.some((w) => SHOP_WORD.test(w));
      // A firm's name in capitals over its address: "WIENER NEUSTÄDTER ENERGIE AG", "BANQUE
      // POPULAIRE DU MORVAN".
      if (
        capitals &&
        words.some(
          (w) => FIRM_WORD.test(titleCased(w)) || /^(?:AG|GMBH|SA|SAS|SARL|SPA|SRL|BV|NV|PLC|LLC)$/.test(w),
        )
      )
        break;
      if (!isNameLine(capitals ? words.map(titleCased).join(' ') : line)) continue;
      const start = prevStart + raw.length - line.length;
      out.push({ type: 'PERSON', start, end: start + line.trimEnd().length, score: 0.75 });
      break;
    }
  }
  return out;
}

/**
 * The part of a line in the column that starts at `column` (within a few characters), as the line
 * up to that part's end, the parts before it blanked: where three spaces or more part the line into
 * columns. A line without such a part, or without columns, is itself.
 */
function inColumn(line: string, column: number): string {
  if (!COLUMN_EDGE.test(line)) return line;
  for (const m of line.matchAll(LINE_PART))
    if (Math.abs(m.index - column) <= 4) return ' '.repeat(m.index) + m[0];
  return line;
}

// A utility's, a bank's or an insurer's word in its name over its own address.
const FIRM_WORD =
  /^(?:Bank|Banco|Banca|Banque|Water|Power|Energy|Energie|Énergie|Energia|Gas|Hydro|Electric|Telecom|Utilities|Insurance|Assurance|Versicherung|Seguros|Assicurazioni|Stadtwerke|Council|Municipality|Fiduciaire|Repubblica|Cantone|Canton|Populaire|Mutual|Mutuelle)$/;

// Words of a shop's or firm's name in capitals over its address ("KEDAI RUNCIT AH KOW").
const SHOP_WORD =
  /^(?:KEDAI|RESTORAN|RESTAURANT|SYARIKAT|PERNIAGAAN|PASARAYA|PASAR|MART|MARKET|SHOP|STORE|CAFE|BAKERY|FARMASI|PHARMACY|KLINIK|CLINIC|HOTEL|ENTERPRISE|TRADING|HARDWARE|STESEN|STATION|SDN|BHD|LTD|INC|PLT)$/;

/** "MING" → "Ming", "O'NEILL" → "O'Neill". */
function titleCased(word: string): string {
  return word.replace(/(?<=\p{Lu})\p{Lu}+/gu, (rest) => rest.toLowerCase());
}

/**
 * A text typed all in lower case ("follow up with patricia desrosiers") with each word's first
 * letter capitalised, offsets unchanged, for the detectors that read capitals; the text
 * itself when it has any capital, or when a letter would change length in upper case.
 */
function asCapitalised(text: string): string {
  if (/\p{Lu}/u.test(text)) return text;
  return text.replace(/(?<![\p{L}\p{M}'’])\p{Ll}/gu, (c) => {
    const upper = c.toUpperCase();
    return upper.length === c.length ? upper : c;
  });
}

const MALAY_PATRONYMIC = /^(?:Bin|Binti|Bte|Bt|[ASDasd]\/[LPOlpo])$/;
// Particles inside a name in capitals ("VAN DER MERWE"), written small as names write them.
const PARTICLES = 'van von de der den da di du del della des dos das la le'.split(' ');
const CAPS_PARTICLE = new RegExp(
  String.raw`(?<=[ \t])(?:${PARTICLES.map((p) => p[0]!.toUpperCase() + p.slice(1)).join('|')}|[ASD]\/[LPO])(?=[ \t])`,
  'g',
);
// (A run's last word keeps its capital: a few particles there count as such too.)
const PARTICLE = new RegExp(`^(?:${PARTICLES.join('|')}|De|La|Da|Di|Du|Del|Van|Von|Dos|[asd]\\/[lpo])$`);
// A word in capitals, hyphened or after an Irish or Italian prefix ("O'CONNELL", "D'AMATO").
// OCR reads the O of "O'DONNELL" as a zero now and then.
const CAPS_WORD = String.raw`(?:[OD0]['’])?\p{Lu}{2,}(?:-\p{Lu}{2,})?`;

/**
 * `text` with each run of words printed in capitals (two words of two letters or more, initials
 * between them) that holds a given name written with small letters after each word's first
 * ("JENNIFER L MARTINEZ" → "Jennifer L Martinez"), offsets unchanged, and where that was done.
 */
function capitalRunsAsWords(text: string): { text: string; changed: [number, number][] } {
  const changed: [number, number][] = [];
  const out = text.replace(
    new RegExp(
      String.raw`(?<![\p{L}\p{M}\d])${CAPS_WORD}(?:[ \t]{1,2}(?:(?:\p{Lu}\.){2,3}|\p{Lu}\.?|[ASD]\/[LPO]|${CAPS_WORD}))*[ \t]{1,2}${CAPS_WORD}(?![\p{L}\p{M}\d])`,
      'gu',
    ),
    (run, at: number) => {
      const words = run
        .replace(/(?<=\p{Lu})\p{Lu}+/gu, (rest) => {
          const lower = rest.toLowerCase();
          return lower.length === rest.length ? lower : rest;
        })
        // Particles inside the name as names write them: "VAN DER MERWE" → "van der Merwe".
        .replace(CAPS_PARTICLE, (p) => p.toLowerCase());
      // Only a run with a given name in it, or of two or three names opening with one that is no
      // word of any language the lists hold ("OLIVIER FONTAINE", "EMILIE TREMBLAY"): acronyms
      // ("AMD EPYC", "ACM SIGKDD") and shop names in capitals ("HIKMAH NASI KANDAR") stay as printed.
      const all = words.split(/[ \t]+/);
      // A form of address before the name is no part of it, and says that a name follows
      // ("DHR HENRIK BRANDT", "DE HEER OISIN KAVANAGH").
      let titles = 0;
      while (
        all.length - titles > 2 &&
        (isFormOfAddress(all[titles]!) || (all[titles] === 'De' && isFormOfAddress(all[titles + 1]!)))
      )
        titles++;
      const parts = all.slice(titles);
      // Initials between names ("ROSA M GUTIERREZ") say nothing either way.
      // Nor do particles after the first word ("VAN DER MERWE", "A/P").
      const names = parts.filter(
        (w, i) => i === 0 || (!PARTICLE.test(w) && (i === parts.length - 1 || !/^\p{Lu}\.?$/u.test(w))),
      );
      // A label before the run says that a name follows as a form of address does ("Owner:
      // THEUNIS JOHANNES VAN DER MERWE", "(titular ANA C DA SILVA PEREIRA)").
      const labelled = CUE_BEFORE.test(
        text
          .slice(Math.max(0, at - 40), at)
          .split('\n')
          .pop()!,
      );
      const named =
        ((titles > 0 || labelled) &&
          names.length <= 4 &&
          names.every((w) => !neverAName(w) && (!isEnglishWord(w) || isHumanName(w)))) ||
        parts.some((w) => GIVEN_NAMES.has(w)) ||
        // A Malay name: a son's or daughter's name, "bin" or "binti", the father's ("NOR AZIZAH BINTI ISMAIL").
        (parts.length <= 6 && parts.slice(1, -1).some((w) => MALAY_PATRONYMIC.test(w))) ||
        (names.length <= 4 &&
          names.every((w) => isHumanName(w) && !neverAName(w)) &&
          !isEnglishWord(names[0]!) &&
          names[0]!.length >= 4 &&
          (names.length < 4 || names.every((w) => !isEnglishWord(w))));
      if (!named) return run;
      changed.push([at, at + run.length]);
      return words;
    },
  );
  return { text: out, changed };
}

export function detectPii(text: string, piiTypes?: readonly string[]): PiiMatch[] {
  const types = selectPiiTypes(piiTypes);
  const spans: PiiSpan[] = [];
  const cased = asCapitalised(text);
  // Names are looked for with the words printed in capitals written as names are
  // ("JENNIFER L MARTINEZ" as "Jennifer L Martinez"): a bill prints its customer so.
  // OCR's figures for letters inside a name are read as the letters ("Catherine 0sborne"), and
  // in an address its letters for figures too ("43OOO KAJANG").
  const lettered = withMisreadLetters(cased);
  const { text: named, changed } = capitalRunsAsWords(lettered);
  const placed = withMisreadDigits(lettered);
  for (const type of types) {
    // (Appended one by one: spread into a call, the findings of a huge text overflow the stack.)
    const found =
      type === 'ADDRESS'
        ? findAddresses(placed, cased !== text)
        : type === 'PERSON'
          ? findPersons(named, cased !== text)
          : DETECTORS[type](text);
    for (const f of found) spans.push(f);
  }
  if (types.includes('PERSON')) {
    const addresses = types.includes('ADDRESS') ? spans : findAddresses(placed, cased !== text);
    for (const f of namesAboveAddresses(named, addresses)) spans.push(f);
    for (const f of repeatedNames(named, spans)) spans.push(f);
  }
  const addressEnds = new Set(spans.flatMap((a) => (a.type === 'ADDRESS' ? [a.end] : [])));
  for (const [i, found] of spans.entries()) {
    if (found.type !== 'PERSON') continue;
    const span = withoutTrailingLabel(text, found);
    spans[i] = span;
    const run = changed[lastAtOrBefore(changed, span.start)];
    const inCapitals = run !== undefined && span.end <= run[1];
    // Capitals right after an address on its line are its town ("… Suite 451 HUTTON HENRY").
    const afterAddress = inCapitals && addressEndsBefore(text, span.start, addressEnds);
    // Where the capitals were added, a word at a name's edge may be a plain word ("ACCOUNT").
    if (afterAddress) spans[i] = { ...span, end: span.start };
    else if (cased !== text || inCapitals)
      spans[i] = trimmedOfWords(named, span, inCapitals && cased === text) ?? { ...span, end: span.start };
  }
  return resolveOverlaps(spans.filter((s) => s.end > s.start)).map((s) => ({
    type: s.type,
    start: s.start,
    end: s.end,
    score: Math.round(s.score * 100) / 100,
    preview: maskPreview(s.type, text.slice(s.start, s.end)),
  }));
}

/** The index of the last of `runs` (in order, disjoint) starting at or before `at`, or -1. */
function lastAtOrBefore(runs: readonly [number, number][], at: number): number {
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((runs[mid] as [number, number])[0] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Whether an address ends right before `at`, with only spaces, tabs and commas between. */
function addressEndsBefore(text: string, at: number, ends: ReadonlySet<number>): boolean {
  for (let i = at; i >= 0; i--) {
    if (ends.has(i)) return true;
    if (i > 0 && !' \t,'.includes(text[i - 1] as string)) return false;
  }
  return false;
}

/** Replaces each finding's span with `[TYPE]`; findings are offsets into `text`. */
export function redact(
  text: string,
  findings: readonly { type: string; start: number; end: number }[],
): string {
  const spans = resolveOverlaps(findings.map((f) => ({ ...f, score: 1 })));
  let out = '';
  let at = 0;
  for (const f of spans) {
    if (f.start < at || f.end > text.length) continue;
    out += `${text.slice(at, f.start)}[${f.type}]`;
    at = f.end;
  }
  return out + text.slice(at);
}

/** Detects and redacts in one go, for texts whose findings are not reported (markdown, fields). */
export function redactPii(text: string, piiTypes?: readonly string[]): string {
  return redact(text, detectPii(text, piiTypes));
}

function keepLastDigits(value: string, keep: number): string {
  const total = value.replace(/\D/g, '').length;
  let seen = 0;
  return value.replace(/\d/g, (d) => (++seen > total - keep ? d : '*'));
}

function maskWord(word: string): string {
  return word.length <= 1 ? '*' : `${word[0]}***`;
}

/**
 * A preview that lets a person recognise a finding without disclosing it:
 * `j***@e***.com`, `***-**-6789`, `**** **** **** 4242`, `J*** S***`.
 */
export function maskPreview(type: string, value: string): string {
  switch (type) {
    case 'EMAIL': {
      const [local = '', domain = ''] = value.split('@');
      const dot = domain.lastIndexOf('.');
      const tld = dot >= 0 ? domain.slice(dot) : '';
      return `${maskWord(local)}@${maskWord(dot >= 0 ? domain.slice(0, dot) : domain)}${tld}`;
    }
    case 'PHONE_NUMBER':
    case 'CREDIT_CARD':
    case 'US_SSN':
      return keepLastDigits(value, type === 'PHONE_NUMBER' ? 2 : 4);
    case 'IBAN': {
      const compact = value.replace(/[ -]/g, '');
      return `${compact.slice(0, 2).toUpperCase()}**${'*'.repeat(Math.max(0, compact.length - 8))}${compact.slice(-4)}`;
    }
    case 'IP_ADDRESS':
      return value.includes(':') ? `${value.split(':')[0]}:****:…` : `${value.split('.')[0]}.***.***.***`;
    case 'DATE_OF_BIRTH':
      return value.replace(/\p{L}/gu, '*').replace(/\d/g, '*');
    default:
      return value
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => (/^\d+$/.test(w) ? '*'.repeat(Math.min(w.length, 4)) : maskWord(w)))
        .join(' ');
  }
}
