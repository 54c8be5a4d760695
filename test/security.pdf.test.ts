// PDF parsing evaluates nothing and fetches nothing: a PDF with a JavaScript open action, a
// font whose FontMatrix carries code (the CVE-2024-4367 shape, reached when pages are rendered
// for OCR), a /URI link and a remote file reference is read in-process and through a real job,
// while a loopback listener that every payload calls stays silent.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument } from '../src/pipeline/formats/index.ts';
import { LIMITS, OPTIONS } from './helpers/format-fixtures.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let listener: Server;
let port = 0;
const hits: string[] = [];
let s: TestServer;

beforeAll(async () => {
  listener = createServer((req, res) => {
    hits.push(req.url ?? '/');
    res.end('ok');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
  s = await startTestServer();
});
afterAll(async () => {
  await closeOcr();
  listener?.closeAllConnections();
  listener?.close();
  await s?.close();
});

const payload = (tag: string) =>
  `globalThis.__docketPwned = '${tag}'; fetch('http://127.0.0.1:${port}/${tag}').catch(() => {});`;

/** PDF literal string with its parentheses and backslashes escaped. */
const literal = (text: string) => PDFString.of(text.replaceAll(/([\\()])/g, '\\$1'));

async function hostilePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const ctx = doc.context;
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);

  // Page 1: a text layer, a /URI link and a link to a remote file.
  const page = doc.addPage([612, 792]);
  page.drawText('Invoice 4711 from a hostile sender, total 99.00 EUR', {
    x: 72,
    y: 700,
    size: 12,
    font: helvetica,
  });
  const uriLink = ctx.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [72, 690, 400, 715],
    A: { S: 'URI', URI: literal(`http://127.0.0.1:${port}/uri`) },
  });
  const remoteLink = ctx.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [72, 650, 400, 675],
    A: {
      S: 'GoToR',
      F: { Type: 'Filespec', FS: 'URL', F: literal(`http://127.0.0.1:${port}/remote`) },
      D: [0, 'Fit'],
    },
  });
  page.node.set(PDFName.of('Annots'), ctx.obj([ctx.register(uriLink), ctx.register(remoteLink)]));

  // Page 2: text in a font whose FontMatrix holds code where numbers belong; rendering it for
  // OCR draws its glyphs.
  const page2 = doc.addPage([612, 792]);
  const evilFont = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'Type1',
      BaseFont: 'Helvetica',
      FontMatrix: [0.001, 0, 0, 0.001, 0, literal(`1); ${payload('fontmatrix')}//`)],
    }),
  );
  page2.node.setFontDictionary(PDFName.of('Evil'), evilFont);
  const content = ctx.flateStream('BT /Evil 24 Tf 72 700 Td (Hi) Tj ET');
  page2.node.set(PDFName.of('Contents'), ctx.register(content));

  // A JavaScript action on open and on the page.
  const js = ctx.obj({ S: 'JavaScript', JS: literal(payload('openaction')) });
  doc.catalog.set(PDFName.of('OpenAction'), ctx.register(js));
  doc.catalog.set(
    PDFName.of('Names'),
    ctx.obj({
      JavaScript: {
        Names: [literal('x'), ctx.register(ctx.obj({ S: 'JavaScript', JS: literal(payload('names')) }))],
      },
    }),
  );
  page.node.set(
    PDFName.of('AA'),
    ctx.obj({ O: ctx.register(ctx.obj({ S: 'JavaScript', JS: literal(payload('pageopen')) })) }),
  );
  return doc.save();
}

describe('a hostile PDF', () => {
  it('parses in-process (text layer and OCR render) with nothing evaluated or fetched', async () => {
    const bytes = await hostilePdf();
    const doc = await extractDocument(bytes, OPTIONS, LIMITS, () => {});
    expect(doc.pages).toHaveLength(2);
    expect(doc.pages[0]?.text).toContain('Invoice 4711');
    // Every page rendered, the hostile font's glyphs drawn, for OCR.
    const rendered = await extractDocument(bytes, { ...OPTIONS, ocr: 'FORCE' }, LIMITS, () => {});
    expect(rendered.pages.map((p) => p.ocr)).toEqual([true, true]);
    expect((globalThis as { __docketPwned?: string }).__docketPwned).toBeUndefined();
    expect(hits).toEqual([]);
  });

  it('runs as a job through the server with no outbound connection', async () => {
    const bytes = await hostilePdf();
    const res = await s.upload(
      'mutation($file: File!) { uploadDocument(file: $file, endpoint: PARSE, options: { ocr: FORCE }) { id } }',
      {},
      { bytes, name: 'hostile.pdf', type: 'application/pdf' },
    );
    expect(res.errors).toBeUndefined();
    const sub = s.subscribe('subscription($id: ID) { jobUpdated(id: $id) { status response { body } } }', {
      id: res.data!.uploadDocument.id,
    });
    await sub.done;
    const last = sub.events.at(-1)!;
    expect(last.status).toBe('COMPLETED');
    expect(JSON.stringify(last.response.body)).toContain('4711');
    expect(hits).toEqual([]);
  });

  it('the listener does hear a direct call (the check can fail)', async () => {
    await fetch(`http://127.0.0.1:${port}/probe`);
    expect(hits).toEqual(['/probe']);
    hits.length = 0;
  });
});
