// Documents made in the test, never read from the corpus: text PDFs (pdf-lib), text images
// (sharp rendering an SVG with the machine's fonts), DOCX and zip archives (a minimal zip writer).
import { createHash } from 'node:crypto';
import { crc32, createDeflate, deflateRawSync, deflateSync } from 'node:zlib';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { expect } from 'vitest';
import {
  type Checkpoint,
  PipelineError,
  type PipelineLimits,
  type PipelineOptions,
} from '../src/pipeline/types.ts';

export const LIMITS: PipelineLimits = { maxPages: 50, maxPixels: 50_000_000, timeoutMs: 60_000 };
export const noop: Checkpoint = () => {};

/** The PipelineError a promise rejects with; fails the test if it resolves or throws anything else. */
export async function failureOf(promise: Promise<unknown>): Promise<PipelineError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PipelineError);
  return err as PipelineError;
}

export const OPTIONS: PipelineOptions = { ocr: 'AUTO', redactPii: false };

/** The fields a receipt EXTRACT asks for (the receipts accuracy set and the receipt tests). */
export const RECEIPT_SCHEMA = {
  type: 'object',
  properties: {
    company: { type: 'string' },
    date: { type: 'string' },
    address: { type: 'string' },
    total: { type: 'string' },
  },
} as const;

export async function textPdf(pages: { lines: string[]; rotate?: number }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const { lines, rotate } of pages) {
    const page = doc.addPage([612, 792]);
    lines.forEach((line, i) => {
      page.drawText(line, { x: 72, y: 700 - i * 20, size: 12, font });
    });
    if (rotate) page.setRotation(degrees(rotate));
  }
  return doc.save();
}

/** One page of 11 pt lines in Helvetica, some bold or italic; `apart` leaves a blank line's space above. */
export async function facedTextPdf(
  lines: { text: string; face?: 'bold' | 'italic'; apart?: boolean }[],
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
  };
  const page = doc.addPage([612, 792]);
  let y = 720;
  for (const { text, face, apart } of lines) {
    if (apart) y -= 14;
    page.drawText(text, { x: 72, y, size: 11, font: fonts[face ?? 'regular'] });
    y -= 14;
  }
  return doc.save();
}

/**
 * A PDF whose only page is a picture of text: no text layer, OCR has to read it. The picture,
 * `width` pixels wide, spans the Letter page's width at its top.
 */
export async function scannedPdf(
  lines: string[],
  { width = 1275, fontSize = 44 }: { width?: number; fontSize?: number } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const png = await doc.embedPng(await textImage(lines, { width, fontSize }));
  const page = doc.addPage([612, 792]);
  page.drawImage(png, {
    x: 0,
    y: 792 - (png.height * 612) / png.width,
    width: 612,
    height: (png.height * 612) / png.width,
  });
  return doc.save();
}

/** A PDF whose only page is `png`, filling a page of `size` points (by default the picture's own size at 200 dpi). */
export async function pictureAsPdf(png: Buffer, size?: [number, number]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(png);
  const [width, height] = size ?? [(image.width * 72) / 200, (image.height * 72) / 200];
  doc.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  return doc.save();
}

/** Black text on white, rendered from SVG. */
export async function textImage(
  lines: string[],
  { width = 1000, fontSize = 40, rotate = 0 }: { width?: number; fontSize?: number; rotate?: number } = {},
): Promise<Buffer> {
  const height = Math.round(fontSize * 1.8 * (lines.length + 1));
  const text = lines
    .map((l, i) => `<text x="${fontSize}" y="${Math.round(fontSize * 1.8 * (i + 1))}">${escapeXml(l)}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/><g font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="black">${text}</g></svg>`;
  return sharp(Buffer.from(svg)).rotate(rotate).png().toBuffer();
}

/**
 * A shop receipt as a photo would show it: rows of a left text and a right-aligned figure
 * (`[left, right]`), black on white, rendered from SVG.
 */
/** A shop receipt's rows (label, amount) for receiptImage: eleven lines, eight amounts. */
export const SHOP_RECEIPT: [string, string?][] = [
  ['KEDAI RUNCIT MAJU'],
  ['NO. 12, JALAN BESAR'],
  ['COFFEE', '4.50'],
  ['BREAD', '3.20'],
  ['SUGAR 1KG', '2.90'],
  ['MILK', '5.60'],
  ['EGGS 10', '6.10'],
  ['SUBTOTAL', '22.30'],
  ['TOTAL', '22.30'],
  ['CASH', '50.00'],
  ['CHANGE', '27.70'],
];

export async function receiptImage(
  rows: [string, string?][],
  { width = 900, fontSize = 30 }: { width?: number; fontSize?: number } = {},
): Promise<Buffer> {
  const pitch = Math.round(fontSize * 1.6);
  const height = pitch * (rows.length + 2);
  const text = rows
    .map(([left, right], i) => {
      const y = pitch * (i + 1);
      const l = `<text x="${fontSize}" y="${y}">${escapeXml(left)}</text>`;
      const r = right
        ? `<text x="${width - fontSize}" y="${y}" text-anchor="end">${escapeXml(right)}</text>`
        : '';
      return l + r;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/><g font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="black">${text}</g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface ZipFile {
  name: string;
  data: Buffer | string;
  /** Stored in the headers instead of the real size (a lying header). */
  claimedSize?: number;
}

/** A zip with deflated entries, enough for DOCX fixtures and zip bombs. */
export function makeZip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const data = Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data);
    const compressed = deflateRawSync(data);
    const name = Buffer.from(file.name);
    const size = file.claimedSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A minimal DOCX: a heading, a paragraph and a 2×2 table. */
export function docx(): Buffer {
  const p = (text: string, style?: string) =>
    `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t>${text}</w:t></w:r></w:p>`;
  const cell = (text: string) => `<w:tc>${p(text)}</w:tc>`;
  const body = [
    p('Quarterly Report', 'Heading1'),
    p('Revenue grew in every region.'),
    `<w:tbl><w:tr>${cell('Region')}${cell('Revenue')}</w:tr><w:tr>${cell('North')}${cell('1200')}</w:tr></w:tbl>`,
  ].join('');
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: 'word/_rels/document.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    },
    {
      name: 'word/styles.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`,
    },
    {
      name: 'word/document.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`,
    },
  ]);
}

/** A PNG whose header claims width×height pixels; the image data is a stub. */
export function pngClaiming(width: number, height: number): Buffer {
  return grayPng(width, height, deflateRawSync(Buffer.alloc(64)));
}

/** An 8-bit grayscale PNG of width×height with `idat` as its (compressed) image data. */
export function grayPng(width: number, height: number, idat: Buffer): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const PASSWORD_PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + (s[i] ?? 0) + (key[i % key.length] ?? 0)) & 255;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + (s[i] ?? 0)) & 255;
    [s[i], s[j]] = [s[j] ?? 0, s[i] ?? 0];
    out[n] = (data[n] ?? 0) ^ (s[((s[i] ?? 0) + (s[j] ?? 0)) & 255] ?? 0);
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const padded = (password: string) =>
  Buffer.concat([Buffer.from(password, 'latin1'), PASSWORD_PAD]).subarray(0, 32);

