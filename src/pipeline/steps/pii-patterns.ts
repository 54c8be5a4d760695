// Detectors for PII with a fixed shape: a pattern finds candidates, a check (Luhn, mod-97,
// octet ranges, phone-number metadata) or a nearby cue word decides. A candidate that
// fails its check is dropped, so "4111 1111 1111 1112" or "999.999.1.1" are not PII; only an
// IBAN in its country's layout is kept as a guess, since one glyph misread fails its check. OCR's
// letters for figures and figures for letters are put back first (withMisreadDigits,
// withMisreadLetters).
import { isIPv4, isIPv6 } from 'node:net';
import { getCountrySpecifications } from 'ibantools';
import {
  findPhoneNumbersInText,
  getCountries,
  getCountryCallingCode,
  isValidPhoneNumber,
} from 'libphonenumber-js';

const COUNTRY_SPECS = getCountrySpecifications();

/** A detector's raw hit: offsets into the scanned text and a 0..1 confidence. */
export interface PiiSpan {
  type: string;
  start: number;
  end: number;
  score: number;
}

/**
 * A pattern's source with every letter matching both its cases ("Jln\.?" → "[Jj][Ll][Nn]\.?"),
 * for the part of a pattern that ignores case where the rest must not (`\p{Lu}` takes lower-case
 * letters under the `i` flag). Not a case-insensitive group, "(?i:…)": V8 matched nothing with
 * such groups after other work in the same process (2026-12-07). Escapes are kept as they are;
 * a letter in a character class gains its other case; ranges and named groups are refused.
 */
export function caseless(source: string): string {
  const both = (c: string) => {
    const other = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
    return other !== c && other.length === 1 ? c + other : c;
  };
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const braced = /^\\[pPu]\{[^}]*\}/.exec(source.slice(i));
      const sequence = braced ? braced[0] : source.slice(i, i + 2);
      out += sequence;
      i += sequence.length - 1;
    } else if (c === '[') {
      const end = source.indexOf(']', i + 1);
      const body = source.slice(i + 1, end);
      if (end < 0 || /\\|-[^\]]/.test(body)) throw new Error(`caseless: unsupported class in ${source}`);
      out += `[${[...body].map(both).join('')}]`;
      i = end;
    } else if (c === '(' && source[i + 1] === '?' && /^\(\?<[\p{L}]/u.test(source.slice(i))) {
      throw new Error(`caseless: named group in ${source}`);
    } else if (c === '(' && source[i + 1] === '?') {
      const head = /^\(\?(?:<?[=!]|:)/.exec(source.slice(i))![0];
      out += head;
      i += head.length - 1;
    } else {
      const pair = both(c);
      out += pair.length > 1 ? `[${pair}]` : c;
    }
  }
  return out;
}

/** The text just before `index`, lower-cased, for cue words ("phone:", "card"). */
function before(text: string, index: number, width = 40): string {
  return text.slice(Math.max(0, index - width), index).toLowerCase();
}

function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

// Letters OCR reads for figures inside a number ("07700 9OO 218", "(11) 98765-432l"); in a phone
// number also S for 5 and B for 8 ("0171 234S678"), which would spoil postcodes ("S10 2JF").
const MISREAD_DIGIT: Record<string, string> = { O: '0', o: '0', I: '1', l: '1', '|': '1', S: '5', B: '8' };
// A run of figures and such letters, not part of a longer word.
const MISREAD_RUN = /(?<![\p{L}\d])[\dOoIl|]+(?![\p{L}\d])/gu;
const MISREAD_PHONE_RUN = /(?<![\p{L}\d])[\dOoIl|SB]+(?![\p{L}\d])/gu;
// A group of two figures or more beside the run (one separator between): the run is one of a number's groups.
const DIGIT_GROUP_BEFORE = /\d{2}[ ./-]$/;
const DIGIT_GROUP_AFTER = /^[ ./-]\d{2}/;

/**
 * The text, of the same length, with the letters OCR reads for figures put back where they stand
 * among figures: in a run with at least as many figures as such letters ("37l", "Ol93"), in a
 * run of one figure or more next to a group of figures ("9OO" in "07700 9OO 218", "O7 81 44"), or
 * in one that opens with two figures ("43OOO").
 * Phone numbers and addresses are looked for in it (IBANs read their own way, `ibanShaped`), so
 * that a misread glyph does not let one through unredacted; the offsets stay those of the text.
 */
