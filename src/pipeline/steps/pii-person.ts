// Person names without a model: runs of capitalised tokens, weighed by what each token is.
// A token that is a known name and not an English word ("Mette", "Vasquez") is strong
// evidence; one that is both ("Will", "Reed") is weak; one that is neither
// ("Szöllösy") is a proper noun of some kind, a name if a cue or a neighbour says so; a
// plain English word ends the run. Cues (titles, "my name is", "Name:", a dialogue turn)
// lift a run over the line.

import {
  foldWord,
  isCommonForeignWord,
  isEnglishWord,
  isHumanName,
  isKnownWord,
  isLanguageSpecificWord,
  isStopWord,
} from './lexicon.ts';
import { LINE_PART } from './pii-address.ts';
import { COMMON_SURNAMES, GIVEN_NAMES } from './pii-given-names.ts';
import { caseless, type PiiSpan } from './pii-patterns.ts';
import { isCity, isRegion } from './pii-places.ts';

const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'madam',
  'dame',
  'lord',
  'lady',
  'rev',
  'fr',
  'herr',
  'frau',
  'mme',
  'mlle',
  'sr',
  'sra',
  'srta',
  'dña',
  'dna',
  'doña',
  'don',
  'mevrouw',
  'meneer',
  // Afrikaans: "Mnr J.H. van der Merwe", "Mev. Botha".
  'mnr',
  'mev',
  'mej',
  // Indonesian: "Ibu Maya", "Bapak Hendra".
  'ibu',
  'bapak',
  // Czech and Polish, with the Czech vocative: "pan Novák", "Vážený pane Kratochvíle", "Pani Nowak".
  'pan',
  'pane',
  'paní',
  'pani',
  // ... and "Pana" as Polish writes "Mr" before a name in the genitive ("współposiadacza Pana Marcina Kowala").
  'pana',
  'panu',
  'heer',
  'mevr',
  'dhr',
  'mw',
  'monsieur',
  'madame',
  'signora',
  'signor',
  'señor',
  'señora',
  'smt',
  'shri',
  'sri',
  'dott',
  'dott.ssa',
  'ing',
  'avv',
  'sig',
  'sig.ra',
  'sig.na',
  // Malay: "Encik Razak", "Puan Siti", "Datuk Lee".
  'encik',
  'puan',
  'cik',
  'tuan',
  'datuk',
  'dato',
  "dato'",
  'datin',
  // Singapore's and Malaysia's "Madam": "MDM LIM SOOK FUN".
  'mdm',
  // The faculty of a German or Austrian doctorate between "Dr." and the name: "Dr. med. P. Gysi".
  'med',
  'rer. nat',
  'nat',
  'phil',
  'jur',
  'dent',
]);

// Capitalised words that are never names, whatever the name list says.
const NOT_NAMES = new Set(
  (
    'The A An I My Your His Her Our Their Its This That These Those It He She We They You Me Him Us Them ' +
    'Hello Hi Hey Hiya Yo Dear Thanks Thank Please Yes No Ok Okay Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday ' +
    'Saturday Sunday January February March April May June July August September October November December ' +
    // Months in the languages bills and letters come in (not those that are given names too:
    // Mai, Mei, Julio, Avril, Abril, Augustus), and their closing formulas.
    'Januar Jänner Janner Februar Feber März Maerz Marz Juni Juli Oktober Dezember Janvier Février Fevrier ' +
    'Mars Juin Juillet Août Aout Septembre Octobre Novembre Décembre Decembre Januari Februari Maart ' +
    'Gennaio Febbraio Marzo Aprile Maggio Giugno Luglio Agosto Settembre Ottobre Dicembre Enero Febrero ' +
    'Junio Septiembre Octubre Noviembre Diciembre Cordialement Freundliche Grüsse Grüße Griisse ' +
    'Hochachtungsvoll Mfg Groeten Saluti Atentamente Cheers Regards Best Counsel Smt Shri Dott Person Tei ' +
    // Malaysian address words: "TAMAN DAYA", "JALAN HARMONI".
    'Taman Jalan Lorong Bandar Kampung Bukit Desa Seksyen Persiaran Lebuh Kawasan Perindustrian ' +
    'Street St Avenue Ave Road Rd Lane Suite Apt Unit Box Inc Ltd Llc Corp Corporation Company Co Gmbh Bank ' +
    'University College School Hospital Orchestra Group Foundation Institute Club Team Church Hotel North South ' +
    'East West New Saint Santa San Fort Mount Lake River Island Islands Republic Kingdom United States America ' +
    'Canada Africa Europe Asia Australia Estonia Tunisia Italy France Germany Spain Cyprus Austria Sweden Norway ' +
    'Denmark Finland Iceland Hungary Poland Greece Turkey Russia China Japan India Brazil Mexico Netherlands ' +
    'Belgium Switzerland Portugal Ireland Scotland England Wales Israel Egypt Kenya Nigeria Argentina Chile ' +
    'Peru Colombia Czech Slovakia Slovenia Croatia Serbia Romania Bulgaria Ukraine Latvia Lithuania Luxembourg ' +
    'London Paris Berlin Rome Madrid Tokyo Moscow Vienna Prague Budapest Warsaw Athens Dublin Oslo Stockholm ' +
    'Helsinki Copenhagen Amsterdam Brussels Lisbon Zurich Geneva Sydney Toronto Chicago Boston Texas California ' +
    'Florida Google Microsoft Apple Amazon Facebook Twitter Email Phone Fax Mobile Desk Name Address Website ' +
    'Date Time Note Bot User Subject From To Re Total Page Day Union Force Border Heer Ref Cost Centre Center Stadt Gemeinde Landkreis Kanton Ville Comune Gemeente Rua Via Avenida Calle Str ' +
    'American European Russian Spanish German French Italian English British Chinese Japanese Indian ' +
    'African Asian Canadian Mexican Brazilian Dutch Swedish Norwegian Danish Finnish Polish Greek Turkish ' +
    'Croatian Chechen Hungarian Czech Irish Scottish Welsh Australian Portuguese Arab Arabic Korean ' +
    'Hebrew Latin Greek Hindi Persian Thai Vietnamese Ukrainian Romanian Bulgarian Serb Serbian Bosnian ' +
    'Albanian Slovak Slovenian Estonian Latvian Lithuanian Icelandic ' +
    // Forms of address precede a name and are not part of it: "Miss Ramos" is "Ramos".
    // A school's "Dear Parent/Carer of …", Māori's greeting "Kia ora".
    'Parent Carer Guardian Kia Atendido Atendida Dept Here ' +
    // A service's name after "Customer": "Head of Customer Care".
    'Care Support Services Relations ' +
    // Payment cards' brands: "pay with Discover, number …".
    'Discover Visa Mastercard Amex Maestro ' +
    'Miss Mx Prof Professor Sir Madam Dame Herr Frau Mme Mlle Monsieur Madame Signor Signora Señor Señora ' +
    'Sig Dott Avv Mevrouw Meneer Mevr Dhr Mw Smt Shri Encik Puan Cik Tuan Datuk Dato Datin Mdm ' +
    'Mnr Mev Mej Ibu Bapak Pan Pane Paní Pani Pana Panu Pagador Pagadora ' +
    // Institutions and their departments, which a letterhead prints before a town or a name:
    // "Stadtwerke Auental", "Alpina Gesundheitskasse", "Przedszkole Miejskie", "Ospidéal Ollscoile".
    'Stadtwerke Sparkasse Kreissparkasse Stadtsparkasse Volksbank Raiffeisenbank Gesundheitskasse Krankenkasse ' +
    'Ersatzkasse Steueramt Finanzamt Landratsamt Bürgeramt Rathaus Klinikum Kundenberatung Kundenservice ' +
    'Sekretariat Ambulanzsekretariat Kardiologie Przedszkole Szkoła Urząd Ospidéal Ollscoile Ospideal ' +
    // Currencies written as words: "1 450 Kč", "120 zł".
    'Kč Kc Zł Ft Lei Kn ' +
    // Salutations before them: "Gentile Signor Rossi", "Geachte heer".
    'Gentile Gentili Egregio Egregia Geachte Estimado Estimada Cher Chère'
  ).split(' '),
);

/** A form's label: "Kundennummer", "Geboortedatum", "Rechnungsnr", "Klantnummer". */
const LABEL_WORD = /^\p{L}{4,}(?:nummer|nr|datum|number|adresse|konto)$/iu;

