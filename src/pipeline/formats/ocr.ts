// OCR with tesseract.js: one English worker and one orientation (OSD) worker per thread,
// created on first use and reused, since creating one costs a few hundred milliseconds.
// Everything is read from the installed @tesseract.js-data packages; nothing is downloaded
// or cached on disk (cacheMethod 'none').
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp, { type Region } from 'sharp';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { PipelineError } from '../types.ts';
import { inkBounds } from './ink.ts';

const require = createRequire(import.meta.url);
const dataDir = (pkg: string, version: string) =>
  path.join(path.dirname(require.resolve(`@tesseract.js-data/${pkg}/package.json`)), version);

export const OCR_ENGINES = ['TESSERACT', 'PADDLE'] as const;
export type OcrEngine = (typeof OCR_ENGINES)[number];

/** Pixels of the upright page image (after `rotation`), origin top left. */
export interface OcrBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One recognised word, whichever engine read it. */
export interface OcrWord {
  text: string;
  /** 0..1. */
  confidence: number;
  box: OcrBox;
  /** Index of its line in OcrResult.lines. */
  line: number;
}

export interface OcrLine {
  /** Its words joined by single spaces. */
  text: string;
  /** 0..1, the mean of its words'. */
  confidence: number;
  box: OcrBox;
}

/** What an OCRed page keeps of its reading besides the text: the engine, and lines and words with boxes. */
export interface OcrLayout {
  ocrEngine?: OcrEngine | undefined;
  /** Size of the upright page image the boxes refer to. */
  ocrSize?: { width: number; height: number } | undefined;
  lines?: OcrLine[] | undefined;
  words?: OcrWord[] | undefined;
  /**
   * PaddleOCR's words for a page AUTO kept tesseract's reading of, when the job asked for a
   * second reading (EXTRACT): figures are taken from it (ocr-engine.ts, `secondReading`).
   */
  figureWords?: OcrWord[] | undefined;
  /**
   * Tesseract's words for a page AUTO gave to PaddleOCR, when the job asked for a second reading:
   * a name or address it read in the same words keeps tesseract's points and spaces, which
   * PaddleOCR drops (ocr-engine.ts, `secondReading`).
   */
  punctuationWords?: OcrWord[] | undefined;
}

export interface OcrResult {
  text: string;
  /**
   * 0..1, the engine's mean word (tesseract) or character (PaddleOCR) confidence; a page AUTO or
   * PADDLE hands on carries PaddleOCR's calibrated to tesseract's scale (ocr-engine.ts).
   */
  confidence: number;
  /** Degrees the image was turned clockwise before recognition. */
  rotation: 0 | 90 | 180 | 270;
  engine: OcrEngine;
  /** Size of the upright page image the boxes refer to. */
  width: number;
  height: number;
  /** Lines in reading order, and their words, with boxes. */
  lines: OcrLine[];
  words: OcrWord[];
  /** PaddleOCR's reading of the same page, beside tesseract's (ocrPage's `secondReading`). */
  figures?: OcrResult | undefined;
  /** Tesseract's weak reading of a page PaddleOCR read, beside it (ocrPage's `secondReading`). */
  punctuation?: OcrResult | undefined;
}

/** Below this OSD confidence the orientation is decided by trial recognition instead. */
const OSD_MIN_CONFIDENCE = 2;
/** Longest side of the copy used for orientation trials. */
const TRIAL_SIDE = 1200;
/**
 * Images whose longest side is under this are doubled: a page scanned or rendered at 72-150 dpi
 * has letters too small for tesseract (it wants ~20 px x-height). Measured on a 72-dpi page
 * (unstructured DA-1p.jpg): CER 1.6 % → 0.3 %, and OSD finds the orientation again.
 */
const SMALL_SIDE = 1700;

let eng: Promise<Worker> | undefined;
let osd: Promise<Worker> | undefined;
let queue: Promise<unknown> = Promise.resolve();

