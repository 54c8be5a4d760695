// How often the corpus's documents complete with warnings (Job.warnings) of the pages and
// embedded files kind: every file of the given folders through the pipeline's own reader (OCR
// AUTO), counted per code. A figure to keep warnings meaningful: a code that fires on most clean
// documents would make "partial success" noise.
//
//   ./node_modules/.bin/node bench/warnings.ts DIR… [--verbose]

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import { pageWarnings } from '../src/pipeline/steps/page-warnings.ts';
import type { PipelineOptions } from '../src/pipeline/types.ts';

const OPTIONS: PipelineOptions = { ocr: 'AUTO', redactPii: false };
const LIMITS = { maxPages: 50, maxPixels: 50_000_000, timeoutMs: 120_000 };

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  console.error('usage: node bench/warnings.ts DIR… [--verbose]');
  process.exit(2);
}

const counts: Record<string, number> = {};
let documents = 0;
let withWarnings = 0;
let failed = 0;
for (const dir of dirs) {
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (!statSync(file).isFile()) continue;
    let warnings: { code: string; page?: number | undefined }[];
    try {
      const doc = await extractDocument(readFileSync(file), OPTIONS, LIMITS, () => {});
      warnings = [...pageWarnings(doc.pages, OPTIONS.ocr), ...doc.warnings];
    } catch {
      failed++; // not a document the pipeline reads (or a failing one): no warnings to count
      continue;
    }
    documents++;
    if (warnings.length > 0) withWarnings++;
    for (const w of warnings) counts[w.code] = (counts[w.code] ?? 0) + 1;
    if (verbose && warnings.length > 0)
      console.log(`${file}: ${warnings.map((w) => `${w.code}${w.page ? ` p${w.page}` : ''}`).join(', ')}`);
  }
}
await closeOcr();
console.log(JSON.stringify({ documents, withWarnings, failed, warnings: counts }));