/** A name's span without a form's label OCR put after it on its line ("B. Smit Klantnummer"). */
export function withoutTrailingLabel(text: string, span: PiiSpan): PiiSpan {
  const m = /\s+(\p{L}+)$/u.exec(text.slice(span.start, span.end));
  return m && LABEL_WORD.test(m[1]!) ? { ...span, end: span.end - m[0].length } : span;
}

/** A capitalised word that is never a name ("Taman", "Street", "Monday"). */
export function neverAName(word: string): boolean {
  return NOT_NAMES.has(word);
}

// A name token: a capital then letters, with inner hyphen or apostrophe ("Jean-Luc",
// "Smith-Jones"), after a surname prefix with a capital of its own ("O'Brien", "D'Angelo",
// "McDonald", "MacArthur", "DiCaprio", "LeBron"); or an initial ("J", "D.", the "T." of "T.J."),
// not a letter of "A/P" or "S/O".
const TOKEN =
  /GmbH|(?:(?:Mc|Mac|[O0]['’]|D['’]|Di|De|Da|Le|La|Van)\p{Lu}[\p{Ll}\p{M}]+|\p{Lu}[\p{Ll}\p{M}]+)(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)*|\p{Lu}\.(?=\p{Lu}\.)|(?<!\/)\p{Lu}\.?(?![\p{L}/])/gu;

const givenByWord = new Map<string, boolean>();

/** A common given name, also with its accents ("María", "Zoë"); asked of each token many times. */
function isGiven(word: string): boolean {
  let given = givenByWord.get(word);
  if (given === undefined) {
    const folded = foldWord(word);
    given =
      GIVEN_NAMES.has(word) ||
      GIVEN_NAMES.has(folded.charAt(0).toUpperCase() + folded.slice(1)) ||
      // "Hans-Peter", "Anna-Lena": two given names joined.
      (/^\p{Lu}\p{Ll}+-\p{Lu}\p{Ll}+$/u.test(word) && word.split('-').every((part) => isGiven(part)));
    if (givenByWord.size < 50_000) givenByWord.set(word, given);
  }
  return given;
}

// Surnames that are among the 300 commonest English words: a name after a given name
// ("Amanda Price", "Christopher Page", "Kevin Long"), a word on their own.
const COMMON_WORD_SURNAMES = new Set([
  'Price',
  'Page',
  'Long',
  'Black',
  'Day',
  'Best',
  'Good',
  'Read',
  'Post',
]);

type Kind = 'name' | 'name-word' | 'unknown' | 'initial';

interface Token {
  start: number;
  end: number;
  text: string;
  kind: Kind;
  /** A name particle written with a capital ("De", "Van", "Te"), taken as an initial. */
  particle?: boolean;
}