function engWorker(): Promise<Worker> {
  eng ??= (async () => {
    const worker = await createWorker('eng', OEM.LSTM_ONLY, {
      langPath: dataDir('eng', '4.0.0_best_int'),
      gzip: true,
      cacheMethod: 'none',
    });
    // The library API defaults to one uniform block (PSM 6), which reads multi-column pages across the
    // columns; the tesseract CLI's automatic segmentation (PSM 3) finds the columns. Tesseract's
    // diagnostics ("Detected 21 diacritics") go to its debug file, not the service's stderr.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
    return worker;
  })();
  return eng;
}

function osdWorker(): Promise<Worker> {
  osd ??= (async () => {
    // Orientation detection lives in tesseract's legacy engine, hence the legacy core and data.
    const worker = await createWorker('osd', OEM.TESSERACT_ONLY, {
      langPath: dataDir('osd', '4.0.0'),
      gzip: true,
      cacheMethod: 'none',
      legacyCore: true,
      legacyLang: true,
    });
    await worker.setParameters({ debug_file: '/dev/null' });
    return worker;
  })();
  return osd;
}

/** Starts this thread's tesseract workers ahead of the first page (a few seconds each, cold). */
export async function warmOcr(): Promise<void> {
  await Promise.all([engWorker(), osdWorker()]);
}

/** Ends this thread's tesseract workers (tests, benchmarks, shutdown). */
export async function closeOcr(): Promise<void> {
  const workers = [eng, osd];
  eng = undefined;
  osd = undefined;
  await Promise.all(workers.map(async (w) => (await w)?.terminate()));
}

// One recognition at a time per thread: the workers are single-threaded anyway, and a queue keeps
// a second caller from interleaving jobs with the first.
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Recognises one page image (any format sharp decodes), turned upright first: tesseract's own
 * orientation handling leaves some 180° scans unreadable, so the image is rotated here.
 */
export function ocrImage(image: Buffer, opts: { dpi?: number } = {}): Promise<OcrResult> {
  return serial(async () => {
    try {
      const page = await prepare(image, opts.dpi);
      const gray = page.png;
      const eng = await engWorker();
      // Most pages come upright: read the page as it is first, and look for its orientation only
      // when that reading is weak (sideways or upside-down text reads as few, unsure words).
      const first = (await eng.recognize(gray, {}, { blocks: true })).data;
      let rotation: OcrResult['rotation'] = 0;
      let data = first;
      if (!readsUpright(first)) {
        rotation = await detectRotation(gray);
        if (rotation !== 0) {
          const upright = await sharp(gray).rotate(rotation).png({ compressionLevel: 1 }).toBuffer();
          const turned = (await eng.recognize(upright, {}, { blocks: true })).data;
          // Tesseract turns sideways text back by itself: a turned page whose lines it read running
          // down was upright after all (an askew photo whose first reading was only weak), and its
          // boxes would lie across the text. The first reading stands.
          if (readDownwards(turned.blocks ?? [])) rotation = 0;
          else data = turned;
        }
      }
      const text = tidyOcrText(data.text);
      const turned = rotation === 90 || rotation === 270;
      return {
        text,
        // Tesseract reports a confidence even when it found no words at all.
        confidence: text ? clamp01(data.confidence / 100) : 0,
        rotation,
        engine: 'TESSERACT',
        // Boxes in the page image as given: the copy read may have been cropped and doubled (prepare).
        ...layoutOf(data.blocks ?? [], page.factor, cropOffset(page, rotation)),
        width: Math.round((turned ? page.height : page.width) / page.factor),
        height: Math.round((turned ? page.width : page.height) / page.factor),
      };
    } catch (err) {
      if (err instanceof PipelineError) throw err;
      throw new PipelineError('ocr_failed', 'OCR failed on a page.', undefined, { cause: err });
    }
  });
}

