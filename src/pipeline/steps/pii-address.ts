// Street addresses: a house number and a street name with a street-type word ("1668 Glyn
// St", "14 Crown Street"), or a street name whose ending says street in its language and
// a number after it ("Søndergade 52", "Brucker Bundesstrasse 31"); then, if present, a
// unit ("Suite 245", "Apt. 004") and a city/state/ZIP line. Military addresses (PSC/Unit,
// Box, APO/FPO/DPO) have their own fixed shape.
import type { PiiSpan } from './pii-patterns.ts';

const SUFFIX =
  'Street|Streets|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Squares|Sq|Parkway|Pkwy|Way|Terrace|Ter|Highway|Hwy|Circle|Cir|Trail|Trl|Crescent|Cres|Close|Row|Alley|Plaza|Park|Parks|Gardens|Grove|Hill|Hills|Forge|Forges|Mews|Walk|Quay|Wharf|Green|Crossing|Loop|Pike|Rue|Via|Calle|Avenida';
// Endings of street names in Germanic, Nordic and other languages: "-strasse", "-gade", "-tie".
const STREET_ENDING =
  '(?:stra(?:ss|ß)e|str\\.|weg|gasse|platz|allee|gade|gata|gatan|vej|veien|vegen|katu|tie|utca|ulica|straat|laan|plein|kade|dreef|gracht|rue|vei)';
const WORD = "[\\p{L}\\p{M}][\\p{L}\\p{M}'’.-]*";
const UNIT = String.raw`(?:,?\s*(?:Suite|Ste\.?|Apt\.?|Apartment|Unit|Flat|Floor|Fl\.?|Room|#)\s*[\w-]{1,6})`;
// ", Springfield, IL 62704" or "\nKNIVSTA, nan 18237": a short place line ending in a postcode.
const CITY_LINE = String.raw`(?:[,\n]\s*[\p{L}\p{M}][\p{L}\p{M} .'’-]{1,40}(?:,\s*[\p{L}\p{M} ]{2,30})?\s+\d{4,6}(?:-\d{4})?)`;

const NUMBER_FIRST = new RegExp(
  String.raw`(?<![\w-])\d{1,6}[A-Za-z]?(?:\s+${WORD}){1,4}?\s+(?:${SUFFIX})\.?(?![\p{L}])${UNIT}?${CITY_LINE}?`,
  'giu',
);
const NAME_FIRST = new RegExp(
  String.raw`(?<![\p{L}])(?:\p{Lu}[\p{L}\p{M}'’.-]*\s+){0,2}[\p{L}\p{M}]+${STREET_ENDING}\s+\d{1,5}[A-Za-z]?(?![\w])${UNIT}?${CITY_LINE}?`,
  'giu',
);
// "Rua Cyro Franco 1213", "Via dei Fiorentini 17", "ul. Chrzanowska 61": the street word first.
const STREET_FIRST = new RegExp(
  String.raw`(?<![\p{L}])(?:Rua|Via|Viale|Avenida|Avda\.|Avenue|Av\.|Calle|Carrer|Paseo|Plaza|Rue|Boulevard|Bd\.|ul\.|al\.|Piazza|Corso|Largo|Travessa|Strada|Trg|Ulica|Plac)\s+(?:${WORD}\s+){1,4}\d{1,5}[A-Za-z]?(?![\w])${UNIT}?${CITY_LINE}?`,
  'gu',
);
// Postal-style blocks "20789 Allika 46", "808 Kálmán Imre u. 12.": a number, one to four
// capitalised words, a number, then a line break, a unit or a comma. The break or unit
// after it is what tells it from "2019 Annual Report 3" in running text.
const NUMBER_NAME_NUMBER = new RegExp(
  String.raw`(?<![\w-])\d{1,6}\s+(?:\p{Lu}[\p{L}\p{M}'’-]*\.?\s+|[\p{Ll}]{1,3}\.\s+){1,4}\d{1,5}[A-Za-z]?\.?(?=\s*(?:\n|$|,|${UNIT}))${UNIT}?`,
  'gu',
);
const MILITARY =
  /(?<![\w])(?:PSC|Unit|USNS|USS|USCGC)\s+\w+(?:,\s*|\s+)Box\s+\d{1,5}\s*(?:\n|,)?\s*(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}/gi;

export function findAddresses(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const push = (start: number, value: string, score: number) => {
    // A full stop after a long word ends the sentence; after "St" or "u" it abbreviates.
    const trimmed = value.replace(/[\s,]+$/, '').replace(/(\p{L}{4,})\.$/u, '$1');
    out.push({ type: 'ADDRESS', start, end: withFollowingLines(text, start + trimmed.length), score });
  };
  for (const m of text.matchAll(NUMBER_FIRST)) {
    const street = m[0];
    // "10 of them went" has no street word; the suffix list is what makes this an address,
    // so a lower-case "st" or "way" needs a capitalised street name before it.
    const suffix = /(\S+)\.?(?:\s|$)/.exec(
      street
        .replace(/^\d+\S*\s+/, '')
        .split(/[,\n]/)[0]!
        .trim()
        .split(/\s+/)
        .slice(-1)[0] ?? '',
    );
    if (suffix?.[1] && suffix[1] === suffix[1].toLowerCase() && !/\p{Lu}/u.test(street)) continue;
    push(m.index, street, m[0].length > 20 ? 0.85 : 0.75);
  }
  for (const m of text.matchAll(NAME_FIRST)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(STREET_FIRST)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(NUMBER_NAME_NUMBER)) push(m.index, m[0], 0.7);
  for (const m of text.matchAll(MILITARY)) push(m.index, m[0], 0.85);
  return out;
}

// The lines after a street that still belong to it: a unit, a city, a country or state
// with its postcode. They are taken only up to a line that ends in a postcode within the
// next four lines, so a street followed by unrelated lines keeps just the street.
const UNIT_LINE = new RegExp(String.raw`^\s*${UNIT.slice(3, -1)}\s*$`, 'iu');
const PLACE_LINE = /^[\s,]*[\p{L}\p{M}][\p{L}\p{M} .'’()-]{0,40}(?:,\s*[\p{L}\p{M} ]{1,30})?[\s,]*$/u;
const POSTCODE_LINE = /^[\s,]*(?:[\p{L}\p{M}][\p{L}\p{M} .'’()-]{0,40}[\s,]+)?\d{4,6}(?:-\d{4})?\s*$/u;

function withFollowingLines(text: string, end: number): number {
  let at = end;
  let best = end;
  for (let i = 0; i < 5; i++) {
    if (text[at] !== '\n' && !(i === 0 && text[at] === ',')) break;
    const next = text.indexOf('\n', at + 1);
    const lineEnd = next < 0 ? text.length : next;
    const line = text.slice(at + 1, lineEnd).replace(/[?.!]+$/, '');
    if (line.trim() === '') {
      at = lineEnd;
      continue;
    }
    if (line.includes(':')) break;
    if (POSTCODE_LINE.test(line)) {
      best = at + 1 + line.replace(/\s+$/, '').length;
      break;
    }
    if (!UNIT_LINE.test(line) && !PLACE_LINE.test(line)) break;
    at = lineEnd;
  }
  return best;
}
