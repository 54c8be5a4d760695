import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import type { PipelineLimits } from '../src/pipeline/types.ts';
import { failureOf, LIMITS, noop, OPTIONS, pngClaiming, textImage } from '../testkit/format-fixtures.ts';

const extract = (bytes: Uint8Array, limits: PipelineLimits = LIMITS) =>
  extractDocument(bytes, OPTIONS, limits, noop);

afterAll(closeOcr);

const LINES = ['Please remit payment within', 'thirty days of the invoice date.'];
const words = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('image OCR', () => {
  it('reads a PNG', async () => {
    const doc = await extract(await textImage(LINES));
    expect(doc).toMatchObject({ kind: 'png', mimeType: 'image/png' });
    expect(doc.pages).toHaveLength(1);
    expect(doc.pages[0]).toMatchObject({ index: 1, ocr: true });
    expect(doc.pages[0]?.confidence).toBeGreaterThan(0.8);
    expect(words(doc.pages[0]?.text)).toBe(LINES.join(' '));
  });

  it('turns sideways and upside-down scans upright before reading them', async () => {
    for (const rotate of [90, 180]) {
      const jpeg = await sharp(await textImage(LINES, { rotate }))
        .jpeg({ quality: 90 })
        .toBuffer();
      const doc = await extract(jpeg);
      expect(words(doc.pages[0]?.text), `rotated ${rotate}`).toBe(LINES.join(' '));
    }
  });

  it('reads black text on a transparent background, whatever colour the transparent pixels hide', async () => {
    // A screenshot or an export with transparency: the text opaque, the rest transparent black.
    // Each reader takes the page as it sits on white paper.
    const { data, info } = await sharp(await textImage(LINES))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const rgba = Buffer.alloc(info.width * info.height * 4);
    for (let i = 0; i < info.width * info.height; i++) rgba[i * 4 + 3] = 255 - (data[i] as number);
    const png = await sharp(rgba, { raw: { width: info.width, height: info.height, channels: 4 } })
      .png()
      .toBuffer();
    for (const ocrEngine of ['AUTO', 'PADDLE'] as const) {
      const doc = await extractDocument(png, { ...OPTIONS, ocrEngine }, LIMITS, noop);
      expect(words(doc.pages[0]?.text), ocrEngine).toBe(LINES.join(' '));
    }
  });

  it("reads a phone's HEIC photo and an AVIF", async () => {
    const heic = readFileSync(new URL('fixtures/images/remit.heic', import.meta.url));
    const fromHeic = await extract(heic);
    expect(fromHeic).toMatchObject({ kind: 'heic', mimeType: 'image/heic' });
    expect(words(fromHeic.pages[0]?.text)).toBe(LINES.join(' '));
    const avif = await sharp(await textImage(LINES))
      .avif({ quality: 60 })
      .toBuffer();
    const fromAvif = await extract(avif);
    expect(fromAvif).toMatchObject({ kind: 'avif', mimeType: 'image/avif' });
    expect(words(fromAvif.pages[0]?.text)).toBe(LINES.join(' '));
  });

  it('reads every page of a multi-page TIFF, reporting progress per page', async () => {
    const pages = [await textImage(['First page of the fax']), await textImage(['Second page of the fax'])];
    const tiff = await sharp(pages, { join: { animated: true } })
      .tiff()
      .toBuffer();
    const progress: number[] = [];
    const doc = await extractDocument(tiff, OPTIONS, LIMITS, ({ progress: p }) => {
      progress.push(p);
    });
    expect(doc.kind).toBe('tiff');
    expect(doc.pages.map((p) => words(p.text))).toEqual(['First page of the fax', 'Second page of the fax']);
    expect(progress).toEqual([0.5, 1]);
    expect((await failureOf(extract(tiff, { ...LIMITS, maxPages: 1 }))).code).toBe('too_many_pages');
  });
});

describe('hostile images', () => {
  it('refuses a tiny PNG that claims 100k × 100k pixels from its header, at once', async () => {
    const bomb = pngClaiming(100_000, 100_000);
    expect(bomb.length).toBeLessThan(1024);
    const started = performance.now();
    const err = await failureOf(extract(bomb));
    expect(err.code).toBe('document_too_large');
    expect(err.details).toMatchObject({ width: 100_000, height: 100_000 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses an image just over the pixel limit', async () => {
    const png = await textImage(['x'], { width: 400 });
    expect((await failureOf(extract(png, { ...LIMITS, maxPixels: 1000 }))).code).toBe('document_too_large');
  });

  it("checks a HEIC photo's size before decoding it, and fails a damaged one as corrupt", async () => {
    const heic = readFileSync(new URL('fixtures/images/remit.heic', import.meta.url));
    const big = await failureOf(extract(heic, { ...LIMITS, maxPixels: 1000 }));
    expect(big.code).toBe('document_too_large');
    expect(big.details).toMatchObject({ width: 760, maxPixels: 1000 });
    for (const damaged of [
      heic.subarray(0, heic.length / 2),
      heic.subarray(0, 40),
      Buffer.concat([heic.subarray(0, 32), randomBytes(4000)]),
    ]) {
      expect((await failureOf(extract(damaged))).code).toBe('corrupt_document');
    }
  });

  it('fails a truncated image as corrupt', async () => {
    const png = await textImage(LINES);
    expect((await failureOf(extract(png.subarray(0, png.length / 2)))).code).toBe('corrupt_document');
    const jpeg = await sharp(png).jpeg().toBuffer();
    expect((await failureOf(extract(jpeg.subarray(0, 40)))).code).toBe('corrupt_document');
  });
});