/** A page whose ink covers less than this share of it is read cropped to its ink. */
const CROP_BELOW = 0.5;
/** Blank paper kept around the ink of a cropped page, in pixels of the copy read. */
const CROP_MARGIN = 64;

/** The copy tesseract reads: a PNG of `region` of the page copy (`width` × `height`, `factor` × the image). */
interface Prepared {
  png: Buffer;
  factor: number;
  width: number;
  height: number;
  region: Region;
}

/**
 * Grayscale, EXIF-upright, small images doubled (`factor`), and a resolution tesseract can use
 * for its size heuristics. A page with little on it (a few lines, a small receipt on a scanner
 * bed) is cropped to its ink and a margin: tesseract.js spends most of its time on the blank
 * paper otherwise (a 300-dpi page of three lines: 0.67 s whole, 0.32 s cropped).
 */
async function prepare(image: Buffer, dpi: number | undefined): Promise<Prepared> {
  const meta = await sharp(image).metadata();
  const pipeline = sharp(image).rotate().flatten({ background: '#ffffff' }).grayscale();
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const longest = Math.max(width, meta.autoOrient?.height ?? meta.height ?? 0);
  let density = dpi ?? (meta.density && meta.density >= 70 ? meta.density : 300);
  let factor = 1;
  if (longest > 0 && longest < SMALL_SIDE) {
    pipeline.resize({ width: width * 2, kernel: 'lanczos3' });
    density *= 2;
    factor = 2;
  }
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const full = { left: 0, top: 0, width: info.width, height: info.height };
  const ink = inkBounds(data, info.width, info.height, info.channels, inkLevel(data, info.channels));
  const region =
    ink && ink.width * ink.height < CROP_BELOW * info.width * info.height ? grow(ink, full) : full;
  const png = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .extract(region)
    .withMetadata({ density })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return { png, factor, width: info.width, height: info.height, region };
}

/** Ink lies at least this far under the paper's level (the page's median), sensor noise does not. */
const INK_BELOW_PAPER = 32;

/**
 * What counts as ink when the page is cropped: darker than mid-grey, or than a little under the
 * paper (the median of a page mostly blank) where that is lighter. Faded print (an old thermal
 * slip's, lighter towards one edge) is lighter than mid-grey; cropped by mid-grey, the page lost
 * its faded lines before tesseract saw them.
 */
function inkLevel(data: Uint8Array, channels: number): number {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < data.length; i += channels) {
    const v = data[i] as number;
    histogram[v] = (histogram[v] as number) + 1;
  }
  let seen = 0;
  let median = 0;
  for (const half = data.length / channels / 2; median < 255; median++) {
    seen += histogram[median] as number;
    if (seen >= half) break;
  }
  return Math.max(128, median - INK_BELOW_PAPER);
}

function grow(r: Region, within: Region): Region {
  const left = Math.max(0, r.left - CROP_MARGIN);
  const top = Math.max(0, r.top - CROP_MARGIN);
  const right = Math.min(within.width, r.left + r.width + CROP_MARGIN);
  const bottom = Math.min(within.height, r.top + r.height + CROP_MARGIN);
  return { left, top, width: right - left, height: bottom - top };
}

/** Where the copy read lies in the page copy turned by `rotation` (clockwise). */
function cropOffset(page: Prepared, rotation: OcrResult['rotation']): { x: number; y: number } {
  const { region: r, width: w, height: h } = page;
  if (rotation === 90) return { x: h - r.top - r.height, y: r.left };
  if (rotation === 180) return { x: w - r.left - r.width, y: h - r.top - r.height };
  if (rotation === 270) return { x: r.top, y: w - r.left - r.width };
  return { x: r.left, y: r.top };
}

type TesseractBlock = NonNullable<Awaited<ReturnType<Worker['recognize']>>['data']['blocks']>[number];

