// Where receipts and invoices put their key fields, read from the lines in page order (OCR
// output or a text layer alike): the company in the top block, the address as the run of lines
// under it up to the phone or tax-id line, the total as the largest TOTAL-labelled amount (after
// the last rounding or discount line when a total follows it), and the date next to its label or
// its time of day.
// Each finder returns the value as printed, where it sits and a likelihood built from the cues
// that picked it; field-search.ts weighs these against what the labelled search found.

import { distance } from 'fastest-levenshtein';
import { LEGAL_FORM_RE } from './concepts.ts';
import type { Line } from './layout.ts';
import { isKnownWord, wordLikeness } from './lexicon.ts';
import { isCity, isCountry, isRegion } from './pii-places.ts';
import { type DayOrder, type DecimalMark, findAmounts, findDates, printedOrIso } from './values.ts';

export interface Cue<T> {
  value: T;
  /** The value as printed on the page. */
  printed: string;
  likelihood: number;
  line: number;
}

// ---------------------------------------------------------------------------------------------
// Company

/** Malaysia's legal forms ("SDN BHD", "S0N BHO" as OCR reads it, "S/B", "BHD", "BERHAD"). */
const MALAYSIAN_FORMS = 'sendirian\\s+berhad|s[do0]n\\.?\\s*bh[do0]|s\\/b|bhd|berhad';
export const MALAYSIAN_LEGAL_FORM_RE = new RegExp(
  `(?<![\\p{L}])(?:${MALAYSIAN_FORMS})\\.?(?![\\p{L}])`,
  'iu',
);

/** Legal forms and shop words that mark a line as the business's name. */
const COMPANY_MARK_RE = new RegExp(
  `(?<![\\p{L}])(?:${MALAYSIAN_FORMS}|enterprises?|trading|gmbh|ag|(?<![,\\d]\\s?)kg|ohg|e\\.?\\s?k|ltd|limited|inc|llc|llp|plc|corp|pte|pty|s\\.?a\\.?r\\.?l|sasu?|eurl|s\\.?a(?!\\s?\\d)|b\\.?v|n\\.?v|co\\.)\\.?(?![\\p{L}])`,
  'iu',
);
/** Every legal form in a text at once (replace, split). */
const COMPANY_MARKS_RE = new RegExp(COMPANY_MARK_RE.source, 'giu');
/** The words a Malay business's name opens with ("SYARIKAT …", "KEDAI …", "STESEN …"). */
const MALAY_NAME_STARTS = [
  'syarikat',
  'perniagaan',
  'kedai',
  'restoran',
  'stesen',
  'kilang',
  'pusat',
  'bengkel',
];
const SHOP_WORD_RE =
  /(?<![\p{L}])(?:restaurant|restoran|cafe|café|bakery|bakeries|b(?:ae|ä)ckerei|apotheke|pharmacy|farmasi|klinik|clinic|markt|market|mart|supermarket|hypermarket|pasaraya|perniagaan|syarikat|store|shop|kedai|baumarkt|drogerie|hardware|machinery|stationery|bookstore|station|tankstelle|boulangerie|p(?:â|a)tisserie|brasserie|pharmacie|(?:é|e)picerie|librairie|supermarch(?:é|e)|tabac)(?![\p{L}])/iu;
const CUSTOMER_LABEL_RE =
  /(?<![\p{L}])(?:bill(?:ed)?\s*to|ship\s*to|sold\s*to|invoice\s*to|deliver\s*to|customer|client|attn|nama|pelanggan|m\s?\/\s?s|kunde|rechnungsempf(?:a|ä)nger|factuuradres|afleveradres|nabywca)(?![\p{L}])/iu;
/** Lines that are never the name: document titles, greetings, labels, opening hours. */
const NOT_NAME_RE =
  /(?<![\p{L}])(?:tax\s*invoice|invoice|receipt|rechnung|factuur|facture|fattura|faktura|factura|quittung|beleg|kassenbon|bon|welcome|willkommen|thank|terima\s*kasih|danke|vielen|tel|phone|telefon|fax|e-?mail|www|http|date|datum|cashier|kasse|table|tisch|gst|vat|ust|mwst|steuer|reg\.?\s*no|company\s*no|opening|offnungszeit|öffnungszeit|uhr|copy(?!\s*(?:&|cent(?:re|er)|shop|services?|point|station))|kopie|original|page|member|customer|eur|euro|usd|rm|total|subtotal|summe|betrag|amount|cash|change)(?![\p{L}])/iu;

/** How much a line reads as words rather than OCR noise, 0..1. */
function wordiness(text: string): number {
  const all = text.match(/\p{L}{2,}/gu) ?? [];
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  const visible = text.replace(/\s/g, '').length;
  if (all.length === 0 || visible === 0) return 0;
  // Legal forms are short and mixed-case by nature ("GmbH", "Co", "KG"): judged by the other words.
  const named = all.filter((w) => !COMPANY_MARK_RE.test(w) && !LEGAL_FORM_RE.test(w));
  const words = named.length > 0 ? named : all;
  // OCR's reading of a logo: letters no language would string together ("HHHHBHHH"), case
  // changing inside a word ("EpclolorioB"), or a spray of short fragments ("ai HE Eo JC").
  const plausible =
    words.filter((w) => (w.length <= 3 || wordLikeness(w) > -3.6) && !/\p{Ll}\p{Lu}/u.test(w)).length /
    words.length;
  const meanLength = words.reduce((n, w) => n + w.length, 0) / words.length;
  const fragments = meanLength < 3.5 ? 0.5 : 1;
  return (letters / visible) * plausible * fragments;
}

/** The top block: the lines before the first line of items (amounts) or the first 12 lines. */
function topBlock(lines: Line[]): Line[] {
  const filled = lines.filter((l) => l.segments.length > 0);
  const out: Line[] = [];
  for (const line of filled) {
    if (out.length >= 12) break;
    // House numbers read like prices ("NO.53 55,57 & 59, JALAN SAGU"): a street line goes on.
    if (
      out.length >= 3 &&
      findAmounts(line.text).some((a) => /[.,]\d{2}$/.test(line.text.slice(a.start, a.end))) &&
      !addressLike(line.text)
    )
      break;
    out.push(line);
  }
  return out;
}

/** What may follow a legal form inside it: "& Co. KG", "(M) BHD", "SDN BHD", "CO., LTD.". */
const LEGAL_FORM_TAIL_RE = new RegExp(
  `^(?:\\s*&\\s*co\\.?(?:\\s*(?:kg|ohg))?|,?\\s*(?:\\([\\p{L}. ]{1,12}\\)\\s*)?(?:${COMPANY_MARK_RE.source}))`,
  'iu',
);

/** A name printed in brackets under a stall's or shop's sign ("(MAK TEH ENTERPRISE)"), without them. */
function unbracketed(text: string): string {
  return text.trim().replace(/^\(([^()\d]+)\)$/u, '$1');
}

