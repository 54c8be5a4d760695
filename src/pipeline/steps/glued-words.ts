// Words a recogniser glued together. PaddleOCR's shipped recognition model was trained on
// Chinese and Latin text and often drops the space between capitals ("UNIHAKKAINTERNATIONAL",
// "PERMASJAYA", "SDNBHD"); its space class does not always rise there (ocr-paddle.ts puts back
// the spaces it does see). A business name or an address returned glued matches nothing, so
// the receipt cues split such a run where it is made of known words.

import { distance } from 'fastest-levenshtein';
import { englishWordSet, knownWordSet } from './lexicon.ts';

/**
 * Words of Malaysian shop names and addresses (the region whose receipts print in capitals
 * most), legal forms and common shop words: split off a glued run at any length.
 */
const GAZETTEER = new Set(
  (
    'sdn bhd berhad ltd pte pty inc enterprise enterprises trading perniagaan kedai restoran pasaraya borong runcit ' +
    'maju makmur emas kopi kopitiam ubat farmasi klinik bengkel motor elektrik florist bakery optical ' +
    'cetak alat tulis roti kek tayar dan poliklinik auto tyre tyres floor first ground level blok block plaza ' +
    'jalan jln taman lorong persiaran lebuh kawasan perindustrian bandar baru seksyen kampung wisma ' +
    'menara bangunan tingkat jaya indah utama perdana putra permai mutiara sentosa ' +
    'johor bahru selangor kuala lumpur petaling shah alam klang kajang cheras puchong ' +
    'seri sri kota bukit sungai pulau pinang melaka perak pahang kedah kelantan terengganu alor setar ' +
    'negeri sembilan sabah sarawak perlis labuan putrajaya skudai masai kluang muar batu pahat ' +
    'damansara subang ampang setapak seremban ipoh kuantan senai tebrau ' +
    'desa tasik intan pangsapuri kompleks dataran medan pusat sentral kepong rawang serdang bangi ' +
    'nilai sepang perai bayan lepas wangsa pandan bangsar segamat tampin'
  ).split(' '),
);

/**
 * Short English words of shop names ("SANYUSTATIONERYSHOP"): pieces of a cut, but too common
 * inside other words ("BACKSHOP") to vouch for one alone.
 */
const SHOP_WORDS = new Set(
  'shop store mart market gift home deco book books cafe food copy print'.split(' '),
);

/** Only runs this long are looked at: shorter capitals are codes and abbreviations. */
const MIN_RUN = 8;
const RUN_RE = new RegExp(`\\p{Lu}{${MIN_RUN},}`, 'gu');
/** A dictionary word must be this long to cut a run: short words hide inside names ("HORNBACH" holds "horn"). */
const MIN_ENGLISH = 6;
/** The length of a dictionary word that splits a name the dictionary lacks off a run ("UNIHAKKA|INTERNATIONAL"). */
const MIN_VOUCHING = 8;

interface Piece {
  text: string;
  known: boolean;
}

/** The shorter unknown part first (known words cover what they can), then fewer pieces. */
const cost = (pieces: Piece[]) =>
  pieces.reduce((n, p) => n + (p.known ? 0 : 100 * p.text.length), 0) + pieces.length;

/** The run cut into known words and at most one unknown part (a name), or null when it does not split so. */
function segment(run: string): Piece[] | null {
  const lower = run.toLowerCase();
  const english = englishWordSet();
  const known = (w: string) =>
    GAZETTEER.has(w) || SHOP_WORDS.has(w) || (w.length >= MIN_ENGLISH && english.has(w));
  const n = lower.length;
  // best[u][i]: the cheapest cut of lower[0..i) with u unknown parts (0 or 1).
  const best: (Piece[] | undefined)[][] = [[[]], []];
  for (let i = 0; i < n; i++) {
    for (const u of [0, 1]) {
      const from = best[u]![i];
      if (!from) continue;
      for (let j = i + 1; j <= n; j++) {
        const isKnown = known(lower.slice(i, j));
        // An unknown part is a name the dictionary lacks ("UNIHAKKA"), or three letters of
        // initials in front ("OJC MARKETING"); after a known word it is five letters at least
        // ("KEK MAWAR"): a shorter tail is a word's ending ("-ING", "SERI|NDIT" of SERINDIT).
        if (!isKnown && (u === 1 || j - i < (i === 0 ? 3 : 5) || j - i === n)) continue;
        const v = isKnown ? u : 1;
        const path = [...from, { text: run.slice(i, j), known: isKnown }];
        const current = best[v]![j];
        if (!current || cost(path) < cost(current)) best[v]![j] = path;
      }
    }
  }
  // Beside an unknown part, a dictionary word only vouches for the cut when it is a long one or
  // a gazetteer word: German compounds hold short English words ("DROGER|IEMARKT").
  const vouched = (p: Piece[]) =>
    p.every((x) => x.known) ||
    p.some((x) => x.known && (GAZETTEER.has(x.text.toLowerCase()) || x.text.length >= MIN_VOUCHING));
  const options = [best[0]![n], best[1]![n]].filter((p): p is Piece[] => !!p && p.length > 1 && vouched(p));
  if (options.length === 0) return null;
  return options.reduce((a, b) => (cost(b) < cost(a) ? b : a));
}

/** `text` with glued runs of capitals split into their words ("JOHORBAHRU" → "JOHOR BAHRU"); other text as it was. */
export function splitGluedWords(text: string): string {
  // The commonest legal form glued on its own is shorter than a run; glued to the name it is one.
  const unglued = text.replace(/(?<![\p{L}])SDNBHD(?![\p{L}])/gu, 'SDN BHD');
  return unglued.replace(RUN_RE, (run) => {
    const lower = run.toLowerCase();
    if (GAZETTEER.has(lower) || englishWordSet().has(lower)) return run;
    const pieces = segment(run);
    return pieces ? pieces.map((p) => p.text).join(' ') : run;
  });
}