/** Tesseract's blocks → lines and words, boxes moved by `offset` and divided by `factor`, empty words left out. */
function layoutOf(
  blocks: TesseractBlock[],
  factor: number,
  offset: { x: number; y: number },
): { lines: OcrLine[]; words: OcrWord[] } {
  const box = (b: { x0: number; y0: number; x1: number; y1: number }): OcrBox => ({
    x: Math.round((b.x0 + offset.x) / factor),
    y: Math.round((b.y0 + offset.y) / factor),
    width: Math.round((b.x1 - b.x0) / factor),
    height: Math.round((b.y1 - b.y0) / factor),
  });
  const lines: OcrLine[] = [];
  const words: OcrWord[] = [];
  for (const line of blocks.flatMap((b) => b.paragraphs.flatMap((p) => p.lines))) {
    const found = line.words.filter((w) => w.text.trim() !== '');
    if (found.length === 0) continue;
    for (const w of found) {
      words.push({
        text: w.text.trim(),
        confidence: clamp01(w.confidence / 100),
        box: box(w.bbox),
        line: lines.length,
      });
    }
    lines.push({
      text: found.map((w) => w.text.trim()).join(' '),
      confidence: clamp01(line.confidence / 100),
      box: box(line.bbox),
    });
  }
  return { lines, words };
}

/** A reading this confident, with this many words of letters, is taken as upright. */
const UPRIGHT_MIN_CONFIDENCE = 80;
const UPRIGHT_MIN_WORDS = 3;

function readsUpright(data: { text: string; confidence: number }): boolean {
  return data.confidence >= UPRIGHT_MIN_CONFIDENCE && wordsOf(data.text) >= UPRIGHT_MIN_WORDS;
}

/** Whether most lines of some length were read running down the image, not across it. */
export function readDownwards(blocks: TesseractBlock[]): boolean {
  const lines = blocks
    .flatMap((b) => b.paragraphs.flatMap((p) => p.lines))
    .filter((l) => l.text.trim().length >= 6);
  const down = lines.filter((l) => l.bbox.y1 - l.bbox.y0 > 1.5 * (l.bbox.x1 - l.bbox.x0)).length;
  return lines.length > 0 && down > lines.length / 2;
}

/** Words with two letters or more in a row: what an upright reading of text is made of. */
function wordsOf(text: string): number {
  return text.split(/\s+/).filter((w) => /[a-z]{2,}/i.test(w)).length;
}

async function detectRotation(png: Buffer): Promise<OcrResult['rotation']> {
  try {
    const { data } = await (await osdWorker()).detect(png);
    const degrees = normaliseRotation(data.orientation_degrees ?? 0);
    if ((data.orientation_confidence ?? 0) >= OSD_MIN_CONFIDENCE) return degrees;
  } catch {
    // OSD finds nothing on pages with too little text; the trials below decide.
  }
  return trialRotation(png);
}

/** Recognises a small copy at each orientation and keeps the one tesseract is most confident in. */
async function trialRotation(png: Buffer): Promise<OcrResult['rotation']> {
  const small = await sharp(png)
    .resize({ width: TRIAL_SIDE, height: TRIAL_SIDE, fit: 'inside', withoutEnlargement: true })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const worker = await engWorker();
  let best: { rotation: OcrResult['rotation']; score: number } = { rotation: 0, score: -1 };
  for (const rotation of [0, 180, 90, 270] as const) {
    const turned = rotation === 0 ? small : await sharp(small).rotate(rotation).png().toBuffer();
    const { data } = await worker.recognize(turned);
    // Confidence alone favours a page read as a few confident fragments: weigh in the words found.
    const score = data.confidence * Math.log2(2 + wordsOf(data.text));
    if (score > best.score) best = { rotation, score };
  }
  return best.rotation;
}

function normaliseRotation(degrees: number): OcrResult['rotation'] {
  const r = (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
  return r as OcrResult['rotation'];
}

function clamp01(n: number): number {
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
}

function tidyOcrText(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