export function withMisreadDigits(text: string, phone = false): string {
  if (!(phone ? /[OoIl|SB]/ : /[OoIl|]/).test(text) || !/\d/.test(text)) return text;
  return text.replace(phone ? MISREAD_PHONE_RUN : MISREAD_RUN, (run, offset: number) => {
    const figures = digitsOf(run).length;
    if (figures === 0 || figures === run.length) return run;
    const beside =
      DIGIT_GROUP_BEFORE.test(text.slice(Math.max(0, offset - 3), offset)) ||
      DIGIT_GROUP_AFTER.test(text.slice(offset + run.length, offset + run.length + 3));
    // A run that opens with two figures is a number too ("43OOO KAJANG").
    if (figures < run.length - figures && !beside && !/^\d{2}/.test(run)) return run;
    return run.replace(/[OoIl|SB]/g, (c) => MISREAD_DIGIT[c]!);
  });
}

const SHORT_NAME_WORDS = new Set(
  'BIN BTE BT NOOR NUR ABU SRI LIM LOO KOO OOI GOH OON SOO TEO YEO LOI LOW ONG HOO RAO'.split(' '),
);

// A word of letters with figures OCR reads for letters in it ("0sborne", "L0UISE", "Pich1er",
// "Fi5cher", "FRA5ER"),
// or an "l" read for an "I" in a word in capitals ("OLIVElRA").
const MISREAD_WORD = /(?<![\p{L}\p{M}\d])[\p{L}\p{M}015]+(?![\p{L}\p{M}\d])/gu;

/**
 * The text, of the same length, with the figures OCR reads for letters put back inside words: a
 * word of three letters or more with one or two of "0", "1" and "5" among them, fewer than half
 * its letters, gets "O"/"o", "I"/"l" and "S"/"s" (in capitals where the word is in capitals); an "l" inside a
 * word otherwise in capitals becomes "I". Names are looked for in it, so that "Mrs Catherine
 * 0sborne" is redacted whole, and addresses ("14 PR0TEA CRESCENT"); the offsets stay those of the
 * text.
 */
export function withMisreadLetters(text: string): string {
  if (!/[015]\p{L}|\p{L}[015]|\p{Lu}l|l\p{Lu}/u.test(text)) return text;
  return text.replace(MISREAD_WORD, (word) => {
    const letters = word.replace(/[015]/g, '');
    const figures = word.length - letters.length;
    // A short word in capitals is a name's only where it reads as one of the short words of
    // Malay and Chinese names ("B1N", "N00R", "G0H"): elsewhere it is a code ("A10", "SW1A").
    if (letters.length < 3) {
      // (A figure-only run is a number: "05-500".)
      if (!/\p{Lu}/u.test(letters)) return word;
      const read = word.replace(/0/g, 'O').replace(/1/g, 'I').replace(/5/g, 'S');
      return SHORT_NAME_WORDS.has(read) ? read : word;
    }
    // (Not a British postcode's first half, "SW1A".)
    if (/^\p{Lu}{1,2}[01]\p{Lu}$/u.test(word)) return word;
    const capitals = letters.replace(/l/g, '') === letters.replace(/l/g, '').toUpperCase();
    if (figures > 0 && (figures > 2 || figures * 2 >= letters.length)) return word;
    if (capitals && /\p{Lu}/u.test(letters)) {
      if (figures === 0 && letters.replace(/l/g, '').length < 3) return word;
      return word.replace(/0/g, 'O').replace(/[1l]/g, 'I').replace(/5/g, 'S');
    }
    return word.replace(/[015]/g, (c, at: number) =>
      c === '0' ? (at === 0 ? 'O' : 'o') : c === '5' ? (at === 0 ? 'S' : 's') : at === 0 ? 'I' : 'l',
    );
  });
}

// ---- email ---------------------------------------------------------------------------

// OCR puts a space beside the @ of an address now and then ("kundenservice @ aurora.ch"), or
// reads it as "(@", or a dot of the domain as a comma before a known ending ("onet,pl", "yahoo,com").
const COMMA_TLD =
  '(?:com|net|org|edu|gov|info|co|de|pl|uk|ch|at|fr|nl|be|it|es|se|dk|no|fi|ie|au|nz|ca|in|my|sg|br|pt|cz|hu|io)(?![\\w-])';
const EMAIL = new RegExp(
  `(?<![\\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63}) ?\\(?@ ?(?:[A-Za-z0-9-]+(?:\\.|,(?=${COMMA_TLD})))+[A-Za-z]{2,24}(?![\\w-])`,
  'g',
);
/**
 * A lower-case word right before an address, after a label, a comma or at a line's start: the
 * first part of its local part, whose dot OCR lost ("E-mail: oliver pemberton76@proton.me").
 */