function kindOf(word: string): Kind | 'word' {
  if (/^\p{Lu}\.?$/u.test(word)) return 'initial';
  // An Irish or Italian surname's prefix ("O'Malley", "D'Amato"): a name, whatever a word list holds.
  if (/^[OD0]['’]\p{Lu}\p{Ll}{2,}$/u.test(word)) return 'name';
  // Months that are given names too ("April Moore", "June Carter"): a name beside another.
  if (COMMON_WORD_SURNAMES.has(word) || word === 'April' || word === 'June') return 'name-word';
  if (LEGAL_FORMS.test(word)) return 'word';
  // Words joined by a hyphen that are all English words: "Check-in", "Follow-up", "Drop-off".
  // (Not a Dutch double name with its particle: "Smit-de Wit".)
  if (
    /^\p{Lu}\p{Ll}+(?:-\p{Ll}+)+$/u.test(word) &&
    word.split('-').every((part) => isEnglishWord(part) && !NAME_PARTICLES.has(part.toLowerCase()))
  )
    return 'word';
  // A form's label that OCR put on a name's line: "Kundennummer", "Geboortedatum", "Rechnungsnr".
  if (LABEL_WORD.test(word)) return 'word';
  if (NOT_NAMES.has(word)) return 'word';
  // A given name of the list that the name lists lack ("Siti", "Makena").
  if (isGiven(word) && !isHumanName(word)) return isEnglishWord(word) ? 'name-word' : 'name';
  if (isStopWord(word) && !isGiven(word)) return 'word';
  const name = isHumanName(word);
  if (name) return isEnglishWord(word) || isLanguageSpecificWord(word) ? 'name-word' : 'name';
  // Capitalised words such as "Entertainment" end a run, and so do the common words of other
  // languages: "Rechnung Seite" is a German heading. (Only for non-names: "David" is a
  // common Spanish word too.)
  if (isKnownWord(word)) return 'word';
  return 'unknown';
}

/** Parts joined by hyphens of which one is a name: "Rochat-Pittet", "Walker-Tupou", "Mei-Ling". */
function hyphenedName(word: string): boolean {
  if (!/^\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)+$/u.test(word)) return false;
  return word.split('-').some((part) => kindOf(part) === 'name' || isGiven(part));
}

export const CUE_BEFORE =
  /(?:(?:\bc\/o|\b(?:name is|name's|i am|i'm|this is|it's|its|it is|call me|dear|hi|hello|hey|kia ora|thanks|by|with|under|contact|said|said [^\s]+ to|had given|shouted at|ask(?: for)?|speak to|married|son of|daughter of|patient|signed|sincerely|regards|cc|attn|attention))[\s,:]+|\b(?:name|full name|first name|last name|surname|given name|customer|client|guest|passenger|patient|employee|applicant|tenant|holder|recipient|beneficiary|account holder|cardholder|payee|bill to|billed to|ship to|sold to|deliver to|payable by|kunde|kundin|empfänger|name des kunden|vorname|nachname|nom|prénom|client e|destinataire|owner|co-owner|registered owner|owner per [a-z]+|liable persons?(?:\(s\))?|occupant|titular|insured|policyholder|named driver|driver|taxpayer|contribuente|versicherungsnehmer(?:in)?|inhaber(?:in)?|eigentümer(?:in)?|mieter(?:in)?|propriétaire|locataire|intestatario|proprietario|tomador|segurado)\s*[:?,]?\s*)$/i;

// A line that is only a form of address or a label announces a name on the next line:
// "Ms\nPia Rutschmann", "Bill to:\nJane Roe", "Payable by\nPia Rutschmann".
const LABEL_LINE =
  /^\s*(?:mr|mrs|ms|miss|mx|dr|herr|frau|mme|mlle|m|monsieur|madame|sr|sra|name|full name|customer|client|guest|passenger|patient|employee|applicant|tenant|holder|recipient|bill to|billed to|ship to|sold to|deliver to|payable by|attn|attention|kunde|empfänger|destinataire|herrn)\.?\s*:?\s*$/i;

// Words after a name that make it a place's: a station, a street, a park, a county.
const PLACE_NOUN_AFTER =
  /^(?:Station|Avenue|Street|Road|Park|Bridge|Square|Airport|Hospital|University|College|County|Counties|counties|Island|Valley|Lake|River|Beach|Boulevard|Mall|Church|Cathedral|Stadium|Arena|Museum|Library|Harbour|Harbor|Bay|Heights|Terminal)$/;

// ... and the word before a run that makes it one (a German spa town is "Bad Kissingen").
// A town's council, a company's seat or its register's court: "Stadt Nürnberg", "Sitz Nürnberg",
// "AG Nürnberg HRB 22 871" (an Amtsgericht), "Comune di Roma" aside.
// (The first ones are read as a run's first word too: "Sitz Nürnberg" is one run.)
const PLACE_OPENERS = 'Lake|Mount|Fort|Port|Cape|Bad|Lago|Monte|Puerto|Stadt|Sitz|Amtsgericht|Landgericht';
const PLACE_NOUN_BEFORE = new RegExp(
  String.raw`(?:^|[\s(])(?:${PLACE_OPENERS}|Mt\.|Gemeinde|Landkreis|Kanton|AG|Registergericht|Ville|Gemeente|San|Santa|São|Sankt|Co\.)[ \t]$`,
  'u',
);
const PLACE_NOUN_FIRST = new RegExp(`^(?:${PLACE_OPENERS})$`);

// ... and the last word of a run that makes it one (not "Park", "Hill" or "Church": surnames too).
const PLACE_NOUN_LAST =
  /^(?:Station|Avenue|Street|Road|Square|Airport|Hospital|University|College|County|Mall|Stadium|Museum|Library|Terminal|Cathedral|Boulevard)$/;

// Months and their abbreviations in the languages of the bills read.
const MONTH_WORD =
  /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|September|October|November|December|Januar|Februar|März|Mai|Juni|Juli|Okt|Oktober|Dez|Dezember|Janvier|Février|Mars|Avril|Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre|Ene|Enero|Abr|Abril|Mayo|Junio|Julio|Agosto|Dic|Diciembre|Gen|Giu|Lug|Ago|Set|Ott|Dic)\.?$/;

// Verbs that open a request addressed about someone: "Ask Kevin Long", "Call Sarah Lee".
const IMPERATIVES = new Set(
  'ask call ring tell email e-mail text phone contact reach thank meet invite send pay remind notify message visit inform cc forward give show see let help please ping page'.split(
    ' ',
  ),
);

// Roles written before a person's name.
const ROLES = new Set(
  (
    'pt tenant patient customer client applicant employee guest passenger defendant plaintiff witness insured driver member agent officer manager director counsel attorney landlord owner buyer seller student teacher nurse doctor resident claimant beneficiary ' +
    // ... in German, Dutch and French: "Kontoinhaber Lukas Brandt", "Mieterin Jana Petrović".
    'kontoinhaber kontoinhaberin mieter mieterin patientin versicherte versicherter versicherungsnehmer versicherungsnehmerin rekeninghouder huurder locataire titulaire assuré assurée'
  ).split(' '),
);

// Verbs that take a person for their subject, right after a lone name.
const SUBJECT_VERB =
  /^\s+(?:lives|lived|spent|shouted|said|says|told|asked|works|worked|wrote|married|replied|answered|had given|is from|was born|moved|left a|called|phoned|texted|emailed|joined|arrived|forgot|mentioned|confirmed|promised)\b/;
// A name called out before a question or a request: "Cora, can I please speak to your boss?"
const VOCATIVE_AFTER = /^,\s+(?:can|could|would|will|please|do|did|have|are|is|let's|i|we|you)\b/i;

/** Trades that name a shop with a surname after them: "Bäckerei Schmidt", "Boulangerie Martin". */
const TRADES =
  'Bäckerei|Baeckerei|Metzgerei|Fleischerei|Apotheke|Autohaus|Kanzlei|Friseur|Boulangerie|Pâtisserie|Boucherie|Garage|Pharmacie|Librairie|Bakery|Pharmacy';
const TRADE_BEFORE = new RegExp(`(?:^|[\\s(])(?:${TRADES})[ \\t]+$`, 'u');
const TRADE_WORD = new RegExp(`^(?:${TRADES})$`, 'u');
/** What follows a surname in a firm's name: "& Söhne", "et Fils", "& Co", "and Sons". */
const FIRM_AFTER =
  /^[ \t]*(?:&|et|and|und|e|y)[ \t]+(?:Fils|Sons|Söhne|Sohn|Cie|Co\b|Partners?|Associates|Brothers|Frères|Figli|Hijos)/u;
/** Whether the word ending at `end` is the surname in a firm's name ("Garnier et Fils SARL"). */
const firmAt = (text: string, end: number) => FIRM_AFTER.test(text.slice(end, end + 24));

// Words after which a town is named: a preposition of place, or another place and a comma.
const PLACE_BEFORE =
  /(?:\b(?:to|in|at|from|between|and|near|via|into|around|outside|across|of)|\p{Lu}[\p{L}\p{M}'’-]*,)[ \t]+$/u;

// Lower-case particles inside a name: "Ludwig van Beethoven", "S. van den Berg", "Maria de la Cruz".
const PATRONYMIC_GAP = /^ (?:bin|binti|binte|bint|bte|ibn|[AaSsDd]\/[LlPpOo]) $/;
const PARTICLE_GAP =
  /^ (?:(?:van|von|de|der|den|da|di|du|del|della|des|dos|das|ten|ter|zu|la|le|bin|binti|binte|bint|bte|ibn|al|el|[AaSsDd]\/[LlPpOo]) )+$/;

/** A form of address ("Mr", "DHR", "Signora"), with or without its dot. */
export function isFormOfAddress(word: string): boolean {
  return TITLES.has(word.replace(/\.$/, '').toLowerCase());
}

/** Whether a form of address stands right before `index` ("Dr. ", "mevrouw "). */
function titledAt(text: string, index: number): boolean {
  // Past the particles that open the surname ("Mr van der Merwe") and a bracket ("(Ibu Maya)").
  const words = lineBefore(text, index).trim().split(/\s+/);
  while (words.length > 1 && NAME_PARTICLES.has(words.at(-1) as string)) words.pop();
  const last = (words.pop() ?? '').replace(/^[([]/, '').replace(/\.$/, '');
  return TITLES.has(last.toLowerCase());
}

/**
 * Runs of name-like tokens on one line, split at anything but a single space, or name
 * particles after a run that is surely a name's start (a known name, an initial, a title).
 */
function runs(text: string): Token[][] {
  const out: Token[][] = [];
  let current: Token[] = [];
  let lastEnd = -1;
  for (const m of text.matchAll(TOKEN)) {
    // A possessive "'s" is not part of the name: "Matej's address" is Matej's.
    const word = m[0].replace(/['’]s$/, '');
    // A capital inside a word ("McDonald's") does not start a name of its own.
    const inside = m.index > 0 && /[\p{L}\p{M}]/u.test(text[m.index - 1]!);
    const start = m.index;
    const end = start + word.length;
    const gap = lastEnd >= 0 ? text.slice(lastEnd, start) : '';
    // A particle written with a capital between a given name and a surname ("Luca De Luca",
    // "Anna Van Dijk") holds the name together, as an initial would.
    const particle =
      !inside &&
      NAME_PARTICLES.has(word.toLowerCase()) &&
      // After a given name, or opening a surname after a form of address ("Signor De Luca").
      ((gap === ' ' && current.some((t) => isGiven(t.text) || t.kind === 'name')) ||
        ((current.length === 0 || gap !== ' ') && titledAt(text, start))) &&
      /^ \p{Lu}\p{Ll}/u.test(text.slice(end, end + 3));
    // After a particle written with a capital the surname follows whatever the word lists hold it
    // for: "Aroha Te Whata" ("whata" is a New Zealand English word).
    const afterParticle = gap === ' ' && current.at(-1)?.particle === true;
    const listed = kindOf(word.replace(/\.$/, ''));
    const kind = inside
      ? 'word'
      : particle
        ? 'initial'
        : afterParticle && listed === 'word' && !isStopWord(word) && !LEGAL_FORMS.test(word)
          ? 'unknown'
          : listed;
    // Initials written together ("T.J. Mokoena", "S.J. van der Meulen") are one run.
    const together = gap === '' && kind === 'initial' && /\.$/.test(current.at(-1)?.text ?? '');
    const joined =
      current.length > 0 &&
      (gap === ' ' ||
        together ||
        (kind !== 'word' &&
          PARTICLE_GAP.test(gap) &&
          // A patronymic's word ("bin", "binti", "a/p", "s/o") joins any two names.
          (PATRONYMIC_GAP.test(gap) ||
            current.some(
              (t) => (t.kind === 'name' && !isCity(t.text)) || t.kind === 'initial' || isGiven(t.text),
            ) ||
            // "Lucas da Silva": a name that is a town's too, before a surname that is no town's.
            (current.length === 1 &&
              current[0]!.kind === 'name' &&
              (kind === 'name' || kind === 'name-word') &&
              !isCity(word) &&
              / (?:da|de|do|dos|das|van|von) $/.test(gap)) ||
            titledAt(text, current[0]!.start) ||
            CUE_BEFORE.test(lineBefore(text, current[0]!.start)))));
    if (!joined && current.length > 0) {
      out.push(current);
      current = [];
    }
    if (kind === 'word') {
      if (current.length > 0) out.push(current);
      current = [];
      lastEnd = end;
      continue;
    }
    // An initial cannot start a run alone unless a name follows ("J Gelencsér").
    current.push({ start, end, text: word, kind, particle });
    lastEnd = end;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Up to 40 characters before `index` on its line (looked for in those 40 only: on a line of
 * 500 KB, searching back to the line's start for every word cost quadratic time). */
function lineBefore(text: string, index: number): string {
  const before = text.slice(Math.max(0, index - 40), index);
  return before.slice(before.lastIndexOf('\n') + 1);
}

/** The nearest non-blank line above the line holding `index`. */
function previousLine(text: string, index: number): string {
  let end = text.lastIndexOf('\n', index - 1);
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (line.trim()) return line;
    end = start - 1;
  }
  return '';
}

const LEGAL_FORMS =
  /^(?:AG|GmbH|SA|SARL|SAS|Ltd|Limited|Inc|LLC|LLP|PLC|BV|NV|KG|OHG|Co|Corp|Sdn|Bhd|Pty|SpA|S\.p\.A|s\.p\.a|Srl|S\.r\.l|s\.r\.l|Ltda|Oy|AB|AS|ApS|S\.A|S\.L|SL|KK|Pvt)\.?$/;

const NAME_PARTICLES = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'da',
  'di',
  'du',
  'del',
  'dos',
  'das',
  'ten',
  'ter',
  'zu',
  'af',
  'la',
  'le',
  'bin',
  'binti',
  'bint',
  'bte',
  'ibn',
  // Māori: "Aroha Te Whata", "Wiremu Te Rangi".
  'te',
]);

// Companies and brands that bear a person's name: in a text they are the firm ("rate your
// experience with Calvin Klein", "at Wells Fargo"), unless a title or a label says person.
const BRANDS = new Set(
  (
    'Walt Disney|Disney|Calvin Klein|Morgan Stanley|Wells Fargo|Charles Schwab|Tommy Hilfiger|Jack Daniels|' +
    "Jack Daniel's|Thomson Reuters|Reuters|Ralph Lauren|Hugo Boss|Louis Vuitton|Estée Lauder|Christian Dior|" +
    'Giorgio Armani|Armani|Marc Jacobs|Michael Kors|Kate Spade|Tory Burch|Vera Wang|Merrill Lynch|Goldman Sachs|' +
    'Dow Jones|Ted Baker|Paul Smith|John Lewis|Tim Hortons|Johnnie Walker|Jim Beam|Hewlett Packard|' +
    'Harley Davidson|Rolls Royce|Aston Martin|Mercedes Benz|Alfa Romeo|Yves Saint Laurent|Kellogg|Barclays|' +
    'Bloomberg|Deloitte|McKinsey|Boeing|Porsche|Ferrari|Lamborghini|Chanel|Gucci|Prada|Versace|Fendi|Cartier|' +
    'Heineken|Guinness|Cadbury|Nestlé|Siemens|Bosch|Philips|Marriott|Hyatt|Heinz|Colgate|Gillette|Nordstrom|' +
    'JPMorgan|Lazard|Rothschild|Tata|Mahindra|Bajaj|Toyota|Mitsubishi|Hyundai|Dell|Adidas|Ernst Young|' +
    'Procter Gamble|Johnson Johnson|Marks Spencer|Dolce Gabbana|Ben Jerry|Edward Jones|Hewlett-Packard|Dr Pepper|' +
    "Sainsbury's|Morrisons|Albert Heijn|McDonald's|Macy's|Kohl's"
  )
    .split('|')
    .map((name) => name.toLowerCase()),
);
// Shop chains whose names read as given names or surnames, atop a till slip alone or before
// their region or branch ("ALDI SUED", "Lidl Filiale 547").
const SHOP_CHAINS = new Set(['aldi', 'lidl', 'rossmann', 'kaufland', 'edeka', 'tchibo']);

// Words that follow a founder's name in a company's: "Russell Investments", "Forrester
// Research", "Kroll Bond Ratings".
const ORG_WORDS =
  /^(?:Investments?|Research|Ratings|Agency|Group|Capital|Partners|Holdings?|Technologies|Technology|Systems|Solutions|Consulting|Labs?|Bank|Insurance|Media|Foods?|Motors|Industries|Enterprises|Associates|Ventures|Software|Pharma|Pharmaceuticals|Logistics|Electric|Energy|Airlines|Hotels?|Studios?|Publishing|Brothers|Bros\.?|Trust|Securities|Financial|Healthcare|Networks?|Digital|Analytics|Marketing|Management|Services|International|Worldwide|Global|Traders|Trading|Partnership|Associates|Consultants|Solicitors|Accountants)$/;

/**
 * Whether a whole line is a person's name: two to four capitalised tokens, none a common word
 * or a company's legal form, at least one a known name or an unknown proper noun. Used for the
 * line above a street address, where a name is what is printed.
 */
export function isNameLine(line: string): boolean {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length < 2 || tokens.length > 4) return false;
  let evidence = 0;
  for (const [i, token] of tokens.entries()) {
    if (LEGAL_FORMS.test(token)) return false;
    // "Maika van de Noort", "Ludwig von Mises": particles inside a name.
    if (i > 0 && i < tokens.length - 1 && NAME_PARTICLES.has(token)) continue;
    if (!/^(?:\p{Lu}[\p{Ll}\p{M}]+(?:['’-]\p{Lu}?[\p{Ll}\p{M}]+)*|\p{Lu}\.?)$/u.test(token)) return false;
    const word = token.replace(/\.$/, '');
    const kind = kindOf(word);
    // Over a street only English words and known non-names rule a line out: "Satu" is a
    // Malay word and a Finnish name.
    if (kind === 'word' && (NOT_NAMES.has(word) || isStopWord(word) || isEnglishWord(word))) return false;
    if (kind !== 'name-word' && kind !== 'initial') evidence++;
  }
  return evidence >= 1;
}

// A label that a form, an invoice or a card prints before a person's name, on the same line
// after it or alone on the line above.
const NAME_LABEL =
  '(?:spouse|partner|husband|wife|child|son|daughter|parent|guardian|beneficiary|policyholder|policy holder|insured(?: person)?|student|pupil|sch[üu]ler(?:/in|in)?|ehepartner(?:/in|in)?|contribuente|titulaire|assuré(?:e)?|' +
  // Dutch, Malay and Indonesian, Spanish and Portuguese: "Leerling:", "Nama siswa :", "Pagador:".
  'leerling|klant|nama(?: siswa| pelanggan| pesakit| pasien| murid)?|pagador(?:a)?|alumn[oa]|alun[oa]|paciente|asegurad[oa]|segurad[oa]|' +
  // A form's printed name, a parent's, an adviser's; Italian and Polish patients, parents, signatures.
  'name \\(print\\)|print name|printed name|full name of applicant|name of applicant|pharmacist|behandeld door|przyjęł[ao]|atendid[oa](?: por)?|hammaslääkäri|potilas|lääkäri|cliente|familienname(?: \\(in blockschrift\\))?|parent/carer name|parent name|(?:votre )?conseill(?:er|ère)|advis[eo]r|berater(?:in)?|asesor(?:a)?|adviseur|assistit[oa]|paziente|matka|ojciec|podpis|' +
  'name|full name|customer(?: name)?|client(?: name)?|guest(?: name)?|passenger(?: name)?|patient(?: name)?|employee(?: name)?|applicant|tenant|account holder|cardholder|card holder|holder|recipient|payee|contact(?: person)?|bill to|billed to|ship to|sold to|deliver to|payable by|attn|attention|kunde|kundin|kundenname|empfänger|ansprechpartner(?:in)?|nom|nom du client|destinataire|herr|herrn|frau|mr|mrs|ms|miss|dr|mme|mlle|monsieur|madame)';
// Only the label ignores case: under a whole-pattern `i` flag \p{Lu} takes lower-case letters too,
// and "Mr Smith called" gave the name "Smith called".
// (A name's words are a space or two apart: past a column's gap is the label beside it.)
const LABELLED_NAME = new RegExp(
  String.raw`(?:^|\n)[ \t]*${caseless(NAME_LABEL)}\.?[ \t]*(?::[ \t]*|\n[ \t]*|[ \t]+)(\p{Lu}[\p{L}\p{M}'’-]*\.?(?:[ \t]{1,2}(?:(?:van|von|de|der|den|da|di|du|del|della|dos|das|ten|ter|le|la|bin|binti|bte|BIN|BINTI|BTE|DE|DA|DOS|VAN|VON)[ \t]+)*\p{Lu}[\p{L}\p{M}'’-]*\.?){0,3})[ \t]*(?=\n|$|,|\(|(?<=[ \t]{3}))`,
  'gu',
);

const CAPS_SURNAME = String.raw`(?:(?:VAN|VON|DE|DEN|DER|DI|DA|DU|LE|LA|DEL|DELLA|DOS|EL|AL)[ \t]+)*\p{Lu}{2,}(?:[-'’]\p{Lu}{2,})?`;
const GIVEN_PART = String.raw`\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:[ \t]\p{Lu}\p{Ll}+)?`;
/** A line "SURNAME, Given" as registers and addresses print it ("VAN DEN BROEK, Floor", "RUSSO, Giulia"). */
const SURNAME_FIRST_LINE = new RegExp(
  String.raw`(?<=^|\n|[ \t])(${CAPS_SURNAME}),[ \t]*(${GIVEN_PART})(?=[ \t.,]|\n|$)`,
  'gu',
);
/** A form of address, the surname in capitals, then the given name ("Monsieur ESPOSITO Giuseppe"). */
const TITLED_CAPS_SURNAME = new RegExp(
  String.raw`(?<![\p{L}])(?:[Mm]onsieur|[Mm]adame|M\.|Mme|Mlle|Herr|Frau|Mr|Mrs|Ms|Dr|Sig\.?(?:ra)?|Signor[ae]?|Dhr|Mevr)\.?[ \t]+(${CAPS_SURNAME}[ \t]+${GIVEN_PART})(?![\p{L}])`,
  'gu',
);

/** A name given with its direct line: "Your banker: Shuwen Zhou, direct line …", "Sjoerd de Groot, direct nummer …". */
const DIRECT_LINE_CUE = caseless(
  String.raw`(?:direct line|direct dial|direct nummer|directe lijn|direkt|durchwahl|ligne directe|linea dirett?a|l[íi]nea directa|tel\.?|phone|telefoon|telefon|t[ée]l[ée]phone)`,
);
// Only the cue ignores case: under a whole-pattern `i` flag \p{Lu} takes lower-case letters too.
const NAME_BEFORE_DIRECT_LINE = new RegExp(
  String.raw`(?<=^|[\n:;(])[ \t]*(\p{Lu}[\p{L}\p{M}'’-]+(?:[ \t]+(?:(?:van|von|de|der|den|da|di|du|del|della|dos|le|la|ten|ter)[ \t]+)*\p{Lu}[\p{L}\p{M}'’-]+){1,3})[,.][ \t]*(?=${DIRECT_LINE_CUE}\b)`,
  'gu',
);

function directLineNames(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(NAME_BEFORE_DIRECT_LINE)) {
    const name = m[1]!;
    const words = name.split(/[ \t]+/).filter((w) => /^\p{Lu}/u.test(w));
    // "Customer Service, direct line": words of a team, not a name.
    if (
      words.some(
        (w) =>
          NOT_NAMES.has(w) ||
          LEGAL_FORMS.test(w) ||
          (isEnglishWord(w) && !isGiven(w) && !COMMON_SURNAMES.has(w)),
      )
    )
      continue;
    const start = m.index + m[0].indexOf(name);
    out.push({ type: 'PERSON', start, end: start + name.length, score: 0.75 });
  }
  return out;
}

/** A letter's closing, in the languages of the lists; the signer's name follows it. */
const CLOSING =
  /(?<=^|\n)[ \t]*(?:(?:yours )?(?:sincerely|faithfully|truly)(?: yours)?|(?:with )?(?:kind|best|warm|kindest|warmest)(?:est)? (?:regards|wishes)|regards|respectfully(?: yours)?|cordialement|bien (?:à|a) vous|(?:veuillez|je vous prie|nous vous prions)[^\n]{0,140}(?:distingu[ée]e?s|respectueuses|meilleurs)|mit (?:freundlichen|besten) gr(?:ü|u|ue)(?:ß|ss)en|freundliche gr(?:ü|u|ue)(?:ß|ss)e|hochachtungsvoll|(?:met )?vriendelijke groet(?:en)?|hoogachtend|cordiali saluti|distinti saluti|(?:un )?cordiale saluto|atentamente|(?:un )?saludo(?:s)?(?: cordial(?:es)?)?|cordialmente|atenciosamente)[ \t]*[,.!]?[ \t]*(?=\n)/giu;

/** The signer of a letter: the name lines (one or two, "Z. Zhang" over "Zhiwei Zhang") after its closing. */
function signerNames(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(CLOSING)) {
    let at = m.index + m[0].length;
    for (let lines = 0; lines < 3 && at < text.length; ) {
      const start = text.indexOf('\n', at) + 1;
      if (start === 0) break;
      const endAt = text.indexOf('\n', start);
      const line = text.slice(start, endAt < 0 ? text.length : endAt);
      at = endAt < 0 ? text.length : endAt;
      if (line.trim() === '') continue;
      lines++;
      // Two signers side by side are two names, a column's gap apart.
      const signers = [...line.matchAll(LINE_PART)].filter((part) => {
        // "Z. Zhang": an initial and a surname that is no word.
        const initialled = /^\p{Lu}\.[ \t]*(\p{Lu}\p{Ll}+)(?:-\p{Lu}\p{Ll}+)?$/u.exec(part[0]);
        return (
          isNameLine(part[0]) ||
          (initialled !== null &&
            (!isEnglishWord(initialled[1]!) || COMMON_SURNAMES.has(initialled[1]!)) &&
            !NOT_NAMES.has(initialled[1]!))
        );
      });
      if (signers.length === 0) break;
      for (const part of signers)
        out.push({
          type: 'PERSON',
          start: start + part.index,
          end: start + part.index + part[0].length,
          score: 0.75,
        });
    }
  }
  return out;
}

/**
 * Names with the surname in capitals, as French, Belgian, Italian and Dutch mail and registers
 * print them: "SURNAME, Given" on a line of its own, or after a form of address.
 */
function capitalSurnameNames(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  const namely = (w: string) => isGiven(w) || kindOf(w) === 'name';
  const plainWord = (w: string) => NOT_NAMES.has(w) || isEnglishWord(w) || LABEL_WORD.test(w);
  for (const m of text.matchAll(SURNAME_FIRST_LINE)) {
    const surname = m[1]!;
    const atLineStart = /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, m.index - 40), m.index));
    // A second given name unless it is a plain word: the line may go on with a column ("Omar Datum …").
    const words = m[2]!.split(/[ \t]/);
    const given = words.length > 1 && plainWord(words[1]!) ? words[0]! : m[2]!;
    const particles = /^(?:VAN|VON|DE|DEN|DER|DI|DA|DU|LE|LA|DEL|DELLA|DOS|EL|AL)[ \t]/u.test(surname);
    const first = given.split(/[ \t-]/)[0]!;
    const last = surname.split(/[ \t]/).pop()!;
    const titled = last.charAt(0) + last.slice(1).toLowerCase();
    const knownSurname = namely(titled) || COMMON_SURNAMES.has(titled);
    // A town and its country or region ("PARIS, France"), a heading ("TOTAL, Amount") is no name:
    // the given part or the surname must be known, or, on a line of its own, neither a word.
    const vouched =
      particles ||
      namely(first) ||
      (!plainWord(first) && (knownSurname || (atLineStart && !isEnglishWord(last.toLowerCase()))));
    if (!vouched) continue;
    if (isCity(surname) || NOT_NAMES.has(first) || isRegion(given)) continue;
    const start = m.index + m[0].indexOf(surname);
    const end = m.index + m[0].indexOf(given, m[0].indexOf(',')) + given.length;
    out.push({ type: 'PERSON', start, end, score: 0.75 });
  }
  for (const m of text.matchAll(TITLED_CAPS_SURNAME)) {
    const start = m.index + m[0].lastIndexOf(m[1]!);
    out.push({ type: 'PERSON', start, end: start + m[1]!.length, score: 0.8 });
  }
  return out;
}

/** Names printed after a label ("Customer: Sieda Batukayev", "Bill to:\nJane Roe", "Herr\nKlaus Mahlberg"). */
function labelledNames(text: string): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of text.matchAll(LABELLED_NAME)) {
    const name = m[1]!;
    const words = name.split(/[ \t]+/).map((w) => w.replace(/\.$/, ''));
    // A company ("ACME GmbH") or a heading of common words is not a person.
    if (words.some((w) => LEGAL_FORMS.test(w) || NOT_NAMES.has(w))) continue;
    if (words.every((w) => kindOf(w) === 'word' || kindOf(w) === 'initial')) continue;
    const start = m.index + m[0].lastIndexOf(name);
    out.push({ type: 'PERSON', start, end: start + name.length, score: 0.8 });
  }
  return out;
}

/** German function words: a text with many of them capitalises its nouns. */
const GERMAN_WORDS =
  /(?<![\p{L}])(?:der|die|das|und|mit|für|fur|ist|sie|ihr|ihre|ihren|ihrem|den|dem|des|von|zu|auf|im|nicht|wir|bitte|wird|werden|bei|nach|vom|zum|zur|eine|einen|einer|sehr|geehrte|geehrter)(?![\p{L}])/giu;
function readsGerman(text: string): boolean {
  const hits = (text.match(GERMAN_WORDS) ?? []).length;
  const words = (text.match(/\p{L}+/gu) ?? []).length;
  return hits >= 8 && hits >= 0.04 * words;
}

/** `capitalsAdded`: the text was typed in lower case and its words capitalised for reading. */
export function findPersons(text: string, capitalsAdded = false): PiiSpan[] {
  const out: PiiSpan[] = [
    ...labelledNames(text),
    ...capitalSurnameNames(text),
    ...signerNames(text),
    ...directLineNames(text),
  ];
  const german = readsGerman(text);
  // A page laid out in lines (a bill, a letter, a form), not a sentence or two: its place names
  // stand alone in address blocks, headers and item lines (the town veto below).
  const laidOut = text.split('\n').filter((l) => l.trim()).length >= 6;
  // Turns of speech, not form labels: "Ubul: What a wife." but not "Cashier: USER Time".
  const dialogue =
    (text.match(/^[ \t]*\p{Lu}[\p{L}\p{M}'’-]+: \p{Lu}?\p{Ll}*[ ,]+\p{Ll}/gmu) ?? []).length >= 3;
  for (let run of runs(text)) {
    // Trim initials at the edges ("A" as an article at a sentence start), but not the
    // initial after a form of address ("Mevrouw S. van den Berg").
    // Dotted initials before a name stay ("T.J. Mokoena", "A.M. Bakker-de Wit").
    const dottedInitials = run.findIndex((t) => t.kind !== 'initial' || !/\.$/.test(t.text));
    // (Not French "M." or Spanish "D." before a given name, which stand for Monsieur and Don, nor
    // the "A." of German "i. A.", on whose behalf one signs.)
    const titleInitial =
      dottedInitials === 1 &&
      ((/^[MD]\.$/.test(run[0]!.text) && (isGiven(run[1]!.text) || run[1]!.kind === 'name')) ||
        (run[0]!.text === 'A.' && /(?:^|[\s(])i\.[ \t]?$/.test(lineBefore(text, run[0]!.start))));
    const initialsKept = dottedInitials > 0 && run[dottedInitials]!.kind !== 'initial' && !titleInitial;
    if (!titledAt(text, run[0]!.start) && !initialsKept)
      while (run.length > 0 && run[0]!.kind === 'initial') run = run.slice(1);
    while (run.length > 0 && run[run.length - 1]!.kind === 'initial' && run.length > 1)
      run = run.slice(0, -1);
    // "Tenant Baraka Ochieng", "Patient Stéphane Bertrand": a role before a name announces it.
    let imperative = false;
    if (run.length > 1 && ROLES.has(run[0]!.text.toLowerCase()) && run[1]!.kind !== 'initial') {
      run = run.slice(1);
      imperative = true;
    }
    // "Ask Kevin Long", "Call Sarah": a verb opening a sentence before a name, which it announces.
    if (
      run.length > 1 &&
      IMPERATIVES.has(run[0]!.text.toLowerCase()) &&
      run[1]!.kind !== 'initial' &&
      /(?:^|[.!?:]\s*|\n\s*)$/.test(text.slice(Math.max(0, run[0]!.start - 3), run[0]!.start))
    ) {
      run = run.slice(1);
      imperative = true;
    }
    // "Per Hannah Schmidt's request", "Per Hamid:": the preposition opening a sentence, not the
    // Nordic name.
    if (
      run.length > 1 &&
      run[0]!.text === 'Per' &&
      /(?:^|[.!?:]\s*|\n\s*)$/.test(text.slice(Math.max(0, run[0]!.start - 3), run[0]!.start))
    )
      run = run.slice(1);
    if (run.length === 0 || (run.length === 1 && run[0]!.kind === 'initial')) continue;
    // "12 Dec 2023", "Mar 2024": a month beside a day or a year, not the name "Dec" or "Jan".
    if (
      run.length === 1 &&
      MONTH_WORD.test(run[0]!.text) &&
      (/\d[.,]?[ \t]*$/.test(text.slice(Math.max(0, run[0]!.start - 4), run[0]!.start)) ||
        /^\.?,?[ \t]*\d/.test(text.slice(run[0]!.end, run[0]!.end + 4)))
    )
      continue;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const prefix = lineBefore(text, first.start);
    const lineStartCue = /^\s*$/.test(prefix);
    // At a line start, the line above may be the form of address or the label.
    const above = lineStartCue ? previousLine(text, first.start) : '';
    const labelAbove =
      lineStartCue && LABEL_LINE.test(above) && /^[\s\p{L}.]*$/u.test(text.slice(first.start, last.end));
    const titled =
      titledAt(text, first.start) ||
      (labelAbove && TITLES.has(above.trim().replace(/\.$/, '').toLowerCase()));
    const cue = titled || labelAbove || imperative || CUE_BEFORE.test(prefix);
    // "Nicole: Remember me" — a speaker's turn in a dialogue.
    // Only for a known name: "Total: 12" or "Dienst: Hosting" are labels, not speakers.
    // In a dialogue of several turns any speaker is one: "Ubul: What a wife.\nNicole: …".
    const speaker =
      lineStartCue &&
      /^: \p{L}/u.test(text.slice(last.end, last.end + 3)) &&
      (run.some((t) => t.kind === 'name' || isGiven(t.text)) ||
        (dialogue && run.every((t) => t.kind !== 'name-word')));
    const possessive = /^['’]s\b/.test(text.slice(last.end, last.end + 3));
    const after = text.slice(last.end, last.end + 16);
    // "Areavibes Inc", "Robert Schneider AG": a company, not a person.
    const next = (/^[ \t]+([\p{L}.]+)/u.exec(after)?.[1] ?? '').replace(/(?<=\p{L}{3})\.$/u, '');
    if (LEGAL_FORMS.test(next) || ORG_WORDS.test(next)) continue;
    // "Victoria Station", "Rose Hill Park", "Washington and Jefferson counties": a place's name.
    if (!titled && (PLACE_NOUN_AFTER.test(next) || (run.length > 1 && PLACE_NOUN_LAST.test(last.text))))
      continue;
    // "Lake Jessica", "Mount Pleasant", "Bad Kathrin": a place's name after the word that opens it.
    if (!titled && (PLACE_NOUN_BEFORE.test(prefix) || (run.length > 1 && PLACE_NOUN_FIRST.test(first.text))))
      continue;
    const words = run.filter((t) => t.kind !== 'initial').length;
    // A double surname or given name ("Rochat-Pittet", "Mei-Ling") counts as a name beside another
    // word; alone it may be a brand ("Rolls-Royce").
    const kinds = run.map((t) =>
      words >= 2 && t.kind === 'unknown' && hyphenedName(t.text) ? 'name' : t.kind,
    );
    const names = kinds.filter((k) => k === 'name').length;
    const weak = kinds.filter((k) => k === 'name-word').length;
    const unknown = kinds.filter((k) => k === 'unknown').length;
    let score = 0;
    if (words >= 2) {
      if (names >= 1) score = 0.85;
      else if (
        weak === words &&
        !german &&
        run.some((t) => t.kind === 'name-word' && !isEnglishWord(t.text)) &&
        !isCommonForeignWord(first.text)
      )
        // "Sakura Li", "Zhang Wei": names of other languages, which their word lists hold too.
        score = cue || isGiven(first.text) ? 0.7 : 0.55;
      else if (weak === words)
        score =
          cue ||
          isGiven(first.text) ||
          (words === 2 && COMMON_SURNAMES.has(last.text) && !isEnglishWord(first.text))
            ? 0.7
            : 0.4;
      else if (weak >= 1 && weak + unknown === words) score = cue || isGiven(first.text) ? 0.65 : 0.45;
      // In German every noun is capitalised: two unknown capitalised words ("Gesamt Nachzahlung",
      // "Arbeitspreis Ökostrom") are a heading or a label there, not a name, without a cue.
      else if (unknown === words) score = cue || speaker ? 0.75 : german ? 0.45 : 0.55;
    } else if (names === 1) score = 0.7;
    // A lone name that is also a word ("Bill", "Will") needs a form of address or a turn in a
    // dialogue: "Payable by Bill No. 3139" is not a person.
    else if (weak === 1)
      score =
        speaker || titled
          ? 0.65
          : cue && !/^\s*(?:no\b|nr\b|#|amount|number|date|\d)/i.test(text.slice(last.end, last.end + 10))
            ? 0.6
            : 0.3;
    else if (unknown === 1)
      score = titled || speaker ? 0.7 : cue && !lineStartCue ? 0.6 : possessive ? 0.45 : 0.3;
    if (titled || speaker || (labelAbove && words >= 2)) score = Math.max(score, 0.75);
    // "Jun Somchai Zhang lives at …": what is said of a person, after a name of several words.
    if (words >= 2 && SUBJECT_VERB.test(text.slice(last.end, last.end + 24))) score = Math.max(score, 0.65);
    // A place after its postcode ("2501 Biel") is not a person.
    // (Not the end of a phone number a column's gap before a name: "(614) 555-0142   Keisha Watkins".)
    if (/\b\d{4,5}\s+$/.test(prefix) && !/\d[-.]\d{4}[ \t]{3,}$/.test(prefix) && !titled) continue;
    // A lone capitalised word that opens a sentence is weak evidence; line starts that
    // are not dialogue turns are headings as often as names.
    if (words === 1 && lineStartCue && !speaker && !titled) score -= 0.1;
    // What is said of a person: "Dexter lives on …", "said Gladys to …", "Warrane, can I …",
    // "Remember me, Kelly?".
    const rest = text.slice(last.end, last.end + 24);
    // A lone word that is also an English word needs to be a given name here: "Sugars, I n c"
    // and "love you, Dad!" are no one.
    const vocable = first.kind !== 'name-word' || isGiven(first.text);
    const said = SUBJECT_VERB.test(rest) || VOCATIVE_AFTER.test(rest);
    if (
      words === 1 &&
      (vocable || SUBJECT_VERB.test(rest)) &&
      (SUBJECT_VERB.test(rest) || VOCATIVE_AFTER.test(rest) || (/,\s*$/.test(prefix) && /^[?!]/.test(rest)))
    )
      score = Math.max(score, 0.6);
    // After "in", "from", "near" a capitalised word is a place as often as not: "grew up in
    // Monroe", "originally from Eckenroth". A given name first keeps "from Anna Berg".
    // ("In Austin" too, where the capitals were added; "Of Lilly" there is a name as often.)
    if (!titled && /\b(?:[Ii]n|[Ff]rom|[Nn]ear|of|[Oo]utside)\s+$/.test(prefix)) {
      // "in Villafranca del Cid": a place's particles make no name of it (a patronymic's do:
      // "from Khalid bin Saeed").
      const inner = text.slice(first.start, last.end);
      if (words === 1 || (/\s\p{Ll}/u.test(inner) && !/\s(?:bin|binti|ibn|bint)\s/u.test(inner))) continue;
      if (!isGiven(first.text)) score -= 0.2;
    }
    // On a laid-out page a town is no person without a cue, a title or words said of a person:
    // "Leeds", "Amtsgericht Mannheim", "Dallas Houston"; a given name keeps "Florence".
    // "the denver hub" typed in lower case: a town before plain words.
    if (
      capitalsAdded &&
      !cue &&
      !said &&
      !isGiven(first.text) &&
      isCity(first.text) &&
      run
        .slice(1)
        .every((t) => t.kind === 'name-word' && isEnglishWord(t.text) && !COMMON_SURNAMES.has(t.text))
    )
      continue;
    if (laidOut && !cue && !speaker && !said && !isGiven(first.text)) {
      const texts = run.filter((t) => t.kind !== 'initial').map((t) => t.text);
      const town =
        isCity(texts.join(' ')) ||
        texts.every((w) => isCity(w)) ||
        (isCity(texts.at(-1)!) && run.slice(0, -1).every((t) => t.kind === 'unknown'));
      if (town) continue;
    }
    // In a sentence too, a lone word that names a town where a place is named is the place ("moved
    // to Osaka", "Victoria Island, Lagos") unless a title, a cue or what is said of it makes it a person.
    if (
      words === 1 &&
      !cue &&
      !speaker &&
      !said &&
      PLACE_BEFORE.test(prefix) &&
      !isGiven(first.text) &&
      isCity(first.text)
    )
      continue;
    // "the Lagos hub", "the Kennedy years": an article makes a name a place's or a thing's.
    if (!titled && !labelAbove && /(?:^|[\s(])(?:the|The|THE)[ \t]+$/.test(prefix)) continue;
    // A firm: a brand that bears a name, or names joined by "&" ("Ernst & Young"); a trade before a
    // surname ("Bäckerei Schmidt", "Garage Dupont") or "et Fils" after it names the shop.
    if (!titled && !labelAbove) {
      if (TRADE_BEFORE.test(prefix) || TRADE_WORD.test(first.text) || firmAt(text, last.end)) continue;
      const name = run.map((t) => t.text).join(' ');
      if (BRANDS.has(name.toLowerCase()) || SHOP_CHAINS.has(run[0]!.text.toLowerCase())) continue;
      // Two whole names, a given name first, are two persons: "Tama Rangihuna & Aroha Rangihuna".
      const persons = words >= 2 && isGiven(first.text);
      if (
        !persons &&
        (/^[ \t]*&[ \t]*\p{Lu}/u.test(after) || /\p{Lu}[\p{L}\p{M}'’-]*[ \t]*&[ \t]*$/u.test(prefix))
      )
        continue;
    }
    // A state or province is no person ("Portland, Oregon"), nor the town before one.
    if (!titled && !cue && !speaker && !said) {
      const name = run.map((t) => t.text).join(' ');
      if (isRegion(name)) continue;
      const region = /^,[ \t]+(\p{Lu}[\p{L}\p{M}]+(?:[ \t]\p{Lu}[\p{L}\p{M}]+)?)/u.exec(
        text.slice(last.end, last.end + 30),
      );
      if (region && (isRegion(region[1]!) || isRegion(region[1]!.split(' ')[0]!)) && !isGiven(first.text))
        continue;
    }
    if (score < 0.5) continue;
    // A suffix is part of the name: "James Walker PhD", "John Smith Jr.", "Janice Brkić MD".
    const suffix =
      /^,?[ \t]+(?:Jr\.|Sr\.|Jr|Sr|PhD|Ph\.D\.|MD|M\.D\.|Esq\.|DDS|DVM|II|III|IV)(?![\p{L}])/u.exec(
        text.slice(last.end, last.end + 10),
      );
    // The particles between a form of address and the surname are the surname's: "Mr van der Merwe".
    const particles = titled
      ? /(?<=[ \t])(?:(?:van|von|de|der|den|da|di|du|del|della|dos|das|la|le|ten|ter)[ \t]+)+$/.exec(prefix)
      : null;
    out.push({
      type: 'PERSON',
      start: first.start - (particles?.[0].length ?? 0),
      end: last.end + (suffix && words >= 2 ? suffix[0].length : 0),
      score: Math.min(1, score),
    });
  }
  // One pass of THREE_NAMES serves both: the lists after a colon and the firms.
  const threeNames = [...text.matchAll(THREE_NAMES)];
  return firmsDropped(threeNames, withListNeighbours(text, [...out, ...listedAfterColon(threeNames)]));
}

// Three single capitalised words "A, B and C": surnames that name a firm ("Hubbard, Fox
// and Gillespie", "The Jones, Smith and Davis Orchestra"), unless a colon announces them
// as a list of people ("founders: Monjeau, Graves and Reed").
const THREE_NAMES =
  /(\S?)[ \t]*(\p{Lu}[\p{Ll}\p{M}'’-]+), (\p{Lu}[\p{Ll}\p{M}'’-]+),? (?:and|&) (\p{Lu}[\p{Ll}\p{M}'’-]+)(?![\p{L}\p{M}])/gu;

function listItems(m: RegExpExecArray | RegExpMatchArray): { start: number; end: number; word: string }[] {
  const items: { start: number; end: number; word: string }[] = [];
  let from = m.index! + m[0].length - m[4]!.length;
  for (const word of [m[4]!, m[3]!, m[2]!]) {
    const start = m[0].lastIndexOf(word, from - m.index!) + m.index!;
    items.push({ start, end: start + word.length, word });
    from = start;
  }
  return items.reverse();
}

function firmsDropped(threeNames: RegExpExecArray[], found: PiiSpan[]): PiiSpan[] {
  const firms: { start: number; end: number }[] = [];
  for (const m of threeNames) {
    if (m[1] === ':') continue;
    const items = listItems(m);
    firms.push({ start: items[0]!.start, end: items[2]!.end });
  }
  if (firms.length === 0) return found;
  return found.filter((f) => !firms.some((x) => f.start >= x.start && f.end <= x.end));
}

function listedAfterColon(threeNames: RegExpExecArray[]): PiiSpan[] {
  const out: PiiSpan[] = [];
  for (const m of threeNames) {
    if (m[1] !== ':') continue;
    const items = listItems(m);
    const kinds = items.map((i) => kindOf(i.word));
    if (kinds.includes('word') || !kinds.some((k) => k === 'name' || k === 'unknown')) continue;
    for (const i of items) out.push({ type: 'PERSON', start: i.start, end: i.end, score: 0.6 });
  }
  return out;
}

/**
 * In "founders: Eklund, Michael and Hodge" one strong name vouches for its list: a
 * capitalised neighbour joined by ", " or " and " counts as a name too.
 */
function withListNeighbours(text: string, found: PiiSpan[]): PiiSpan[] {
  if (found.length === 0) return found;
  const extra: PiiSpan[] = [];
  const LIST_ITEM = /(?:,\s+|\s+and\s+|\s*&\s*)(?!I['’])(\p{Lu}[\p{Ll}\p{M}'’-]+)/uy;
  const ITEM_BEFORE = /(\p{Lu}[\p{Ll}\p{M}'’-]+)(?:,\s+|\s+and\s+|\s*&\s*)$/u;
  const known = new Set(found.map((f) => `${f.start}:${f.end}`));
  for (const f of found) {
    LIST_ITEM.lastIndex = f.end;
    const next = LIST_ITEM.exec(text);
    if (next?.[1]) {
      const start = next.index + next[0].length - next[1].length;
      const end = start + next[1].length;
      // "Dr. Peter Gysi, Zürich": a town after a name is where the person is, not another person.
      const town = isCity(next[1]) && !isGiven(next[1]);
      // "Thomas Wolf, Bestandsmanagement": one word after a whole name is their role, not a second
      // person, unless it is a given name or a name goes on after it.
      const role =
        /[ \t]/.test(text.slice(f.start, f.end)) &&
        kindOf(next[1]) === 'unknown' &&
        !isGiven(next[1]) &&
        !/^[ \t]+\p{Lu}/u.test(text.slice(end, end + 3));
      // "Ava Lindqvist, Grade 7", "…, Room 214": a word before its number is a class or a place;
      // "Lorraine Pike, Director of Operations": a role.
      const numbered = /^[ \t]+\d/.test(text.slice(end, end + 3)) || ROLES.has(next[1].toLowerCase());
      if (kindOf(next[1]) !== 'word' && !town && !role && !numbered && !known.has(`${start}:${end}`)) {
        extra.push({ type: 'PERSON', start, end, score: 0.6 });
        known.add(`${start}:${end}`);
      }
    }
    const prev = ITEM_BEFORE.exec(text.slice(Math.max(0, f.start - 40), f.start));
    if (prev?.[1]) {
      const start = f.start - prev[0].length;
      const end = start + prev[1].length;
      if (kindOf(prev[1]) !== 'word' && !known.has(`${start}:${end}`)) {
        extra.push({ type: 'PERSON', start, end, score: 0.6 });
        known.add(`${start}:${end}`);
      }
    }
  }
  return extra.length > 0 ? withListNeighbours(text, [...found, ...extra]) : found;
}

/**
 * A name found once is a name wherever it recurs in the same text: "Pia Rutschmann" in the
 * address block makes the "Rutschmann" of "Dear Ms Rutschmann" and of a later line a
 * PERSON, and "Aantje" in "My name is Aantje Mourik but everyone calls me Aantje" both
 * times. Each name part is looked for on its own, capitalised as found; a part that is also
 * a common English word ("Will", "Rose") is carried over only from a confident finding.
 */
export function repeatedNames(text: string, persons: readonly PiiSpan[]): PiiSpan[] {
  const parts = new Set<string>();
  for (const p of persons) {
    // A full name, or a lone name found with some confidence: a lone word found on a weak cue
    // ("with Dubrovnik") is not spread through the text.
    if (p.type !== 'PERSON' || p.score < 0.6) continue;
    if (p.score < 0.7 && !/\s/.test(text.slice(p.start, p.end).trim())) continue;
    for (const m of nameTokens(text.slice(p.start, p.end))) {
      const word = m[0].replace(/['’]s$/, '');
      if (word.length < 3 || word.endsWith('.')) continue;
      const kind = kindOf(word);
      if (kind === 'word' || kind === 'initial') continue;
      if (kind === 'name-word' && (p.score < 0.7 || isStopWord(word))) continue;
      parts.add(word);
    }
  }
  if (parts.size === 0) return [];
  // One pass over the text's capitalised tokens, not one search per name part: a long
  // document holds hundreds of names.
  const covered = new Uint8Array(text.length);
  for (const p of persons) covered.fill(1, p.start, p.end);
  const out: PiiSpan[] = [];
  for (const m of nameTokens(text)) {
    const part = m[0].replace(/['’]s$/, '');
    if (!parts.has(part) || covered[m.index]) continue;
    // "Garnier et Fils SARL", "Hoffmann & Söhne GmbH": the firm that bears the name.
    if (firmAt(text, m.index + m[0].length)) continue;
    covered.fill(1, m.index, m.index + part.length);
    out.push({ type: 'PERSON', start: m.index, end: m.index + part.length, score: 0.6 });
  }
  // A part OCR gave without its capital or accent ("Geachte mevrouw wojcik" for Wójcik): only a
  // long one that is no English word, so that "Rose" does not take a rose.
  const folded = new Set(
    [...parts].filter((p) => p.length >= 5 && !isEnglishWord(p)).map((p) => foldWord(p).toLowerCase()),
  );
  if (folded.size > 0) {
    for (const m of text.matchAll(/(?<![\p{L}\p{M}])\p{L}[\p{L}\p{M}]{4,}(?![\p{L}\p{M}])/gu)) {
      if (covered[m.index] || !folded.has(foldWord(m[0]).toLowerCase())) continue;
      if (firmAt(text, m.index + m[0].length)) continue;
      out.push({ type: 'PERSON', start: m.index, end: m.index + m[0].length, score: 0.6 });
    }
  }
  return out;
}

const CAPS_WORD = /(?<![\p{L}\p{M}])\p{Lu}{3,}(?![\p{L}\p{M}])/gu;
/**
 * The name tokens of `text`, a word in capitals ("BENALI") given as it is written in a sentence
 * ("Benali"), so that a name printed in capitals and written in the letter are the same part.
 */
function* nameTokens(text: string): Generator<{ 0: string; index: number }> {
  for (const m of text.matchAll(TOKEN)) yield m;
  for (const m of text.matchAll(CAPS_WORD)) {
    const word = m[0].charAt(0) + m[0].slice(1).toLowerCase();
    if (NAME_PARTICLES.has(word.toLowerCase())) continue;
    yield { 0: word, index: m.index };
  }
}

/**
 * For a text whose capitals were put in by us (all lower case as typed), a name's edge words
 * that are also English words ("heard", "debate") are words: without a writer's capital
 * only a given name or a word that is nothing but a name vouches for itself. The same for a run
 * printed in capitals (`inCapitals`), unless it stands alone on its line.
 */
export function trimmedOfWords(text: string, span: PiiSpan, inCapitals = false): PiiSpan | undefined {
  const tokens = [...text.slice(span.start, span.end).matchAll(TOKEN)].map((m) => ({
    start: span.start + m.index,
    end: span.start + m.index + m[0].length,
    word: m[0].replace(/['’]s$/, ''),
  }));
  const plain = (t: { word: string }) => {
    const kind = kindOf(t.word);
    // (A name that is a word of another language only, "Olivier", "Fontaine", is no plain word.)
    return (
      kind === 'word' ||
      (kind === 'name-word' && isEnglishWord(t.word) && !isGiven(t.word) && !COMMON_SURNAMES.has(t.word))
    );
  };
  // A name in capitals alone on its line (after a form of address at most) is an address block's
  // or a label's name line: a surname that is a word too stays ("CHUKWUEMEKA OBI", "NGUYEN VAN HUNG").
  const line = lineAround(text, span.start, span.end);
  if (
    inCapitals &&
    /^(?:[\p{L}.'’ /-]{1,40}:)?[ \t]*(?:\p{L}+\.?[ \t]+)?$/u.test(line.before) &&
    /^[ \t]*(?:$|[ \t]{3})/.test(line.after)
  )
    return tokens.some((t) => kindOf(t.word) === 'word')
      ? trimmedPlain(tokens, span, (t) => kindOf(t.word) === 'word')
      : span;
  return trimmedPlain(tokens, span, plain);
}

/** The text on `start`'s line before it, and on `end`'s line after it. */
function lineAround(text: string, start: number, end: number): { before: string; after: string } {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const to = text.indexOf('\n', end);
  return { before: text.slice(from, start), after: text.slice(end, to < 0 ? text.length : to) };
}

function trimmedPlain(
  tokens: { start: number; end: number; word: string }[],
  span: PiiSpan,
  plain: (t: { word: string }) => boolean,
): PiiSpan | undefined {
  while (tokens.length > 0 && plain(tokens[0]!)) tokens.shift();
  while (tokens.length > 0 && plain(tokens[tokens.length - 1]!)) tokens.pop();
  if (tokens.length === 0) return undefined;
  return { ...span, start: tokens[0]!.start, end: tokens[tokens.length - 1]!.end };
}