/** Words of shop names in capitals ("IRADING", "SIATIONERY", "YARIKAT" are put back to them). */
const NAME_WORDS = new Set(
  (
    'syarikat trading stationery hardware electrical electronics marketing supermarket minimarket hypermarket ' +
    'pharmacy restaurant bakery machinery enterprise enterprises industries engineering services ' +
    'furniture bookstore holdings corporation international manufacturing distributor distributors ' +
    'automobile motors supplies supply station distribution kitchen restoran makanan minuman farmasi ' +
    'klinik optical textile textiles jewellery printing seafood beverage boutique fashion resources ' +
    'ventures management healthcare medical dental workshop accessories department'
  ).split(' '),
);
/**
 * The words a misreading is put back to: shop words and the common words of addresses, six
 * letters at least (shorter words have too many neighbours); never place names, which differ
 * from each other by a letter ("PERMAS", "PERMAI").
 */
const CORRECTABLE = [
  ...[
    ...NAME_WORDS,
    ...'lorong persiaran kawasan perindustrian bandar seksyen kampung bangunan tingkat perniagaan pasaraya'.split(
      ' ',
    ),
    // The states and federal territories: a closed set of names no two of which are a letter
    // apart, unlike the towns (Labuan is left out: Kuching's Tabuan is a letter from it).
    ...'selangor pahang melaka sarawak terengganu kelantan perlis persekutuan wilayah pinang putrajaya lumpur'.split(
      ' ',
    ),
  ].filter((w) => w.length >= 6),
  // The words nearly every address holds: shorter, so put back only from a letter misread
  // as a vertical stroke (strokeFor).
  'taman',
  'jalan',
  'pusat',
];

/** Whether `reading` is `word` with one letter read as a stroke-like glyph ("IAMAN", "]ALAN"). */
function strokeFor(word: string, reading: string): boolean {
  if (word.length !== reading.length) return false;
  const at = [...word].findIndex((c, i) => c !== reading[i]);
  return at >= 0 && 'il1|!]'.includes(reading[at] as string);
}
/** Glyphs a recogniser takes for one another in capitals: a substitution outside these is a different word ("KANDAR" is no "BANDAR"). */
const LOOK_ALIKE = ['ILTJY1|]![', 'ODQCGU0', 'BEPRF8', 'S5$', 'Z2', 'G6C', 'UVWY', 'NMHW', 'A4', 'KX'];
function lookAlike(a: string, b: string): boolean {
  return LOOK_ALIKE.some((group) => group.includes(a) && group.includes(b));
}
/** Whether `reading` is `word` read with one glyph taken for a look-alike, or with one letter more or fewer. */
function misreadOf(word: string, reading: string): boolean {
  if (word.length !== reading.length) return true;
  const at = [...word].findIndex((c, i) => c !== reading[i]);
  return at < 0 || lookAlike(word[at]!.toUpperCase(), reading[at]!.toUpperCase());
}

/** A word in capitals, five letters at least, of which one may be a digit or mark OCR read for a letter ("SYARIKA1"). */
const CAPITALS_RE =
  /(?<![\p{L}\d])(?=(?:[^\P{Lu}]|[01|\]!]){5,}(?![\p{L}\d]))\p{Lu}*[01|\]!]?\p{Lu}*(?![\p{L}\d|\]!])/gu;

/**
 * `text` with words in capitals OCR misread by one letter put back when one word of Malaysian
 * shop names and addresses is that close and the reading is no word itself ("ASIA PHARMACY
 * IRADING" → "TRADING", "BANOAR SERI ALAM" → "BANDAR"), of six letters at least.
 */
export function correctMisreadWords(text: string): string {
  // A word of the gazetteer (a place), of shop names or of the dictionary is read right.
  return text.replace(CAPITALS_RE, (word) => {
    const lower = word.toLowerCase();
    if (word.length < 5 || GAZETTEER.has(lower) || NAME_WORDS.has(lower) || englishWordSet().has(lower))
      return word;
    const near = CORRECTABLE.filter(
      (w) =>
        w.length >= word.length - 1 &&
        // A letter lost or gained in a reading of five letters is as often a name's own spelling
        // ("LOONG" is no "LORONG").
        (w.length === word.length || word.length >= 6) &&
        distance(w, lower) === 1 &&
        misreadOf(w, lower) &&
        (w.length >= 6 || strokeFor(w, lower)),
    );
    return near.length === 1 ? near[0]!.toUpperCase() : word;
  });
}

/**
 * How a value's words read: its words of three letters or more, and how many of them are known
 * (the dictionaries of lexicon.ts, the gazetteer, shop words; any word of three letters). A
 * misread name is mostly letters that make no word ("QUTKMAPT", "KC FOOO CONCEPYS"); the same
 * name read right has its shop words and legal form back ("QUIKMART HOLDINGS SDN BHD").
 */
export function wordSense(value: string): { words: number; known: number } {
  const words = value.toLowerCase().match(/\p{L}{3,}/gu) ?? [];
  const known = knownWordSet();
  // Three letters are abbreviations and codes as often as words ("QTY", "SDN"): not counted against.
  const isKnown = (w: string) =>
    w.length === 3 || GAZETTEER.has(w) || SHOP_WORDS.has(w) || NAME_WORDS.has(w) || known.has(w);
  return { words: words.length, known: words.filter(isKnown).length };
}