function nameFrom(text: string): string {
  // An ampersand with a speck beside it read as a mark of its own ("HARDWARE §& ENGINEERING").
  let name = unbracketed(text).replace(/[¢§]\s*&|&\s*[¢§]/gu, '&');
  // A label or title before the name: "Sold By : …", "FACTUUR. Coolblue B.V.".
  name = name.replace(/^[\p{L} ]{2,20}:\s*(?=\S)/u, '');
  const title = name.match(/^(\S+)[.:]\s+(?=\p{Lu})/u);
  if (title && NOT_NAME_RE.test(title[1]!)) name = name.slice(title[0].length);
  // The name ends at its legal form ("HORNBACH Baumarkt AG - Uferweg 40"), which may go on ("GmbH & Co. KG").
  const mark = name.match(COMPANY_MARK_RE);
  if (mark && mark.index !== undefined && mark.index > 1) {
    let end = mark.index + mark[0].length;
    // ... through the forms that follow it: "GmbH & Co. KG", "CO. (M) BHD", "(M) SDN. BHD.".
    for (;;) {
      const more = name.slice(end).match(LEGAL_FORM_TAIL_RE)?.[0];
      if (!more) break;
      end += more.length;
    }
    name = name.slice(0, end);
  }
  // A registration number printed after the name is not part of it: "ABC SDN BHD (123456-X)".
  name = name.replace(
    // (A sole proprietor's carries letters first: "(SA0123456-P)", "(SA 0123456-P)".)
    // (… or a register's name first: "(SSM: 001712345-T)", "(ROC 123456-A)".)
    /\s*[([]?\s*(?:(?:ssm|roc|co)\.?\s*:?\s*(?:no\.?\s*:?\s*)?)?(?:reg\.?\s*(?:no\.?)?\s*:?\s*)?(?:\(\s*[A-Z]{1,3}\s?)?[A-Z]{0,3}\d[\d\w-]{3,}\s*[)\]]?\s*$/iu,
    '',
  );
  // ... nor its label's start where the number went to the next line: "… AUTO PARTS (CO." / "REG. NO: …".
  name = name.replace(/\s*[([]\s*(?:co|reg|ssm|roc|company)\.?\s*$/iu, '');
  // A capital alone before a word it begins ("S SYARIKAT", "BINA MART H HARDWARE"): the
  // recogniser's sliver of that word.
  name = name.replace(/(?<=^|\s)(\p{Lu})\s+(?=\1\p{Lu}{3})/gu, '');
  // Column gaps of the layout text inside a name ("toom        Baumarkt GmbH") are one space on paper.
  return (
    name
      .replace(/^[\s\-–:|•*"'“]+|[\s,;:\-–|•*"'”]+$/g, '')
      // OCR's readings of the legal form ("SON BHD", "S0N BHO", glued to the name before it:
      // "DISTRIBUTIONSON BHD"), and the space it lost at a bracket ("(KL)SDN").
      // (On faded print "SOH BHD", "5DN BHD": three glyphs before BHD that look like S, D, N are SDN.)
      .replace(/(?<![\p{L}\d])[S5][DO0Q][NHM](?=\.?\s*BH[DO0](?![\p{L}]))/gu, 'SDN')
      .replace(/(?<=SDN\.?\s*)BH[O0](?![\p{L}])/gu, 'BHD')
      .replace(/(?<=\p{Lu}{4})S[O0]N(?=\.?\s*BHD(?![\p{L}]))/gu, ' SDN')
      .replace(/\)(?=\p{L})/gu, ') ')
      // "!" read for an I in a word in capitals ("KEDA! RUNCIT"), and a "]" no "[" opened ("KEDAI ROT]").
      .replace(/(?<=\p{Lu}{2})!(?=\p{Lu}|\s|$)/gu, 'I')
      .replace(/(?<=\p{Lu}{2})\](?=\p{Lu}|\s|$)/gu, (m, at: number, all: string) =>
        all.lastIndexOf('[', at) < 0 ? 'I' : m,
      )
      // A hyphen read as a middle dot or with a point before it ("AL·AMAN", "AL.-BAIK"), and a
      // Malay word doubled for its plural read apart ("RAKAN - RAKAN", "ANAK.ANAK").
      .replace(/(?<=\p{Lu})(?:·|\.-)(?=\p{Lu})/gu, '-')
      .replace(/(?<![\p{L}])(\p{Lu}{3,})\s*(?:\s-\s|\.|-)\s*\1(?![\p{L}])/gu, '$1-$1')
      // "GIFT&HOME" is "GIFT & HOME" on the paper (an "A&W" keeps its form).
      .replace(/(?<=\p{L}{2})\s*&\s*(?=\p{L}{2})/gu, ' & ')
      .replace(/(?<=\p{L})\(/gu, ' (')
      // Initials with their points glued to the next word ("B.S.K.PRINT"): a word of three letters
      // or more after two initials or more begins apart.
      .replace(/(?<![\p{L}.])((?:\p{Lu}\.){2,})(?=\p{Lu}{3,})/gu, '$1 ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** A word of a legal form on its own ("Co", "Sdn", "Bhd", "Ltd"). */
const LEGAL_FORM_WORD_RE = new RegExp(`^(?:${COMPANY_MARK_RE.source}|co|sdn|bhd)$`, 'iu');

/** A name in capitals with its legal form read in small letters ("J.K. WONG & Co.", "ABC Sdn Bhd"): all in capitals, as printed. */
function capitalsThroughout(name: string): string {
  const words = name.match(/\p{L}{2,}/gu) ?? [];
  const small = words.filter((w) => /\p{Ll}/u.test(w));
  if (small.length === 0 || small.length === words.length) return name;
  return small.every((w) => LEGAL_FORM_WORD_RE.test(w))
    ? name.replace(/\p{L}+/gu, (w) => (small.includes(w) ? w.toUpperCase() : w))
    : name;
}

/**
 * A name OCR read with a digit inside a word ("Ald1 GmbH", "R0ssmann"): the letter it stands
 * for, the reading that makes the likelier word when it could be either ("1" as i or l).
 */
function lettersForDigits(name: string): string {
  // Two zeros between capitals are a doubled O ("KIM S00N", "F00D"): codes keep their zeros apart
  // from letters on one side at least ("A00", "00B").
  return name.replace(/(?<=\p{Lu})00(?=\p{Lu})/gu, 'OO').replace(/\p{L}*[01]\p{L}*/gu, (word) => {
    // (A figure between two capitals is a letter: "KIM P0H"; a code's digits stand apart, "A1".)
    if (!(/\p{L}{2}/u.test(word) || /^\p{Lu}[01]\p{Lu}$/u.test(word)) || /[01]{2}/.test(word)) return word;
    const upper = word === word.toUpperCase();
    const options = /1/.test(word) ? ['i', 'l'] : ['o'];
    let best = word;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const o of options) {
      const letter = upper ? o.toUpperCase() : o;
      const candidate = word.replace(/[01]/, letter);
      const score = wordLikeness(candidate.toLowerCase());
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  });
}

/** Letters and digits of a name, lower case, for comparing two readings of it. */
const nameKey = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Whether a line below the top block is `name` again and nothing else, a letter or two apart (one
 * in five): the name printed twice. Names of fewer than five letters are not compared.
 */
function repeatedBelow(lines: Line[], top: Line[], name: string): boolean {
  const key = nameKey(name);
  if (key.length < 5 || NOT_NAME_RE.test(name)) return false;
  const last = top.at(-1)?.index ?? -1;
  for (const line of lines) {
    if (line.index <= last) continue;
    const other = nameKey(line.text);
    if (Math.abs(other.length - key.length) > 2 || /\d/.test(line.text)) continue;
    // A web address or a social handle spells the name without being it ("FB: dapurselerakakyah").
    if (/[:@/]|www|\.(?:com|my|net|org)(?![\p{L}])/iu.test(line.text)) continue;
    if (distance(other, key) <= Math.floor(key.length / 5)) return true;
  }
  return false;
}

/** Whether a name is its legal form alone, a short bracket aside: "SDN BHD", "(KL) SDN. BHD.", "GmbH". */
export function loneLegalForm(text: string): boolean {
  const rest = unbracketed(text)
    .replace(COMPANY_MARKS_RE, ' ')
    // (A town or country in brackets, "(M)", "(KL)", "(ALOR SETAR)", is part of the legal form.)
    .replace(/\([\p{L}. ]{1,20}\)/gu, ' ')
    .replace(/&/g, ' ');
  return !/\p{L}{2}/u.test(rest);
}

/**
 * Whether a line (or a segment of one) carries a legal form after a name, or is a legal form
 * alone (a name wrapped before it): one that opens a line before other words ("EK RISCHE
 * EIRRAIF G", a logo's slogan "FRISCHE EINKAUFEN" misread) follows no name.
 */
export function legalFormIn(text: string): boolean {
  const m = text.trim().match(COMPANY_MARK_RE);
  return !!m && ((m.index ?? 0) > 0 || loneLegalForm(text) || LEADING_FORM_RE.test(text));
}

/** The legal forms France prints before the name: "SARL LES DELICES DU MARCHE", "SAS Le Petit Zinc". */
const LEADING_FORM_RE = /^\s*(?:sarl|sas|sasu|eurl)\s+\p{L}{2,}(?:\s+\p{L}+)+\s*$/iu;

/**
 * The first word, lower case, with the letters OCR confuses in a logo folded together: I, l, 1
 * and T; O, 0 and D ("AIDT", "ALOT" and "Aldi" alike).
 */
const firstWord = (text: string) =>
  (text.match(/\p{L}+/u)?.[0] ?? '')
    .toLowerCase()
    .replace(/[i|1t]/g, 'l')
    .replace(/[0d]/g, 'o');

/**
 * Whether a line can be the other half of a name wrapped over two lines: words, short, no
 * title or label. A figure may be part of the name ("99 SPEED MART"); a house number, a
 * postcode or a registration number is not.
 */
function namePart(text: string): boolean {
  return (
    !/\d{3}/.test(text) &&
    !isRegistrationLine(text) &&
    text.length <= 50 &&
    !NOT_NAME_RE.test(text) &&
    wordiness(text) >= 0.5
  );
}

// Words that say what a business does, not which one it is: a line of only these ("MINYAK
// TRADING", "& LIGHTING ENTERPRISE", "FARMASI (M) SDN BHD") is the end of a name wrapped from
// the line above ("SYARIKAT MEI KIM" / "CONFECTIONERY TRADING").
const GENERIC_WORDS = new Set(
  (
    'electrical lighting trading hardware enterprise enterprises confectionery machinery stationery service services ' +
    'station stesen minyak petrol farmasi pharmacy restaurant restoran cafe bakery bakeries mart minimart ' +
    'supermarket store stores shop food foods industries engineering motor motors auto parts supply supplies ' +
    'holdings marketing bookstore general fruits florist travel transport construction furniture gift home ' +
    'textile textiles brothers bros and dan & of the co company corporation sdn bhd berhad s/b m ltd ' +
    'building materials material'
  ).split(' '),
);

/** The words of a name that say which business it is: not generic words, legal forms or a Malay name's opening words. */
function ownWords(text: string): number {
  return unbracketed(text)
    .replace(COMPANY_MARKS_RE, ' ')
    .toLowerCase()
    .split(/[\s,.()]+/)
    .filter((w) => w && !GENERIC_WORDS.has(w) && !MALAY_START_WORDS.has(w)).length;
}
const MALAY_START_WORDS = new Set([...MALAY_NAME_STARTS, 'runcit']);

/** Whether a name's words are all generic business words and legal forms: the tail of a wrapped name. */
function genericOnly(text: string): boolean {
  const words = text
    .replace(/\([\p{L}. ]{1,6}\)/gu, ' ')
    .toLowerCase()
    .split(/[\s,.]+/)
    .filter(Boolean);
  return words.length > 0 && words.every((w) => GENERIC_WORDS.has(w));
}

/** A name's words that say which business it is: three letters or more, no generic business word. */
function distinctWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/\p{L}{3,}/gu) ?? [];
  return new Set(words.filter((w) => !GENERIC_WORDS.has(w) && !MALAY_NAME_START_RE.test(`${w} `)));
}

// Malay names of a business begin so ("SYARIKAT JOO JOO STESEN" / "MINYAK ENTERPRISE").
const MALAY_NAME_START_RE = new RegExp(`^\\s*(?:${MALAY_NAME_STARTS.join('|')})\\s`, 'iu');

/** The business's name: a line in the top block with a legal form or shop word, else the top block's first name-like line. */
export function companyCue(lines: Line[]): Cue<string> | null {
  const top = topBlock(lines);
  let best: Cue<string> | null = null;
  const consider = (line: Line, text: string, score: number) => {
    // "0JC BAKES": a digit OCR read inside a word of the name is the letter it stands for.
    // (OCR's curly apostrophe for the printed straight one: "MURPHY’S".)
    const printed = capitalsThroughout(lettersForDigits(nameFrom(text))).replace(/[’‘]/g, "'");
    if (printed.length < 2 || !/\p{L}{2}/u.test(printed)) return;
    if (!best || score > best.likelihood)
      best = { value: printed, printed, likelihood: score, line: line.index };
  };
  // The customer's block ("Bill to:" and the lines under it) names the other party.
  const customer = new Set<number>();
  for (const line of lines) {
    if (!CUSTOMER_LABEL_RE.test(line.text)) continue;
    for (let k = line.index; k <= line.index + 4 && k < lines.length; k++) customer.add(k);
  }
  // The line just above the address block (a registration number between them skipped) is where
  // the name sits when a logo OCR could not read takes the top.
  const firstAddress = top.findIndex((l, k) => addressLineAt(top, k) && !legalFormIn(l.text));
  let aboveAddress = -1;
  for (let k = firstAddress - 1; k >= 0; k--) {
    if (isRegistrationLine(top[k]!.text)) continue;
    aboveAddress = top[k]!.index;
    break;
  }
  // ... unless a line there names itself a business (legal form, shop word): the owner's name
  // may sit between it and the street ("DELPHIN APOTHEKE / Alina Schunk / Detmolder Straße 8").
  // (A legal form alone on the first line has no name above it to be part of.)
  const anyMarked = top.some(
    (l, k) => (legalFormIn(l.text) && (k > 0 || !loneLegalForm(l.text))) || SHOP_WORD_RE.test(l.text),
  );
  const capitalsElsewhere = top.filter((l) => /\p{Lu}{2}/u.test(l.text)).length >= 2;
  const malaysianName = top.some((l) => MALAYSIAN_LEGAL_FORM_RE.test(l.text));
  top.forEach((line, i) => {
    if (customer.has(line.index)) return;
    // Columns of a text layer: the name is one segment ("Coolblue B.V.     Factuurnummer …").
    // Columns of a text layer: the name is the segment with the legal form ("Coolblue B.V.
    // Factuurnummer …"); otherwise the whole line, whose words may be spaced wide.
    // A logo's emblem read as a letter, set apart before the name ("S               SATURN").
    const emblem = line.segments.length >= 2 && [...line.segments[0]!.text].length === 1;
    const whole = line.text
      .slice(emblem ? line.segments[1]!.start : 0)
      .trim()
      .replace(/\s+/g, ' ');
    const marked = line.segments.find((g) => legalFormIn(g.text));
    // Word-spaced OCR ("toom     Baumarkt GmbH") keeps the words before the legal form, unless
    // they are another column's (a title, figures).
    const lead = marked ? line.text.slice(0, marked.start).trim() : '';
    const markedText =
      marked && (lead === '' || /\d/.test(lead) || NOT_NAME_RE.test(lead) || lead.length > 40)
        ? marked.text
        : `${lead} ${marked?.text ?? ''}`.trim();
    const plain = !/\d/.test(whole) && whole.length <= 60;
    let text = marked ? markedText : plain ? whole : (line.segments[0]?.text ?? '');
    // A legal form on a line of its own ("UNIHAKKA INTERNATIONAL" / "SDN BHD", "GARDENIA
    // BAKERIES" / "(KL) SDN BHD"): the name was wrapped, and the line above is its start.
    const above = top[i - 1];
    if (
      above &&
      !customer.has(above.index) &&
      ((marked &&
        (loneLegalForm(text) ||
          // (Not over a name whole on its line, a station's or shop's sign above it: "STESEN
          // PETROLIN KULAI" / "SERI MAJU PETROLEUM ENTERPRISE".)
          (MALAY_NAME_START_RE.test(above.text) && (ownWords(text) <= 2 || ownWords(above.text) === 0)))) ||
        genericOnly(nameFrom(text)) ||
        // "HUP SENG HARDWARE &" / "BUILDING MATERIALS SDN BHD": wrapped after its ampersand.
        (marked && /&\s*$/.test(above.text)))
    ) {
      const start = above.text.trim().replace(/\s+/g, ' ');
      // (A logo's reading of the name's start, "KEDAI HENG" over "KEDAI HENG LEONG TRADING", is no part of it.)
      const repeats = nameKey(text).startsWith(nameKey(start));
      // (Nor is a shop's sign that repeats a word of the legal name, "RESTORAN NAM HENG" over "NAM
      // HENG RESTAURANT SDN BHD": the name wrapped over two lines does not say a word twice.)
      const own = distinctWords(text);
      const sign = [...distinctWords(start)].some((w) => own.has(w));
      // (A legal form alone is never under an address: the line above is the name's start even
      // with a street word in it, "MUTIARA BOOK CENTRE" / "(ALOR SETAR) SDN BHD".)
      const street = addressLineAt(top, i - 1) && !(marked && loneLegalForm(text));
      if (namePart(start) && !repeats && !sign && !COMPANY_MARK_RE.test(start) && !street)
        text = `${start} ${text.trim()}`;
    }
    // A name wrapped after "&" ("GUAN HUAT HARDWARE &" / "ENGINEERING SDN. BHD."): the next line ends it.
    const below = top[i + 1];
    let endsMarked = false;
    if (/&\s*$/.test(text) && below && !customer.has(below.index) && !addressLineAt(top, i + 1)) {
      const rest = below.text.trim().replace(/\s+/g, ' ');
      if (namePart(rest)) {
        text = `${text.trim()} ${rest}`;
        endsMarked = legalFormIn(rest);
      }
    }
    // A Malay business name wrapped without a legal form ("SYARIKAT BORONG BARANG KERING" / "TAI
    // SENG", "RESTORAN KAH HENG" / "CLAYPOT CHICKEN RICE"): a short line in capitals right over
    // the address (or its registration number) ends it.
    const after = top[i + 2];
    if (
      !marked &&
      MALAY_NAME_START_RE.test(whole) &&
      below &&
      after &&
      !customer.has(below.index) &&
      /^[\p{Lu} &'.-]+$/u.test(below.text.trim()) &&
      below.text.trim().split(/\s+/).length <= 3 &&
      namePart(below.text) &&
      !legalFormIn(below.text) &&
      !addressLineAt(top, i + 1) &&
      (addressLineAt(top, i + 2) || isRegistrationLine(after.text))
    ) {
      text = `${text.trim().replace(/[\s|•*]+$/u, '')} ${below.text.trim().replace(/\s+/g, ' ')}`;
    }
    if (NOT_NAME_RE.test(whole) && !marked) return;
    // A legal form alone, with no name to join (a logo's "EK"), names nobody.
    if (marked && loneLegalForm(text)) return;
    // A street or a postcode and town is the address, not the name (a name that opens as Malay
    // names of a business do is one, whatever word OCR made of it: "SYARIKAT KIM LORONG").
    if (!marked && addressLineAt(top, i) && !MALAY_NAME_START_RE.test(whole) && !nameOverAddress(top, i))
      return;
    // A line with no capital where the others have them was written on the slip by hand
    // (scanned expense receipts carry the claimant's name on top), unless it names a shop.
    if (!marked && !SHOP_WORD_RE.test(whole) && !/\p{Lu}/u.test(whole) && capitalsElsewhere) return;
    // (A registration number after the name is no part of it: nameFrom drops it.)
    // (A figure OCR read inside a word is judged as the letter it stands for: "D0BI LAJU".)
    const digits = (lettersForDigits(nameFrom(text)).match(/\d/g) ?? []).length;
    // (Judged without a bracketed registration number: "DOBI LAJU (SSM: 001654321-H)".)
    const words = wordiness(lettersForDigits(text.replace(/[([][^)\]]*\d[^)\]]*[)\]]/g, ' ')));
    // A legal form vouches for a name of initials ("MR. D.I.Y. (M) SDN BHD").
    if (words < (marked ? 0.2 : 0.5)) return;
    const mark = marked || endsMarked ? 0.3 : SHOP_WORD_RE.test(text) ? 0.15 : 0;
    // Addresses and reg numbers carry digits; names seldom do.
    const digitPenalty = digits >= 3 ? 0.25 : digits > 0 ? 0.1 : 0;
    // A logo's reading ("AI OT") may sit there too: only a line with a word of four letters gets the bonus.
    const named = line.index === aboveAddress && !anyMarked && /\p{L}{4}/u.test(text);
    // The name right over the registration number is the registered one, where a shop's sign
    // above it names the shop otherwise ("KEDAI RUNCIT PAK HASSAN" / "PERNIAGAAN HASSAN & ANAK-
    // ANAK" / "(D0123456-H)").
    // (So is a legal name under a brand that carries a legal form of its own: "Coastal Bean Co." /
    // "COASTAL BEAN COMPANY PTY LTD" / "ABN 12 345 678 901".)
    const registered = isRegistrationLine(top[i + 1]?.text.trim() ?? '') ? 0.1 : 0;
    const position = 0.3 * 0.8 ** i + (named ? 0.4 : 0) + registered;
    // Modest on purpose: a name that the document repeats or its web domain spells (issuer.ts)
    // is surer than a top line; the cue decides where those find nothing (receipts).
    const score = Math.min(0.5, 0.5 * (0.1 + 1.2 * mark + position + 0.15 * words - digitPenalty));
    // The name printed again below, on a line of its own (the card slip's head: "Kundenbeleg /
    // MEDIA MARKT / PADERBORN"): surer than a web domain the page spells (a payment processor's).
    // (Not where the top block prints a Malaysian legal name and this is no such line: a logo's
    // word or a slogan the footer repeats, "** HAPPY FAM **", "Baked Fresh Every Day!".)
    const again =
      i < 4 &&
      (!malaysianName || MALAYSIAN_LEGAL_FORM_RE.test(text)) &&
      repeatedBelow(lines, top, nameFrom(text));
    consider(line, text, again ? Math.max(0.7, score + 0.3) : score);
  });
  // A line with a legal form elsewhere (a footer "Aldi GmbH & Co. KG, Schloß Holte") when the
  // top block held only a logo OCR could not read, or when it spells the top line's name (a
  // logo read "AIDI"): the legal name, as printed in plain type, is the surer reading.
  // (TypeScript cannot see the assignments inside `consider`.)
  const fromTop = best as Cue<string> | null;
  const topWord = fromTop && !COMPANY_MARK_RE.test(fromTop.value) ? firstWord(fromTop.value) : '';
  for (const line of lines) {
    if (top.includes(line) || customer.has(line.index)) continue;
    const m = line.text.match(COMPANY_MARK_RE);
    if (!m || m.index === undefined || m.index < 2) continue;
    const upTo = line.text.slice(0, m.index + m[0].length);
    // "Aldi GmbH & Co. KG": the legal form may go on.
    const rest = line.text.slice(upTo.length).match(/^\s*&\s*co\.?\s*(?:kg|ohg)?/iu)?.[0] ?? '';
    const name = lettersForDigits(nameFrom(upTo + rest));
    // The name must read as words; the place after it may be misread ("Schloß Holte" as "SchloB Ho1te").
    if (!/^\p{Lu}/u.test(name) || /\d/.test(name) || NOT_NAME_RE.test(name) || wordiness(name) < 0.6)
      continue;
    const word = firstWord(name);
    const spells = topWord.length >= 3 && word.length >= 3 && distance(topWord, word) <= 1;
    // A Malaysian legal name over its registration number at the foot ("LIM FOOD INDUSTRIES SDN
    // BHD" / "(654321-K)"), under a shop's sign with no legal form at the top ("UNCLE LIM
    // KOPITIAM"): the registered name is the issuer's.
    const registered =
      topWord !== '' &&
      MALAYSIAN_LEGAL_FORM_RE.test(name) &&
      isRegistrationLine(lines[line.index + 1]?.text ?? '');
    const likelihood =
      spells || registered ? Math.max(0.45, (fromTop?.likelihood ?? 0) + (registered ? 0.01 : 0)) : 0.3;
    const current = best as Cue<string> | null;
    if (!current || likelihood > current.likelihood || ((spells || registered) && current === fromTop))
      best = { value: name, printed: name, likelihood, line: line.index };
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Address

/** Lines that end the address block: contact details, tax ids, the document's own fields. */
const ADDRESS_STOP_RE =
  /(?<![\p{L}])(?:tel|telp|phone|telefon|tlf|fax|h\/?p|mobile|gst(?:id)?|sst(?:id)?|tax|vat|ust|u\.?st|st\.?-?nr|steuer\w*|mwst|email|e-mail|invoice|taxinvoice|simplified|cash\s*bill|cash\s*sales?|receipt|rechnung|beleg|date|datum|cashier|kasse|www|http|reg\.?\s*no|company\s*no|roc|opening|offnungszeit\w*|öffnungszeit\w*|abn|uid|(?:trans(?:action)?|bill|doc(?:ument)?|inv|order|slip|ref|cs|rcpt|chk|tkt|ticket|or)\s*(?:no|#)|(?:min|sn|s\/n)\s*:|resit|delivery\s*order|sales\s*order|bil\s*tunai|official\s*receipt|table|pax|counter|terminal|salesperson|served\s*by|operator)(?![\p{L}])|(?<![\p{L}])(?:store|outlet|branch|cawangan)\s*(?:no|#|code|id)?\s*:|@/iu;
/**
 * Words addresses are made of; with a postcode or house number they mark an address line. A
 * German street may end in "ring" (Kaiserring, Ostring); an English word in "-ering" or
 * "-uring" (ENGINEERING, CATERING) is no street.
 */
const STREET_RE =
  /(?<![\p{L}])(?:jalan|jln|lorong|taman|persiaran|lebuh|kawasan|perindustrian|bandar|seksyen|kampung|kg\.|kpg\.?|km(?=\s?\d)|batu(?=\s?\d)|wisma|menara|bangunan|kompleks|complex|mall|dataran|pangsapuri|apartments?|residensi|tingkat|no\.?|lot|street|st\.|road|rd\.?|avenue|ave\.?|lane|drive|blvd|boulevard|way|floor|suite|unit|block|blok|plaza|centre|center|place|square|terrace|crescent|parade|gardens|mews|highway|hwy|parkway|pkwy|court|close|rue|bd|chemin|all(?:é|e)e|impasse|quai|cours|route|via|viale|piazza|calle|carrer|rua|avda\.?|avenida|paseo|carretera|travessa|praça|str(?:\.|(?=\s))|stra(?:ss|ß|b)e|weg|platz|allee|gasse|ring|damm)(?![\p{L}])|\p{L}(?:stra(?:ss|ß|b)e|str\.|weg|platz|allee|gasse|(?<![aeiouäöü])ring|damm)(?![\p{L}])/iu;
/** A phone number printed without its label: "06192 / 93 99999", "(02) 9876 5432", "+49 5251 180420". */
const PHONE_LINE_RE =
  /^\W*(?:\+\d{1,3}[\s./-]*)?\(?\d{2,5}\)?(?:[\s./-]+\d{2,}){1,4}(?:\s*\([\p{L}\d]+\))?\W*$/u;
/** The head of the price column ("EUR", "RM", "€"): the items begin. */
const CURRENCY_LINE_RE = /^\s*(?:eur|euro|rm|myr|usd|sgd|gbp|chf|€|\$|£)\s*$/iu;
// (Not the figures of a code: "TRN4477 CSR0091".)
const POSTCODE_RE = /(?<![\p{N}\p{L}])\d{4,6}(?![\p{N}.,])\s+\p{L}/u;
/** A state or country line under the postcode: up to three words, nothing else (a Malaysian state's "Darul …" besides). */
const REGION_LINE_RE =
  /^\p{L}[\p{L}.'-]*(?:,?\s+\p{L}[\p{L}.'-]*){0,2}(?:\s+(?:[Dd]arul|DARUL)\s+\p{L}+)?(?:,?\s+(?:MALAYSIA|Malaysia|SINGAPORE|Singapore))?[.,]?$/u;

/**
 * "(123456-X)", "(139386 X)", "(CO. REG : 860671-D)", "(CO. NO. 624356-T)", "Company No: 1234567-A",
 * "JM0352019-K", "(Syarikat No. 998231-V)", "(No. Syarikat: 560018-W)".
 */
const REGISTRATION_RE =
  /^[([]?\s*(?:(?:no\.?\s*)?(?:co(?:mpany)?|roc|ssm|syar[i1l]kat|pendaftaran)\.?\s*)?(?:reg(?:istration)?\.?\s*)?(?:no\.?|number|#)?\s*[:.]?\s*(?:[A-Z]{1,3}\s)?[\dA-Z][\dA-Z-]{3,}(?:\s[A-Z])?\s*[)\]]?$/iu;

/**
 * A branch's number or name ("Filiale 547", "Store #12", "Cawangan 3", "CAWANGAN SEREMBAN 2",
 * "(AEON MALURI BRANCH)"): the shop's, not its address.
 */
const BRANCH_RE =
  /^(?:(?:filiale|fil\.|branch|store|outlet|cawangan|markt|shop)\s*(?:nr\.?|no\.?|#)?\s*:?\s*\d{1,6}|(?:cawangan|cabang|branch)\s*:?\s+\p{L}[\p{L} ]*(?:\s\d{1,2})?)$/iu;

/** A registration or branch number on a line of its own: between the name and the address, and part of neither. */
function isRegistrationLine(text: string): boolean {
  const t = text.trim();
  return (
    (REGISTRATION_RE.test(t) && /\d{3}/.test(t) && !UNIT_NUMBER_RE.test(t)) ||
    BUSINESS_NUMBER_RE.test(t) ||
    BRANCH_RE.test(t)
  );
}
/** A business number in groups under the name: Australia's "ABN 12 345 678 901", "ACN 612 558 901". */
const BUSINESS_NUMBER_RE = /^(?:ABN|ACN|A\.B\.N\.?|NZBN|UEN)\s*[:.]?\s*\d[\d ]{7,16}\d$/iu;

/**
 * A unit's number that reads as a date ("B-1-08, PLAZA LOW YAT 2", its B read as 8): dashes, a
 * comma after it, and a street word on the line. A date on a slip stands alone or before its time.
 */
function unitNumberAsDate(text: string, date: { start: number; end: number }): boolean {
  return (
    /^\d{1,2}-\d{1,2}-\d{2}$/.test(text.slice(date.start, date.end)) &&
    /^\s*,\s*\p{L}/u.test(text.slice(date.end)) &&
    STREET_RE.test(text)
  );
}

/** Os after a figure in a number ("LOT 460O", "INDAH 1O/8", "F2-O7", "LG-O8", "531OO") are zeros. */
const O_IN_NUMBER_RE = /(?<=\d)O+(?=\d|[/\s,.-]|$)|(?<=(?:\d|(?<![\p{L}])\p{Lu}{1,2})[-/])O(?=\d)/gu;

const zerosForOs = (text: string) => text.replace(O_IN_NUMBER_RE, (os) => '0'.repeat(os.length));

/** A line that ends the address block (or, before it starts, is no part of it). */
function ends(text: string): boolean {
  return (
    ADDRESS_STOP_RE.test(text) ||
    findDates(text).some((d) => !unitNumberAsDate(text, d)) ||
    (PHONE_LINE_RE.test(text) && !UNIT_NUMBER_RE.test(text.trim()))
  );
}

/**
 * A town line that ends in its postcode, in the English-speaking order: "SPRINGFIELD, IL 62704",
 * "Bondi NSW 2026", "Singapore 560123", "Ashford Kent TN24 8SU" (a state's second capital may be
 * read small: "Marshfield, Wi 54449").
 */
const TOWN_POSTCODE_RE =
  /^\p{L}[\p{L} .'-]{1,40}?,?\s+(?:(?:[A-Z][A-Za-z]{1,2}\s+)?\d{4,6}(?:-\d{4})?|\d{3}-\d{4}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|(?:[A-Z]{2}\s+)?[A-Z]\d[A-Z]\s?\d[A-Z]\d)[.,]?$/u;
/** A Japanese address's block numbers and its ward or town: "3-14-7 Nishi-Shinjuku, Shinjuku-ku,". */
const JAPANESE_BLOCK_RE =
  /^\s*\d{1,4}-\d{1,4}(?:-\d{1,4})?\s+\p{Lu}[\p{L}-]*.*-(?:ku|shi|cho|chome|machi|gun)(?![\p{L}])/iu;
/** A Singaporean unit number on its own ("#01-456", "#B1-22"). */
const UNIT_NUMBER_RE = /^#[A-Z]?\d{1,3}-\d{1,5}[,.]?$/u;
/** A line that opens with a unit's number and its comma: "G-12, KOMPLEKS MAHKOTA", "B-G-3, BLOK B", "LG-08,". */
const UNIT_START_RE = /^\s*(?:[A-Z]{1,2}\d{0,3}|\d{1,4})(?:-[A-Z\d]{1,4}){1,2}\s*,\s*\p{L}/u;

/** The "No." of a number that is no house's: "Co. No.", "Reg No", "GST No", "Receipt No" (OCR's "Re9" too). */
const NUMBER_LABEL_RE =
  /(?<![\p{L}])(?:co(?:mpany)?\.?\s*(?:re[g9]\w*\.?\s*)?|re[g9](?:istration)?\.?\s*|roc|ssm|gst|sst|tin|vat|tax|invoice|inv|receipt|rcpt|bill|acct|account|member|card|table|serial)\s*no\.?/giu;

/** A "No." that labels a word's number ("NO. KENDERAAN: KEJ 2231", "No. Meja: 12"): no house's. */
const LABELLED_NO_RE = /(?<![\p{L}])no\.?\s*\p{L}{3,}\s*:/giu;
/** A shop's founding year in its slogan ("Since 1968", "EST. 1995", "Sejak 1972"): no postcode. */
const SINCE_YEAR_RE =
  /(?<![\p{L}])(?:since|est\.?|estd\.?|established|sejak|depuis|seit)\s*(?:19|20)\d\d(?!\d)/giu;

/** A food court's name ("BAYU FOOD COURT" between its operator and the address): a court no street's. */
const FOOD_COURT_RE = /(?<![\p{L}])(?:food\s*court|medan\s*selera|hawker\s*cent(?:re|er))(?![\p{L}])/giu;

function addressLike(text: string): boolean {
  const t = text
    .trim()
    .replace(FOOD_COURT_RE, ' ')
    .replace(NUMBER_LABEL_RE, ' ')
    .replace(LABELLED_NO_RE, ' ')
    .replace(SINCE_YEAR_RE, ' ');
  return (
    STREET_RE.test(t) ||
    JAPANESE_BLOCK_RE.test(t) ||
    POSTCODE_RE.test(t) ||
    TOWN_POSTCODE_RE.test(t) ||
    UNIT_NUMBER_RE.test(t) ||
    UNIT_START_RE.test(t)
  );
}

/** A street OCR misspelt ("Detmolder Stc. 4") is still words and a house number, over a postcode and town. */
const HOUSE_NUMBER_LINE_RE = /^\s*\p{L}[\p{L}. '-]{3,}\s\d{1,4}\s?[a-z]?[!.]?\s*$/u;

/** Whether the `k`-th line of `block` is part of an address: by its own words, or as a street over a postcode line. */
function addressLineAt(block: Line[], k: number): boolean {
  const text = block[k]!.text;
  if (addressLike(text)) return true;
  const next = block[k + 1]?.text ?? '';
  return HOUSE_NUMBER_LINE_RE.test(text) && POSTCODE_RE.test(next) && !STREET_RE.test(next);
}

/**
 * Whether the top line, without a figure, sits over the address (a registration number between
 * them skipped): it is the shop's name even with a street word in it ("MAPLE STREET DINER" / "412
 * Maple Street", "B.S.K. PRINT & COPY CENTRE" / "(IM0712398-X)" / "NO. 21, JALAN DEDAP 13,").
 */
function nameOverAddress(top: Line[], k: number): boolean {
  if (k !== 0 || /\d/.test(top[0]?.text ?? '')) return false;
  let j = 1;
  while (top[j] && isRegistrationLine(top[j]!.text)) j++;
  const next = top[j]?.text ?? '';
  return /^\s*\d/.test(next) || (/\d/.test(next) && addressLineAt(top, j));
}

/** A line OCR made of specks: letters only in fragments of one or two ("RE     O       212"). */
function specks(text: string): boolean {
  return !/\p{L}{3}/u.test(text) && (text.match(/(?<![\p{L}])\p{L}{1,2}(?![\p{L}])/gu) ?? []).length >= 2;
}

// An outlet's line between the name and the address: a store code beside its place ("1482-TMN SRI
// GOMBAK", "S515 SUBANG JAYA", "AGR JALAN IPOH (#0217)", "BESTARI BUTTERWORTH - STORE 016").
const STORE_CODE_RE =
  /(?:^|\s)(?:\d{3,}-\p{L}{2,}|\p{Lu}{1,3}\d{3,}(?!\p{L})|\(#?\d{3,}\)|#\d{3,}|(?:store|outlet|branch|kedai|cawangan)\s*(?:no\.?|#)?\s*\d{2,})/iu;
// A line that opens as an address's first line does: a house, lot or unit number ("NO. 5,", "23,",
// "G-2,", "LOT 2412 & 2413,").
const HOUSE_START_RE = /^\s*(?:(?:no|lot|pt|unit|blok|block|blk)\.?\s*[\dA-Z]|\p{Lu}?-?\d[\dA-Z/-]*\s*,)/iu;

// A customer's or a delivery's label: the address on its line or under it is theirs.
const RECIPIENT_LABEL_RE =
  /^\s*(?:to|deliver(?:y)?(?:\s+to)?|delivery\s+address|ship\s*to|bill\s*to|sold\s*to|customer|cust\.?|attn|m\s?\/\s?s)\s*:/iu;

/** Whether the `k`-th line of the top block is an outlet's line over the address's first line. */
function outletOverAddress(top: Line[], k: number): boolean {
  if (!HOUSE_START_RE.test(top[k + 1]?.text ?? '')) return false;
  if (STORE_CODE_RE.test(top[k]!.text)) return true;
  // ... or the brand on top again with the branch's place after it, no dash ("KRISPY CLUCK" /
  // … / "KRISPY CLUCK BANDAR BARU BANGI").
  const key = (t: string) => t.replace(/\s+/g, ' ').trim().toUpperCase();
  const sign = k > 0 ? key(top[0]!.text) : '';
  const line = key(top[k]!.text);
  if (sign.length >= 4 && /\s/.test(sign) && line.startsWith(`${sign} `) && !/\d/.test(line)) return true;
  // A chain's branch line, its brand before a dash ("SERBA24 - TAMAN DESA JAYA" under "SERBA24 MART").
  const branch = /^\s*(\S+(?:\s\S+)?)\s+[-–]\s+\p{L}/u.exec(top[k]!.text);
  const brand = branch?.[1]?.replace(/\s+/g, '').toUpperCase();
  return (
    !!brand &&
    brand.length >= 3 &&
    top.slice(0, k).some((l) => l.text.replace(/\s+/g, '').toUpperCase().startsWith(brand))
  );
}

export function addressCue(lines: Line[], companyLine: number | undefined): Cue<string> | null {
  const top = topBlock(lines);
  const after = companyLine !== undefined && top.some((l) => l.index === companyLine) ? companyLine : -1;
  // The address starts at the first line under the name with a street, a postcode or a house
  // number: an owner's name or a slogan between them is not part of it. Without a name at the
  // top, the first address-like line of the top block starts it.
  // A line that only looks like a start (a registration number OCR misread: "(60/505 - A)")
  // gives no address: the next start is tried. The top line over the address is the name
  // (nameOverAddress).
  // (A registration number is no address line, whatever OCR made of it: "(KM0034567-P)".)
  const addressAt = top.map(
    (l, k) => addressLineAt(top, k) && !nameOverAddress(top, k) && !isRegistrationLine(l.text),
  );
  const starts = top.filter(
    (l, k) =>
      l.index > after &&
      !ends(l.text) &&
      !MALAY_NAME_START_RE.test(l.text) &&
      !outletOverAddress(top, k) &&
      !RECIPIENT_LABEL_RE.test(l.text) &&
      !(k > 0 && RECIPIENT_LABEL_RE.test(top[k - 1]!.text)) &&
      (addressAt[k] ||
        (after >= 0 && /\d/.test(l.text) && !isRegistrationLine(l.text.trim()) && !specks(l.text))),
  );
  // An address printed above the name (a petrol station's under its brand, "OPERATED BY" and the
  // firm below): when no street or postcode follows the name, the first one above it.
  const above =
    after >= 0 && !top.some((l, k) => addressAt[k] && starts.includes(l))
      ? top.filter((l, k) => l.index < after && !ends(l.text) && addressAt[k]).slice(0, 1)
      : [];
  for (const start of [...above, ...starts].slice(0, 3)) {
    const found = addressFrom(lines, start.index, start.index < after ? after : lines.length);
    if (!found) continue;
    const printed = addressAsPrinted(found.run.join(' '));
    const likelihood = (found.stopped ? 0.6 : 0.45) * (companyLine !== undefined ? 1 : 0.8);
    return { value: printed, printed, likelihood, line: start.index };
  }
  // A name printed only at the foot of the slip has its address under it there.
  if (companyLine !== undefined && after < 0) {
    const start = lines.findIndex((l, i) => i > companyLine && l.text.trim() !== '');
    const found = start >= 0 ? addressFrom(lines, start, lines.length) : null;
    if (found?.stopped && found.run.some((t) => addressLike(t))) {
      const printed = addressAsPrinted(found.run.join(' '));
      return { value: printed, printed, likelihood: 0.45, line: start };
    }
  }
  // No name and no address at the top (a name at the foot, OCR lost or did not read as one): an
  // address block below, from a house number to its postcode's line, away from any customer's label.
  if (companyLine === undefined) {
    const last = top.at(-1)?.index ?? -1;
    for (let i = last + 1; i < lines.length; i++) {
      const text = lines[i]!.text;
      if (!HOUSE_START_RE.test(text) || RECIPIENT_LABEL_RE.test(lines[i - 1]?.text ?? '')) continue;
      if (
        CUSTOMER_LABEL_RE.test(
          lines
            .slice(Math.max(0, i - 3), i + 1)
            .map((l) => l.text)
            .join('\n'),
        )
      )
        continue;
      const found = addressFrom(lines, i, lines.length);
      if (found?.stopped && found.run.some((t) => POSTCODE_RE.test(t))) {
        const printed = addressAsPrinted(found.run.join(' '));
        return { value: printed, printed, likelihood: 0.35, line: i };
      }
    }
  }
  return null;
}

/** The address's lines from line `from` on, and whether a contact or document line ended them; null when they hold no address. */
/** The run of lines after the company's name up to a phone or tax-id line. */
function addressFrom(lines: Line[], from: number, to: number): { run: string[]; stopped: boolean } | null {
  const run: string[] = [];
  let blanks = 0;
  let stopped = false;
  // The address is one column: where a slogan or a logo sits beside it ("HIER BIN ICH MENSCH
  // 33100 Paderborn"), each line gives the part under the first address line.
  // The column spans the head line's address parts: OCR leaves wide gaps inside a centred line
  // where it lost a comma ("NO /6    JALAN MUTIARA EMAS 11,").
  const head = lines[from]!;
  const parts = head.segments.filter((g) => addressLike(g.text));
  const anchor = parts.length > 0 ? { start: parts[0]!.start, end: parts.at(-1)!.end } : head.segments[0];
  const column = (line: Line) => {
    if (!anchor || line.segments.length < 2) return line.text;
    const under = line.segments.filter((g) => g.start < anchor.end && g.end > anchor.start);
    return under.length > 0 ? under.map((g) => g.text).join(' ') : line.text;
  };
  for (let i = from; i < to && run.length < 6; i++) {
    // (A mark set apart at the line's end, "SELANGOR .", is the line's own; in a line in capitals
    // the Os of numbers are zeros, "531OO KUALA LUMPUR" a postcode's line.)
    const raw = column(lines[i]!)
      .trim()
      .replace(/\s+(?=[.,]$)/, '');
    const text = /\p{Ll}/u.test(raw) ? raw : zerosForOs(raw);
    if (!text) {
      if (run.length > 0 && ++blanks > 1) break;
      continue;
    }
    if (run.length === 0 && isRegistrationLine(text)) continue;
    // A registration number under the address ("ROC NO: 710929-D") is the company's, not the address.
    if (ends(text) || (run.length > 0 && isRegistrationLine(text))) {
      // The phone printed after the town or the state on its line ("81200 JOHOR BAHRU. TEL: 07-236
      // 4415"): the part before its label ends the address.
      const head = run.length > 0 ? addressBeforeContact(text, run) : undefined;
      if (head) run.push(head);
      // The phone beside the town ("25300 KUANTAN,   Tel: 09-567 4421"), the state on the line
      // under them ("PAHANG."): the state is the address's.
      const below = lines[i + 1] ? column(lines[i + 1]!).trim() : '';
      if (
        head &&
        POSTCODE_RE.test(head) &&
        isRegion(below.replace(/[.,]$/, '').replace(/\s+darul\s+\p{L}+$/iu, ''))
      ) {
        run.push(below);
      }
      stopped = true;
      break;
    }
    // A line of prices (the price may sit in another column): the items have begun; so has a total's
    // line in a currency without cents ("TOTAL 12,000", rupiah).
    const whole = lines[i]!.text;
    if (TOTAL_LABEL_RE.test(whole) && /\d/.test(whole) && !addressLike(text)) break;
    if (findAmounts(whole).some((a) => /[.,]\d{2}$/.test(whole.slice(a.start, a.end))) && !addressLike(text))
      break;
    // A street line may read oddly ("BentelerstraBe 4", ß read as B): its street word vouches for it.
    if ((wordiness(text) < 0.3 && !addressLike(text)) || CURRENCY_LINE_RE.test(text)) break;
    // After the postcode and town only a street, one state or country line ("JOHOR.",
    // "Selangor Darul Ehsan") and a country line go on; a branch's name ("(AEON MALURI
    // BRANCH)") or a slogan is not the address.
    const postcode = run.findIndex((l) => POSTCODE_RE.test(l));
    // A store's code and branch under the town ("1627-SEKSYEN 25 SRI MUDA") is the shop's.
    if (postcode >= 0 && /^\d{3,5}-\p{L}/u.test(text)) {
      stopped = true;
      break;
    }
    if (postcode >= 0 && !addressLike(text) && !HOUSE_NUMBER_LINE_RE.test(text)) {
      const regionTaken = run.slice(postcode + 1).some((l) => !addressLike(l) && REGION_LINE_RE.test(l));
      // ... and the country after the state ("SELANGOR DARUL EHSAN," / "MALAYSIA.").
      const country = isCountry(text);
      if ((regionTaken && !country) || !REGION_LINE_RE.test(text)) {
        stopped = true;
        break;
      }
    }
    run.push(text);
  }
  if (run.length === 0 || !run.some(addressLike)) return null;
  return { run, stopped };
}

/** Small words an address in title case keeps small ("Stratford upon Avon", "Rue de la Paix"). */
const PARTICLES = new Set('the and upon des der den del dos das von van zum zur sur auf bei'.split(' '));

/**
 * An address in title case with one word read with a small first letter ("Jurong west St 97"):
 * where every other word starts with a capital, so does that one, unless it is a particle.
 */
function titleCased(address: string): string {
  const words = address.match(/(?<![\p{L}\d])\p{L}{2,}(?![\p{L}\d])/gu) ?? [];
  const small = words.filter((w) => /^\p{Ll}/u.test(w));
  if (small.length !== 1 || words.length < 4) return address;
  const word = small[0]!;
  // (An abbreviation written small keeps its form: "cor. Mabini St.".)
  if (word.length < 3 || PARTICLES.has(word) || !/^\p{Ll}+$/u.test(word) || address.includes(`${word}.`))
    return address;
  return address.replace(
    new RegExp(`(?<![\\p{L}\\d])${word}(?![\\p{L}\\d])`, 'u'),
    word[0]!.toUpperCase() + word.slice(1),
  );
}

const UK_POSTCODE_RE = /(?<![\p{L}\d])[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}(?![\p{L}\d])/u;
const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY'.split(
    ' ',
  ),
);
const AU_STATES = new Set(['NSW', 'VIC', 'QLD', 'TAS', 'ACT', 'WA', 'SA', 'NT']);

/** A phone, fax or e-mail label within a line. */
const CONTACT_LABEL_RE =
  /(?<![\p{L}])(?:tel|telp|phone|telefon|tlf|fax|h\/?p|mobile|email|e-mail)(?![\p{L}])/iu;

/**
 * The part of a line before its contact label, where it goes on the address in `run`: a postcode
 * and town, or the state after them.
 */
function addressBeforeContact(text: string, run: string[]): string | undefined {
  const label = CONTACT_LABEL_RE.exec(text);
  if (!label || label.index === 0) return undefined;
  const head = text.slice(0, label.index).trim();
  if (!head || ends(head) || !/\p{L}{3}/u.test(head)) return undefined;
  const postcodeAbove = run.some((l) => POSTCODE_RE.test(l) || TOWN_POSTCODE_RE.test(l));
  const region = postcodeAbove && REGION_LINE_RE.test(head);
  return POSTCODE_RE.test(head) || TOWN_POSTCODE_RE.test(head) || region ? head : undefined;
}

/**
 * The address's lines joined as printed, undoing what OCR does to such lines on a photo:
 * - full-width punctuation of the Chinese + Latin recogniser ("NO.43， JALAN") folded;
 * - the space it drops after a comma ("59,JALAN SAGU", "PERDANA,70200"): after a letter or
 *   before a word it is surely printed; between figures the comma may be a decimal mark or a
 *   list of house numbers ("55,57 & 59");
 * - in an address printed in capitals (Malaysian and other till slips), a comma read as a point
 *   on soft print ("NO 69.JALAN", "LAMA. KAWASAN", "KAJANG.SELANGOR"): a point after a figure or
 *   after a word of four letters or more, with more of the address after it, is a comma there;
 *   abbreviations ("NO.", "JLN.", "TMN.", "BT.") are shorter and keep theirs;
 * - a postcode with a letter for a digit ("4750O KAJANG", "401SO") and a word with a digit for a
 *   letter ("IP0H", "PUTER1");
 * - the space dropped before a street's number ("SEKSYEN9") and around "&" ("NO.27&59").
 */
export function addressAsPrinted(text: string): string {
  let out = text
    .normalize('NFKC')
    .replace(/\s+/g, ' ')
    // OCR's curly apostrophe for the printed straight one ("Jalan Dato’ Onn").
    .replace(/[’‘]/g, "'")
    .replace(/(?<=\p{L}),(?=[\p{L}\d])|(?<=\S),(?=\p{L})/gu, ', ')
    // Singapore's block before its number, its l read as i ("Bik 512", "BIK 412").
    .replace(/(?<![\p{L}\d])B[iI]k(?=\.?\s+\d)/gu, (m) => (m[1] === 'I' ? 'BLK' : 'Blk'))
    // A capital alone after a comma before a word it begins ("5/9, K KOTA DAMANSARA"): the
    // recogniser's sliver of that word, where a photo's line was cut into boxes.
    .replace(/(?<=,\s)(\p{Lu})\s(?=\1\p{Lu}{2})/gu, '');
  // An address in capitals with a word in letters whose small and capital forms look alike,
  // scaled down ("JALAN ss" for SS), or one such letter inside a word ("SKuDAI"): capitals too.
  // A word's first letter read small before capitals ("pT 1288") is one too.
  const ambiguous =
    /(?<![\p{L}\d])[cosuvwxz]+(?![\p{L}\d])|(?<=\p{Lu})[cosuvwxz](?=\p{Lu})|(?<![\p{L}\d])\p{Ll}(?=\p{Lu}+(?![\p{L}]))/gu;
  if (/\p{Lu}{3}/u.test(out) && !/\p{Ll}/u.test(out.replace(ambiguous, ''))) {
    out = out.replace(ambiguous, (w) => w.toUpperCase());
  }
  // ... and a word with a capital inside it among words in capitals ("NO 3, JaLan BUNGA RAYA,
  // 10200 PuLAU PINANG"): capitals misread small.
  if ((out.match(/(?<![\p{L}])\p{Lu}{3,}(?![\p{L}])/gu) ?? []).length >= 2) {
    out = out.replace(/(?<![\p{L}])\p{L}+(?![\p{L}])/gu, (w) =>
      /\p{Ll}/u.test(w) && /(?<=\p{L})\p{Lu}/u.test(w) ? w.toUpperCase() : w,
    );
  }
  // A postcode with a zero read as a letter o ("4730o Petaling Jaya").
  out = out.replace(/(?<![\p{L}\d])(?=\d*[oO]\d*\s)[\doO]{5}(?=\s+\p{Lu})/gu, (m) =>
    (m.match(/\d/g) ?? []).length === 4 ? m.replace(/[oO]/, '0') : m,
  );
  // ... and where every word with small letters in it is mostly capitals ("TamAN mUTIaRa RiNI",
  // read from a photo on its side): small letters read for capitals. A name in mixed case
  // ("Jalan Sagu") has more small letters than capitals in its words and stays as it is.
  const words = out.match(/\p{L}+/gu) ?? [];
  const count = (w: string, re: RegExp) => w.match(re)?.length ?? 0;
  const mixed = words.filter((w) => /\p{Ll}/u.test(w));
  if (
    mixed.length > 0 &&
    words.filter((w) => /^\p{Lu}{3,}$/u.test(w)).length >= 2 &&
    mixed.every((w) => count(w, /\p{Lu}/gu) > count(w, /\p{Ll}/gu))
  ) {
    out = out.toUpperCase();
  }
  if (!/\p{Ll}/u.test(out)) {
    // Glyphs OCR reads for capitals inside a word in capitals: "!" for I ("MERANT!"), and a
    // closing bracket that no bracket opens for J ("US) 3", "US],").
    out = zerosForOs(out.replace(/(?<=\p{Lu})!/gu, 'I'))
      // Two zeros between capitals are a doubled O ("1ST FL00R", "K00N"), and a zero closing a
      // word before its apostrophe an O ("JALAN DAT0' ONN").
      .replace(/(?<=\p{Lu})00(?=\p{Lu})/gu, 'OO')
      .replace(/(?<=(?<![\p{L}\d])\p{Lu}{3,})0(?=['’])/gu, 'O')
      // "JLN" with its L read as I or 1 ("JIN SENTUL MEWAH"): no address word reads "JIN".
      .replace(/(?<![\p{L}\d])J[I1]N(?=\.?\s+\p{Lu})/gu, 'JLN')
      // "SRI" with its I lost ("TAMAN SR GOMBAK"): no address word reads "SR" before a name.
      .replace(/(?<![\p{L}\d])SR(?=\s+\p{Lu}{3})/gu, 'SRI')
      // A J read as 3 in a word ("3ALAN SER03A" for "JALAN SEROJA").
      .replace(/(?<![\p{L}\d])3(?=ALAN(?![\p{L}]))/gu, 'J')
      .replace(/(?<=\p{Lu}[O0])3(?=\p{Lu})/gu, 'J')
      .replace(/(?<=(?<![\p{L}\d([])\p{Lu}{1,4})[)\]](?=[\s,]|$)/gu, (m, at: number, all: string) =>
        /[([]/.test(all.slice(0, at)) ? m : 'J',
      )
      // (A point between figures is printed: a unit's "LOT 2.14". A house number may end in a
      // letter: "NO. 9A. JLN", "NO.14-G.JALAN".)
      .replace(
        /(?<=\d(?:-?[A-Z](?![\p{L}]))?|(?<![\p{L}])\p{Lu}{4,})\s?\.(?:\s+(?=[\p{Lu}\d])|(?=\p{Lu}))|(?<=(?<![\p{L}])\p{Lu}{4,})\.(?=\d)/gu,
        ', ',
      )
      .replace(/(?<![\p{L}\d])(?=[\dOoIlS]{5}(?![\p{L}\d]))[\dOoIlS]{5}(?=\s+\p{L})/gu, (m) =>
        (m.match(/\d/g) ?? []).length >= 3
          ? m.replace(/[Oo]/g, '0').replace(/[Il]/g, '1').replace(/S/g, '5')
          : m,
      )
      // A digit read for a letter inside a word of four letters or more ("PUTER1", "M0LEK",
      // "1MPIAN"), or between letters in a word of four ("IP0H"); section codes ("USJ1", "SS2")
      // have fewer letters or the figure at the end.
      .replace(/(?<![\p{L}\d])\p{Lu}*[01]\p{Lu}*(?![\p{L}\d])/gu, (word) =>
        (word.length >= 5 || (word.length === 4 && /^\p{Lu}+[01]\p{Lu}+$/u.test(word))) &&
        !/[01].*[01]/.test(word)
          ? word.replace('0', 'O').replace('1', 'I')
          : word,
      )
      // The spaces the recogniser drops: before a street's number ("PERDANA4", "SEKSYEN9,") and
      // around "&" between house numbers ("NO.27&59").
      .replace(/(?<=(?<![\p{L}])\p{Lu}{4,})(?=\d{1,3}(?![\p{L}\d]))/gu, ' ')
      .replace(/(?<=\d)\s*&\s*(?=\d)/g, ' & ')
      // ... and after a comma before a postcode ("SEKSYEN 9,40150 SHAH ALAM").
      .replace(/,(?=\d{5} \p{L})/gu, ', ')
      // ... and between a postcode and its town ("81200JOHOR BAHRU").
      .replace(/(?<![\p{L}\d])(\d{5})(?=\p{Lu}{3,})/gu, '$1 ');
  } else {
    out = out
      // A British postcode's first letter O read as a zero ("Oxfordshire 0X20 1TA"), and its
      // letters read small ("BS35 2xQ", "Ox20 1TA"); it starts with a capital or a zero.
      .replace(/(?<![\p{L}\d])0(?=[A-Za-z]\d[A-Za-z\d]? \d[A-Za-z]{2}(?![\p{L}\d]))/gu, 'O')
      .replace(/(?<![\p{L}\d])[A-Z][A-Za-z]?\d[A-Za-z\d]? \d[A-Za-z]{2}(?![\p{L}\d])/gu, (m) =>
        m.toUpperCase(),
      )
      // A US state's code with its second letter read small before the ZIP code ("Wi 54449"), and
      // an Australian state's before its postcode ("Sandringham ViC 3191").
      .replace(/(?<=[\s,])([A-Z][a-z])(?=\s+\d{5}(?:-\d{4})?\W*$)/u, (m) =>
        US_STATES.has(m.toUpperCase()) ? m.toUpperCase() : m,
      )
      .replace(/(?<=[\s,])([A-Z][A-Za-z]{1,2})(?=\s+\d{4}\W*$)/u, (m) =>
        AU_STATES.has(m.toUpperCase()) ? m.toUpperCase() : m,
      )
      // A figure read for a letter inside a word in small letters ("Lud1ow", "Wo0d Lane"): the
      // likelier word of the letters it stands for.
      .replace(/(?<![\p{L}\d])\p{Lu}?\p{Ll}+[01]\p{Ll}+(?![\p{L}\d])/gu, (word) => {
        // A town or a word of the lists decides between i and l ("Lud1ow" is Ludlow).
        const known = (/1/.test(word) ? ['l', 'i'] : ['o'])
          .map((letter) => word.replace(/[01]/, letter))
          .find((w) => isCity(w) || isKnownWord(w));
        return known ?? lettersForDigits(word);
      })
      // A comma read as a point glued between two words ("14 Kowhai Lane.Riccarton").
      .replace(/(?<=\p{Ll}{3})\.(?=\p{Lu}\p{Ll}{2})/gu, ', ')
      // An Eircode's second half with a letter read small after its county ("Co. Clare V15 xK27").
      .replace(/(?<=Co\.?\s\p{Lu}\p{Ll}+\s[A-Z]\d[\dW]\s)[A-Za-z\d]{4}(?![\p{L}\d])/gu, (m) =>
        m.toUpperCase(),
      )
      // German's ß read as B ("HauptstraBe 42").
      .replace(/(?<=[Ss]tra)B(?=e(?![\p{Ll}]))/gu, 'ß');
    out = titleCased(out);
  }
  if (
    /\p{Ll}/u.test(out) &&
    (/(?<!\d)\d{4,6}\W*$|(?<!\d)\d{5}(?!\d)/.test(out) || UK_POSTCODE_RE.test(out))
  ) {
    // The same comma read as a point in a mixed-case address over a postcode ("No 18. Jalan Telawi
    // 3", "Sunway Pyramid. No. 3", "Santa Rosa City. Laguna 4026", "Plaza Singapura. Singapore
    // 238839"): after a figure or a word of four
    // letters or more, before the next part; abbreviations ("No.", "Jln.", "Hauptstr.", "Brgy.",
    // "Blvd.") keep their point.
    out = out.replace(/(\d|(?<![\p{L}])\p{Lu}\p{Ll}{3,})\.\s+(?=[\p{Lu}\d#])/gu, (m, before: string) =>
      /^\d$/.test(before) || (/[aeiou]/.test(before.slice(1)) && !before.endsWith('str')) ? `${before}, ` : m,
    );
    // ... and the space it lost after a comma between a shop's number and the street's ("Shop 6,112
    // Esplanade"; no thousands are written in a house number).
    out = out.replace(/(?<=(?<![\p{L}])\p{L}+\s\d{1,4}),(?=\d{1,4}\s\p{Lu}\p{Ll})/gu, ', ');
  }
  return out.trim();
}

// ---------------------------------------------------------------------------------------------
// Total

/** Labels of the amount due ("NETT AMOUNT" on a Malaysian slip; a "net amount" is before tax). */
const TOTAL_LABEL_RE =
  /(?<![\p{L}])(?:grand\s*total|t\s?[o0a]\s?ta[l1](?:amount|rm|due|payable)?|totaal|totale|jum(?:l|li|il|1|l1)ah|summe?|endsumme|gesamt\w*|zu\s*zahlen|endbetrag|rechnungsbetrag|betrag|amount\s*due|balance\s*due|nett\s*amount|net\s*a\s*payer|montant)(?![\p{L}])/iu;
/** Words in the label part that make it another figure: net of tax, a count, a discount, a payment. */
const NOT_TOTAL_RE =
  /(?<![\p{L}])(?:sub|subtotal|excl\w*|exclusive|before|ohne|netto|nett?(?!\s*t[o0a]ta[l1]|(?<=nett)\s*amount)|qty|quantity|items?|artikel|anzahl|discount|diskaun|saving\w*|rabatt|change|tendered|(?<!ec[\s-]*)cash|bargeld|gegeben|zur(?:u|ü)ck|r(?:u|ü)ckgeld|points?|punkte|weight|gewicht)(?![\p{L}])|(?:total|summe)[\s-]*(?:gst|sst|tax|vat|mwst|ust)(?![\p{L}])|(?:gst|sst|tax|vat|mwst|ust)[\s-]*(?:total|summe|betrag)/iu;
/** A card payment: it pays the amount due to the cent (cash may be more), so it stands in when the total's figure was not read. */
const CARD_PAYMENT_RE =
  /(?<![\p{L}])(?:kartenzahlung|ec[\s-]*karte|ec[\s-]*cash|kreditkarte|girocard|mastercard|visa|maestro|amex|eftpos|credit\s*card|debit\s*card|card)(?![\p{L}])/iu;
/** What paying by card costs on top ("Card Surcharge 1.5%  0.53"): a fee, not the payment. */
const CARD_FEE_RE = /(?<![\p{L}])(?:surcharge|fee|levy)(?![\p{L}])/iu;
const ROUNDING_RE = /(?<![\p{L}])(?:round\w*|rundung|pembundaran|arrondi\w*)(?![\p{L}])/iu;
/** A discount taken off the amount after it was totalled: the amount due is below it. */
const DISCOUNT_RE =
  /(?<![\p{L}])(?:discount|disc|diskaun|potongan|rabatt|nachlass|remise|descuento|sconto|korting)(?![\p{L}])/iu;

const withCents = (printed: string) => /[.,]\d{2}$/.test(printed);

/**
 * A figure as the document prints its amounts: OCR reads a point as a comma now and then
 * ("47,60" on a slip of "9.00"s), and the paper has one decimal mark.
 */
const inMark = (printed: string, mark: DecimalMark) =>
  /^\d+[.,]\d{2}$/.test(printed) ? printed.replace(/[.,]/, mark) : printed;

/**
 * An amount OCR cut at its decimal mark ("RM 47, 63", "17, 06", "RM2 . 65"): a figure, the mark
 * with a space after it (and maybe one before), and two digits that end the line or a column is
 * one amount on a till slip.
 */
const joinSplitCents = (text: string) => text.replace(/(\d) ?([.,]) (\d{2})(?=\s*$|\s{2})/gu, '$1$2$3');

/**
 * A total whose decimal mark OCR lost on a blurred photo ("Total Amt Payable:    53 95"): on a
 * line with a total label and no amount with cents, a figure, one space and two digits ending
 * the line (a tax letter after them aside) is that amount.
 */
function joinLostMark(text: string, mark: DecimalMark): string {
  const label = text.match(TOTAL_LABEL_RE);
  if (!label || label.index === undefined) return text;
  const after = text.slice(label.index);
  if (findAmounts(after, mark).some((a) => withCents(after.slice(a.start, a.end)))) return text;
  return text.replace(/(?<![\d.,])(\d{1,6}) (\d{2})(?=(?:\s+\p{L})?\s*$)/u, `$1${mark}$2`);
}

/**
 * The amount due: the largest TOTAL-labelled amount, after the last rounding or discount line
 * when a total follows one ("TOTAL RM 228.70", "DISKAUN -8.70", "JUMLAH BAYAR 220.00").
 */
export function totalCue(lines: Line[], mark: DecimalMark, order: DayOrder): Cue<number> | null {
  const candidates: (Cue<number> & { cents: boolean })[] = [];
  let adjusted = -1;
  for (const line of lines) {
    const text = joinLostMark(joinSplitCents(line.text), mark);
    const label = text.match(TOTAL_LABEL_RE);
    if (ROUNDING_RE.test(text) || DISCOUNT_RE.test(text)) adjusted = line.index;
    if (!label || label.index === undefined) continue;
    const after = text.slice(label.index);
    const amounts = findAmounts(after, mark, order);
    const labelPart = amounts.length > 0 ? after.slice(0, amounts[0]!.start) : after;
    if (NOT_TOTAL_RE.test(text.slice(0, label.index) + labelPart)) continue;
    // The last figure on the line, unless it is nothing: "Total  80.91  0.00" in a tax summary.
    let hit = amounts.filter((a) => a.value > 0).pop();
    let source = after;
    let at = line.index;
    let factor = 1;
    if (!hit) {
      // The amount printed under the label (or in a column OCR read as the next line).
      for (let j = line.index + 1; j < Math.min(lines.length, line.index + 3); j++) {
        const next = lines[j]!.text;
        if (!next.trim()) continue;
        const a = findAmounts(next, mark, order);
        if (a.length > 0 && next.replace(/[\d\s.,€$£]|eur|rm|usd/giu, '').length <= 3) {
          hit = a[a.length - 1];
          source = next;
          at = j;
          factor = 0.85;
        }
        break;
      }
    }
    if (!hit || hit.value <= 0) continue;
    const printed = inMark(
      source
        .slice(hit.start, hit.end)
        .replace(/^[-−]\s?/, '')
        .trim(),
      mark,
    );
    const cents = withCents(printed);
    const strong = /grand|due|zu\s*zahlen|endbetrag|gesamtbetrag|payer/i.test(label[0]) ? 0.1 : 0;
    // Without cents the figure is more often a misread ("509" for "5,09") than a whole amount.
    const likelihood = (cents ? 0.8 + strong : 0.25) * factor;
    candidates.push({ value: hit.value, printed, likelihood, line: at, cents });
  }
  if (candidates.length === 0) return cardPayment(lines, mark, order);
  let pool = candidates.some((c) => c.cents) ? candidates.filter((c) => c.cents) : candidates;
  if (adjusted >= 0 && pool.some((c) => c.line >= adjusted)) pool = pool.filter((c) => c.line >= adjusted);
  const best = pool.reduce((a, b) => (b.value > a.value ? b : a));
  // Agreeing figures (the total repeated on the card slip) make it surer.
  const agree = candidates.filter((c) => Math.abs(c.value - best.value) < 0.005).length;
  const likelihood = Math.min(0.95, best.likelihood + 0.05 * (agree - 1));
  const chosen = { value: best.value, printed: best.printed, likelihood, line: best.line };
  return paidAmountAgrees(lines, mark, order, chosen, candidates) ?? chosen;
}

/** The last amount with cents on a line, above zero. */
function lastAmountWithCents(text: string, mark: DecimalMark, order: DayOrder) {
  return findAmounts(text, mark, order)
    .filter((a) => a.value > 0 && withCents(text.slice(a.start, a.end)))
    .pop();
}

const CASH_RE = /(?<![\p{L}])(?:cash|tunai|bar|tendered|tender)(?![\p{L}])/iu;
const CHANGE_RE = /(?<![\p{L}])(?:change|baki|rückgeld|ruckgeld|rendu)(?![\p{L}])/iu;

/**
 * What was paid says what was due: the card payment's amount, or cash less change. When the
 * total found disagrees with it and a figure the paid amount agrees with sits on a total's line or
 * on the line beside one (a photo tilted so that a label's figure lies on the next row, or one of
 * two readings misread a digit: "21.46" beside "VISA 21.40"), that figure is the total.
 */
function paidAmountAgrees(
  lines: Line[],
  mark: DecimalMark,
  order: DayOrder,
  chosen: Cue<number>,
  candidates: Cue<number>[],
): Cue<number> | null {
  const lastAmount = (text: string) => lastAmountWithCents(text, mark, order)?.value;
  const paid = new Set<number>();
  const card = cardPayment(lines, mark, order);
  if (card) paid.add(Math.round(card.value * 100));
  // (A line that names cash without an amount is a term, not the payment: "TERMS: CASH".)
  const cash = lines.find(
    (l) =>
      CASH_RE.test(l.text) &&
      !CHANGE_RE.test(l.text) &&
      !TOTAL_LABEL_RE.test(l.text) &&
      lastAmount(l.text) !== undefined,
  );
  const change = lines.find((l) => CHANGE_RE.test(l.text) && lastAmount(l.text) !== undefined);
  const [given, back] = [cash && lastAmount(cash.text), change && lastAmount(change.text)];
  if (given !== undefined && back !== undefined && given > back) paid.add(Math.round((given - back) * 100));
  if (paid.size === 0 || paid.has(Math.round(chosen.value * 100))) return null;
  const agreeing = (value: number) => paid.has(Math.round(value * 100));
  // Surer than the figure it replaces: two figures of the slip agree on it.
  const likelihood = Math.min(0.95, chosen.likelihood + 0.1);
  const onTotal = candidates.find((c) => agreeing(c.value));
  if (onTotal) return { ...onTotal, likelihood };
  // The line after a rounding, whatever its label ("ROUNDING -0.01" / "NET AMOUNT 186.55").
  for (const rounding of lines.filter((l) => ROUNDING_RE.test(l.text))) {
    const next = lines.slice(rounding.index + 1).find((l) => l.text.trim());
    const hit = next && !CASH_RE.test(next.text) && lastAmountWithCents(next.text, mark, order);
    if (next && hit && agreeing(hit.value)) {
      return {
        value: hit.value,
        printed: inMark(next.text.slice(hit.start, hit.end).trim(), mark),
        likelihood,
        line: next.index,
      };
    }
  }
  // A figure on the line beside a total's label.
  for (const c of candidates) {
    for (const j of [c.line - 1, c.line + 1]) {
      const text = lines[j]?.text;
      if (!text || CHANGE_RE.test(text)) continue;
      const hit = lastAmountWithCents(text, mark, order);
      if (hit && agreeing(hit.value)) {
        const printed = inMark(text.slice(hit.start, hit.end).trim(), mark);
        return { value: hit.value, printed, likelihood, line: j };
      }
    }
  }
  return null;
}

/** The amount of a card payment line, the last one on the page (the card slip repeats it). */
function cardPayment(lines: Line[], mark: DecimalMark, order: DayOrder): Cue<number> | null {
  let found: Cue<number> | null = null;
  const amountIn = (text: string) => lastAmountWithCents(text, mark, order);
  for (const line of lines) {
    if (!CARD_PAYMENT_RE.test(line.text) || NOT_TOTAL_RE.test(line.text) || CARD_FEE_RE.test(line.text))
      continue;
    // On the line, or alone under it on the card slip ("Debit MasterCard" / "EUR 14,16").
    const below = lines[line.index + 1];
    const own = amountIn(line.text);
    const under =
      below && /^[\s\d.,€$£]*(?:eur|rm|usd)?[\s\d.,€$£]*$/iu.test(below.text)
        ? amountIn(below.text)
        : undefined;
    const [hit, at] = own ? [own, line] : under && below ? [under, below] : [undefined, line];
    if (!hit) continue;
    const printed = inMark(at.text.slice(hit.start, hit.end).trim(), mark);
    found = { value: hit.value, printed, likelihood: 0.45, line: at.index };
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Date

const DATE_LABEL_RE = /(?<![\p{L}])(?:date|datum|tarikh|dated|fecha|data)(?![\p{L}])/iu;
const TIME_RE = /(?<![\p{N}])\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:am|pm|uhr)?(?![\p{N}])/iu;
/** Words earlier on the line that make the date a deadline or another day (an appointment, a laundry's "Ready On", "Member since"), not the document's. */
const DEADLINE_RE =
  /(?<![\p{L}])(?:due|limite|paiement|payment|pay\s*by|zahlbar|f(?:a|ä)llig\w*|vervaldatum|expir\w*|valid\w*|g(?:u|ü)ltig|partir|appointment|temujanji|ready|siap|warranty|waranti|since|next\s*(?:service|visit)|collect(?:ion)?|pick\s*-?\s*up)(?![\p{L}])/iu;
const OTHER_DATE_RE =
  /(?<![\p{L}])(?:due|expir\w*|valid|g(?:u|ü)ltig|bis|until|birth|delivery|lieferung|ship\w*|from|to|au|tot|period)\W*$/iu;

/** Whether an ISO date's year is one a till slip prints: from 1990 to five years ahead. */
function plausibleYear(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  return year >= 1990 && year <= new Date().getUTCFullYear() + 5;
}

/** The document's date: one next to a date label or a time of day scores above a bare one; the first wins ties. */
export function dateCue(lines: Line[], order: DayOrder): Cue<string> | null {
  const found: Cue<string>[] = [];
  for (const line of lines) {
    for (const d of findDates(line.text, order)) {
      const before = line.text.slice(Math.max(0, d.start - 25), d.start);
      if (OTHER_DATE_RE.test(before) || DEADLINE_RE.test(line.text.slice(0, d.start))) continue;
      // A year no till slip prints ("20-02-2929", a digit misread): the other reading may have it.
      if (!plausibleYear(d.value)) continue;
      const printed = line.text.slice(d.start, d.end);
      const rest = line.text.slice(0, d.start) + line.text.slice(d.end);
      let score = 0.4;
      if (DATE_LABEL_RE.test(rest)) score += 0.15;
      if (TIME_RE.test(rest)) score += 0.15;
      found.push({
        value: d.value,
        printed: printedOrIso(printed, d.value),
        likelihood: score * d.confidence,
        line: line.index,
      });
    }
  }
  if (found.length === 0) return labelledMisreadDate(lines, order) ?? misreadDate(lines);
  let best: Cue<string> | null = null;
  for (const c of found) {
    // A date the document repeats (page headers, the card slip) is surer.
    const repeats = found.filter((o) => o.value === c.value).length - 1;
    const likelihood = c.likelihood + 0.05 * Math.min(3, repeats);
    if (!best || likelihood > best.likelihood + 1e-9) best = { ...c, likelihood };
  }
  // The slip's own date misread above, where a card slip stapled below prints the same day in
  // another form ("Date: 17-97-2017" / "DATE: JUL 17, 2017"): the first printing, as printed there.
  const above = best && labelledMisreadDate(lines.slice(0, best.line), order);
  if (best && above && above.value === best.value) return { ...above, likelihood: best.likelihood };
  // The same day printed again lower down, where a card slip is stapled ("05/09/2017 19:22" at
  // the head, "DATE: 05/09/17" on the slip): the slip's own, first printing is the one to give.
  const first = best && found.find((o) => o.value === best.value);
  if (best && first && first.line < best.line) return { ...first, likelihood: best.likelihood };
  return best;
}

/** A digit of a day or month, or a letter OCR reads for one on faded print ("17/0s/2018"). */
const DATE_GLYPH = '[\\dOoDQlIi|SsBZz]';
/**
 * A date after its label with a glyph OCR added, a tens digit or a letter misread, or one
 * separator read as a colon: "02/01V/2018", "28-92-18", "17/0s/2018", "05:03/2019".
 */
const LABELLED_MISREAD_RE = new RegExp(
  `(?<![\\p{N}\\p{L}])(${DATE_GLYPH}{2})([-/.:])(${DATE_GLYPH}{2})\\p{L}?([-/.:])(\\d{4}|\\d{2})(?![\\p{N}])`,
  'u',
);
const DIGIT_FOR: Record<string, string> = {
  O: '0',
  o: '0',
  D: '0',
  Q: '0',
  l: '1',
  I: '1',
  i: '1',
  '|': '1',
  S: '5',
  s: '5',
  B: '8',
  Z: '2',
  z: '2',
};
/** A day's or month's two glyphs as digits; undefined unless one of them was read as a digit. */
const dateDigits = (glyphs: string) =>
  /\d/.test(glyphs) ? glyphs.replace(/\D/g, (c) => DIGIT_FOR[c] ?? c) : undefined;

/** A day's or a month's tens digit read as 9, 8 or 6 on faded print ("92" for 02): the 0 it stands for, where that makes it one. */
function tensRepaired(part: string, max: number): string | undefined {
  const n = Number(part);
  if (n >= 1 && n <= max) return part;
  if (!'986'.includes(part[0]!)) return undefined;
  const zero = `0${part[1]}`;
  return Number(zero) >= 1 ? zero : undefined;
}

/**
 * The date after a date label that no date reads in, on a slip where none was found: one glyph
 * too many before its year ("Date: 02/01V/2018"), a tens digit read as 9, 8 or 6 ("DATE:
 * 28-92-18"), or a letter read for a digit ("Date : 17/0s/2018"). Given as printed, a guess.
 */
function labelledMisreadDate(lines: Line[], order: DayOrder): Cue<string> | null {
  for (const line of lines) {
    const label = line.text.match(DATE_LABEL_RE);
    if (!label || label.index === undefined) continue;
    const after = line.text.slice(label.index + label[0].length, label.index + label[0].length + 24);
    const m = after.match(LABELLED_MISREAD_RE);
    // The two separators alike, or one of them a colon OCR read for the other.
    if (!m || (m[2] !== m[4] && m[2] !== ':' && m[4] !== ':') || (m[2] === ':' && m[4] === ':')) continue;
    const mark = m[2] === ':' ? m[4]! : m[2]!;
    const [dayDigits, monthDigits] = [dateDigits(m[1]!), dateDigits(m[3]!)];
    if (!dayDigits || !monthDigits) continue;
    const [day, month] = [tensRepaired(dayDigits, 31), tensRepaired(monthDigits, 12)];
    if (!day || !month) continue;
    const printed = `${day}${mark}${month}${mark}${m[5]}`;
    const hit = findDates(printed, order)[0];
    if (!hit || hit.end - hit.start !== printed.length || !plausibleYear(hit.value)) continue;
    return { value: hit.value, printed, likelihood: 0.2, line: line.index };
  }
  return null;
}

/**
 * A receipt's timestamp whose date separators OCR misread ("02 :03:20  15:59", "30.04 20  09:58"):
 * day, month and a two- or four-digit year, then a time of day on the same line, whose colon
 * may be lost too ("02: 03 :20    959" for 9:59). Only when the page holds no date at all, and
 * weakly.
 */
const MISREAD_DATE_RE =
  /(?<![\p{N}:.])(\d{2})\s?[.:,]\s?(\d{2})\s?[.:, ]\s?(\d{4}|\d{2})(?![\p{N}])(?=\s+(?:\d{2}\s?:\s?\d{2}|[0-2]?\d[0-5]\d)(?![\p{N}]))/u;

function misreadDate(lines: Line[]): Cue<string> | null {
  for (const line of lines) {
    const m = line.text.match(MISREAD_DATE_RE);
    if (!m || m.index === undefined) continue;
    const [day, month, year] = [Number(m[1]), Number(m[2]), m[3]!];
    if (day < 1 || day > 31 || month < 1 || month > 12) continue;
    const full = year.length === 2 ? 2000 + Number(year) : Number(year);
    const iso = `${full}-${m[2]}-${m[1]}`;
    if (findDates(`${m[1]}.${m[2]}.${full}`).length === 0) continue;
    return { value: iso, printed: `${m[1]}.${m[2]}.${year}`, likelihood: 0.2, line: line.index };
  }
  return null;
}
