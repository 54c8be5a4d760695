// Street addresses: a house number and a street name with a street-type word ("1668 Glyn
// St", "14 Crown Street"), or a street name whose ending says street in its language and
// a number after it ("Søndergade 52", "Brucker Bundesstrasse 31"); then, if present, a
// unit ("Suite 245", "Apt. 004") and a city/state/ZIP line. Military addresses (PSC/Unit,
// Box, APO/FPO/DPO) have their own fixed shape.

import { isEnglishWord, isHumanName } from './lexicon.ts';
import { GIVEN_NAMES } from './pii-given-names.ts';
import { caseless, MONTHS, type PiiSpan } from './pii-patterns.ts';
import { isCity, isCountry, isRegion } from './pii-places.ts';

// The street suffixes of USPS Publication 28 (appendix C1) that are not just common words,
// with the usual abbreviations, and the British and Australian ones.
const SUFFIX = [
  'Street|Streets|St|Avenue|Ave|Av|Road|Roads|Rd|Boulevard|Blvd|Lane|Ln|Drive|Drives|Dr|Court|Courts|Ct',
  'Place|Pl|Square|Squares|Sq|Parkway|Parkways|Pkwy|Way|Ways|Terrace|Ter|Highway|Hwy|Circle|Circles|Cir',
  'Trail|Trl|Crescent|Cres|Close|Row|Alley|Plaza|Park|Parks|Gardens|Garden|Grove|Groves|Hill|Hills',
  'Forge|Forges|Mews|Walk|Walks|Quay|Wharf|Green|Greens|Crossing|Crossroad|Loop|Pike|Turnpike|Expressway',
  'Freeway|Motorway|Causeway|Bypass|Skyway|Throughway|Trafficway|Stravenue|Underpass|Overpass|Viaduct',
  'Junction|Junctions|Lodge|Manor|Manors|Meadow|Meadows|Orchard|Ranch|Ridge|Ridges|Summit|Terrace|Trace',
  'Estate|Estates|Heights|Hollow|Knoll|Knolls|Landing|Glen|Glens|Dale|Vale|Valley|Valleys|Vista|Villa',
  'Village|Villages|Ville|View|Views|Canyon|Creek|Cove|Coves|Brook|Brooks|Harbor|Harbour|Haven|Inlet',
  'Island|Islands|Isle|Shore|Shores|Spring|Springs|Fork|Forks|Ford|Fords|Falls|Ferry|Point',
  'Field|Fields|Station|Port|Camp|Flat|Flats|Curve|Divide|Spur|Spurs|Plain|Plains|Prairie|Rapids|Shoal|Shoals|Stream|Mill|Mills|Mount|Mountain|Mountains|Burg|Burgs|Cape',
  'Cliff|Cliffs|Corner|Corners|Crest',
  // The rest of USPS's list, as Faker writes street names ("Christopher Lakes", "Love Mission").
  'Lake|Lakes|Mission|Center|Centers|Common|Commons|Branch|Bridge|Harbors|Key|Keys|Light|Lights|Lock|Locks',
  'Mall|Neck|Pass|Path|Pine|Points|Ports|Rapid|River|Route|Run|Track|Union|Unions|Extension|Extensions',
  'Course|Club|Dam|Land|Loaf|Radial|Ramp|Rest|Wall|Well|Fall|Squares|Trails|Tracks',
  // India's: "Gandhi Nagar", "MG Marg", "Defence Colony".
  'Nagar|Marg|Colony|Enclave|Layout|Vihar|Puram|Chowk',
  'Forest|Gateway|Pines|Tunnel|Wells',
  'Oval|Parade|Esplanade|Promenade|Gardens|Rue|Via|Calle|Avenida',
].join('|');
// Endings of street names in Germanic, Nordic and other languages: "-strasse", "-gade", "-tie".
// OCR reads ß as B, lR or fB ("BergstraBe", "GoethestralRe").
const STREET_ENDING =
  '(?:stra(?:ss|ß|B|lR|fB|fl|li)e|str\\.|weg|gasse|platz|allee|graben|damm|ufer|chaussee|zeile|steig|gade|gata|gatan|vej|veien|vegen|vägen|torv|torget|stræde|gränd|plads|katu|tie|utca|ulica|straat|laan|plein|kade|dreef|gracht|(?<![Bb]ahn)hof|singel|rue|vei)';
const WORD = "[\\p{L}\\p{M}][\\p{L}\\p{M}'’.-]*";
// Units after the number: English, and the staircase, door and box of other languages
// ("Scala A, Int. 9", "Esc. 2, Piso 3", "Stiege 2/Top 14", "bte 7").
const UNIT_WORDS = String.raw`(?:Suite|Ste\.?|Apt\.?|Apartment|Unit|Flat|Studio|Floor|Fl\.?|Room|#|Scala|Sc\.|Int\.?|Interno|lgh|Piano|Esc\.?|Escalera|Piso|Puerta|Pta\.?|Stiege|Top|Tür|Etage|[ÉE]tage|bte|bo[iî]te|bus|B[âa]t\.?|apt\.?)`;
// … and a floor written as its number: German "2. OG", Spanish "3º B", Danish "2. th.", Portuguese "3.º Esq.".
const UNIT = String.raw`(?:,?\s*${UNIT_WORDS}\s*[\w-]{1,8}|,[ \t]*\d{1,2}(?:\.[ \t]*(?:OG|UG|EG|Stock|Etage|th|tv|mf|sal)\.?|\.?[º°ª](?:[ \t]*(?:[A-Z]|\d{1,2}[º°ª]|(?:Esq|Dto|Dt|Frt|izda|izq|dcha|der|Izda|Dcha)\.?)(?![\p{L}\d]))?)(?![\p{L}\d]))`;
// ", Springfield, IL 62704" or "\nKNIVSTA, nan 18237": a short place line ending in a postcode.
// Postcodes: four to six digits (ZIP+4 too), British "NW1 6XE", Canadian "K1A 0B1".
const POSTCODE = String.raw`(?:\d{4,6}(?:-\d{4})?|(?:[A-Z]{1,2}|0[A-Z])\d[A-Z\d]?[ ]?\d[A-Z]{2}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)(?![\p{L}\d])`;
// An Irish Eircode: "P31 X2Y7", "T23 X70A".
const EIRCODE = String.raw`[A-Z]\d[\dW][ ]?[A-Z\d]{4}`;
// A US state after the town, without a ZIP code: ", Chicago, IL", ", San Diego, California".
const US_STATE = `(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming)`;
const CITY_LINE = String.raw`(?:[,\n]\s*[\p{L}\p{M}][\p{L}\p{M} .'’-]{1,40}(?:,\s*[\p{L}\p{M} ]{2,30})?\s+${POSTCODE}|[,\n]\s*\p{Lu}[\p{L}\p{M}]+(?:[ \t]\p{Lu}[\p{L}\p{M}]+)?[ \t]*[-–][ \t]*\d{6}(?!\d)|,[ \t]*\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*){0,2},[ \t]*${US_STATE}(?![\p{L}]))`;