const LOCAL_PART_BEFORE = /(?:^|[\n(,;]|[:][ \t]*)[ \t]*([a-z][a-z0-9_-]{1,30}) $/;
/** Words that stand before an address in a sentence, not parts of it. */
const BEFORE_ADDRESS_WORDS = new Set(
  'at to or and via email mail e-mail contact write us me on de an a per unter oder ou of from by en et und or at: is ist est es an die der le la el customer client user sender recipient reply cc bcc'.split(
    ' ',
  ),
);

export function findEmails(text: string): PiiSpan[] {
  // Without an @ the pattern cannot match, and trying it at every letter costs a long text ~1 ms.
  if (!text.includes('@')) return [];
  return [...text.matchAll(EMAIL)].map((m) => {
    let start = m.index;
    const before = LOCAL_PART_BEFORE.exec(text.slice(Math.max(0, start - 60), start));
    if (before && /^[a-z0-9]/.test(m[0]) && !BEFORE_ADDRESS_WORDS.has(before[1]!))
      start -= before[1]!.length + 1;
    return { type: 'EMAIL', start, end: m.index + m[0].length, score: 1 };
  });
}

// ---- credit card (Luhn) --------------------------------------------------------------

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

// Digits in one run or in groups split by single spaces or dashes.
const CARD = /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g;
const CARD_CUE = /(card|visa|mastercard|amex|cc|credit|debit|maestro)\W{0,3}(?:\w+\W{1,3}){0,3}$/;

export function findCreditCards(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(CARD)) {
    const digits = digitsOf(m[0]);
    if (digits.length < 12 || digits.length > 19 || !luhnValid(digits)) continue;
    // Issuer ranges start 1-6; 12-digit numbers exist only for Maestro (5x/6x).
    if (!/^[1-6]/.test(digits)) continue;
    const cue = CARD_CUE.test(before(text, m.index));
    if (digits.length === 12 && !/^[56]/.test(digits) && !cue) continue;
    out.push({ type: 'CREDIT_CARD', start: m.index, end: m.index + m[0].length, score: cue ? 1 : 0.9 });
  }
  return out;
}

// ---- US SSN --------------------------------------------------------------------------

