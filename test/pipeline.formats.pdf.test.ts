import { afterAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import type { PipelineOptions } from '../src/pipeline/types.ts';
import {
  encryptedPdf,
  facedTextPdf,
  failureOf,
  LIMITS,
  noop,
  OPTIONS,
  scannedPdf,
  sidewaysTextPdf,
  textPdf,
  twoColumnPdf,
} from '../testkit/format-fixtures.ts';

const extract = (bytes: Uint8Array, options: Partial<PipelineOptions> = {}, limits = LIMITS) =>
  extractDocument(bytes, { ...OPTIONS, ...options }, limits, noop);

afterAll(closeOcr);

const LETTER = ['Dear Ms. Smith,', 'Thank you for your order number 4711.', 'It ships on Monday.'];

describe('PDF text layer', () => {
  it('gives each page its lines in reading order, with progress after each page', async () => {
    const pdf = await textPdf([{ lines: LETTER }, { lines: ['Second page', 'with more words here'] }]);
    const progress: number[] = [];
    const doc = await extractDocument(pdf, OPTIONS, LIMITS, ({ stage, progress: p }) => {
      expect(stage).toBe('OCR');
      progress.push(p);
    });
    expect(doc).toMatchObject({ kind: 'pdf', mimeType: 'application/pdf' });
    expect(doc.pages.map((p) => p.text)).toEqual([LETTER.join('\n'), 'Second page\nwith more words here']);
    expect(doc.pages.map((p) => [p.index, p.ocr, p.confidence])).toEqual([
      [1, false, 1],
      [2, false, 1],
    ]);
    expect(progress).toEqual([0.5, 1]);
    expect(doc.markdown).toBe(`${LETTER.join('\n')}\n\nSecond page\nwith more words here`);
  });

  it('reads pages with /Rotate 90, 180 and 270 upright', async () => {
    const pdf = await textPdf([90, 180, 270].map((rotate) => ({ lines: LETTER, rotate })));
    const doc = await extract(pdf);
    for (const page of doc.pages) expect(page.text).toBe(LETTER.join('\n'));
  });

  it('reads text drawn sideways on an unrotated page upright, lines in order', async () => {
    const doc = await extract(await sidewaysTextPdf(LETTER));
    expect(doc.pages[0]?.text).toBe(LETTER.join('\n'));
  });

  it('reads a two-column page column by column, and keeps table rows as rows', async () => {
    const left = Array.from({ length: 8 }, (_, i) => `Left column sentence number ${i + 1} runs on here`);
    const right = Array.from({ length: 8 }, (_, i) => `Right column sentence number ${i + 1} goes on too`);
    const columns = await extract(await twoColumnPdf('A Study in Two Columns', left, right));
    expect(columns.pages[0]?.text).toBe(['A Study in Two Columns', '', ...left, '', ...right].join('\n'));
    // The title is set at 1.6 times the body size: a heading in the Markdown.
    expect(columns.pages[0]?.markdown).toBe(
      ['# A Study in Two Columns', '', ...left, '', ...right].join('\n'),
    );
    expect(columns.markdown.startsWith('# A Study in Two Columns\n\nLeft column')).toBe(true);
    // Short cells on both sides of the gap: a table, read across.
    const cells = Array.from({ length: 8 }, (_, i) => `Item ${i + 1}`);
    const prices = Array.from({ length: 8 }, (_, i) => `${(i + 1) * 10}.00`);
    const table = await extract(await twoColumnPdf('Price list', cells, prices));
    expect(table.pages[0]?.text.split('\n').slice(2, 4)).toEqual(['Item 1  10.00', 'Item 2  20.00']);
  });

  it('marks a bold or italic line at the body size as a heading only where it heads what follows', async () => {
    // Paragraphs of two lines: the usual line pitch is the body's, and a blank line sets a line apart.
    const body = (text: string) => [{ text }, { text: 'and so the paragraph goes on to its end.' }];
    const doc = await extract(
      await facedTextPdf([
        ...body('The goods are shipped within five working days of the order,'),
        { text: 'Terms of Delivery', face: 'bold', apart: true },
        ...body('Delivery is free above 50 euros; below, a flat fee applies,'),
        // A bold paragraph: its first line is set apart too, but what follows is bold as well.
        { text: 'Please note that all prices', face: 'bold', apart: true },
        { text: 'include the statutory VAT at the current rate.', face: 'bold' },
        { text: 'Total due: 40.00', face: 'bold', apart: true },
        ...body('Payable within 14 days,'),
        { text: 'Figure 2 The returns form', face: 'italic', apart: true },
        ...body('Returns are accepted for thirty days,'),
        { text: 'Returns and Refunds', face: 'italic', apart: true },
        ...body('Refunds go to the card that paid,'),
      ]),
    );
    const headings = doc.markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual(['#### Terms of Delivery', '#### Returns and Refunds']);
    expect(doc.pages[0]?.text).toContain('Terms of Delivery\nDelivery is free');
  });

  it('opens an encrypted PDF with its password, and refuses it without or with a wrong one', async () => {
    const pdf = encryptedPdf('s3cret', 'Confidential merger memo');
    expect((await failureOf(extract(pdf))).code).toBe('encrypted_document');
    expect((await failureOf(extract(pdf, { password: 'guess' }))).code).toBe('encrypted_document');
    const doc = await extract(pdf, { password: 's3cret' });
    expect(doc.pages[0]?.text).toBe('Confidential merger memo');
  });

  it('refuses more pages than the limit before reading any page', async () => {
    const pdf = await textPdf([{ lines: ['a'] }, { lines: ['b'] }, { lines: ['c'] }]);
    const seen: number[] = [];
    const err = await failureOf(
      extractDocument(pdf, OPTIONS, { ...LIMITS, maxPages: 2 }, ({ progress }) => {
        seen.push(progress);
      }),
    );
    expect(err.code).toBe('too_many_pages');
    expect(err.details).toMatchObject({ pageCount: 3, maxPages: 2 });
    expect(seen).toEqual([]);
  });
});

describe('broken PDFs fail fast as corrupt_document', () => {
  it('truncated at several points', async () => {
    const pdf = await textPdf([{ lines: LETTER }, { lines: LETTER }]);
    for (const cut of [0.5, 0.9, 0.99]) {
      const started = performance.now();
      const err = await failureOf(extract(pdf.subarray(0, Math.floor(pdf.length * cut))));
      expect(err.code).toBe('corrupt_document');
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('a PDF header followed by garbage', async () => {
    const junk = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.alloc(5000, 0x41),
      Buffer.from('\n%%EOF\n'),
    ]);
    expect((await failureOf(extract(junk))).code).toBe('corrupt_document');
  });
});

describe('PDF OCR', () => {
  it('OCRs a page without a text layer', async () => {
    const doc = await extract(await scannedPdf(['Invoice number 4711', 'Total amount due 250 EUR']));
    const [page] = doc.pages;
    expect(page?.ocr).toBe(true);
    expect(page?.confidence).toBeGreaterThan(0.8);
    expect(page?.text).toContain('Invoice number 4711');
    expect(page?.text).toContain('Total amount due 250 EUR');
  });

  it('with ocr FORCE OCRs a page that has a text layer; with OFF leaves a scan empty', async () => {
    const forced = await extract(await textPdf([{ lines: ['Forced recognition works well'] }]), {
      ocr: 'FORCE',
    });
    expect(forced.pages[0]?.ocr).toBe(true);
    expect(forced.pages[0]?.text).toContain('Forced recognition works well');
    const off = await extract(await scannedPdf(['Nothing to see']), { ocr: 'OFF' });
    expect(off.pages[0]).toMatchObject({ ocr: false, text: '' });
  });
});