// A street's quarter after its type: "Pennsylvania Avenue NW", "King St W".
const DIRECTION = String.raw`(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?(?![\p{L}-]))`;
// A unit written before the street: "Suite 200, 1600 Amphitheatre Parkway".
const UNIT_BEFORE = String.raw`(?:(?:Suite|Ste\.?|Apt\.?|Apartment|Unit|Flat|Studio|Room|Level|Floor|#)[ \t]*[\w-]{1,6}[,.]?[ \t]+)`;
// An optional first number is a building or unit number before the house number ("17151 2450 Crown St");
// a number after the street type is Singapore's street number ("Blk 412 Ang Mo Kio Ave 10").
const NUMBER_FIRST = new RegExp(
  String.raw`(?<![\w-])(?<!\d[.,])${UNIT_BEFORE}?(?:(?:Blk|Block)\.?[ \t]+|(?:(?:Flat|House|Plot|Door|Shop)[ \t]+)?(?:No|Nr)\.?[ \t]?)?(?:(?<=(?:^|\n|:)[ \t]*)\d{1,6}[ \t]+-[ \t]+|\d{1,6}[ \t]+)?\d{1,6}[A-Za-z]?(?:\/\d{1,4}|-\d{1,5}(?=[ \t]+\p{Lu}))?,?(?:[ \t]+(?:${WORD}|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH)\.?)){1,4}[ \t]+(?:${SUFFIX})\.?(?![\p{L}])${DIRECTION}?(?:[ \t]+\d{1,3}[A-Za-z]?(?=[ \t]*(?:[\n,#]|$)))?${UNIT}?${CITY_LINE}?`,
  'giu',
);
// Western Canada's numbered streets, a suite's number and a dash before the house's: "6623 112 Street
// NW", "1800 - 10303 108 Avenue NW".
const NUMBERED_STREET = new RegExp(
  String.raw`(?<![\w-])(?:\d{1,6}[ \t]+-[ \t]+)?\d{1,6}[ \t]+\d{1,3}(?:st|nd|rd|th)?[ \t]+(?:Street|St|Avenue|Ave)\.?${DIRECTION}?${UNIT}?${CITY_LINE}?`,
  'gu',
);
// (The words before the street's are its own, a space or two apart: past a column's gap they
// are a name or a label beside it, "Frau Jana Petrović      Objekt      Gutenbergstr. 41".)
const NAME_FIRST = new RegExp(
  String.raw`(?<![\p{L}\d])(?:\d{1,6}[ \t]+)?(?:\p{Lu}[\p{L}\p{M}'’.-]*[ \t]{1,2}){0,2}[\p{L}\p{M}]+(?:${STREET_ENDING}|(?:-[\p{L}\p{M}]+)*-(?:Strasse|Straße|Stra(?:B|lR|fB|fl|li)e|Weg|Gasse|Platz|Allee))[ \t]+\d{1,5}(?:bis|ter|[A-Za-z])?(?:[-/]\d{1,4}[A-Za-z]?){0,2}(?:-[IVX]{1,4}(?![\p{L}]))?(?:[ \t](?:bis|ter|[A-Z])(?![\p{L}\d]))?(?![\w])${UNIT}?${CITY_LINE}?`,
  'gu',
);
// The street word first, as Portuguese, Spanish, Italian, French and Polish addresses write it, and
// in capitals as a form or a fine prints it ("VIALE DELLA REPUBBLICA 22/B").
const STREET_WORDS_FIRST_LIST = String.raw`Rua|Via|Viale|Avenida|Avda\.|Avenue|Av\.|Calle|C\/|Carrer|Paseo|Plaza|Camino|Callejón|Carretera|Ronda|Travesía|Pasaje|Glorieta|Avinguda|Passeig|Alameda|Estrada|Praça|Rue|Boulevard|Bd\.|Chemin|Ch\.|Route|Rte\.|Impasse|Allée|Quai|Place|Passage|Sentier|Cours|ul\.|al\.|pl\.|os\.|Piazza|Corso|Largo|Borgo|Contrada|Vicolo|Travessa|Strada|Trg|Ulica|Plac`;
// (Not in capitals the words English sentences hold, "SHIPPED VIA UPS 2 DAYS", but "VIA" opening a
// line or after a colon or "in": "residente in VIA MONTEBELLO 44/B".)
const STREET_WORDS_FIRST = `${STREET_WORDS_FIRST_LIST}|(?<=^|\\n[ \\t]*|:[ \\t]*|\\bin[ \\t]+)VIA|RUA|VIALE|AVENIDA|AVDA\\.|AV\\.|CALLE|CARRER|PASEO|PLAZA|CAMINO|CALLEJÓN|CARRETERA|TRAVESÍA|PASAJE|GLORIETA|AVINGUDA|PASSEIG|ALAMEDA|ESTRADA|PRAÇA|RUE|CHEMIN|IMPASSE|ALLÉE|QUAI|PIAZZA|CORSO|VICOLO|TRAVESSA|STRADA|ULICA|UL\\.`;
// "Rua Cyro Franco 1213", "Via dei Fiorentini 17", "ul. Chrzanowska 61": the street word first.
const STREET_FIRST = new RegExp(
  String.raw`(?<![\p{L}\d])(?:\d{1,6}[ \t]+){0,2}(?:${STREET_WORDS_FIRST})\s+(?:${WORD}\s+){0,3}${WORD},?\s+\d{1,5}[A-Za-z]?(?:\/(?:\d{1,4}[A-Za-z]?|[A-Z]))?(?![\w])${UNIT}?${CITY_LINE}?`,
  'gu',
);
// The same in lower case, as French and Swiss addresses write the street word: "chemin de la Paix 95",
// "avenue de Dubois 89". (A capitalised name must follow: "place on 24 May" is none.)
const LOWER_STREET_FIRST = new RegExp(
  String.raw`(?<![\p{L}\d])(?:rue|avenue|chemin|boulevard|impasse|allée|quai|place|route|calle|camino|rua|avenida|travessa)[ \t]+(?:(?:de la|de l['’]|de|du|des|d['’]|la|le|les|do|da|dos|das|del)[ \t]*)?\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+(?:(?:de la|de|du|des|la|le|les|et|do|da|dos|das|del)[ \t]+)?\p{Lu}[\p{L}\p{M}'’-]*){0,3},?[ \t]+\d{1,4}(?:[ \t]?(?:bis|ter))?(?![\w])${UNIT}?${CITY_LINE}?`,
  'gu',
);
// Malaysian and Indonesian streets, the street word first after the number: "27 Jalan Bukit
// Bintang", "NO. 5, JALAN SS 2/24", "Lot 12, Lorong Haji Taib 3".
const MALAY_STREET = new RegExp(
  String.raw`(?<![\p{L}\d])(?:${caseless('(?:No|Lot)')}\.?[ \t]*)?[A-Z]?-?\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?,?[ \t]+${caseless(String.raw`(?:Jalan|Jln\.?|Lorong|Lrg\.?|Persiaran|Lebuh|Lebuhraya|Lengkok|Solok|Lintang|Gang)`)}[ \t]+[\p{Lu}\d][\p{L}\p{M}\d/'’.-]*(?:[ \t]+[\p{Lu}\d][\p{L}\p{M}\d/'’.-]*){0,3}`,
  'gu',
);
// The street word apart: "Mariahilfer Straße 88/14", "Alte Gasse 3", "Am Rosengarten" aside; OCR
// splits a word too ("Hegibach strasse 45").
const STREET_WORD_APART = new RegExp(
  String.raw`(?<![\p{L}\d])(?:\p{Lu}[\p{L}\p{M}'’.-]*[ \t]{1,2}){1,2}(?:[Ss]tra(?:ss|ß|B|lR|fB|fl)e|Str\.|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer|Gracht|Straat|Laan|Kade|Plein|Singel|Dreef)[ \t]+\d{1,5}(?:[ \t]?[A-Za-z](?![\p{L}]))?(?:\/\d{1,4}){0,2}(?![\w])${UNIT}?${CITY_LINE}?`,
  'gu',
);
// A flat's number, its building, then the street, as Indian and Singaporean addresses run:
// "233, Sea Breeze Apartments, Carter Road", "B-12, Shanti Niwas, MG Road".
const BUILDING_THEN_STREET = new RegExp(
  String.raw`(?<![\w-])(?:[A-Z]-?)?\d{1,5}[A-Za-z]?(?:[/-]\d{1,4})?,[ \t]+(?:${WORD}[ \t]+){0,3}(?:Apartments?|Apts?\.?|Residency|Residences?|Towers?|Heights|Enclave|Complex|Building|Bldg\.?|Mansion|Society|CHS|Chambers|Villas?|Niwas|Nivas|Bhavan|Sadan|Nagar|Colony)\.?,[ \t]+(?:${WORD}[ \t]+){0,3}(?:${SUFFIX})\.?(?![\p{L}])`,
  'gu',
);
// A flat and a street with no house number: "Apartment 12, Seaview Court", "Flat 3. Glenageary Park".
const UNIT_THEN_STREET = new RegExp(
  String.raw`(?<![\p{L}\d])(?:Apartment|Apt\.?|Flat|Studio|Unit|Suite)[ \t]*\d{1,5}[A-Za-z]?(?:[.,][ \t]+|[ \t]*\n[ \t]*)(?:\p{Lu}[\p{L}\p{M}'’.-]*[ \t]+){1,3}(?:${SUFFIX})\.?(?![\p{L}])`,
  'gu',
);
// German streets named with a preposition: "Am Seestern 57", "An der Alster 12", "Im Tal 3".
const GERMAN_PREPOSITION_STREET =
  /(?<![\p{L}\d])(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Zum|Zur|Unter den|Hinter dem|Vor dem)[ \t]+(?!(?:Jahr|Jahre|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Ende|Anfang|Tag|Monat|Rahmen|Auftrag|Namen|Fall)\b)\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]+)?[ \t]+\d{1,3}[a-z]?(?![\w.,]\d)(?![\w])/gu;
// The French order: "12 rue des Tanneurs", "5 allée des Peupliers", "27 bis boulevard Carnot":
// a number, a street word in lower case, then its name in capitalised words and particles.
const FRENCH_STREET_WORD = caseless(
  String.raw`(?:rue|allée|allee|avenue|av\.|boulevard|bd|chemin|impasse|place|quai|cours|route|square|passage|voie|faubourg|sentier|promenade)`,
);
const FRENCH_NUMBER_FIRST = new RegExp(
  String.raw`(?<![\w-])\d{1,4}(?:[ \t]?${caseless('(?:bis|ter)')})?[,.]?[ \t]+${FRENCH_STREET_WORD}[ \t]*\n?[ \t]*(?:${caseless("(?:de la|de l['’]|de|du|des|la|le|les|aux|au|d['’]|l['’])")}[ \t]*)?\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+(?:${caseless('(?:de la|de|du|des|la|le|les|et|aux)')}[ \t]+)?\p{Lu}(?:\.(?=[ \t]+\p{Lu})|[\p{L}\p{M}'’-]*)){0,3}(?:${UNIT}){0,2}${CITY_LINE}?`,
  'gu',
);
// Postal-style blocks "20789 Allika 46", "808 Kálmán Imre u. 12.": a number, one to four
// capitalised words, a number, then a line break, a unit or a comma. The break or unit
// after it is what tells it from "2019 Annual Report 3" in running text. (Not across a table's
// column gaps: "716   Tarifário Ilimitado   14".)
const NUMBER_NAME_NUMBER = new RegExp(
  String.raw`(?<![\w-])\d{1,6}[ \t]{1,2}(?:\p{Lu}[\p{L}\p{M}'’-]*\.?[ \t]{1,2}|[\p{Ll}]{1,3}\.[ \t]{1,2}){1,4}\d{1,5}[A-Za-z]?\.?(?=\s*(?:\n|$|,|${UNIT}))${UNIT}?`,
  'gu',
);
// "near Meadow Boulevard, Tampa", "on 5th Lane, Chicago": a street without its number, named
// by where something is, with its town after it.
const STREET_NEAR = new RegExp(
  String.raw`\b(?:near|along|off|at the corner of)[ \t]+((?:\p{Lu}[\p{L}\p{M}'’.-]*|\d{1,3}(?:st|nd|rd|th))(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*){0,2}[ \t]+(?:${SUFFIX})\.?${DIRECTION}?,[ \t]*\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]+){0,2}(?:,[ \t]*(?:[A-Z]{2}|\p{Lu}\p{Ll}+)(?:[ \t]+${POSTCODE})?)?)`,
  'gu',
);
// "Damrak 158, 3511 AB Utrecht", "Keizersgracht 347, 1016 DV Amsterdam": a street whose name
// has no known ending, its number, then a postcode and a town.
const STREET_BEFORE_POSTCODE =
  /(?<![\p{L}\d])\d{1,5}[A-Za-z]?(?:\/\d{1,4}[A-Za-z]?)?(?:,|[ \t]+[-–·|])[ \t]*(?:[A-Z]{1,2}-)?(?:\d{4,5}|\d{3} \d{2})(?:[ \t]?[A-Z][A-Za-z])?,?[ \t]+\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]+\([A-Z]{2}\))?/gu;
