// The document-type dev set: bench/classify-manifest.json lists files of ../shared/corpus with
// their labels. Each file goes through the pipeline as a CLASSIFY job would (text or OCR, then
// the classifier with the document's shape), offered every category of the manifest by name,
// with the name as description. Run alone for the per-file answers:
//
//   ./node_modules/.bin/node bench/classify-set.ts [--verbose]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyDocument } from '../src/pipeline/steps/classify.ts';

interface Manifest {
  categories: string[];
  documents: { path: string; label: string }[];
}

export interface ClassifyMeasurement {
  files: number;
  correct: number;
  /** Mean confidence of the right and of the wrong answers: confidence should tell them apart. */
  confidenceRight: number;
  confidenceWrong: number;
  details: { path: string; label: string; got: string; confidence: number; noneFits: boolean }[];
}

const manifestPath = fileURLToPath(new URL('./classify-manifest.json', import.meta.url));

async function readDocument(corpusDir: string, path: string) {
  // CLASSIFY_TEXT_CACHE=/tmp/x keeps each file's text between runs (OCR is slow); off by default.
  const cacheDir = process.env.CLASSIFY_TEXT_CACHE;
  const cacheFile = cacheDir ? join(cacheDir, `${path.replace(/[^\w.-]+/g, '_')}.json`) : undefined;
  if (cacheFile && existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8'));
  const { runPipeline } = await import('../src/pipeline/run.ts');
  const result = await runPipeline(
    {
      bytes: new Uint8Array(readFileSync(join(corpusDir, path))),
      endpoint: 'PARSE',
      options: { ocr: 'AUTO', redactPii: false },
      limits: { maxPages: 50, maxPixels: 100_000_000, timeoutMs: 600_000 },
    },
    () => {},
  );
  const pages = result.body.pages as { ocr: boolean }[];
  const doc = { text: String(result.body.text), pageCount: pages.length, ocr: pages.some((p) => p.ocr) };
  if (cacheDir && cacheFile) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(doc));
  }
  return doc;
}

export async function measureClassify(corpusDir: string): Promise<ClassifyMeasurement> {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const categories = manifest.categories.map((name) => ({ name, description: name }));
  const details: ClassifyMeasurement['details'] = [];
  for (const { path, label } of manifest.documents) {
    if (!existsSync(join(corpusDir, path))) continue;
    const doc = await readDocument(corpusDir, path);
    const r = classifyDocument(doc.text, categories, { pageCount: doc.pageCount, ocr: doc.ocr });
    details.push({ path, label, got: r.classification, confidence: r.confidence, noneFits: r.noneFits });
  }
  const right = details.filter((d) => d.got === d.label);
  const wrong = details.filter((d) => d.got !== d.label);
  const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  return {
    files: details.length,
    correct: right.length,
    confidenceRight: meanOf(right.map((d) => d.confidence)),
    confidenceWrong: meanOf(wrong.map((d) => d.confidence)),
    details,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const corpus = process.env.CORPUS_DIR ?? fileURLToPath(new URL('../../shared/corpus', import.meta.url));
  const m = await measureClassify(corpus);
  for (const d of m.details) {
    const mark = d.got === d.label ? 'ok  ' : 'MISS';
    console.log(
      `${mark} ${d.label.padEnd(18)} got ${d.got.padEnd(18)} ${d.confidence.toFixed(2)}${d.noneFits ? ' none-fits' : ''}  ${d.path}`,
    );
  }
  console.log(
    `${m.correct}/${m.files}; mean confidence right ${m.confidenceRight.toFixed(2)}, wrong ${m.confidenceWrong.toFixed(2)}`,
  );
  const { closeOcr } = await import('../src/pipeline/formats/index.ts');
  await closeOcr();
}
