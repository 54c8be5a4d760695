// Uneven light is evened out before OCR (src/pipeline/formats/light.ts): a shadow across a
// receipt photo otherwise hides the print under it, since both engines split ink from paper by
// one level for the page. The table a cut to the paper keeps at its edges is whitened.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { renderReceipt, rngFor, type SynthReceipt } from '../bench/receipts-synth.ts';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import type { GreyPage } from '../src/pipeline/formats/ink.ts';
import { evenedLight } from '../src/pipeline/formats/light.ts';
import { LIMITS, noop, OPTIONS, receiptImage, SHOP_RECEIPT } from '../testkit/format-fixtures.ts';

afterAll(closeOcr);

/** The receipt with a shadow of brightness `shade` (of 255) over its right part, edge slanted. */
async function shaded(shade: number): Promise<Buffer> {
  const receipt = await receiptImage(SHOP_RECEIPT, { width: 800, fontSize: 30 });
  const { width = 0, height = 0 } = await sharp(receipt).metadata();
  const g = shade.toString(16).padStart(2, '0');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/><polygon points="${width * 0.45},0 ${width},0 ${width},${height} ${width * 0.6},${height}" fill="#${g}${g}${g}"/></svg>`;
  const shadow = await sharp(Buffer.from(svg)).blur(3).png().toBuffer();
  return sharp(receipt)
    .composite([{ input: shadow, blend: 'multiply' }])
    .png()
    .toBuffer();
}

async function grey(png: Buffer): Promise<GreyPage> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean of the pixels of `page` in the rectangle, lighter or darker than `split` as asked. */
function meanOf(page: GreyPage, x0: number, x1: number, lighter: boolean, split = 128): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < page.height; y++)
    for (let x = Math.round(x0 * page.width); x < Math.round(x1 * page.width); x++) {
      const v = page.data[y * page.width + x] as number;
      if (lighter ? v >= split : v < split) {
        sum += v;
        n++;
      }
    }
  return n ? sum / n : Number.NaN;
}

describe('uneven light evened out', () => {
  it('whitens the paper in shadow and keeps the print dark on it', async () => {
    const before = await grey(await shaded(0x50));
    // The shadowed paper is darker than the split most engines would make.
    expect(meanOf(before, 0.9, 1, false)).toBeGreaterThan(60);
    const after = evenedLight(before);
    expect(after).toBeDefined();
    if (!after) return;
    expect(meanOf(after, 0.9, 1, true)).toBeGreaterThan(230);
    expect(meanOf(after, 0, 0.3, true)).toBeGreaterThan(230);
    // The amounts under the shadow are still print: dark pixels remain at the right.
    expect(meanOf(after, 0.85, 1, false, 100)).toBeLessThan(60);
  });

  it('leaves alone a page lit evenly, a page with a dark band of print, and a blank page', async () => {
    expect(
      evenedLight(await grey(await receiptImage(SHOP_RECEIPT, { width: 800, fontSize: 30 }))),
    ).toBeUndefined();
    // A black heading bar with white print in it is print, not shade.
    const receipt = await receiptImage(SHOP_RECEIPT, { width: 800, fontSize: 30 });
    const { width = 0, height = 0 } = await sharp(receipt).metadata();
    const bar = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.round(height / 20)}"><rect width="100%" height="100%" fill="#000"/></svg>`;
    const barred = await sharp(receipt)
      .composite([{ input: Buffer.from(bar), top: 0, left: 0 }])
      .png()
      .toBuffer();
    expect(evenedLight(await grey(barred))).toBeUndefined();
    expect(
      evenedLight({ data: new Uint8Array(400 * 300).fill(255), width: 400, height: 300 }),
    ).toBeUndefined();
    expect(evenedLight({ data: new Uint8Array(2 * 2).fill(9), width: 2, height: 2 })).toBeUndefined();
  });

  it('OCR reads a photo with a hard shadow across it as it reads it unshaded', async () => {
    const png = await shaded(0x40);
    // The shadow's edge is not taken for a line of print and the page is not turned by it (17° before).
    const paddle = await extractDocument(png, { ...OPTIONS, ocrEngine: 'PADDLE' }, LIMITS, noop);
    const text = paddle.pages[0]?.text ?? '';
    expect(text).toMatch(/^KEDAI RUNCIT MAJU\nNO\. 12, JALAN BESAR\nCOFFEE 4\.50\n/);
    expect(text).toMatch(/\bTOTAL 22\.30\nCASH 50\.00\nCHANGE 27\.70/);
    const auto = (await extractDocument(png, OPTIONS, LIMITS, noop)).pages[0]?.text ?? '';
    expect(auto).toMatch(/^KEDAI RUNCIT MAJU\nNO\. 12, JALAN BESAR\nCOFFEE\b/);
    for (const amount of ['4.50', '3.20', '2.90', '5.60', '6.10', '22.30', '50.00', '27.70'])
      expect(auto).toContain(amount);
  });

  it('reads faded print on a receipt cut from a darker table, the table left at the edges of the cut whitened', async () => {
    // Thermal print faded to grey (~150 on paper ~240), the receipt 2.5° askew on a dark table: the
    // cut to the paper keeps wedges of table, darker than the print, along its sides.
    const receipt = await receiptImage(SHOP_RECEIPT, { width: 800, fontSize: 30 });
    const table = { r: 60, g: 60, b: 60 };
    const photo = await sharp(await sharp(receipt).blur(1.2).linear(0.45, 140).png().toBuffer())
      .extend({ top: 120, bottom: 120, left: 200, right: 200, background: table })
      .rotate(2.5, { background: table })
      .jpeg({ quality: 70 })
      .toBuffer();
    // Before, neither engine read a word of it.
    const text = (await extractDocument(photo, OPTIONS, LIMITS, noop)).pages[0]?.text ?? '';
    expect(text).toMatch(/^KEDAI RUNCIT MAJU\nNO\. 12, JALAN BESAR\n/);
    for (const amount of ['4.50', '3.20', '2.90', '5.60', '6.10', '22.30', '50.00', '27.70'])
      expect(text).toContain(amount);
  });

  it('reads faded print photographed close, the dark table showing only in the corners', async () => {
    // The same faded slip filling the picture, turned 3°: no cut to the paper is made, and the
    // table left in the corners was the darkest thing on the page. Before, no word was read.
    const receipt = await receiptImage(SHOP_RECEIPT, { width: 800, fontSize: 30 });
    const table = { r: 50, g: 50, b: 50 };
    const photo = await sharp(await sharp(receipt).blur(1.2).linear(0.45, 140).png().toBuffer())
      .rotate(3, { background: table })
      .jpeg({ quality: 70 })
      .toBuffer();
    const text = (await extractDocument(photo, OPTIONS, LIMITS, noop)).pages[0]?.text ?? '';
    expect(text).toMatch(/KEDAI RUNCIT MAJU\nNO\. 12, JALAN BESAR\n/);
    for (const amount of ['4.50', '3.20', '2.90', '22.30', '50.00', '27.70']) expect(text).toContain(amount);
  });

  it('whitens the table in the corners when the print is lighter than it, however dark its darkest', async () => {
    // A faded slip as bench/receipts-synth.ts renders it (written receipt 12, its seed): the
    // print's darkest band at 0.52 of the paper's brightness, no faded print by the old rule
    // (0.55), the rest fainter; the table at 0.2. Before, neither engine read a word of it.
    const receipts = JSON.parse(
      readFileSync(new URL('../bench/written/receipts.json', import.meta.url), 'utf8'),
    ) as SynthReceipt[];
    const photo = await renderReceipt(receipts[12] as SynthReceipt, rngFor(5012), true, { thermal: true });
    const text = (await extractDocument(photo, OPTIONS, LIMITS, noop)).pages[0]?.text ?? '';
    expect(text).toContain('TECHZONE DIGITAL ENTERPRISE');
    for (const amount of ['29.00', '143.00', '130.00']) expect(text).toContain(amount);
  });
});