/** The street's name before its number: one to four capitalised words ("Keizersgracht ", "Via Matteo Mancini "). */
const STREET_NAME_BEHIND =
  /(?<![\p{L}\d])(?:\p{Lu}[\p{L}\p{M}'’.-]*[ \t]+){0,3}\p{Lu}[\p{L}\p{M}'’.-]+[ \t]+$/u;
const MILITARY =
  /(?<![\w])(?:(?:PSC|Unit)\s+\w+(?:,\s*|\s+)Box\s+\d{1,5}|(?:USNS|USNV|USS|USCGC)\s+[\p{L}\p{M}'’-]+)\s*(?:\n|,)?\s*(?:APO|FPO|DPO)\s+A[AEP]\s+\d{5}/giu;
// "P.O. Box 287", "Postbox 21": a post-office box, with its unit and place if they follow.
const PO_BOX = new RegExp(
  String.raw`(?<![\w])(?:\d{1,6}[ \t]+)?(?:P\.?\s?O\.?\s?Box|GPO Box|L[o0]cked Bag|Post(?:office )?box|Postfach|Apartado(?: de Correos)?|Case postale|Casella postale|Posbus|Postbus|Postboks|Private Bag|Privaatsak|Caixa Postal|Casilla|(?<=,[ \t]*|^|\n)Box(?=[ \t]+\d{3,6}(?:,|[ \t]*(?:\n|$))))\s+(?:[A-Z]{1,3}[ \t]+)?\d{1,6}(?:[ ]\d{2,3}){0,2}(?![\d])${UNIT}?${CITY_LINE}?`,
  'giu',
);
// After a cue that announces an address ("Address:", "ship to", "lives at"), what follows up to
// the end of the sentence is the address, as far as it goes on in numbers and names: trailing
// lower-case words ("after the concert") are not part of it.
const ADDRESS_CUE =
  /(?:\b(?:address(?:es)?|anschrift|adresse|indirizzo|direcci[oó]n)\b(?:\s+(?:is|with|of))?\s*[:-]?|\b(?:ship|send|sent|deliver|delivered|mail|post|return|forward)(?:\s+(?:it|this|them|a new one|the \w+))?\s+to|\b(?:lives?|living|located|resides?)\s+(?:at|on|in)|\boffice is (?:at|on|in))\s+/giu;

const LEADING_WORDS =
  /^(?:(?:i|to|at|in|on|of|is|by|from|the|and|my|our|your|his|her|their|live|lives|living|mail|package|file|address|send|ship|deliver)[ \t]+)+(?=\S)/i;

/**
 * `capitalsAdded`: the text was typed in lower case and its words capitalised for reading
 * (see detectPii), so a capital does not mark a name.
 */
export function findAddresses(text: string, capitalsAdded = false): PiiSpan[] {
  const found = addressesIn(text, capitalsAdded);
  // Two address windows side by side ("DELIVER TO:" beside "INVOICE TO:", a QR-bill's receipt
  // beside its payment part): each column is read again as the lines it holds.
  const columns = columnTexts(text);
  if (columns.length === 0) return found;
  const more = columns.flatMap((c) => addressesIn(c.text, capitalsAdded).flatMap((s) => c.onPage(s)));
  return joined([...found, ...more]);
}

/** A column's lines as a text of their own, and a span found in it as the spans it is on the page. */
interface ColumnText {
  text: string;
  onPage: (span: PiiSpan) => PiiSpan[];
}

/** A line's parts between column gaps: runs of words a space or two apart. */
export const LINE_PART = /\S+(?:[ \t]{1,2}\S+)*/g;

/**
 * The columns of each block of lines (lines between blank ones) where two lines at least have a
 * part right of their first: the block's left parts as one text, its right parts as another.
 */
function columnTexts(text: string): ColumnText[] {
  if (!COLUMN_GAP.test(text)) return [];
  const out: ColumnText[] = [];
  type Part = { start: number; end: number; column: number };
  let block: Part[][] = [];
  const flush = () => {
    const starts = block.flatMap((parts) => parts.slice(1).map((p) => p.column));
    // The right column starts where the leftmost of the lines' later parts does (OCR's spacing
    // moves a column's lines a few characters either way).
    if (starts.length >= 2) {
      // (A loop, not Math.min(...starts): a block of a huge text has more parts than a call has arguments.)
      const edge = starts.reduce((a, b) => Math.min(a, b));
      const left = block.map((parts) => parts.filter((p) => p.column < edge));
      const right = block.map((parts) => parts.filter((p) => p.column >= edge));
      for (const side of [left, right]) out.push(columnText(text, side));
    }
    block = [];
  };
  let at = 0;
  for (const line of text.split('\n')) {
    const parts = [...line.matchAll(LINE_PART)].map((m) => ({
      start: at + m.index,
      end: at + m.index + m[0].length,
      column: m.index,
    }));
    at += line.length + 1;
    if (parts.length === 0) flush();
    else block.push(parts);
  }
  flush();
  return out;
}

/** One column's parts, a line each, as a text whose spans map back onto the page. */
function columnText(page: string, lines: { start: number; end: number }[][]): ColumnText {
  const pieces: { at: number; start: number; length: number }[] = [];
  let text = '';
  for (const parts of lines) {
    if (parts.length === 0) continue;
    const start = parts[0]!.start;
    const piece = page.slice(start, parts.at(-1)!.end);
    if (text) text += '\n';
    pieces.push({ at: text.length, start, length: piece.length });
    text += piece;
  }
  const onPage = (span: PiiSpan): PiiSpan[] =>
    pieces.flatMap((p) => {
      const from = Math.max(span.start, p.at);
      const to = Math.min(span.end, p.at + p.length);
      return to > from ? [{ ...span, start: p.start + from - p.at, end: p.start + to - p.at }] : [];
    });
  return { text, onPage };
}

function addressesIn(text: string, capitalsAdded: boolean): PiiSpan[] {
  const out: PiiSpan[] = [];
  const push = (start: number, value: string, score: number) => {
    // "live at Mühlenweg 40", "package to Damrak 35" where the capitals were added, "ON FILE IS
    // 1007 ELM PARKWAY" in capitals: the words before the street are the sentence's.
    const lead = LEADING_WORDS.exec(value)?.[0].length ?? 0;
    start += lead;
    value = value.slice(lead);
    // A full stop after a long word ends the sentence; after "St" or "u" it abbreviates.
    const trimmed = value.replace(/[\s,]+$/, '').replace(/(\p{L}{4,})\.$/u, '$1');
    // "Rue du Lac 8. 1800 Vevey", "Lindenallee 23, 50858 Köln": the place on the same line.
    const place =
      /^(?:[.,]|[ \t]+[-–·|])?[ \t]+(?:[A-Z]{1,2}-)?(?:\d{4}-\d{3}|\d{4,5}|\d{2}-\d{3}|\d{3} \d{2}),?[ \t]+(?:(?:St|Ste)\.[ \t]?)?\p{Lu}[\p{L}\p{M}'’-]+(?:\.(?=\p{L})[\p{L}\p{M}'’-]+)*(?:[ \t]+(?:(?:am|an|im|sur|en|sul|di|del|della|de|la)(?=[ \t]+\p{Lu})|(?!(?:Datum|Date|Data|Fecha|Fax|Tel|Telefon|Phone|Email|Mail|Page|Seite|Invoice|Rechnung|Customer|Account|Konto|IBAN|BIC|Ref)\b)\p{Lu}[\p{L}\p{M}'’-]+(?:\.(?=\p{L})[\p{L}\p{M}'’-]+)*)){0,2}(?:[ \t][CNSVKØ](?![\p{L}\d]))?(?:[ \t]+\([A-Z]{2}\))?/u.exec(
        text.slice(start + trimmed.length, start + trimmed.length + 60),
      );
    // Brazil's and Mexico's order: the quarter, then the postcode, the town and its state ("…, 859,
    // Bela Vista, 76600-940 Goiânia / GO", "…, Col. Roma Norte, C.P. 06700, Cuauhtémoc, CDMX").
    const tail = place ?? latinTail(text.slice(start + trimmed.length, start + trimmed.length + 120));
    const placeLength = tail ? tail[0].replace(/(\p{L}{4,})\.$/u, '$1').length : 0;
    const streetEnd = start + trimmed.length + placeLength;
    let end = withCountryTail(text, streetEnd);
    // Where no postcode is written (Nigeria, Ghana, Ireland's towns): the locality and the town after
    // the street, as far as a town of the gazetteer ("15 Adeola Odeku Street, Victoria Island, Lagos").
    if (end === streetEnd && placeLength === 0) end = withTownTail(text, end);
    // An Irish county and its Eircode after the town: "…, Athlone, Co. Westmeath N37 X2K4".
    // (The town's tail may have taken "Co" for a place already.)
    const county = (/,[ \t]*Co$/.test(text.slice(end - 5, end)) ? COUNTY_NAME_TAIL : IRISH_COUNTY_TAIL).exec(
      text.slice(end, end + 40),
    );
    if (county) end += county[0].length;
    const { end: through, column } = withFollowingLines(text, end);
    if (!column) out.push({ type: 'ADDRESS', start, end: through, score });
    else {
      // The box beside the window is no part of the address: the street, then its lines below.
      out.push({ type: 'ADDRESS', start, end, score });
      const below = column + 1 + (/^\s*/.exec(text.slice(column + 1))?.[0].length ?? 0);
      if (through > below) out.push({ type: 'ADDRESS', start: below, end: through, score });
    }
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
    // "Form 3115 with the Service Center": a sentence's small words make no street's name.
    const name = street.split(/[,\n]/)[0]!;
    if (!capitalsAdded && /\s(?:with|the|for|to|and|in|on|at|from|by|is|was|are|of)\s/.test(name)) continue;
    push(m.index, street, m[0].length > 20 ? 0.85 : 0.75);
  }
  for (const m of text.matchAll(NAME_FIRST)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(NUMBERED_STREET)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(STREET_FIRST)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(FRENCH_NUMBER_FIRST)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(LOWER_STREET_FIRST)) push(m.index, m[0], 0.72);
  for (const m of text.matchAll(STREET_WORD_APART)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(MALAY_STREET)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(BUILDING_THEN_STREET)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(UNIT_THEN_STREET)) push(m.index, m[0], 0.75);
  for (const m of text.matchAll(GERMAN_PREPOSITION_STREET)) push(m.index, m[0], 0.7);
  for (const span of postcodeLines(text)) out.push(span);
  for (const span of postcodeChains(text)) out.push(span);
  for (const m of text.matchAll(PLACE_POSTCODE)) {
    const place = PLACE_BEHIND.exec(text.slice(Math.max(0, m.index - 60), m.index));
    if (place) push(m.index - place[0].length, place[0] + m[0], 0.65);
  }
  for (const m of text.matchAll(NUMBER_NAME_NUMBER)) {
    // "10 March 2024", "1 TO 10": a date or a range, not a street between two numbers.
    const middle = m[0].replace(/^\d+\s+/, '').replace(/\s+\d+[A-Za-z]?\.?(?:\s*,.*)?$/s, '');
    if (
      /^(?:(?:to|and|or|of|bis|à|a|-)\s*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|okt|dez|mär|märz|juni|juli|januar|februar|oktober|dezember)\p{L}*\.?\s*)+$/iu.test(
        middle,
      )
    )
      continue;
    push(m.index, m[0], 0.7);
  }
  for (const m of text.matchAll(STREET_NEAR)) push(m.index + m[0].length - m[1]!.length, m[1]!, 0.7);
  // Searched from the number and postcode, which are rare, rather than from every capital.
  for (const m of text.matchAll(STREET_BEFORE_POSTCODE)) {
    const name = STREET_NAME_BEHIND.exec(text.slice(Math.max(0, m.index - 80), m.index));
    if (name) push(m.index - name[0].length, name[0] + m[0], 0.72);
  }
  for (const m of text.matchAll(MILITARY)) push(m.index, m[0], 0.85);
  for (const m of text.matchAll(PO_BOX)) push(m.index, m[0], 0.75);
  // "the corner of Dalbraut 99 and Frederikke Coves" names a place by its two streets.
  for (const m of text.matchAll(/\bthe corner of\s/giu)) {
    const span = afterCue(text, m.index, capitalsAdded);
    if (span) out.push({ type: 'ADDRESS', start: span.start, end: span.end, score: 0.72 });
  }
  const shapes = joined(out);
  for (const m of text.matchAll(ADDRESS_CUE)) {
    const span = afterCue(text, m.index + m[0].length, capitalsAdded);
    if (!span) continue;
    // "attention of Miss Evans, Via Matteo Mancini 179": the words and comma before an address
    // the shapes found inside the cue's are the addressee's.
    const inner = shapes.find((a) => a.start > span.start && a.start < span.end);
    const start =
      inner && /^[^\d\n]*,\s*$/u.test(text.slice(span.start, inner.start)) ? inner.start : span.start;
    shapes.push({ type: 'ADDRESS', start, end: span.end, score: 0.72 });
  }
  return shapes.flatMap((span) => withLinesAbove(text, span)).flatMap((span) => inItsColumn(text, span));
}

