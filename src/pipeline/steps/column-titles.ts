// The vocabulary of table column titles, in several languages: which titles exist and whether
// their column holds figures (for reading tables without layout), and which titles fill which
// item property of a caller's schema (for mapping line items).

import { fold } from './layout.ts';

export type ColumnKind = 'text' | 'number';

// Column titles in several languages, longest first when matched; the kind says whether the
// column holds figures.
export const TITLES: [string, ColumnKind][] = [
  ['prijs incl. btw', 'number'],
  ['prijs per stuk', 'number'],
  ['price per unit', 'number'],
  ['unit price', 'number'],
  ['unit cost', 'number'],
  ['line total', 'number'],
  ['p.u. ht', 'number'],
  ['montant ht', 'number'],
  ['montant ttc', 'number'],
  ['prix unitaire', 'number'],
  ['rabatt %', 'number'],
  ['disc.%', 'number'],
  ['tax(%)', 'number'],
  ['vat %', 'number'],
  ['tax %', 'number'],
  ['nazwa towaru', 'text'],
  ['item no', 'text'],
  ['art nr', 'text'],
  ['description', 'text'],
  ['item', 'text'],
  ['items', 'text'],
  ['product', 'text'],
  ['article', 'text'],
  ['artikel', 'text'],
  ['omschrijving', 'text'],
  ['bezeichnung', 'text'],
  ['beschreibung', 'text'],
  ['designation', 'text'],
  ['libelle', 'text'],
  ['title', 'text'],
  ['service', 'text'],
  ['details', 'text'],
  ['code', 'text'],
  ['sku', 'text'],
  ['name', 'text'],
  ['qty', 'number'],
  ['quantity', 'number'],
  ['menge', 'number'],
  ['aantal', 'number'],
  ['hoeveelheid', 'number'],
  ['nombre', 'number'],
  ['quantite', 'number'],
  ['cantidad', 'number'],
  ['ilosc', 'number'],
  ['hours', 'number'],
  ['hrs', 'number'],
  ['units', 'number'],
  ['pos.', 'number'],
  ['pos', 'number'],
  ['price', 'number'],
  ['rate', 'number'],
  ['prijs', 'number'],
  ['preis', 'number'],
  ['vk-preis', 'number'],
  ['prix', 'number'],
  ['cena', 'number'],
  ['precio', 'number'],
  ['amount', 'number'],
  ['total', 'number'],
  ['bedrag', 'number'],
  ['betrag', 'number'],
  ['montant', 'number'],
  ['zeilenbetrag', 'number'],
  ['importe', 'number'],
  ['subtotal', 'number'],
  ['tax', 'number'],
  ['taxes', 'number'],
  ['vat', 'number'],
  ['btw', 'number'],
  ['mwst', 'number'],
  ['tva', 'number'],
  ['discount', 'number'],
  ['disc', 'number'],
  ['rabatt', 'number'],
  ['korting', 'number'],
];

// Column titles of line-item tables in several languages, by the item property they fill.
const COLUMN_SYNONYMS: [string[], string[]][] = [
  [
    ['description', 'name', 'item', 'product', 'title', 'service', 'article', 'label'],
    [
      'description',
      'omschrijving',
      'bezeichnung',
      'beschreibung',
      'designation',
      'libelle',
      'nazwa towaru',
      'nazwa',
      'descripcion',
      'descrizione',
      'details',
      'item',
      'product',
      'article',
      'artikel',
      'service',
      'name',
      'title',
    ],
  ],
  [
    ['qty', 'quantity', 'count', 'units', 'hours'],
    [
      'qty',
      'quantity',
      'menge',
      'anzahl',
      'hoeveelheid',
      'aantal',
      'nombre',
      'quantite',
      'ilosc',
      'cantidad',
      'quantita',
      'units',
      'hours',
      'hrs',
      'qté',
    ],
  ],
  [
    ['price', 'unit', 'rate', 'cost'],
    [
      'unit price',
      'price',
      'rate',
      'prijs',
      'prijs per stuk',
      'preis',
      'einzelpreis',
      'vk preis',
      'prix',
      'prix unitaire',
      'p.u.',
      'p.u. ht',
      'cena',
      'precio',
      'prezzo',
      'unit cost',
      'cost',
    ],
  ],
  [
    ['amount', 'total', 'subtotal', 'line', 'sum'],
    [
      'amount',
      'total',
      'line total',
      'bedrag',
      'betrag',
      'montant',
      'montant ht',
      'zeilenbetrag',
      'gesamt',
      'wartosc',
      'importe',
      'importo',
      'subtotal',
      'prijs incl btw',
    ],
  ],
  [
    ['tax', 'vat'],
    ['tax', 'vat', 'btw', 'mwst', 'tva', 'iva', 'tax %', 'vat %'],
  ],
  [
    ['code', 'sku', 'ref', 'number', 'id'],
    ['code', 'sku', 'item no', 'art nr', 'artikelnummer', 'ref', 'reference', 'part no'],
  ],
  [
    ['pos', 'position', 'line'],
    ['pos', 'position', 'lp', 'no', '#'],
  ],
  [['discount'], ['discount', 'disc', 'rabatt', 'korting', 'remise', 'descuento']],
];

export function columnLabels(words: string[]): [string, number][] {
  const out: [string, number][] = [];
  for (const [triggers, labels] of COLUMN_SYNONYMS) {
    // Earlier titles in a list are the more specific ones ("Omschrijving" over "Artikel").
    if (!words.some((w) => triggers.includes(w))) continue;
    labels.forEach((l, i) => {
      out.push([l, 0.9 - 0.005 * i]);
    });
  }
  return out;
}

/** Whether `text` is a known column title ("Qty", "Unit Price", "Omschrijving"). */
export function isColumnTitle(text: string): boolean {
  const t = fold(text).trim();
  return TITLES.some(([title]) => title === t);
}