// Area 000, 666 and 9xx, group 00 and serial 0000 are never issued.
const SSN = /(?<![\d#-])(?!000|666|9\d\d)(\d{3})([- ]?)(?!00)(\d{2})\2(?!0000)(\d{4})(?![\d-])/g;
const SSN_CUE = /(ssn|social security|ss#|ss no)/;

export function findSsns(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(SSN)) {
    const cue = SSN_CUE.test(before(text, m.index, 50));
    // Nine bare digits are as likely an order number: only with a cue; and a number the words
    // before name as another ("Order #558-21-4473") is that.
    if ((m[2] === '' && !cue) || (!cue && OTHER_NUMBER.test(before(text, m.index)))) continue;
    out.push({ type: 'US_SSN', start: m.index, end: m.index + m[0].length, score: cue ? 1 : 0.85 });
  }
  return out;
}

// ---- IBAN (mod-97, or its country's layout) -------------------------------------------

const IBAN =
  /(?<![A-Za-z0-9])[A-Za-z]{2}(?:\d{2}|\d[OolI]|[OolI]\d)(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g;

/** An IBAN in any grouping (its country's own: "IT04 W 05387 02400 000004417720"). */
const IBAN_ANY_GROUPING = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{1,12}){2,8}(?![A-Za-z0-9])/g;

export function ibanValid(value: string): boolean {
  const iban = value.replace(/[ -]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const n = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of n) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/**
 * Whether `iban` (compact, upper case) is laid out as its country's IBAN in ibantools' registry
 * (the account part's letters and figures where they go, the letters OCR reads for figures taken
 * as figures) though its check digits fail: an IBAN read with a glyph wrong, or made up, is still
 * an account number to redact.
 */
function ibanShaped(iban: string, bbanLayout: string): boolean {
  const digits = (s: string) => s.replace(/O/g, '0').replace(/[IL|]/g, '1');
  if (!/^\d{2}$/.test(digits(iban.slice(2, 4)))) return false;
  const layout = new RegExp(bbanLayout);
  // (A bank code of letters with a figure read for a letter: "RAB0" for RABO, "1NGB" for INGB.)
  const letters = (s: string) =>
    s.replace(/0/g, 'O').replace(/1/g, 'I').replace(/5/g, 'S').replace(/8/g, 'B');
  const bban = digits(iban.slice(4));
  return (
    layout.test(iban.slice(4)) || layout.test(bban) || layout.test(letters(iban.slice(4, 8)) + bban.slice(4))
  );
}

/** The start of `match` holding `chars` letters and figures, or undefined when it holds fewer. */
function prefixOf(match: string, chars: number): string | undefined {
  let seen = 0;
  for (let i = 0; i < match.length; i++) {
    if (/[A-Za-z0-9]/.test(match[i]!) && ++seen === chars) return match.slice(0, i + 1);
  }
  return undefined;
}

export function findIbans(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(IBAN)) {
    // The pattern may take a word after the IBAN ("… 0930 abgebucht"): a country in the registry
    // gives the IBAN's length; for the others shorter readings, group by group, are tried.
    const spec = COUNTRY_SPECS[m[0].slice(0, 2).toUpperCase()];
    let value: string | undefined;
    let score = 1;
    if (spec?.chars && spec.bban_regexp) {
      value = prefixOf(m[0], spec.chars);
      const iban = value?.replace(/[ -]/g, '').toUpperCase() ?? '';
      // A checked IBAN is certain; one in its country's layout with the check failing is a guess.
      // (Letters among its figures read as the figures, "2846 l9"; not the bank code's, "INGB".)
      const read = withMisreadDigits(value ?? '')
        .replace(/[ -]/g, '')
        .toUpperCase();
      if (value && !ibanValid(iban))
        score = ibanShaped(iban, spec.bban_regexp) || ibanShaped(read, spec.bban_regexp) ? 0.85 : 0;
    } else {
      value = m[0];
      while (!ibanValid(value) && /[ -][A-Za-z0-9]{1,4}$/.test(value) && value.length > 15)
        value = value.replace(/[ -][A-Za-z0-9]{1,4}$/, '');
      if (!ibanValid(value)) score = 0;
    }
    if (!value || score === 0) continue;
    out.push({ type: 'IBAN', start: m.index, end: m.index + value.length, score });
  }
  // An IBAN in its country's own grouping ("IT04 W 05387 02400 000004417720": CIN, ABI, CAB,
  // account): any grouping whose check digits hold and whose length is its country's.
  for (const m of text.matchAll(IBAN_ANY_GROUPING)) {
    if (out.some((f) => f.start < m.index + m[0].length && m.index < f.end)) continue;
    const iban = m[0].replace(/[ -]/g, '');
    if (COUNTRY_SPECS[iban.slice(0, 2)]?.chars === iban.length && ibanValid(iban))
      out.push({ type: 'IBAN', start: m.index, end: m.index + m[0].length, score: 1 });
  }
  return out;
}

// ---- IP address ----------------------------------------------------------------------

const VERSION_BEFORE = /(?:version|release|build|firmware|v)\s?$/i;
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)/g;
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;

export function findIpAddresses(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(IPV4)) {
    // net.isIPv4 rejects octets above 255 and leading zeros.
    // "version 10.4.2.1", "v2.0.1.3": a version, not an address.
    if (!isIPv4(m[0]) || VERSION_BEFORE.test(before(text, m.index, 12))) continue;
    out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.95 });
  }
  // An IPv6 address has at least two colons; a text with none is not searched for one.
  if (!text.includes(':')) return out;
  for (const m of text.matchAll(IPV6)) {
    // Times ("12:20:39") and ratios are not IPv6; "::" alone carries nothing.
    if (!isIPv6(m[0]) || !/[0-9a-f]{2}/i.test(m[0]) || (m[0].match(/:/g) ?? []).length < 3) continue;
    out.push({ type: 'IP_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.95 });
  }
  return out;
}

// ---- phone ---------------------------------------------------------------------------

// Optional +CC or 00CC, optional "(0)" trunk, groups of digits split by one space, dash, dot,
// slash (the Swiss and German "059/987 6540") or parentheses, a dash set apart after the trunk
// code ("070 - 345 67 89"), optional extension. 7-15
// digits, as E.164 allows.
const PHONE =
  /(?<![\w+./-]|\d:)(?:\+?\d{7,15}(?![\w/:-]|\.\d)|(?:\+\d{1,3}[ .-]?|00\d{1,3}[ .-]?|\(\+\d{1,3}\)[ ]?|8[ ]?(?=\(\d{3}\)))?(?:\(0\)[ ]?\d{1,10}|\(\d{1,5}\)[ .-]?\d{1,8}|0\d{1,4} - \d{1,8}|0\d{5}|\d{1,5})(?:(?:[ .-]|\s?\/\s?)\d{1,8}){0,5}(?:\s?(?:x|ext\.?)\s?\d{1,6})?(?![\w/:-]|\.\d))/gi;
const PHONE_CUE =
  /(phone|tel|telefon|telephone|téléphone|tél|mobile|mobil|portable|natel|handy|cell|fax|telefax|desk|call|text|sms|whatsapp|contact|number|dial|reach|reached|ring|answering|messages to|registered|ph|tlf|rufnummer|tei|te1|telefone|fixo|fixe|festnetz|landline|home|contato|contatto|contacto|kontakt|denwa|llámenos|llamenos|llame|llamar|chiami|chiamare|numero verde|numéro vert|appelez|rufen sie|anrufen|bellen|telefoon|telefoonnummer|telefonnummer|telefonnr|telefono|teléfono|telem[óo]vel|contatos|contactos|recapiti|recapito|cellulare|celular|m[óo]vil|gsm|atenc[i1l][oó0]n al cliente|customer service|customer care|service client|servicio al cliente|atenci[oó]n al cliente|servizio clienti|kundenservice|klantenservice|kundendienst|hotline|helpline|help ?desk|direct line|direct dial|linea dirett?a|l[íi]nea directa|ligne directe|durchwahl|switchboard|freephone|toll[- ]free|mobilnummer(?:et)?|telefonnummer(?:et)?|mobiltelefon|telefoniczny|telefonu|komórkowy|komorkowy|l[íi]nea|linha|avarias)\b[^\d]{0,25}$/;
// The cue words that say phone and nothing else ("number" or "contact" may name any number).
const STRICT_PHONE_CUE =
  /(?:(phone|tel|telefon|telephone|téléphone|tél|mobile|mobil|portable|natel|handy|cell|fax|telefax|call|text|sms|whatsapp|dial|ring|ph|tlf|rufnummer|direct line|direct dial|durchwahl|ligne directe|linea dirett?a|l[íi]nea directa|cellulare|celular)\b\W{0,6}(?:me\s+(?:at|on)\s+|(?:at|on)\s+)?|\b(?:callback|phone|mobile|cell|contact|my|home|work|office)\s+(?:number|no\.?)(?:\s+is)?\W{0,3})$/;
// Countries whose national numbers (with their trunk 0, without a country code) are checked
// against libphonenumber's metadata when no cue word says "phone".
const NATIONAL_COUNTRIES = [
  'CH',
  'DE',
  'AT',
  'FR',
  'GB',
  'AU',
  'NL',
  'BE',
  'IT',
  'ES',
  'IE',
  'NZ',
  'SE',
  'DK',
] as const;

/** Whether `value`, a number written the national way ("059/987 6540", "(02) 9876 5432"), is valid in one of the countries. */
function validNationally(value: string): boolean {
  if (!/^\(?0/.test(value)) return false;
  const plain = value.replace(/\s?\/\s?/g, ' ');
  return NATIONAL_COUNTRIES.some((country) => {
    try {
      return isValidPhoneNumber(plain, country);
    } catch {
      return false;
    }
  });
}
let callingCodes: Set<string> | undefined;

// Shapes only phone numbers take, whether or not the digits are in service: a number written
// internationally with a country's calling code, the North American 3-3-4, a national
// number with its trunk 0 in groups ("(0413) 421545", "030 1234 5678"), five pairs of
// digits ("06 12 34 56 78", "95.33.19.92.69"), a few national layouts. Made-up and example numbers, which
// numbering plans reject, take them too.
const NANP_SHAPE =
  /^(?:(?:\+?1|001)[-. ])?(?:\(\d{3}\)\s?|\d{3}[-.])\d{3}[-.]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,6})?$/i;