// A town's words: capitalised, with Portuguese and Spanish particles ("Rio de Janeiro").
const LATIN_TOWN = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+(?:(?:d[aeo]s?|del|la)[ \t]+)?\p{Lu}[\p{L}\p{M}'’.-]*){0,3}`;
const LATIN_TAIL = new RegExp(
  String.raw`^(?:,[ \t]*(?:(?:Col\.|Colonia|Bairro|Fracc\.|Barrio)[ \t]+)?${LATIN_TOWN}(?=,[ \t]*(?:C\.[ \t]?P\.|CP|CEP)?:?[ \t]*\d{5}))?,[ \t]*(?:C\.[ \t]?P\.|CP|CEP)?:?[ \t]*(?:\d{5}-\d{3}|\d{5})(?![\d-]),?[ \t]+${LATIN_TOWN}(?:[ \t]*[/,–-][ \t]*(?:[A-Z]{2,4}(?![\p{L}])|${LATIN_TOWN}))?`,
  'u',
);

// ... and its parts apart by dashes: "…, 415 - Moinhos de Vento - Porto Alegre/RS - CEP 90570-080".
const LATIN_DASH_TAIL = new RegExp(
  String.raw`^(?:[ \t]+[-–][ \t]+(?:(?:CEP:?[ \t]*)?\d{5}-?[\dO]{3}(?![\d])|Zona[ \t]+\d{1,2}|${LATIN_TOWN}(?:[ \t]*\/[ \t]*[A-Z]{2}(?![\p{L}]))?|[A-Z]{2}(?![\p{L}]))){1,5}`,
  'u',
);

/** The quarter, postcode, town and state after a Brazilian or Mexican street, if they follow it. */
function latinTail(after: string): RegExpExecArray | null {
  const tail = LATIN_TAIL.exec(after);
  if (tail) return tail;
  // (Parts apart by dashes are an address's only with a CEP or a state after a slash.)
  const dashed = LATIN_DASH_TAIL.exec(after);
  return dashed && /CEP|\/[A-Z]{2}/.test(dashed[0]) ? dashed : null;
}

/** A gap between two words that only a column's edge makes: three spaces or more. */
export const COLUMN_EDGE = /(?<=\S)[ \t]{3,}(?=\S)/;

/**
 * An address that runs past a column's edge cut back to its own column: a QR-bill's receipt and
 * payment part side by side ("8032 Zürich      Olivia Brunner"), a window beside a box of
 * references ("Gutenbergstraße 41      Ansprechpartner  Herr Wolf"). On each line the span keeps
 * the part that starts nearest its first line's column; a span with no such gap is left whole.
 */
function inItsColumn(text: string, span: PiiSpan): PiiSpan[] {
  const value = text.slice(span.start, span.end);
  if (!value.split('\n').some((line) => COLUMN_EDGE.test(line))) return [span];
  const column = span.start - (text.lastIndexOf('\n', span.start - 1) + 1);
  const out: PiiSpan[] = [];
  for (let at = span.start; at < span.end; ) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const newline = text.indexOf('\n', at);
    const lineEnd = Math.min(span.end, newline < 0 ? text.length : newline);
    // The line's parts between column gaps, with where each starts on the page.
    const parts = [...text.slice(at, lineEnd).matchAll(LINE_PART)].map((m) => ({
      start: at + m.index,
      end: at + m.index + m[0].length,
    }));
    const distance = (p: { start: number }) => Math.abs(p.start - lineStart - column);
    const own = parts.reduce<{ start: number; end: number } | undefined>(
      (best, p) => (!best || distance(p) < distance(best) ? p : best),
      undefined,
    );
    // (The first line's part is the span's own; below it, a part in another column ends it.)
    if (!own || (out.length > 0 && distance(own) > 4 && parts.length > 1)) break;
    out.push({ ...span, start: Math.max(own.start, span.start), end: Math.min(own.end, span.end) });
    at = lineEnd + 1;
  }
  return out;
}

