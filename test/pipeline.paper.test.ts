// The paper in a picture of it (src/pipeline/formats/paper.ts): a receipt on a scanner bed or a
// table is read alone; a page that is the picture, or paper that only fades into shadow, is not cut.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import { paperIn, paperRegion, paperRegionInPixels } from '../src/pipeline/formats/paper.ts';
import { LIMITS, noop, OPTIONS, pictureAsPdf, receiptImage, textImage } from '../testkit/format-fixtures.ts';

afterAll(closeOcr);

const ROWS: [string, string?][] = [
  ['KEDAI RUNCIT MAJU'],
  ['NO. 12, JALAN BESAR'],
  ['COFFEE', '4.50'],
  ['BREAD', '3.20'],
  ['TOTAL', '7.70'],
];

/** `paper` laid at (left, top) on a `width` × `height` background of grey `tone` with a faint grain. */
async function onBackground(
  paper: Buffer,
  width: number,
  height: number,
  left: number,
  top: number,
  tone = 60,
) {
  const grain = Buffer.alloc(width * height);
  for (let i = 0; i < grain.length; i++) grain[i] = tone + ((i * 2654435761) >>> 28);
  return sharp(grain, { raw: { width, height, channels: 1 } })
    .composite([{ input: paper, left, top }])
    .png()
    .toBuffer();
}

async function regionOf(png: Buffer) {
  const meta = await sharp(png).metadata();
  return paperRegion(sharp(png), meta.width ?? 0, meta.height ?? 0);
}

describe('paper on a background', () => {
  it('finds a receipt on a dark scanner bed, to within a few pixels of its edges', async () => {
    const receipt = await receiptImage(ROWS, { width: 700, fontSize: 30 });
    const meta = await sharp(receipt).metadata();
    const region = await regionOf(await onBackground(receipt, 2400, 3000, 1500, 200));
    expect(region).toBeDefined();
    const r = region as NonNullable<typeof region>;
    // The margin kept around the paper is a few pixels of the copy the paper is looked for in.
    expect(Math.abs(r.left - 1500)).toBeLessThan(40);
    expect(Math.abs(r.top - 200)).toBeLessThan(40);
    expect(Math.abs(r.left + r.width - (1500 + 700))).toBeLessThan(40);
    expect(Math.abs(r.top + r.height - (200 + (meta.height ?? 0)))).toBeLessThan(40);
  });

  it('finds it on cardboard as well as on black, and where it runs off the picture', async () => {
    const receipt = await receiptImage(ROWS, { width: 700, fontSize: 30 });
    const onCardboard = await regionOf(await onBackground(receipt, 2000, 1400, 1300, 0, 165));
    expect(onCardboard?.left).toBeGreaterThan(1250);
    expect(onCardboard?.top).toBe(0);
  });

  it('finds it in pixels already decoded by their brightness, on a red table as on a grey one', async () => {
    const receipt = await receiptImage(ROWS, { width: 700, fontSize: 30 });
    const { data, info } = await sharp({
      create: { width: 2000, height: 1600, channels: 3, background: '#dc2828' },
    })
      .composite([{ input: receipt, left: 1100, top: 300 }])
      .raw()
      .toBuffer({ resolveWithObject: true });
    const region = paperRegionInPixels(data, info.width, info.height, info.channels);
    expect(region?.left).toBeGreaterThan(1050);
    expect(region?.left).toBeLessThan(1110);
    expect(region?.width).toBeLessThan(800);
  });

  it('leaves a page that is the whole picture, a blank picture and a tiny one alone', async () => {
    expect(await regionOf(await textImage(['Please remit payment within', 'thirty days.']))).toBeUndefined();
    const blank = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(await regionOf(blank)).toBeUndefined();
    const white = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await regionOf(white)).toBeUndefined();
    const tiny = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await regionOf(tiny)).toBeUndefined();
    expect(paperIn(new Uint8Array(0), 0, 0)).toBeUndefined();
  });

  it('does not cut a page whose lower part is in shadow: its text there is page, not background', async () => {
    // A photo lit from above: the paper fades from white to grey, under the paper's brightness.
    const rows: [string, string?][] = Array.from({ length: 14 }, (_, i) => [`ITEM ${i + 1}`, `${i + 1}.00`]);
    const receipt = await receiptImage(rows, { width: 900, fontSize: 30 });
    const meta = await sharp(receipt).metadata();
    const [w, h] = [meta.width ?? 0, meta.height ?? 0];
    const shade = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#8c8c8c"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
    );
    const shaded = await sharp(receipt)
      .composite([{ input: shade, blend: 'multiply' }])
      .png()
      .toBuffer();
    expect(await regionOf(await onBackground(shaded, w + 80, h + 80, 40, 40, 90))).toBeUndefined();
  });

  it('does not cut an ID card to its white part: the print on its tinted panel is the card too', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="630"><rect width="100%" height="100%" fill="white"/><rect width="420" height="630" fill="#c08090"/><g font-family="DejaVu Sans, sans-serif" font-size="40" fill="black"><text x="30" y="100">SURNAME</text><text x="30" y="160">MUSTERMANN</text><text x="30" y="260">GIVEN NAMES</text><text x="30" y="320">ERIKA</text><text x="450" y="100">DRIVING LICENCE</text><text x="450" y="200">DE 12345678</text></g></svg>`;
    const card = await sharp(Buffer.from(svg)).png().toBuffer();
    const table = await sharp({ create: { width: 1800, height: 1300, channels: 3, background: '#2a2a2a' } })
      .composite([{ input: card, left: 400, top: 300 }])
      .png()
      .toBuffer();
    const region = await regionOf(table);
    // Cut to the whole card or not at all; never to its white half.
    if (region) expect(region.left).toBeLessThanOrEqual(400);
  });

  it('does not cut a page beside another page with text on it', async () => {
    const left = await textImage(['Dear Sir or Madam, thank you', 'for your letter of May 3.'], {
      width: 900,
    });
    const receipt = await receiptImage(ROWS, { width: 700, fontSize: 30 });
    const picture = await sharp({ create: { width: 2000, height: 1200, channels: 3, background: '#3c3c3c' } })
      .composite([
        { input: left, left: 0, top: 0 },
        { input: receipt, left: 1200, top: 100 },
      ])
      .png()
      .toBuffer();
    // Whichever sheet is larger, the other one's text lies outside it.
    expect(await regionOf(picture)).toBeUndefined();
  });
});

describe('OCR reads the paper alone', () => {
  it('an image: the page read is the receipt, and its total is there', async () => {
    const receipt = await receiptImage(ROWS, { width: 700, fontSize: 30 });
    const doc = await extractDocument(
      await onBackground(receipt, 2400, 3000, 1500, 200),
      OPTIONS,
      LIMITS,
      noop,
    );
    const page = doc.pages[0];
    expect(page?.ocrSize?.width).toBeLessThan(800);
    expect(page?.text).toMatch(/TOTAL\s+7\.70/);
  });

  it('a scanned PDF page: the same', async () => {
    const receipt = await receiptImage(ROWS, { width: 700, fontSize: 30 });
    const bed = await onBackground(receipt, 2550, 3300, 1600, 150);
    const doc = await extractDocument(await pictureAsPdf(bed, [612, 792]), OPTIONS, LIMITS, noop);
    const page = doc.pages[0];
    expect(page?.ocr).toBe(true);
    expect(page?.ocrSize?.width).toBeLessThan(900);
    expect(page?.text).toMatch(/TOTAL\s+7\.70/);
  });
});