const TRUNK_SHAPE = /^(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .-]|\s?\/\s?)\d{2,8}(?:[ .-]\d{2,8}){0,3}$/;
const PAIRS_SHAPE = /^\d{2}([. ])\d{2}(?:\1\d{2}){3}$/;
// Russian "8 (495) 123-45-67", Spanish "912 34 56 78".
const NATIONAL_SHAPES = [
  /^8 ?\(\d{3}\) ?\d{3}-\d{2}-\d{2}$/,
  /^[6-9]\d{2} \d{2} \d{2} \d{2}$/,
  // Spain's mobiles and Portugal's in threes ("645 036 004").
  /^[6-9]\d{2} \d{3} \d{3}$/,
  // Spain's landlines by their province's two digits ("93 663 72 94").
  /^[89]\d \d{3} \d{2} \d{2}$/,
];

function phoneShaped(value: string): boolean {
  const digits = digitsOf(value.replace(/(?:x|ext\.?)\s?\d+$/i, ''));
  const international = /^(?:\+|\(\+|00)(\d+)/.exec(value.replace(/[ .-]/g, ''));
  if (international) {
    callingCodes ??= new Set(getCountries().map((c) => getCountryCallingCode(c)));
    const national = digits.slice(value.startsWith('00') ? 2 : 0);
    return [1, 2, 3].some(
      (n) => callingCodes!.has(national.slice(0, n)) && national.length - n >= 6 && national.length - n <= 13,
    );
  }
  if (NANP_SHAPE.test(value)) return true;
  if (TRUNK_SHAPE.test(value)) return digits.length >= 9 && digits.length <= 12;
  return PAIRS_SHAPE.test(value) || NATIONAL_SHAPES.some((shape) => shape.test(value));
}

// "license number", "order no": a number cue that names some other number.
// Four, four and two figures between points ("8588.6559.87") are a customer's number in
// Switzerland and the Netherlands; no numbering plan writes a phone so.
const CUSTOMER_NUMBER_SHAPE = /^\d{4}\.\d{4}\.\d{2}$/;
const OTHER_NUMBER =
  /\b(?:(?:licen[cs]e|passport|account|order|invoice|policy|customer|member|tax|vat|id|reference|ref|serial|tracking|case|ticket|hospital|patient|nhs|employee|student|contract|meter|parcel|shipment)\s*(?:number|no\.?|nr\.?|#)|(?:order|invoice|reference|ref|ticket|tracking|policy|case|claim)\s*[:#]?|(?:kunden|klant|vertrags|policen|polis|rechnungs|factuur|referenz|bestell|mitglieds|sendungs|auftrags|versicherten|akten|z[äa]hler|personal|zending|order)(?:nummer|nr\.?)|(?:num[ée]ro|n°|no\.?)\s+(?:de\s+)?(?:client|cliente|facture|contrat|police)|n[úu]mero\s+de\s+(?:cliente|factura|p[óo]liza)|numero\s+(?:cliente|fattura|contratto)|kenmerk|referenz|r[ée]f[ée]rence)\s*(?:is|:)?\s*$/iu;
// The labels of numbers a bill prints in a phone's shape: supply points ("NMI", "PDL", "PDR", "ICP"),
// tax and VAT numbers ("Tax file number", "BTW BE", "NIF"), a meter's serial, a booking's or an
// invoice's number ("N. prenotazione", "FATURA N.º FT"); a prefix of letters may stand between.
const OTHER_NUMBER_LABEL =
  /\b(?:tax file|valuation|assessment|abn|acn|nmi|mprn|mpan|pdl|pdr|pod|ean|icp|btw|iva|nif|nie|dni|siret|siren|uid|prenotazione|fatura|factura|facture|police|meter serial|serial|rcs(?:\s+\p{L}+){0,2}|org\.?\s?nr|organisasjonsnummer|cvr|kvk|nip|regon|krs|r[ée]f[ée]rence client|client reference)\s*(?:number|no\.?|nr\.?|#|n\.?\s?º|n°)?\s*[:.]?\s*(?:[a-z]{1,3}\s+|[a-z]?\d+[a-z]\d*\s+)?$/iu;
// Numbers in a phone's shape that are not: New Zealand's bank accounts ("02-0300-0419422-00"), a
// year and a serial ("2024/118447"), a period between two dates ("01.02-31.03.2024").
const NOT_PHONE_SHAPE =
  /^(?:\d{2}-\d{4}-\d{7}-\d{2,3}|(?:19|20)\d{2}\/\d{4,}|\d{1,2}\.\d{1,2}\.?(?:\d{2,4})?[ ]?[-–][ ]?\d{1,2}\.\d{1,2}\.\d{2,4})[,.]?$/;
/** Whether the words before `at` name the number there as another than a phone's. */
const namedAsOther = (text: string, at: number) =>
  OTHER_NUMBER.test(before(text, at)) || OTHER_NUMBER_LABEL.test(before(text, at));
const PHONE_LABEL_AFTER = /^[\s(]*(?:office|fax|mobile|cell|phone|tel|home|work|landline|direct)\b/i;
// A Brazilian CEP ("01310-000"): no numbering plan writes five figures and three.
const BRAZILIAN_POSTCODE = /^\d{5}-\d{3}$/;
const DATE_LIKE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;

export function findPhoneNumbers(read: string): PiiSpan[] {
  const text = withMisreadDigits(read, true);
  const out: PiiSpan[] = [];
  const known = new Set<number>();
  // libphonenumber finds well-formed numbers it can place in a country (with +CC, or
  // as US numbers by default); those need no cue.
  for (const hit of libphoneNumbers(text)) {
    known.add(hit.start);
    // libphonenumber reads a comma as a pause before an extension: "+1-312-884-0921, 1540 W Addison
    // St" is the number and then a street.
    const comma = text.slice(hit.start, hit.end).search(/,\s/);
    if (comma > 0) hit.end = hit.start + comma;
    if (CUSTOMER_NUMBER_SHAPE.test(text.slice(hit.start, hit.end))) continue;
    if (NOT_PHONE_SHAPE.test(text.slice(hit.start, hit.end))) continue;
    if (namedAsOther(text, hit.start)) continue;
    out.push({ type: 'PHONE_NUMBER', start: hit.start, end: hit.end, score: 0.95 });
  }
  const candidates = [...phoneCandidates(text)];
  for (const m of candidates) {
    const value = m[0];
    const digits = digitsOf(value.replace(/(?:x|ext\.?)\s?\d+$/i, ''));
    // (Australia's six-figure "13 22 58" numbers after a cue or before opening hours too.)
    const australian13 =
      /^13 ?\d{2} ?\d{2}$/.test(value.trim()) &&
      (PHONE_CUE.test(before(text, m.index)) ||
        /^[ \t]*\((?:mon|24)/i.test(text.slice(m.index + value.length)));
    if ((digits.length < 7 && !australian13) || digits.length > 15 || known.has(m.index)) continue;
    if (DATE_LIKE.test(value.trim()) || BRAZILIAN_POSTCODE.test(value)) continue;
    if (CUSTOMER_NUMBER_SHAPE.test(value) || NOT_PHONE_SHAPE.test(value.trim())) continue;
    // "invoice 03358-92540", "order no. 2024-331968": a number the words before name as another.
    if (namedAsOther(text, m.index)) continue;
    const end = m.index + value.length;
    // A time or a ratio goes on with ":"; a decimal amount has a single dot group.
    if (
      text[end] === ':' ||
      (text[m.index - 1] === ':' && !/tel:$/i.test(before(text, m.index))) ||
      text[m.index - 1] === '$'
    )
      continue;
    const grouped = /[ .()/-]/.test(value) || value.startsWith('+');
    // A national number in one run with its trunk 0 that a country's plan accepts, after "on", "at",
    // "or", "to" or in brackets: "questions to 0177267859", "(0384885996)".
    const bareNational =
      /^0\d{9,10}$/.test(value) &&
      /(?:\b(?:on|at|or|to)[ \t]+|\()$/.test(before(text, m.index)) &&
      validNationally(value);
    // A cue before ("Phone: …") or a label after ("… office", "… (fax)").
    const cue =
      australian13 ||
      bareNational ||
      PHONE_CUE.test(before(text, m.index)) ||
      PHONE_LABEL_AFTER.test(text.slice(end, end + 20));
    let valid = false;
    try {
      valid = value.startsWith('+')
        ? isValidPhoneNumber(value)
        : isValidPhoneNumber(value.replace(/\s?\/\s?/g, ' '), 'US');
    } catch {
      valid = false;
    }
    // A grouped national number with its trunk 0 that some country's numbering plan accepts.
    if (!valid && grouped) valid = validNationally(value);
    const shaped = !valid && grouped && phoneShaped(value);
    if (!cue && !valid && !shaped) continue;
    if (!cue && !grouped) continue;
    // Digits in one run ("0412345678", "+15551234567") only after a word that says phone.
    if (!grouped && !/^\+?\d+$/.test(value)) continue;
    if (/^\+?\d+$/.test(value) && !STRICT_PHONE_CUE.test(before(text, m.index)) && !bareNational) continue;
    out.push({
      type: 'PHONE_NUMBER',
      start: m.index,
      end,
      score: cue && valid ? 0.95 : cue ? 0.8 : valid ? 0.7 : 0.65,
    });
  }
  // A second number beside a phone number on its line ("Contact number on record: 9012 7745
  // 9184 3306", "0171 2345678 / 0176 9876543") is one too.
  for (const m of out.length > 0 ? candidates : []) {
    const end = m.index + m[0].length;
    const digits = digitsOf(m[0]).length;
    if (digits < 7 || digits > 15 || !/[ .()/-]/.test(m[0].trim())) continue;
    if (out.some((p) => p.start < end && m.index < p.end)) continue;
    // (Only a short gap is read: a number far from any phone is not beside one.)
    const before = out.find(
      (p) => p.end <= m.index && m.index - p.end <= 40 && NEXT_NUMBER_GAP.test(text.slice(p.end, m.index)),
    );
    if (before) out.push({ type: 'PHONE_NUMBER', start: m.index, end, score: 0.7 });
  }
  return out;
}
// (Past the first number's own label in brackets: "98220 31477 (self)   97300 55 218 (son)".)
const NEXT_NUMBER_GAP =
  /^(?:[ \t]*\([\p{L} .'-]{1,20}\))?[ \t,;/|·]*(?:or|oder|ou|o|of|y|e|und|and)?[ \t,;/|·]*$/iu;

/**
 * The pattern's matches; one with more figures than a phone number holds, written with slashes,
 * is two numbers side by side ("021 044 7712 / 09 420 8815") and gives its parts.
 */
function* phoneCandidates(text: string): Generator<{ 0: string; index: number }> {
  for (const m of text.matchAll(PHONE)) {
    if (!m[0].includes('/') || digitsOf(m[0]).length <= 15) {
      yield m;
      continue;
    }
    let offset = m.index;
    for (const part of m[0].split('/')) {
      const lead = part.length - part.trimStart().length;
      const value = part.trim();
      if (value) yield { 0: value, index: offset + lead };
      offset += part.length + 1;
    }
  }
}

// A run of digits and the separators a phone number may hold.
const DIGIT_RUN = /[+(]?\d[\d\s()./-]*\d/g;
const WINDOW_CONTEXT = 24;

/**
 * libphonenumber's findPhoneNumbersInText, on windows of the text around runs of 7 digits or
 * more (no phone number has fewer), not on the whole text: it tries to parse every short
 * number it meets ("1.2", "40.45"), which made it half of a text-layer PDF's pipeline time
 * (npm run bench -- --only documents). Each window keeps some context on both sides, so its
 * checks of what surrounds a number see the same text.
 */
function libphoneNumbers(text: string): { start: number; end: number }[] {
  const windows: [number, number][] = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    if (digitsOf(m[0]).length < 7) continue;
    const from = Math.max(0, m.index - WINDOW_CONTEXT);
    const to = Math.min(text.length, m.index + m[0].length + WINDOW_CONTEXT);
    const last = windows.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else windows.push([from, to]);
  }
  const hits: { start: number; end: number }[] = [];
  for (const [from, to] of windows) {
    for (const hit of findPhoneNumbersInText(text.slice(from, to), { defaultCountry: 'US' })) {
      const start = from + hit.startsAt;
      // Digits joined to a code ("ORD-2024-331968") are that code's.
      if (
        start > 0 &&
        /[\p{L}\d-]/u.test(text[start - 1]!) &&
        /\p{L}/u.test(text.slice(Math.max(0, start - 8), start))
      )
        continue;
      hits.push({ start, end: from + hit.endsAt });
    }
  }
  return hits;
}

// ---- date of birth -------------------------------------------------------------------

// English, French, German, Dutch, Italian and Spanish months, with and without their accents.
export const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|' +
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|' +
  'januar|j[äa]nner|februar|m[äa]e?rz|juni|juli|oktober|dezember|januari|februari|maart|mei|augustus|' +
  'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre|' +
  'enero|febrero|abril|mayo|junio|julio|se?tiembre|octubre|noviembre|diciembre';
const DATE = new RegExp(
  String.raw`(?<![\w/.-])(?:\d{4}([-/.])\d{1,2}\1\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(?:${MONTHS})\.?,?\s+(?:de\s+)?\d{4}|(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})(?![\w/-])`,
  'giu',
);
const DOB_CUES =
  'dob|d\\.o\\.b\\.?|date of birth|birth ?date|birthday|born(?: on)?|geburtsdatum|geb\\.|geboren(?: am)?|geboortedatum|' +
  'date de naissance|n[ée](?:e|\\(e\\))?\\)? le|fecha de nacimiento|nacid[oa](?:/a)? el|data di nascita|' +
  'data de nascimento|nat[oa](?:/a)? il';
const DOB_CUE = new RegExp(String.raw`\b(?:${DOB_CUES})(?![\p{L}])[^\n]{0,20}$`, 'iu');
/** A table's header with a date-of-birth column: its rows' dates below are births. */
const DOB_COLUMN = new RegExp(String.raw`^[^\n\d]*\b(?:${DOB_CUES})(?![\p{L}])[^\n\d]*$`, 'gimu');
/** A line whose date says what it is: not a birth, even under such a header. */
const OTHER_DATE_LABEL =
  /\b(?:date|datum|due|issued?|valid|from|until|to|expires?|échéance|fällig|gültig|vom|bis|le|du|au)\b/i;

export function findDatesOfBirth(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const columns: [number, number][] = [];
  for (const h of text.matchAll(DOB_COLUMN)) {
    // The rows under it: up to eight lines, to the first blank one.
    const from = h.index + h[0].length;
    let to = from;
    for (let rows = 0; rows < 8 && to < text.length; rows++) {
      const next = text.indexOf('\n', to + 1);
      const rowEnd = next === -1 ? text.length : next;
      if (text.slice(to + 1, rowEnd).trim() === '') break;
      to = rowEnd;
    }
    columns.push([from, to]);
  }
  for (const m of text.matchAll(DATE)) {
    const cued = DOB_CUE.test(text.slice(Math.max(0, m.index - 30), m.index));
    // A column's rows are lines: the row's start is found only for a date inside one (looked for
    // from every date of a text on one long line, it cost quadratic time).
    const inColumn =
      !cued &&
      columns.some(([from, to]) => m.index >= from && m.index < to) &&
      !OTHER_DATE_LABEL.test(text.slice(text.lastIndexOf('\n', m.index - 1) + 1, m.index));
    if (!cued && !inColumn) continue;
    out.push({ type: 'DATE_OF_BIRTH', start: m.index, end: m.index + m[0].length, score: cued ? 0.9 : 0.7 });
  }
  return out;
}