// A flat or an apartment on its own line or part above the street ("FLAT 4", "Appartement 21",
// "Bât. C"), and the building above that ("Résidence Les Tilleuls").
const UNIT_ABOVE = new RegExp(
  String.raw`^(?:${caseless('(?:flat|apartment|appartement|appt|apt|unit|suite|studio|wohnung|whg|bât|bâtiment|bat|block|blk|floor|level|escalier|esc)')}\.?[ \t]*[\w-]{1,6}(?:,?[ \t]+\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]*){0,3})?|${caseless('(?:résidence|residence|immeuble)')}[ \t]+[\p{L}\p{M}'’ -]{2,30})$`,
  'u',
);
// A unit's or a plot's word printed before the number the address starts at: "FLAT 4B HAREWOOD
// HOUSE", "Lot 7 Wattle Creek Road", "Erf 4471".
const UNIT_WORD_BEFORE = new RegExp(
  String.raw`(?<![\p{L}\p{M}])${caseless('(?:flat|unit|lot|plot|apt|apartment|suite|erf|blk|block|house no)')}\.?[ \t]+$`,
  'u',
);
// Three spaces or more: a column beside the line ("FLAT 4B          Bill date 11 March 2024").
const COLUMN_GAP = /[ \t]{3,}/;
// A British block with no house number ("The Old Forge / Church Street / Great Missenden /
// Buckinghamshire / HP16 0AX"): its lines are a few capitalised words; the block opens at a
// house's name or a street.
const BLOCK_LINE =
  /^\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+(?:\p{Lu}[\p{L}\p{M}'’.-]*|of|on|upon|the|le|in|by|under|cum))*$/u;
// The words a British house's name ends in.
const HOUSE_NAMES =
  'Cottage|Cottages|Farm|Farmhouse|House|Barn|Hall|Grange|Rectory|Vicarage|Croft|Bungalow|Oast|Chapel|Mill|Lodge|Manor|Forge|Villa';
const HOUSE_WORD = new RegExp(String.raw`(?:^The[ \t]|[ \t](?:${HOUSE_NAMES})$)`, 'iu');
const COMPANY_END = /[ \t](?:Ltd|Limited|plc|PLC|DAC|Inc|LLC|LLP|GmbH|Co)\.?$/;
const HOUSE_AT_END = new RegExp(
  String.raw`(?<![\p{L}\p{M}])(?:The[ \t]+(?:\p{Lu}[\p{L}\p{M}'’-]*[ \t]+){0,2}\p{Lu}[\p{L}\p{M}'’-]*|(?:\p{Lu}[\p{L}\p{M}'’-]*[ \t]+){1,2}(?:${HOUSE_NAMES}))$`,
  'u',
);
const STREET_LINE = new RegExp(String.raw`[ \t](?:${SUFFIX})\.?$`, 'iu');
const TITLES = 'Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord|Rev|Messrs';
const TITLE_START = new RegExp(String.raw`^(?:${TITLES})\.?(?:[ \t]|$)`, 'i');
// ... and those of other languages, as an addressee's line opens ("Herrn", "Frau", "Mevrouw").
const ADDRESSEE_START = new RegExp(
  String.raw`^(?:${TITLES}|Herrn?|Frau|Familie|Famille|Monsieur|Madame|Mme|Mlle|Signora?|Sig\.?ra|Sr|Sra|Dhr|Mevr|Mevrouw|De heer)\.?(?:[ \t]|$)`,
);
// An Eircode, or a county line ("Co. Mayo") above the last: an Irish block.
const COUNTY_NAME = String.raw`[ \t]+\p{Lu}\p{Ll}+(?:[ \t,]+${EIRCODE})?(?![\p{L}\d])`;
const IRISH_COUNTY_TAIL = new RegExp(String.raw`^,[ \t]*Co\.?${COUNTY_NAME}`, 'u');
const COUNTY_NAME_TAIL = new RegExp(String.raw`^\.?${COUNTY_NAME}`, 'u');
const IRISH_END = new RegExp(String.raw`(?:^|[ \t,])${EIRCODE}$|^Co\.?[ \t]+\p{Lu}`, 'u');
const UK_POSTCODE_END = /(?:^|[ \t,])[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}$/;

// The part before a position, after a comma or on the line above: "Rose Cottage" in "Rose
// Cottage, 14 Mill Lane".
const SEPARATOR_BEFORE = /(?:,[ \t]*\n?|[ \t]*\n)[ \t]*$/;
function partBefore(text: string, at: number): { from: number; part: string } | undefined {
  const separator = SEPARATOR_BEFORE.exec(text.slice(Math.max(0, at - 120), at));
  if (!separator) return undefined;
  const end = at - separator[0].length;
  const from = Math.max(text.lastIndexOf(',', end - 1), text.lastIndexOf('\n', end - 1)) + 1;
  const raw = text.slice(from, end);
  return { from: from + raw.length - raw.trimStart().length, part: raw.trim() };
}

/**
 * The address with the parts of its block above or before it: a British or Irish block's lines up
 * to a house's name or a street (none need a number), then a flat or building line.
 */
function withLinesAbove(text: string, found: PiiSpan): PiiSpan[] {
  const lead = UNIT_WORD_BEFORE.exec(text.slice(Math.max(0, found.start - 20), found.start));
  const span = lead ? { ...found, start: found.start - lead[0].length } : found;
  const value = text.slice(span.start, span.end).trim();
  const irish = IRISH_END.test(value);
  let start = span.start;
  if (irish || UK_POSTCODE_END.test(value)) {
    let top = -1;
    let addressee = false;
    for (let i = 0, at = span.start; i < 4; i++) {
      const before = partBefore(text, at);
      if (!before) break;
      const { from, part } = before;
      const first = part.split(/[ \t]+/)[0]!;
      // "Emily Brook": a person's name, though its last word is a street's.
      // (A town or county is no name: "Shropshire", the post town in capitals over the postcode, "MARLOW".)
      const place =
        isCity(part) || isRegion(part) || /shire$/i.test(part) || (i === 0 && !/\p{Ll}/u.test(part));
      const street = HOUSE_WORD.test(part) || STREET_LINE.test(part);
      const name =
        !place && !street && isHumanName(first) && (!isEnglishWord(first) || GIVEN_NAMES.has(first));
      if (part.length > 40 || !BLOCK_LINE.test(part) || TITLE_START.test(part) || name) {
        // "Mrs Evelyn Carrington-Smythe of The Old Rectory": the house's name ends the part.
        const house = HOUSE_AT_END.exec(part);
        if (house && !name) start = from + house.index;
        addressee = !house && (name || TITLE_START.test(part));
        break;
      }
      // "Emerald Power DAC": the sender's name over its own address.
      if (COMPANY_END.test(part)) break;
      if (street) start = from;
      top = from;
      at = from;
    }
    // Irish townlands have no street: the block runs up to the addressee's name above it.
    if (irish && addressee && start === span.start && top >= 0) start = top;
  }
  const apart: PiiSpan[] = [];
  for (let i = 0, at = start; i < 2; i++) {
    const unit = partBefore(text, at);
    if (!unit) break;
    // A line with a column beside it is a span of its own: the column is no part of the address.
    const left = unit.part.split(COLUMN_GAP)[0]!;
    if (!UNIT_ABOVE.test(left)) break;
    if (left === unit.part && apart.length === 0) start = unit.from;
    else apart.push({ ...span, start: unit.from, end: unit.from + left.length });
    at = unit.from;
  }
  return [start === span.start ? span : { ...span, start }, ...apart];
}

/**
 * Addresses that overlap are one: "Calle Íñigo Ruiz 52" and "52 Puerta 8\nMadrid, 91936" found by
 * two shapes make one address, not two of which the longer wins and the rest is lost.
 */
function joined(spans: PiiSpan[]): PiiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: PiiSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start < last.end) {
      out[out.length - 1] = { ...last, end: Math.max(last.end, s.end), score: Math.max(last.score, s.score) };
    } else out.push({ ...s });
  }
  return out;
}

/** The address after a cue: to the end of the sentence or block, trailing lower-case words dropped. */
function afterCue(
  text: string,
  cueAt: number,
  capitalsAdded: boolean,
): { start: number; end: number } | undefined {
  let cueEnd = cueAt;
  // "Billing address: Tracy Sukhorukova\n23 Wressle Road": a line without a number above
  // the street is the addressee, not the address.
  // "Return address: Kayla Smith, 6741 Pine Ct": so is a name before the street on its line.
  // "the address on PO-2389-72154 to Viale Dante 39": an order's code, then the address after "to".
  const code = /^\s*(?:\p{Ll}+\s+)*\S*\d\S*\s+(?:to|TO|To)\s+(?=\S)/u.exec(text.slice(cueEnd, cueEnd + 60));
  if (code) cueEnd += code[0].length;
  const addressee =
    /^(?:[^\d\n:]{2,60}\n|(?:for[ \t]+)?\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*){0,3}(?::[ \t]*|(?:,|[ \t]+at|[ \t]+is|[ \t]+was)[ \t]*(?=[ \t]*(?:\d|(?:Villa|Flat|Unit|Apt|Suite|House|Plot|Lot|Block|Level|Studio)\b))))/u.exec(
      text.slice(cueEnd, cueEnd + 64),
    );
  const from = cueEnd + (addressee ? addressee[0].length : 0);
  const rest = text.slice(from, from + 160);
  // A sentence ends at ?, ! or ". " before a capital; a block at a blank line or a label line.
  // ", attention Carlos Ortiz" and "c/o" name the addressee after it.
  // … and at a dash, or where the sentence goes on in small letters after the postcode ("KS 41985
  // was sold for", "OH 15776 thx").
  const stop =
    /[?!]|\.(?=\s+\p{Lu}\p{Ll})|\n\s*\n|\n[^\n]*:|\bfor (?:this|my|the) \w+|[ \t](?:with|who|which|because|while|until|when) |[,;]\s*(?:attention|attn\.?|c\/o|care of|for)\b|\s[—–]\s|;|,[ \t]*(?:tel|tlf|phone|fax|mobile|ph)\b|(?<=\d{4}(?:-\d{3,4})?[ \t]+\p{Lu}[\p{L}\p{M}]+)(?=[ \t]+\p{Ll}{2,}[ \t]+\p{Ll})|(?<=\d{4,6}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})(?=[ \t]+\p{Ll})/u.exec(
      rest,
    );
  let candidate = rest.slice(0, stop ? stop.index : rest.length);
  // Keep up to the last number or capitalised word: "… 18237 after the concert" ends at 18237.
  const tokens = [...candidate.matchAll(/\S+/g)];
  let last = -1;
  tokens.forEach((t, i) => {
    if (/\d|^\(|^(?:[Aa]pt|[Ss]uite|[Uu]nit)\b/u.test(t[0]) || (!capitalsAdded && /^\p{Lu}/u.test(t[0])))
      last = i;
  });
  if (last < 0) return undefined;
  const lastToken = tokens[last]!;
  candidate = candidate.slice(0, lastToken.index + lastToken[0].length).replace(/[\s,.]+$/, '');
  // An address has a number (house, box or postcode) and is more than a bare number.
  if (!/\d/.test(candidate) || !/\p{L}{2}/u.test(candidate) || candidate.length < 6) return undefined;
  // Leading lower-case words ("the north side of") are not the address; "the corner of A
  // and B" is one.
  const words =
    /^\s*(?:(?!the corner of)(?:[\p{Ll}][\p{L}'’-]*\s+|(?:ON|FILE|IS|AT|TO|IN|THE|OF|MY|OUR|On|File|Is|At|To|In|The|Of|My|Our)\s+))*/u.exec(
      candidate,
    );
  const lead = words ? words[0].length : 0;
  // (What is left is more than a room's number: "return the projector to room 3B".)
  const kept = candidate.slice(lead);
  if (!/\d/.test(kept) || !/\p{L}{2}/u.test(kept) || kept.length < 6) return undefined;
  return { start: from + lead, end: from + candidate.length };
}

// The lines after a street that still belong to it: a unit, a city, a country or state
// with its postcode. They are taken only up to a line that ends in a postcode within the
// next four lines, so a street followed by unrelated lines keeps just the street.
const UNIT_LINE = new RegExp(String.raw`^\s*(?:${UNIT_WORDS}\.?\s*[\w-]{1,8}[.,]?\s*){1,3}$`, 'iu');
const PLACE_LINE = /^[\s,]*[\p{L}\p{M}][\p{L}\p{M} .'’()-]{0,40}(?:,\s*[\p{L}\p{M} .]{1,30})?[\s,]*$/u;
const MONTH_YEAR = new RegExp(String.raw`(?<![\p{L}])(?:${MONTHS})[ \t]+(?:19|20)\d\d(?![\d])`, 'iu');
/**
 * A postcode and its place at the head of a line below a street, whatever the box beside it
 * holds ("10121 Torino (TO) Importo da pagare 144.14"): the place's one word (and province).
 */
const POSTCODE_PLACE_HEAD =
  /^((?:[A-Z]{1,2}-)?(?:\d{4,5}|\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3})(?:[ \t]+[A-Z]{2})?[ \t]+(?!(?:In|On|At|To|The|And|For|Of|If|As|Is|By|Or|In)\b)\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \t]+\([A-Z]{2}\))?)(?=[ \t])/u;