/**
 * A one-page PDF encrypted with the standard security handler, revision 2 (RC4, 40-bit): pdf-lib
 * cannot encrypt, so the file is written by hand (PDF 1.7, 7.6.3).
 */
export function encryptedPdf(userPassword: string, text: string): Buffer {
  const id = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
  const permissions = Buffer.alloc(4);
  permissions.writeInt32LE(-44);
  const owner = rc4(md5(padded('owner-secret')).subarray(0, 5), padded(userPassword));
  const key = md5(padded(userPassword), owner, permissions, id).subarray(0, 5);
  const user = rc4(key, PASSWORD_PAD);
  const objectKey = (num: number) =>
    md5(key, Buffer.from([num & 255, (num >> 8) & 255, 0, 0, 0])).subarray(0, 10);
  const content = rc4(objectKey(4), Buffer.from(`BT /F1 24 Tf 72 700 Td (${text}) Tj ET`, 'latin1'));
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    Buffer.concat([
      Buffer.from(`<< /Length ${content.length} >>\nstream\n`),
      content,
      Buffer.from('\nendstream'),
    ]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${owner.toString('hex')}> /U <${user.toString('hex')}> /P -44 >>`,
  ];
  return writePdf(objects, `/Encrypt 6 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>]`);
}

/** A PDF file of these objects (numbered from 1; the first is the catalog), with its xref table. */
export function writePdf(objects: (string | Buffer)[], trailerExtra = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let length = parts[0]?.length ?? 0;
  objects.forEach((body, i) => {
    const obj = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      Buffer.from(body),
      Buffer.from('\nendobj\n'),
    ]);
    offsets.push(length);
    parts.push(obj);
    length += obj.length;
  });
  const xref = [
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`,
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`),
  ].join('');
  const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra} >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref + trailer));
  return Buffer.concat(parts);
}

/**
 * A one-page PDF whose content stream is `inflatedBytes` of spaces and a line of text, deflated
 * `layers` times (a [/FlateDecode …] chain): a decompression bomb once inflatedBytes is large.
 * Deflated a MiB at a time, so the test's memory stays flat.
 */
export async function flateBombPdf(inflatedBytes: number, layers = 1): Promise<Buffer> {
  let data = await deflateChunked(inflatedBytes);
  for (let i = 1; i < layers; i++) data = deflateSync(data);
  const filter = `[${Array(layers).fill('/FlateDecode').join(' ')}]`;
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    Buffer.concat([
      Buffer.from(`<< /Length ${data.length} /Filter ${filter} >>\nstream\n`),
      data,
      Buffer.from('\nendstream'),
    ]),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

async function deflateChunked(spaces: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 1 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  for (let left = spaces; left > 0; left -= chunk.length) {
    if (!deflate.write(left >= chunk.length ? chunk : chunk.subarray(0, left)))
      await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end(Buffer.from('\nBT /F1 24 Tf 72 700 Td (Bomb text) Tj ET\n'));
  await done;
  return Buffer.concat(out);
}

/** A page in two columns under a full-width title; lines of both columns share baselines. */
export async function twoColumnPdf(title: string, left: string[], right: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([612, 792]);
  page.drawText(title, { x: 54, y: 730, size: 16, font });
  left.forEach((line, i) => {
    page.drawText(line, { x: 54, y: 690 - i * 13, size: 10, font });
  });
  right.forEach((line, i) => {
    page.drawText(line, { x: 318, y: 690 - i * 13, size: 10, font });
  });
  return doc.save();
}

/** Text drawn running up the page (turned 90° counter-clockwise) on a page without /Rotate. */
export async function sidewaysTextPdf(lines: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  lines.forEach((line, i) => {
    page.drawText(line, { x: 100 + i * 20, y: 100, size: 12, font, rotate: degrees(90) });
  });
  return doc.save();
}
