// What an OCR engine's word confidence says about the word being right, per engine, on pages
// whose text is known: the tesseract-test scans with human truth, the unstructured DA-1p photo
// (its PDF's text layer as truth) and the synthetic receipts (their rows), straight and as photos.
// A word is right when the truth holds it exactly (a bag of words: reading order does not matter,
// a lost point or comma makes it wrong). Prints, per engine, the share of right words in bins of
// confidence, and per page its mean confidence beside its CER: what `quality.ts` calibrates
// PaddleOCR's confidence with (docs/accuracy.md).
//
//   ./node_modules/.bin/node bench/accuracy-ocr-confidence.ts [--seed=12] [--n=12]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OcrResult } from '../src/pipeline/formats/ocr.ts';
import { cer } from './metrics.ts';
import { makeReceipt, renderReceipt, rngFor } from './receipts-synth.ts';

const corpus = process.env.CORPUS_DIR ?? fileURLToPath(new URL('../../shared/corpus', import.meta.url));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

interface Page {
  name: string;
  kind: 'scan' | 'receipt';
  image: Buffer;
  truth: string;
}

function pages(): Page[] {
  const out: Page[] = [];
  const tess = join(corpus, 'ocr/tesseract-test');
  for (const [image, truth] of [
    ['phototest.tif', 'phototest.gold.txt'],
    ['eurotext.tif', 'eurotext.txt'],
  ] as const) {
    if (existsSync(join(tess, image)))
      out.push({
        name: image,
        kind: 'scan',
        image: readFileSync(join(tess, image)),
        truth: readFileSync(join(tess, truth), 'utf8'),
      });
  }
  const da = join(corpus, 'unstructured/example-docs');
  if (existsSync(join(da, 'img/DA-1p.jpg'))) {
    try {
      const truth = execFileSync('pdftotext', [join(da, 'pdf/DA-1p.pdf'), '-'], { encoding: 'utf8' });
      out.push({ name: 'DA-1p.jpg', kind: 'scan', image: readFileSync(join(da, 'img/DA-1p.jpg')), truth });
    } catch {
      // no pdftotext: the page is left out
    }
  }
  return out;
}

async function receipts(seed: number, n: number): Promise<Page[]> {
  const r = rngFor(seed);
  const out: Page[] = [];
  for (let i = 0; i < n; i++) {
    const rec = makeReceipt(r);
    const truth = rec.rows.map((row) => `${row.left} ${row.right ?? ''}`).join('\n');
    for (const photo of [false, true]) {
      const image = await renderReceipt(rec, rngFor(seed * 1000 + i), photo);
      out.push({ name: `synth ${seed}/${i}${photo ? ' photo' : ''}`, kind: 'receipt', image, truth });
    }
  }
  return out;
}

/** Each word of the reading with whether the truth holds it (each truth word matched once). */
function judged(r: OcrResult, truth: string, other?: OcrResult): Judged[] {
  const bag = new Map<string, number>();
  for (const w of truth.split(/\s+/).filter(Boolean)) bag.set(w, (bag.get(w) ?? 0) + 1);
  const agreeing = otherReading(other);
  return r.words.map((w) => {
    const left = bag.get(w.text) ?? 0;
    if (left > 0) bag.set(w.text, left - 1);
    return { confidence: w.confidence, right: left > 0, chars: [...w.text].length, agreed: agreeing(w.text) };
  });
}

interface Judged {
  confidence: number;
  right: boolean;
  chars: number;
  /** The other engine's reading of the page holds the same word. */
  agreed: boolean;
}

/** Whether the other engine's reading holds a word, each of its words taken once. */
function otherReading(other?: OcrResult): (word: string) => boolean {
  const bag = new Map<string, number>();
  for (const w of other?.words ?? []) bag.set(w.text, (bag.get(w.text) ?? 0) + 1);
  return (word) => {
    const left = bag.get(word) ?? 0;
    if (left > 0) bag.set(word, left - 1);
    return left > 0;
  };
}

const BINS = [0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 1.0001];

async function main() {
  const { ocrImage } = await import('../src/pipeline/formats/ocr.ts');
  const { paddleOcr } = await import('../src/pipeline/formats/ocr-paddle.ts');
  const all = [...pages(), ...(await receipts(Number(arg('seed') ?? 12), Number(arg('n') ?? 12)))];
  const words: Record<string, Record<string, Judged[]>> = {
    TESSERACT: { scan: [], receipt: [] },
    PADDLE: { scan: [], receipt: [] },
  };
  const { calibratedPaddleConfidence } = await import('../src/pipeline/formats/ocr-engine.ts');
  console.log('page\tengine\tconfidence\tcalibrated alone / beside tesseract\tCER\twords right');
  for (const p of all) {
    const readings = { TESSERACT: await ocrImage(p.image), PADDLE: await paddleOcr(p.image) };
    for (const engine of ['TESSERACT', 'PADDLE'] as const) {
      const r = readings[engine];
      const j = judged(r, p.truth, readings[engine === 'PADDLE' ? 'TESSERACT' : 'PADDLE']);
      words[engine]![p.kind]!.push(...j);
      const right = j.filter((w) => w.right).length;
      const calibrated =
        engine === 'PADDLE'
          ? `${calibratedPaddleConfidence(r).toFixed(3)} / ${calibratedPaddleConfidence(r, readings.TESSERACT).toFixed(3)}`
          : '';
      const chars = j.reduce((s, w) => s + w.chars, 0);
      const rightChars = j.filter((w) => w.right).reduce((s, w) => s + w.chars, 0);
      console.log(
        `${p.name}\t${engine}\t${r.confidence.toFixed(3)}\t${calibrated}\t${(cer(r.text, p.truth) * 100).toFixed(1)} %\t${right}/${j.length} (${(rightChars / Math.max(1, chars)).toFixed(3)} of characters)`,
      );
    }
  }
  console.log('\nengine\tpages\tconfidence bin\twords\tright (word share)\tright (char share)');
  for (const engine of ['TESSERACT', 'PADDLE']) {
    for (const kind of ['scan', 'receipt', 'all', 'all, other engine agrees', 'all, other engine differs']) {
      const both = [...words[engine]!.scan!, ...words[engine]!.receipt!];
      const ws = kind.startsWith('all')
        ? both.filter((w) =>
            kind.endsWith('agrees') ? w.agreed : kind.endsWith('differs') ? !w.agreed : true,
          )
        : words[engine]![kind]!;
      for (let b = 0; b + 1 < BINS.length; b++) {
        const inBin = ws.filter((w) => w.confidence >= BINS[b]! && w.confidence < BINS[b + 1]!);
        if (inBin.length === 0) continue;
        const right = inBin.filter((w) => w.right);
        const chars = inBin.reduce((s, w) => s + w.chars, 0);
        const rightChars = right.reduce((s, w) => s + w.chars, 0);
        console.log(
          `${engine}\t${kind}\t[${BINS[b]!.toFixed(3)}, ${Math.min(1, BINS[b + 1]!).toFixed(3)})\t${inBin.length}\t${(right.length / inBin.length).toFixed(3)}\t${(rightChars / chars).toFixed(3)}`,
        );
      }
    }
  }
  await (await import('../src/pipeline/formats/index.ts')).closeOcr();
}

await main();