/** A US town, state and ZIP code heading a line, whatever the box beside it holds ("Austin, TX 78704 Billing …"). */
const US_PLACE_HEAD = new RegExp(
  String.raw`^(\p{Lu}[\p{L}\p{M}.'’ -]{1,30}?,?[ \t]+${US_STATE}[ \t]+\d{5}(?:-\d{4})?)(?=[ \t]|$)`,
  'u',
);
/** A British postcode after its town, or an Eircode, heading a line with the box beside it ("CARDIFF CF24 3AA 22 june 2025"). */
const UK_OR_IRISH_HEAD = new RegExp(
  String.raw`^((?:\p{Lu}[\p{L}'’.-]+(?:[ \t]+\p{Lu}[\p{L}'’.-]+){0,2},?[ \t]+)?(?:[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|${EIRCODE}))(?=[ \t])`,
  'u',
);
// The words of a number's label ("Customer No", "Ref", "PIN") heading a line: no town before a PIN.
const NOT_A_PLACE_LABEL = caseless(
  String.raw`(?:\p{L}*(?:nummer|number|nr|no)|ref\p{L}*|kenmerk|invoice|order|account|customer|client\p{L}*|contra\p{L}*|polic\p{L}*|polis|id|code|pin|otp|total|amount|betrag|montant|importo|dossier|aktenzeichen|az|case|ticket|member|employee|staff|badge|serial|receipt|bon|beleg)`,
);
/** India's six-digit PIN after its town, and the state after it: "Bengaluru 560065, Karnataka", "Mumbai - 400058". */
const INDIAN_PIN_LINE = new RegExp(
  String.raw`^(?!${NOT_A_PLACE_LABEL}\b)\p{Lu}[\p{L}\p{M} .'’-]{2,30}?(?:[ \t]+|[ \t]*[-–][ \t]*)(?<![\p{L}\d])[1-8]\d{5}(?:,[ \t]*\p{Lu}[\p{L}\p{M} ]{2,30})?$`,
  'u',
);
/** A line of an Indian address above its PIN line: a flat, building, cross road or locality, with a comma. */
const INDIAN_BLOCK_LINE =
  /^(?!(?:Mr|Mrs|Ms|Miss|Dr|Shri|Smt)\.?\s)[\p{L}\p{M}\d][\p{L}\p{M}\d .'’/#-]{1,40},[ \t]*[\p{L}\p{M}\d][\p{L}\p{M}\d .'’/#-]{1,40}$/u;
const UNITS_REST = new RegExp(
  String.raw`^[.,]?[ \t]*(?:${UNIT_WORDS}\.?[ \t]*[\w-]{1,8}[.,]?[ \t]*){1,3}$`,
  'iu',
);
/** A line of words, some in lower case, ending in a year: a heading, not a place and its postcode. */
const HEADING_YEAR =
  /^[ \t]*\p{Lu}[\p{L}\p{M} ]*?[ \t](?!(?:am|an|im|sur|sous|en|de|la|le|les|del|di|da|do|dos|upon|on)[ \t])\p{Ll}{3,}[\p{L}\p{M} ]*?[ \t](?:19|20)\d\d[ \t]*$/u;
const MAX_BLOCK_LINE = 200;
/** An Irish Eircode alone on its line ("P31 X2Y7"). */
// An Irish county's line closing an address block ("Co. Mayo"), its Eircode beside it or not.
const IRISH_COUNTY_LINE = new RegExp(
  String.raw`^Co\.?[ \t]+(?:Antrim|Armagh|Carlow|Cavan|Clare|Cork|Derry|Donegal|Down|Dublin|Fermanagh|Galway|Kerry|Kildare|Kilkenny|Laois|Leitrim|Limerick|Longford|Louth|Mayo|Meath|Monaghan|Offaly|Roscommon|Sligo|Tipperary|Tyrone|Waterford|Westmeath|Wexford|Wicklow)(?:[ \t]+${EIRCODE})?$`,
  'iu',
);
const EIRCODE_LINE = new RegExp(String.raw`^\s*${EIRCODE}\s*$`);
/**
 * The rest of an address's line when OCR read the box beside the window into it (" 06/16/2024",
 * " 1.1 C59.65", " Amount % 60.00"): short, after a space, and no sentence.
 */
const COLUMN_REST = /^[ \t]+(?=[^\n]*[\d%€$£])[^\n]{1,40}$/;
/** A postcode and place with the box beside it holding a date ("9711 LM Groningen 26 mei 2024"). */
const POSTCODE_PLACE_DATE =
  /^[\s,]*((?:[A-Z]{1,2}-)?\d{4,5}(?:[ \t]+[A-Z]{2})?[ \t]+\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \t/-]+\p{Lu}[\p{L}\p{M}'’.]*)?)[ \t]+\d{1,2}(?:[./-]\d{1,2}[./-]\d{2,4}|[ \t]+\p{L}{3,}\.?[ \t]+\d{4})/u;
const POSTCODE_LINE_HEAD = new RegExp(
  String.raw`^[\s,]*(?:[\p{L}\p{M}][\p{L}\p{M} .,'’()-]{0,40}[\s,]+)?${POSTCODE}(?=[.,;!?]?[ \t]+\p{Ll}|[.,;!?][ \t]+\p{Lu})`,
  'u',
);
const POSTCODE_LINE = new RegExp(
  String.raw`^[\s,(]*(?:[\p{L}\p{M}][\p{L}\p{M} .,'’()-]{0,40}[\s,]+)?${POSTCODE}(?:,[ \t]*\p{Lu}[\p{L}\p{M} ]{2,30})?\s*$`,
  'u',
);
// The European order, postcode first: "2501 Biel", "D-80331 München", "75008 Paris Cedex 08"; Sweden's
// "754 24 Uppsala", Poland's "80-136 Gdańsk", Portugal's "4200-217 Porto".
const POSTCODE_FIRST_LINE =
  /^[\s,]*(?:[A-Z]{1,2}[- ])?(?:\d{4,5}|\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3}),?[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t/-]+[\p{L}\p{M}'’.]+){0,3}(?:[ \t]+\d{1,2}|[ \t]+\([A-Z]{2}\))?\s*$/u;
// A country after the place line.
const COUNTRY_LINE =
  /^\s*(?:Switzerland|Schweiz|Suisse|Svizzera|Germany|Deutschland|Austria|Österreich|France|Belgium|Belgique|België|Netherlands|Nederland|Italy|Italia|Spain|España|United Kingdom|UK|USA|United States|Australia|Canada|Ireland|Luxembourg|Denmark|Danmark|Sweden|Sverige|Norway|Norge|Finland|Suomi|Poland|Polska|Portugal|Czech Republic|Hungary|Greece|New Zealand|CH|DE|AT|FR)\s*$/iu;

// A place word in a same-line tail: "Soloi", "SAINT-PRIEST", "de", "nad".
const TAIL_WORD = /^(,?[ \t]+)([\p{L}\p{M}][\p{L}\p{M}'’.()-]*)/u;

/**
 * The place and country that close an address on its own line: "…, Arnsdorf, Germany",
 * "… Suite 907 Soloi Cyprus", "…, Mora de Rubielos, Spain 16200". Up to four place words,
 * then a country of the gazetteer and its postcode if one follows; else nothing is taken.
 */
function withCountryTail(text: string, end: number): number {
  const words: { end: number; word: string }[] = [];
  let at = end;
  for (let i = 0; i < 7; i++) {
    const m = TAIL_WORD.exec(text.slice(at, at + 60));
    if (!m) break;
    at += m[0].length;
    words.push({ end: at, word: m[2]! });
  }
  for (let j = 0; j < words.length; j++) {
    for (let n = Math.min(4, j + 1); n >= 1; n--) {
      if (j + 1 - n > 4) continue;
      const name = words
        .slice(j + 1 - n, j + 1)
        .map((w) => w.word)
        .join(' ');
      if (!isCountry(name)) continue;
      // The place words before the country are capitalised or short particles ("de", "nad").
      const place = words.slice(0, j + 1 - n);
      // "… Court of the United States" is no place and country.
      if (place.some((w) => /^(?:of|the|in|and|on|at|for|to|by)$/i.test(w.word))) return end;
      if (!place.every((w) => /^\p{Lu}/u.test(w.word) || /^\p{Ll}{1,3}$/u.test(w.word))) return end;
      // A full stop after the country ends the sentence, not the address.
      const stop = words[j]!.end - (/[.]+$/.exec(words[j]!.word)?.[0].length ?? 0);
      const postcode = /^[ \t]+\d{4,6}(?![\w])/.exec(text.slice(stop, stop + 8));
      return stop + (postcode ? postcode[0].length : 0);
    }
  }
  return end;
}

const TOWN_TAIL =
  /^,[ \t]*(\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]+)?)(?:,[ \t]*(\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’-]+)?))?/u;
/** One or two comma parts after a street, through the last that names a town. */
function withTownTail(text: string, end: number): number {
  const m = TOWN_TAIL.exec(text.slice(end, end + 80));
  // (A short word in capitals is a label or a code, "IČO", though a town bears its name.)
  if (!m || /^\p{Lu}{2,4}$/u.test(m[1]!)) return end;
  if (m[2] && isCity(m[2])) return end + m[0].length;
  if (isCity(m[1]!)) return end + m[0].indexOf(m[1]!) + m[1]!.length;
  return end;
}

const POSTCODE_ENDS = new RegExp(String.raw`${POSTCODE}[.,]?$`, 'u');
const POSTCODE_TOWN_ENDS =
  /(?<![\d-])(?:\d{4,5}|\d{4}-\d{3}|\d{2}-\d{3})[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]*)?[.,]?$/u;

