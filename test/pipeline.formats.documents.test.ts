// HTML, Markdown, plain text and DOCX through extractDocument, and the zip guards.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../src/pipeline/formats/index.ts';
import type { Checkpoint } from '../src/pipeline/types.ts';
import { docx, failureOf, LIMITS, makeZip, noop, OPTIONS } from '../testkit/format-fixtures.ts';

const extract = (bytes: Uint8Array, checkpoint: Checkpoint = noop) =>
  extractDocument(bytes, OPTIONS, LIMITS, checkpoint);

describe('HTML', () => {
  it('gives readable text and Markdown with headings, lists, tables and links, without scripts', async () => {
    const html = `<!doctype html><html><head><title>T</title><style>p{color:red}</style></head><body>
      <h1>Terms &amp; Conditions</h1><p>Read <b>carefully</b>, see <a href="https://example.com/t">the site</a>.</p>
      <ul><li>First</li><li>Second<ol><li>Nested</li></ol></li></ul>
      <table><tr><th>Item</th><th>Price</th></tr><tr><td>Pen</td><td>2.50</td></tr></table>
      <script>document.write('nope')</script></body></html>`;
    const doc = await extract(Buffer.from(html));
    expect(doc.kind).toBe('html');
    expect(doc.mimeType).toBe('text/html');
    const [page] = doc.pages;
    expect(page).toMatchObject({ index: 1, ocr: false, confidence: 1 });
    expect(page?.text).toContain('Terms & Conditions');
    expect(page?.text).toContain('Read carefully, see the site.');
    expect(page?.text).toContain('Item\tPrice\nPen\t2.50');
    expect(page?.text).not.toContain('nope');
    expect(page?.text).not.toContain('color');
    expect(doc.markdown).toContain('# Terms & Conditions');
    expect(doc.markdown).toContain('Read **carefully**, see [the site](https://example.com/t).');
    expect(doc.markdown).toContain('- First\n- Second\n  1. Nested');
    expect(doc.markdown).toContain('| Item | Price |\n| --- | --- |\n| Pen | 2.50 |');
  });
});

describe('Markdown and plain text', () => {
  it('keeps Markdown as markdown and strips its markup for the text', async () => {
    const doc = await extract(
      Buffer.from('# Notes\r\n\r\nSee **this** and [that](https://x.org).\r\n\r\n- one\r\n- two\r\n'),
    );
    expect(doc.kind).toBe('markdown');
    expect(doc.markdown).toBe('# Notes\n\nSee **this** and [that](https://x.org).\n\n- one\n- two');
    expect(doc.pages[0]?.text).toBe('Notes\n\nSee this and that.\n\n- one\n- two');
  });

  it('reads a legacy Windows-1252 file', async () => {
    const doc = await extract(Buffer.from('Menu: caf\xe9 cr\xe8me for \x80 5', 'latin1'));
    expect(doc.pages[0]?.text).toBe('Menu: café crème for € 5');
  });

  it('gives plain text back as one page', async () => {
    const doc = await extract(Buffer.from('Invoice 42\nTotal due: 99.00 EUR\n'));
    expect(doc).toMatchObject({ kind: 'text', mimeType: 'text/plain' });
    expect(doc.pages).toEqual([
      {
        index: 1,
        text: 'Invoice 42\nTotal due: 99.00 EUR',
        markdown: 'Invoice 42\nTotal due: 99.00 EUR',
        ocr: false,
        confidence: 1,
      },
    ]);
  });

  it('reports progress 1 through the checkpoint and lets its throw through unchanged', async () => {
    const seen: number[] = [];
    await extract(Buffer.from('hello world'), ({ stage, progress }) => {
      expect(stage).toBe('OCR');
      seen.push(progress);
    });
    expect(seen).toEqual([1]);
    const cancelled = new Error('cancelled');
    await expect(
      extract(Buffer.from('hello world'), () => {
        throw cancelled;
      }),
    ).rejects.toBe(cancelled);
  });
});

describe('DOCX', () => {
  it('converts headings, paragraphs and tables', async () => {
    const doc = await extract(docx());
    expect(doc.kind).toBe('docx');
    expect(doc.pages).toHaveLength(1);
    expect(doc.markdown).toContain('# Quarterly Report');
    expect(doc.markdown).toContain('Revenue grew in every region.');
    expect(doc.markdown).toContain('| Region | Revenue |\n| --- | --- |\n| North | 1200 |');
    expect(doc.pages[0]?.text).toContain('Region\tRevenue\nNorth\t1200');
  });

  it('refuses a zip bomb by its declared size before inflating', async () => {
    const bomb = makeZip([
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/media/huge.bin', data: 'x', claimedSize: 3_000_000_000 },
    ]);
    const err = await failureOf(extract(bomb));
    expect(err.code).toBe('document_too_large');
  });

  it('refuses an absurd compression ratio', async () => {
    const bomb = makeZip([
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/media/zeros.bin', data: Buffer.alloc(20_000_000) },
    ]);
    expect((await failureOf(extract(bomb))).code).toBe('document_too_large');
  });

  it('refuses an entry that inflates beyond the size its header claims', async () => {
    const liar = makeZip([
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/media/liar.bin', data: Buffer.alloc(800_000, 7), claimedSize: 1000 },
    ]);
    expect((await failureOf(extract(liar))).code).toBe('document_too_large');
  });

  it('fails a damaged DOCX as corrupt', async () => {
    const whole = docx();
    // The directory is intact, the entries' data is garbage.
    const damaged = Buffer.from(whole);
    damaged.fill(0x55, 40, whole.length - 400);
    expect((await failureOf(extract(damaged))).code).toBe('corrupt_document');
    expect((await failureOf(extract(whole.subarray(0, whole.length - 30)))).code).toBe('corrupt_document');
  });
});

describe('garbage behind a known signature', () => {
  const signatures: Record<string, Buffer> = {
    pdf: Buffer.from('%PDF-1.4\n'),
    png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    tiff: Buffer.from([0x49, 0x49, 0x2a, 0x00]),
    webp: Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP')]),
    heic: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic')]),
    avif: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypavif\0\0\0\0mif1avif')]),
    zip: Buffer.from([0x50, 0x4b, 3, 4]),
  };
  for (const [kind, signature] of Object.entries(signatures)) {
    it(`fails ${kind} garbage as corrupt_document, fast`, async () => {
      // Random bytes, with and without a PDF end marker (which lets a "PDF" past the truncation check).
      for (const tail of [
        Buffer.alloc(0),
        randomBytes(5000),
        Buffer.concat([randomBytes(5000), Buffer.from('%%EOF')]),
      ]) {
        const started = performance.now();
        const err = await failureOf(extract(Buffer.concat([signature, tail])));
        expect(err.code).toBe('corrupt_document');
        expect(performance.now() - started).toBeLessThan(3000);
      }
    });
  }
});
