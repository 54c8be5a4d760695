// A page photographed or scanned askew (src/pipeline/formats/skew.ts) is turned level before OCR:
// past about ten degrees both engines pair a receipt's amounts with the wrong rows.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import { pageSkew, pageSkewInPixels } from '../src/pipeline/formats/skew.ts';
import {
  LIMITS,
  noop,
  OPTIONS,
  pictureAsPdf,
  receiptImage,
  SHOP_RECEIPT,
  textImage,
} from '../testkit/format-fixtures.ts';

afterAll(closeOcr);

/** The receipt turned `angle` degrees clockwise on a table of grey `tone`, with a margin around it. */
async function turned(angle: number, tone = 70): Promise<Buffer> {
  const receipt = await receiptImage(SHOP_RECEIPT, { width: 800, fontSize: 30 });
  const background = { r: tone, g: tone, b: tone };
  return sharp(receipt)
    .extend({ top: 150, bottom: 150, left: 250, right: 250, background })
    .rotate(angle, { background })
    .png()
    .toBuffer();
}

async function skewOf(png: Buffer, maxPixels = LIMITS.maxPixels) {
  const meta = await sharp(png).metadata();
  return pageSkew(sharp(png), meta.width ?? 0, meta.height ?? 0, maxPixels);
}

describe('how far a page is turned', () => {
  it('finds the turn back to level within half a degree, either way, up to 40°', async () => {
    for (const angle of [8, -15, 25, -40]) {
      const skew = await skewOf(await turned(angle));
      expect(skew?.turn, `turned ${angle}°`).toBeCloseTo(-angle, 0);
      expect(Math.abs((skew?.turn ?? 0) + angle)).toBeLessThan(0.5);
    }
  });

  it('does not turn a picture whose turned copy would pass the pixel limit', async () => {
    const png = await turned(20);
    const meta = await sharp(png).metadata();
    expect(await skewOf(png)).toBeDefined();
    expect(await skewOf(png, (meta.width ?? 0) * (meta.height ?? 0))).toBeUndefined();
  });

  it('fills the corners the turn opens with the table, not with white', async () => {
    expect((await skewOf(await turned(20, 70)))?.background).toBeLessThan(90);
  });

  it('turns a page on its side only back to upright: the quarter turn is left to OCR', async () => {
    const sideways = await sharp(await turned(12))
      .rotate(90)
      .png()
      .toBuffer();
    expect((await skewOf(sideways))?.turn).toBeCloseTo(-12, 0);
  });

  it('leaves alone a level page, one a few degrees off, a blank picture and a photo without print', async () => {
    expect(
      await skewOf(await textImage(['Please remit payment within', 'thirty days.', 'Thank you.'])),
    ).toBeUndefined();
    expect(await skewOf(await turned(2))).toBeUndefined();
    const blank = await sharp({ create: { width: 900, height: 700, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await skewOf(blank)).toBeUndefined();
    // Soft shapes at a slant, as in a photo of a scene: no lines of print.
    const shapes = Array.from(
      { length: 12 },
      (_, i) =>
        `<ellipse cx="${80 + ((i * 137) % 800)}" cy="${60 + ((i * 251) % 600)}" rx="${60 + ((i * 31) % 90)}" ry="${20 + ((i * 17) % 40)}" fill="#${(3 + (i % 6)).toString(16).repeat(6)}" transform="rotate(30 450 350)"/>`,
    ).join('');
    const photo = await sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="700"><rect width="100%" height="100%" fill="#9ab"/>${shapes}</svg>`,
      ),
    )
      .blur(6)
      .png()
      .toBuffer();
    expect(await skewOf(photo)).toBeUndefined();
    const tiny = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(await skewOf(tiny)).toBeUndefined();
    expect(pageSkewInPixels(new Uint8Array(30 * 30), 30, 30, 1, LIMITS.maxPixels)).toBeUndefined();
  });
});

describe('OCR reads a page turned level', () => {
  it('a photo 20° askew: each amount stays on its own row', async () => {
    const doc = await extractDocument(await turned(20), OPTIONS, LIMITS, noop);
    const text = doc.pages[0]?.text ?? '';
    expect(text).toMatch(/\bTOTAL\s+22\.30/);
    expect(text).toMatch(/CHANGE\s+27\.70/);
  });

  it('a scanned PDF page 18° askew: the same', async () => {
    const doc = await extractDocument(await pictureAsPdf(await turned(-18)), OPTIONS, LIMITS, noop);
    const page = doc.pages[0];
    expect(page?.ocr).toBe(true);
    expect(page?.text).toMatch(/\bTOTAL\s+22\.30/);
    expect(page?.text).toMatch(/CHANGE\s+27\.70/);
  });
});