function withFollowingLines(text: string, end: number): { end: number; column?: number } {
  let at = end;
  let best = end;
  // The box beside the window on the street's line: the block goes on below it.
  const lineEnd0 = text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd0 < 0 ? text.length : lineEnd0);
  // More units on the line than the street's pattern took ("Scala A. Int. 9").
  if (rest && UNITS_REST.test(rest)) {
    at = end + rest.length;
    best = at;
  }
  const column = at === end && lineEnd0 > end && COLUMN_REST.test(rest) ? lineEnd0 : undefined;
  if (column !== undefined) at = column;
  for (let i = 0; i < 5; i++) {
    if (text[at] !== '\n' && !(i === 0 && text[at] === ',')) break;
    const next = text.indexOf('\n', at + 1);
    const lineEnd = next < 0 ? text.length : next;
    const line = text
      .slice(at + 1, lineEnd)
      .replace(/[?.!]+$/, '')
      // Specks OCR read before a window's line (": 50858 Köln", "\"33700 Mérignac").
      .replace(SPECKS, (m) => ' '.repeat(m.length));
    // A street and its postcode and town on one line close the block: only a country may follow
    // ("Pottendorfer Straße 110, 2700 Wiener Neustadt" over "Kundenservice 02622 300 500").
    if (
      i === 0 &&
      line.trim() !== '' &&
      text.lastIndexOf('\n', end - 1) < text.lastIndexOf(',', end - 1) &&
      POSTCODE_TOWN_ENDS.test(text.slice(Math.max(0, end - 40), end)) &&
      !COUNTRY_LINE.test(line) &&
      !isCountry(line.trim())
    )
      break;
    if (line.trim() === '') {
      // A blank line after a postcode ends the block: what follows is another one (the addressee's
      // window under a service address).
      // (So does one after a postcode and its town: "…, 4600-077 Amarante".)
      if (
        POSTCODE_ENDS.test(text.slice(Math.max(0, end - 12), end)) ||
        POSTCODE_TOWN_ENDS.test(text.slice(Math.max(0, end - 40), end))
      )
        break;
      at = lineEnd;
      continue;
    }
    // No address line is this long; the shapes below would only search it at length.
    if (line.length > MAX_BLOCK_LINE) break;
    if (EIRCODE_LINE.test(line)) {
      best = at + 1 + line.replace(/\s+$/, '').length;
      break;
    }
    const trimmed = line.trimStart();
    const postcodeLine = POSTCODE_LINE.test(line) || POSTCODE_FIRST_LINE.test(line);
    const dated =
      POSTCODE_PLACE_LABEL.exec(trimmed) ??
      POSTCODE_PLACE_DATE.exec(trimmed) ??
      US_PLACE_HEAD.exec(trimmed) ??
      UK_OR_IRISH_HEAD.exec(trimmed) ??
      (postcodeLine ? null : POSTCODE_PLACE_HEAD.exec(trimmed));
    if (dated) {
      best = at + 1 + (line.length - trimmed.length) + dated[0].indexOf(dated[1]!) + dated[1]!.length;
      break;
    }
    if (line.includes(':')) break;
    // The addressee's form of address or title opens the next block: "Herrn", "Dr. Klaus-Peter von Hagen".
    if (ADDRESSEE_START.test(trimmed)) break;
    // "Payslip January 2024", "Notice of assessment 2023": a month or a heading and its year, no place.
    if (MONTH_YEAR.test(line) || HEADING_YEAR.test(line)) break;
    // A postcode line may go on with the sentence: "Austria 26759 after the concert."
    const head = POSTCODE_LINE_HEAD.exec(line);
    if (head && !POSTCODE_LINE.test(line)) {
      best = at + 1 + head[0].replace(/\s+$/, '').length;
      break;
    }
    if (postcodeLine) {
      best = at + 1 + line.replace(/\s+$/, '').length;
      // A country line may close the block.
      const after = text.indexOf('\n', best + 1);
      const country = text.slice(best + 1, after < 0 ? text.length : after);
      if (text[best] === '\n' && COUNTRY_LINE.test(country))
        best = best + 1 + country.replace(/\s+$/, '').length;
      break;
    }
    if (!UNIT_LINE.test(line) && !PLACE_LINE.test(line)) break;
    // A country alone closes a block that has no postcode: "BARMOLLOCH\nUnited Kingdom".
    if (isCountry(line.trim())) {
      best = at + 1 + line.replace(/\s+$/, '').length;
      break;
    }
    at = lineEnd;
  }
  return column !== undefined && best > column
    ? { end: best, column }
    : { end: column !== undefined ? end : best };
}

/** A British postcode ("LS6 2AB", "SW1A 1AA") or a Canadian one ("K1A 0B1"), the whole line. */
const BRITISH_OR_CANADIAN = /^(?:[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|[A-Z]\d[A-Z][ ]\d[A-Z]\d)$/;
/** Marks OCR reads from specks before a line of an address window. */
// Specks before a line, or its indent (a window envelope's block is set far right).
const SPECKS = /^[ \t]*(?:[:;|"'`·•%]+[ \t]*)?/;
/** Years, when a four-digit postcode is one: those lines need an address next to them. */
const YEAR_LIKE = /^(?:19|20)\d\d$/;

/** "8820 Wädenswil", "D-80331 München", "1016 DV Amsterdam", "60594 Frankfurt am Main", "75008 Paris Cedex 08". */
const POSTCODE_PLACE =
  /^(?:[A-Z]{1,2}-)?(\d{4,5}|\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3})(?:[ \t]+[A-Z]{2})?[ \t]+\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \t/-]+(?:am|an|im|in|bei|sur|sous|en|de|la|le|les|\p{Lu}[\p{L}\p{M}'’.]*)){0,3}(?:[ \t]+\d{1,2}|[ \t]+\([A-Z]{2}\)|[ \t]+[A-Z]{2})?$/u;
/**
 * The same line with the window's neighbour on it: OCR reads the address window and the box
 * beside it as one line ("70173 Stuttgart Geburtsdatum 12.03.1980", "1060 Wien Kundennummer …").
 * The postcode and place, up to a label word, are the address.
 */
const POSTCODE_PLACE_LABEL =
  /^((?:[A-Z]{1,2}-)?(\d{4,5}|\d{3} \d{2}|\d{2}-\d{3}|\d{4}-\d{3})(?:[ \t]+[A-Z]{2})?[ \t]+\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \t/-]+\p{Lu}[\p{L}\p{M}'’.]*)?)[ \t]+(?=\p{Lu}\p{L}*(?:nummer|datum|nr\.?|number|num[eé]ro|n[uú]mero|fecha|date|data|referenz|reference)\b|(?:Invoice|Customer|Account|Date|Datum|Fecha|Data|Numero|Número|Numéro|Rechnung|Factuur|Factura|Fattura|Facture|Referenz|Kenmerk|Telefon|Telefoon|Telephone|Téléphone|Phone|Tel\.?|Fax|Mobil|Mobile|E-Mail|Email)(?![\p{L}])|[\w.+-]+ ?@)/u;
/**
 * The same inside a line, where the postcode's shape is its own (a letterhead's footer "Southern
 * Cross Energy Pty Ltd Melbourne VIC 3000", "… 14 Carlton Street, Toronto ON M5B 1K5 - Phone").
 */
const PLACE_POSTCODE =
  /(?<=[ \t,])(?:[A-Z]\d[\dW][ ][A-Z\d]{4}|[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|(?:AB|BC|MB|NB|NL|NS|NU|ON|PE|QC|SK|YT)[ \t]+[A-Z]\d[A-Z][ ]?\d[A-Z]\d|(?:NSW|VIC|QLD|TAS|ACT)[ \t]+\d{4})(?![\p{L}\d])/gu;
/** The place before such a postcode (a firm's legal form is none). */
const PLACE_BEHIND =
  /(?<![\p{L}\d])(?!(?:Ltd|Inc|LLC|Pty|AG|GmbH|Co|Corp|Limited|PLC)\b)\p{Lu}[\p{L}'’.-]{3,}(?:[ \t]+\p{Lu}[\p{L}'’.-]+)?,?[ \t]+$/u;
/**
 * A place and a postcode that closes an address in the English-speaking order: a British,
 * Irish (Eircode), Canadian (with or without its province) or Australian (state, four digits)
 * one: "Cork T23 X70A", "PADDINGTON QLD 4064", "OTTAWA, ONTARIO K1P 5G4", "EDMONTON AB T5J ON3".
 */
// A number's label before the code ("Assessment no.  A118204") makes it no place's.
const PLACE_POSTCODE_LINE = new RegExp(
  String.raw`^(?![^\n]*\b${caseless('(?:no|nr|number|nummer|ref|id|code)')}\b)\p{L}[\p{L}'’.-]+(?:[ \t]+\p{L}[\p{L}'’.-]+){0,2},?[ \t]+(?:[A-Z]\d[\dW][ ]?[A-Z\d]{4}|[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}|(?:(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|Alberta|British Columbia|Manitoba|Ontario|Quebec|Québec|Saskatchewan|ALBERTA|ONTARIO|QUEBEC)[ \t,]+)?[A-Z]\d[A-Z][ ]?[\dO][A-Z][\dO]|(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)[ \t]+\d{4})$`,
  'u',
);
const PLACE_FOUR_DIGITS = /^(\p{Lu}[\p{L}\p{M}'’.-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’.-]+){0,2}),?[ \t]+(\d{4})$/u;
/** A street's line ("Waiotahe Valley Road", "12 Mossel Str"), a rural route's ("RD 1", "RR 2") or a box's. */
const STREETISH_LINE = new RegExp(
  String.raw`^(?:.*[ \t](?:${SUFFIX})\.?|(?:RD|RR|R\.R\.)[ \t]*\d{1,2}|.*\b(?:Box|Bag|Posbus|Postboks|Postbus|Privaatsak)[ \t]+[A-Z]?\d{1,6}|\d{1,5}[A-Za-z]?[ \t]+\p{Lu}[\p{L}\p{M}'’. -]{2,40})$`,
  'iu',
);
/**
 * A line that is only a postcode and its place ("8820 Wädenswil", "69120 Heidelberg", "1016 DV
 * Amsterdam"): on a letter or a bill that is an address's last line, wherever the OCR put the
 * street (a window's street often comes out beside a date, or a line away from its town). A
 * number that could be a year ("2024 Annual Report") counts only under an address line.
 */
function postcodeLines(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  let at = 0;
  const previous: string[] = [];
  for (const whole of text.split('\n')) {
    const lineStart = at;
    at += whole.length + 1;
    const near = previous.slice(-3);
    previous.push(whole);
    // The whole line, then, where columns stand side by side (a QR-bill's receipt and payment
    // part), each column's part of it: "CHF  486.35      8032 Zürich".
    const pieces = [{ raw: whole, start: lineStart }];
    if (COLUMN_GAP.test(whole.trim()))
      for (const m of whole.matchAll(LINE_PART)) pieces.push({ raw: m[0], start: lineStart + m.index });
    for (const { raw, start } of pieces) {
      const before = out.length;
      postcodeLine(text, raw, start, near, out);
      if (out.length > before) break;
    }
  }
  return out;
}

/** postcodeLines' reading of one line (or one column's part of it), `near` the lines above it. */
function postcodeLine(text: string, raw: string, start: number, near: string[], out: PiiSpan[]): void {
  const speck = SPECKS.exec(raw)![0].length;
  const line = raw.slice(speck).replace(/[\s.,;:]+$/, '');
  const m = POSTCODE_PLACE.exec(line);
  // A British or Canadian postcode alone on its line ("LS6 2AB", "K1A 0B1") closes an address,
  // and so does a place before such a postcode, an Eircode, or an Australian state's.
  // A US town line, whole or with a column beside it holding figures ("Raleigh, NC 27601 : Date 11/25/2025").
  const us = m ? null : US_PLACE_HEAD.exec(line);
  if (us && us[1] !== line && /\d/.test(line.slice(us[1]!.length))) {
    out.push({ type: 'ADDRESS', start: start + speck, end: start + speck + us[1]!.length, score: 0.6 });
    return;
  }
  if (!m && (INDIAN_PIN_LINE.test(line) || us?.[1] === line)) {
    out.push({ type: 'ADDRESS', start: start + speck, end: start + speck + line.length, score: 0.6 });
    // The block's lines above the PIN: up to two, blank lines between them skipped.
    if (INDIAN_PIN_LINE.test(line)) {
      let above = start - 1;
      for (let taken = 0; taken < 2 && above > 0; ) {
        const from = text.lastIndexOf('\n', above - 1) + 1;
        const prev = text.slice(from, above);
        above = from - 1;
        if (prev.trim() === '') continue;
        if (!INDIAN_BLOCK_LINE.test(prev.trim())) break;
        const lead = prev.length - prev.trimStart().length;
        out.push({ type: 'ADDRESS', start: from + lead, end: from + prev.trimEnd().length, score: 0.6 });
        taken++;
      }
    }
    return;
  }
  if (
    !m &&
    (BRITISH_OR_CANADIAN.test(line) ||
      EIRCODE_LINE.test(line) ||
      IRISH_COUNTY_LINE.test(line) ||
      PLACE_POSTCODE_LINE.test(line))
  ) {
    out.push({ type: 'ADDRESS', start: start + speck, end: start + speck + line.length, score: 0.6 });
    return;
  }
  // "Opotiki 3197", "Cebu City 6000": the place before four digits (New Zealand, South Africa,
  // the Philippines), a town of the gazetteer or under a street's, a rural route's or a box's line.
  const placeFirst = m ? null : PLACE_FOUR_DIGITS.exec(line);
  if (
    placeFirst &&
    !YEAR_LIKE.test(placeFirst[2]!) &&
    (isCity(placeFirst[1]!) || near.slice(-1).some((l) => STREETISH_LINE.test(l.trim())))
  ) {
    // With the street's and the route's lines right above it.
    let from = start + speck;
    for (let i = 0, lineStart = start; i < 2 && lineStart > 0; i++) {
      const above = text.lastIndexOf('\n', lineStart - 2) + 1;
      const prev = text.slice(above, lineStart - 1);
      if (!STREETISH_LINE.test(prev.trim()) || COLUMN_GAP.test(prev.trim())) break;
      from = above + (prev.length - prev.trimStart().length);
      lineStart = above;
    }
    out.push({ type: 'ADDRESS', start: from, end: start + speck + line.length, score: 0.6 });
    return;
  }
  const labelled = m ? null : POSTCODE_PLACE_LABEL.exec(line);
  if (labelled && !YEAR_LIKE.test(labelled[2]!)) {
    out.push({
      type: 'ADDRESS',
      start: start + speck,
      end: start + speck + labelled[1]!.length,
      score: 0.6,
    });
    return;
  }
  if (!m) return;
  const year = YEAR_LIKE.test(m[1]!);
  const underStreet = near.some((l) => /\d/.test(l) && /\p{L}{3}/u.test(l) && !/:\s*\d/.test(l));
  if (year && !underStreet) return;
  out.push({
    type: 'ADDRESS',
    start: start + speck,
    end: start + speck + line.length,
    score: underStreet ? 0.7 : 0.6,
  });
}

// An address written as one run of parts, separated by commas or line breaks, from its number to
// its postcode, in the order much of the world writes it: "No. 12, Jalan SS 2/24, 47300 Petaling
// Jaya, Selangor", "Plot 23, Phase II, Okhla Industrial Area, New Delhi 110020", "3-1-1 Umeda,
// Kita-ku, Osaka 530-0001". Its parts need no street word the shapes above know: what makes the
// run an address is its start (a house, lot or unit number before capitalised words) and its
// end (a postcode beside its place) at most five parts later; a region or country may follow.
const CHAIN_START =
  /(?<![\p{L}\d/.-])(?<!\d[ \t])(?:(?:Lot|LOT|Plot|Level|LEVEL|Lvl|Flat|Unit|UNIT|Shop|House|Door|Block|Blk|BLK|Studio|Apt|APT|Apartment|Suite)\.?[ \t]*)?(?:(?:No|NO|Nr)\.?[ \t]*)?[A-Z]?-?\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?){0,2}(?=,?[ \t]{1,2}(?:\p{Lu}|\d)|,[ \t]*\n[ \t]*\p{Lu})/gu;
const CHAIN_WORD = String.raw`(?:\p{Lu}[\p{L}\p{M}'’.&-]*|\d{1,4}(?:st|nd|rd|th|[A-Za-z])?(?:[-/]\d{1,4}[A-Za-z]?)*(?:-\p{Ll}+)?|&|of|de|la|le|du|des|di|da|del|bin|binti|bte|al|el|van|von|der)`;
// (A part's words are a space or two apart: past a column's gap is the box beside the window,
// "Gutenbergstraße 41      Ansprechpartner  Herr Wolf" / "90461 Nürnberg      Telefon …".)
const CHAIN_PART = new RegExp(String.raw`^${CHAIN_WORD}(?:[ \t]{1,2}${CHAIN_WORD}){0,5}$`, 'u');
const CHAIN_PLACE = String.raw`\p{Lu}[\p{L}\p{M}'’.-]*(?:[ \t]{1,2}\p{Lu}[\p{L}\p{M}'’.-]*){0,2}`;
/** A postcode beside its place, at the head of a part: "47300 Petaling Jaya", "Tokyo 100-0005", "Athens 105 63". */
const CHAIN_POSTCODE = new RegExp(
  String.raw`^(?:(?:\d{5,6}|\d{3}[ ]\d{2})[ \t]+${CHAIN_PLACE}|${CHAIN_PLACE}[ \t]+(?:\d{5,6}|\d{3}-\d{4}|\d{3}[ ]\d{2})|(?:${CHAIN_PLACE}[ \t]+)?[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|${EIRCODE})(?![\p{L}\d-])(?![ \t]\d)`,
  'u',
);
const CHAIN_SEPARATOR = /^(?:,[ \t]*\n?|[ \t]*\n)[ \t]*/;
const DAY_MONTH = new RegExp(String.raw`^\d{1,2}\.?[ \t]+(?:${MONTHS})\b`, 'iu');

function postcodeChains(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(CHAIN_START)) {
    const start = m.index;
    const window = text.slice(start, start + 280);
    // "19 March 2025": a date, not a house number and its street.
    if (DAY_MONTH.test(window)) continue;
    let at = m[0].length;
    let words = 0;
    let end = -1;
    for (let part = 0; part < 7 && end < 0; part++) {
      if (part > 0) {
        const sep = CHAIN_SEPARATOR.exec(window.slice(at));
        if (!sep) break;
        at += sep[0].length;
      }
      const lineEnd = /[,\n]|$/.exec(window.slice(at))!.index;
      const raw = window.slice(at, at + lineEnd);
      if (part > 0 && words > 0) {
        const closing = raw.replace(/\.$/, '');
        const postcode = CHAIN_POSTCODE.exec(closing);
        if (postcode) {
          end = start + at + postcode[0].length;
          // A region and a country after it: ", Selangor, Malaysia", "\nTamil Nadu".
          if (postcode[0].length === closing.length) end = withRegionTail(text, end);
          break;
        }
      }
      // The number's own part may hold only the number ("No. 12, Jalan …").
      const body = (part === 0 ? raw.replace(/^,/, '') : raw).trim();
      if (body === '' && part === 0) continue;
      if (body.length > 48 || !CHAIN_PART.test(body) || ADDRESSEE_START.test(body)) break;
      // "Mar 02, 2024": figures alone before any word are a date's or a list's, not a house's.
      if (words === 0 && !/\p{L}{2}/u.test(body)) break;
      words += 1;
      at += lineEnd;
    }
    if (end > 0) out.push({ type: 'ADDRESS', start, end, score: 0.7 });
  }
  return out;
}

// A place after a comma or on the next line. (A full stop after a region may close its line;
// after the last, the sentence.)
const REGION_TAIL =
  /^\.?(?:,[ \t]*\n?|[ \t]*\n)[ \t]*([\p{L}\p{M}][\p{L}\p{M} .'’-]{1,30}?)(?=\.?[ \t]*(?:[,\n]|$))/u;

/** A region, then a country, each after a comma or on the next line: ", Selangor, Malaysia". */
function withRegionTail(text: string, end: number): number {
  for (let i = 0; i < 2; i++) {
    const m = REGION_TAIL.exec(text.slice(end, end + 50));
    if (!m || !(isRegion(m[1]!) || isCountry(m[1]!))) break;
    end += m[0].length;
  }
  return end;
}
