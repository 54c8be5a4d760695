// Layout-aware extraction: rows rebuilt from OCR word boxes, the receipt cues (company, address,
// total, date) on them and on text-layer PDFs, headings only from title-shaped lines, and the
// quality grade of a short, confidently read page. Every document is made here.
import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument, layoutFromWords, type OcrWord } from '../src/pipeline/formats/index.ts';
import { extractBuiltIn } from '../src/pipeline/steps/extract.ts';
import { scoreQuality } from '../src/pipeline/steps/quality.ts';
import { LIMITS, noop, OPTIONS, RECEIPT_SCHEMA, receiptImage, textPdf } from '../testkit/format-fixtures.ts';

afterAll(async () => {
  await closeOcr();
});

const RECEIPT: [string, string?][] = [
  ['KEDAI RUNCIT MAJU SDN BHD'],
  ['(123456-X)'],
  ['NO. 12, JALAN MERANTI 3,'],
  ['TAMAN SRI GADING,'],
  ['81200 JOHOR BAHRU, JOHOR.'],
  ['TEL: 07-355 1234'],
  ['DATE: 25/12/2018 8:13 PM'],
  ['MILO 1KG', '18.90'],
  ['BREAD', '3.50'],
  ['SUBTOTAL', '22.40'],
  ['ROUNDING', '0.00'],
  ['TOTAL', '22.40'],
  ['CASH', '50.00'],
  ['CHANGE', '27.60'],
];

/** A word box at row `row` (40 px apart), starting at column `x` (20 px per character). */
function word(text: string, x: number, row: number, confidence = 0.95, skew = 0): OcrWord {
  const y0 = row * 40 + x * skew;
  return { text, confidence, line: row, box: { x: x * 20, y: y0, width: text.length * 20, height: 30 } };
}

describe('layout from OCR word boxes', () => {
  it('puts a label and its price on one line, though the engine read them as separate blocks', () => {
    // The engine's order: the label column first, then the price column.
    const words = [
      word('SUMME', 0, 0),
      word('EUR', 6, 0),
      word('BAR', 0, 1),
      word('134,39', 30, 0),
      word('140,00', 30, 1),
    ];
    const text = layoutFromWords(words)!;
    expect(text.split('\n')).toHaveLength(2);
    expect(text.split('\n')[0]).toMatch(/^SUMME EUR {2,}134,39$/);
    expect(text.split('\n')[1]).toMatch(/^BAR {2,}140,00$/);
  });

  it('follows a skewed photo from word to word rather than cutting a flat band', () => {
    // Each row drifts 0.7 px down per character column: 21 px over the row, more than half a line.
    const words = ['TOTAL', 'AMOUNT', 'DUE', '9.00'].flatMap((t, i) => [
      word(t, i * 8, 0, 0.95, 0.7),
      word(`x${t}`, i * 8, 1, 0.95, 0.7),
    ]);
    const lines = layoutFromWords(words)!.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^TOTAL\s+AMOUNT\s+DUE\s+9\.00$/);
  });

  it('joins a figure the engine cut at its decimal mark, and keeps two figures a column apart', () => {
    // PaddleOCR breaks "49. 99" after the point; a real column gap is wider than a character and a half.
    const words = [
      word('SUMME', 0, 0),
      { ...word('49.', 20, 0), box: { x: 400, y: 0, width: 60, height: 30 } },
      { ...word('99', 23, 0), box: { x: 475, y: 0, width: 40, height: 30 } },
      word('19,00%', 0, 1),
      word('6,28', 10, 1),
    ];
    const lines = layoutFromWords(words)!.split('\n');
    expect(lines[0]).toMatch(/^SUMME {2,}49\.99$/);
    expect(lines[1]).toMatch(/^19,00% {2,}6,28$/);
  });

  it('keeps an unsure word set in a line of sure ones, but not a smudge or a logo of its own', () => {
    // Words are two columns apart: a word's distance, not a column gap.
    const inside = layoutFromWords([
      word('JALAN', 0, 0),
      word('MERANT!', 7, 0, 0.03),
      word('5,', 16, 0),
      word('SYARIKAT', 0, 1, 0),
      word('HENG', 10, 1),
      word('BOOK', 16, 1),
      word('Wel', 0, 2, 0.1),
      word('ALDI', 0, 3),
      word('~~_', 6, 3, 0.05),
      word('GmbH', 11, 3),
    ])!.split('\n');
    expect(inside[0]).toBe('JALAN MERANT! 5,');
    expect(inside[1]).toBe('SYARIKAT HENG BOOK');
    // A logo alone on its line, and marks that are no word, stay out.
    expect(inside.slice(2).join('\n').trim()).toMatch(/^ALDI\s+GmbH$/);
    // At a line's end a word must be cased as its neighbour is.
    expect(layoutFromWords([word('ab', 0, 0, 0.1), word('HENG', 5, 0)])).toBe('HENG');
    // ... or be a street's name before its house number (its ß read as B).
    expect(layoutFromWords([word('LindenstraBe', 0, 0, 0.1), word('48', 14, 0)])).toBe('LindenstraBe 48');
    expect(layoutFromWords([word('~~Wel', 0, 0, 0.1), word('48', 8, 0)])).toBe('48');
  });

  it('leaves out words the engine all but guessed, and gives up on sideways boxes', () => {
    const text = layoutFromWords([word('Wel', 0, 0, 0.1), word('ALDI', 0, 1), word('GmbH', 5, 1)])!;
    expect(text).toBe('ALDI GmbH');
    const sideways = [{ text: 'Paderborn', confidence: 0.9, box: { x: 0, y: 0, width: 30, height: 200 } }];
    expect(layoutFromWords(sideways)).toBeNull();
    expect(layoutFromWords([])).toBeNull();
  });
});

describe('receipt cues', () => {
  const receipt = RECEIPT.map(([l, r]) => (r ? `${l.padEnd(30)}${r.padStart(10)}` : l)).join('\n');

  it('reads company, address, date and total of a receipt as printed', () => {
    const { parsed, likelihoods } = extractBuiltIn(receipt, RECEIPT_SCHEMA);
    expect(parsed).toEqual({
      company: 'KEDAI RUNCIT MAJU SDN BHD',
      date: '25/12/2018',
      address: 'NO. 12, JALAN MERANTI 3, TAMAN SRI GADING, 81200 JOHOR BAHRU, JOHOR.',
      total: '22.40',
    });
    for (const k of ['company', 'date', 'address', 'total']) expect(likelihoods[k]).toBeGreaterThan(0.3);
  });

  it('normalizes the date for format: date and the total for type: number', () => {
    const { parsed } = extractBuiltIn(receipt, {
      type: 'object',
      properties: { date: { type: 'string', format: 'date' }, total: { type: 'number' } },
    });
    expect(parsed).toEqual({ date: '2018-12-25', total: 22.4 });
  });

  it('takes the total after the rounding line, and never a figure net of tax', () => {
    const text = [
      'BOOK TA .K (TAMAN DAYA) SDN BHD',
      'Total Sales (Excluding GST)      50.91',
      'GST 6%                            3.05',
      'Total Sales (Inclusive GST)      53.96',
      'Rounding Adjustment              -0.01',
      'Total Rounded                    53.95',
      'Cash                            100.00',
    ].join('\n');
    expect(extractBuiltIn(text, RECEIPT_SCHEMA).parsed.total).toBe('53.95');
    const noRounding = text.split('\n').slice(0, 4).join('\n');
    expect(extractBuiltIn(noRounding, RECEIPT_SCHEMA).parsed.total).toBe('53.96');
  });

  it('finds a German receipt’s shop, its address block and the amount due', () => {
    const text = [
      'HORNBACH Baumarkt AG',
      'Heisenbergstraße 2',
      '33104 Paderborn',
      'Tel. 05254 / 97620',
      'Steuernummer: 24/652/3000/5',
      'PARKETTZUBEHOR                 9,70',
      'Bodenunterlage                92,50',
      'SUMME [2]  EUR               102,20',
      'GEGEBEN EC-Karte EUR         102,20',
      'Datum 23.09.16 14:05 Uhr',
      'Gültig bis 31.12.16',
    ].join('\n');
    const { parsed } = extractBuiltIn(text, RECEIPT_SCHEMA);
    expect(parsed).toEqual({
      company: 'HORNBACH Baumarkt AG',
      address: 'Heisenbergstraße 2 33104 Paderborn',
      date: '23.09.16',
      total: '102,20',
    });
  });

  it('takes the name above the address when a logo and a slogan the OCR garbled sit on top', () => {
    const text = [
      '      FRISCHE EINKAUFEN GENUSS ERLEBEN',
      '         WUNSCHLOS',
      '          GLUCKLICH?',
      '        Marktkauf Lehr',
      '       Detmolder Str. 4',
      '       33102 Paderborn',
      '     05251 / 180420',
      '                                EUR',
      'KIWIS                          2,37 B',
      'SUMME          EUR            20,08',
      'Mastercard     EUR            20,08',
      '03.04.20 09:53 0000545 005',
    ].join('\n');
    expect(extractBuiltIn(text, RECEIPT_SCHEMA).parsed).toEqual({
      company: 'Marktkauf Lehr',
      // A phone number without its label ends the address, as the price column's "EUR" would.
      address: 'Detmolder Str. 4 33102 Paderborn',
      date: '03.04.20',
      total: '20,08',
    });
  });

  it('skips a date and a registration number between the name and the address; "S/B" is a legal form', () => {
    const text = [
      '99 SPEED MART S/B (519537-X)',
      '05-01-19 12:31PM',
      'LOT P.T. 2811, JALAN ANGSA,',
      'TAMAN BERKELEY',
      '41150 KLANG, SELANGOR',
      'GST ID. NO : 000181747712',
      'IPOH WHITE COFFEE 3IN1        RM 12.99',
      'TOTAL                         RM 12.99',
      'CASH                          RM 20.00',
    ].join('\n');
    expect(extractBuiltIn(text, RECEIPT_SCHEMA).parsed).toEqual({
      company: '99 SPEED MART S/B',
      date: '05-01-19',
      address: 'LOT P.T. 2811, JALAN ANGSA, TAMAN BERKELEY 41150 KLANG, SELANGOR',
      total: '12.99',
    });
  });

  it('reads the address as one column beside a slogan, and a street OCR misspelt still counts', () => {
    const text = [
      '                       dm-drogerie markt',
      '                          Pohlweg 110',
      '   HIER BIN ICH MENSCH    33100 Paderborn',
      '   HIER KAUF ICH EIN      05251/1809732',
      'Ricola                               1,75',
      'Summe                                3,55',
    ].join('\n');
    expect(extractBuiltIn(text, RECEIPT_SCHEMA).parsed.address).toBe('Pohlweg 110 33100 Paderborn');
    const misread = ['Kaufland', 'BentelerstraBe 4', '33104 Paderborn', 'Tel. 05254/99480'].join('\n');
    // ... and comes back with the ß OCR read as B.
    expect(extractBuiltIn(misread, RECEIPT_SCHEMA).parsed.address).toBe('Bentelerstraße 4 33104 Paderborn');
  });

  it('reads a name of initials with its legal form, an ISO date with its time, and "RM3.50"', () => {
    const text = [
      'MR. D.I.Y. (M) SDN BHD',
      '(CO. REG : 860671-D)',
      'LOT 1851-A & 1851-B, JALAN KPB 6,',
      'KAWASAN PERINDUSTRIAN BALAKONG,',
      '43300 SERI KEMBANGAN, SELANGOR',
      '(GST ID No : 000306020352)',
      '-Invoice 2018-04-01 10:11  COUNTER 2',
      'Total Incl. GST         RM3.50',
      'TOTAL ROUNDED:          RM3.50',
      'CASH                    RM5.00',
    ].join('\n');
    expect(extractBuiltIn(text, RECEIPT_SCHEMA).parsed).toEqual({
      company: 'MR. D.I.Y. (M) SDN BHD',
      date: '2018-04-01',
      address:
        'LOT 1851-A & 1851-B, JALAN KPB 6, KAWASAN PERINDUSTRIAN BALAKONG, 43300 SERI KEMBANGAN, SELANGOR',
      total: '3.50',
    });
  });

  it('keeps the shop word over an owner’s name, and starts the address at the street', () => {
    const text = [
      'DELPHIN',
      'APOTHEKE',
      'Alina Schunk',
      'Detmolder Straße 8',
      '33102 Paderborn',
      'Tel.: 05251/56677',
      'Atemschutzmaske        EUR   19,90',
      'Summe                  EUR   19,90',
      'Datum: 23.04.2020',
    ].join('\n');
    const { parsed } = extractBuiltIn(text, RECEIPT_SCHEMA);
    expect(parsed.company).toBe('APOTHEKE');
    expect(parsed.address).toBe('Detmolder Straße 8 33102 Paderborn');
  });

  it('spells the shop as its legal name in the footer when the logo read wrong, and never as opening hours', () => {
    const text = [
      '         AIDT',
      '      Pohlweg 110',
      '    33100 Paderborn',
      '  UNSERE OFFNUNGSZEITEN',
      '  MO.-SA. 9.00 Uhr - 20.00 Uhr',
      'BANANEN                1,19',
      'ZU ZAHLEN EURO        14,16',
      ' MWST   Netto   MWST-BETRAG   BRUTTO',
      'C 7,00%  6,25      0,44        6,69',
      'Vielen Dank fur Ihren Einkauf!',
      'Aldi GmbH & Co. KG, SchloB Ho1te',
    ].join('\n');
    expect(extractBuiltIn(text, RECEIPT_SCHEMA).parsed.company).toBe('Aldi GmbH & Co. KG');
    // Without a readable top line the legal-form line is still found; "SA" is no legal form.
    const noLogo = text.split('\n').slice(1).join('\n');
    expect(extractBuiltIn(noLogo, RECEIPT_SCHEMA).parsed.company).toMatch(/^Aldi GmbH/);
  });

  it('takes the card payment when the total’s figure was not read, and never the tax amount', () => {
    const text = [
      'ALDI',
      'Pohlweg 110',
      '33100 Paderborn',
      'BANANEN                1,19',
      'GARTENSALATE           0,39',
      'ZU ZAHLEN EURO',
      '-K-U-N-D-E-N-B-E-L-E-G-',
      'Debit MasterCard',
      'EUR       14,16',
      ' MWST   Netto   MWST-BETRAG   BRUTTO',
      'C 7,00%  6,25      0,44        6,69',
    ].join('\n');
    expect(extractBuiltIn(text, RECEIPT_SCHEMA).parsed.total).toBe('14,16');
  });

  it('reads dates in the common printed forms, as printed and as ISO', () => {
    const forms: [string, string][] = [
      ['25/12/2018', '2018-12-25'],
      ['25.12.18', '2018-12-25'],
      ['25.12.2018', '2018-12-25'],
      ['2018-12-25', '2018-12-25'],
      ['25 Dec 2018', '2018-12-25'],
      ['25-DEC-2018', '2018-12-25'],
      ['25 DEC 18', '2018-12-25'],
      ['Dec 25, 2018', '2018-12-25'],
    ];
    for (const [printed, iso] of forms) {
      const text = [
        'CORNER SHOP SDN BHD',
        'NO. 3, JALAN BESAR',
        `DATE: ${printed}  10:15`,
        'TOTAL  12.50',
      ].join('\n');
      expect(extractBuiltIn(text, RECEIPT_SCHEMA).parsed.date).toBe(printed);
      const schema = { type: 'object', properties: { date: { type: 'string', format: 'date' } } };
      expect(extractBuiltIn(text, schema).parsed.date).toBe(iso);
    }
    // The spaces OCR put around a numeric date's separators are not on the paper.
    const spaced = ['CORNER SHOP SDN BHD', 'DATE: 23.04 .2020  10:15', 'TOTAL  12.50'].join('\n');
    expect(extractBuiltIn(spaced, RECEIPT_SCHEMA).parsed.date).toBe('23.04.2020');
    // A quantity, a month-like word and a price are no date.
    const price = ['CORNER SHOP SDN BHD', 'QTY 3 MAR 12.50', 'TOTAL  12.50'].join('\n');
    expect(extractBuiltIn(price, RECEIPT_SCHEMA).parsed.date).toBeUndefined();
  });

  it('reads the same fields from a text-layer PDF', async () => {
    const bytes = await textPdf([
      {
        lines: [
          'Corner Bakery Ltd',
          '12 High Street',
          'Leeds LS1 4AP',
          'Tel 0113 496 0000',
          'Date: 03/04/2024',
          'Bread 2.50',
          'TOTAL 2.50',
        ],
      },
    ]);
    const doc = await extractDocument(bytes, OPTIONS, LIMITS, noop);
    const { parsed } = extractBuiltIn(doc.pages.map((p) => p.text).join('\n'), RECEIPT_SCHEMA);
    expect(parsed).toEqual({
      company: 'Corner Bakery Ltd',
      address: '12 High Street Leeds LS1 4AP',
      date: '03/04/2024',
      total: '2.50',
    });
  });

  it('reads a rendered receipt photo through OCR, from the rows rebuilt out of its word boxes', async () => {
    const doc = await extractDocument(
      await receiptImage(RECEIPT, { width: 760, fontSize: 28 }),
      OPTIONS,
      LIMITS,
      noop,
    );
    const page = doc.pages[0]!;
    expect(page.words?.length).toBeGreaterThan(20);
    for (const w of page.words!) {
      expect(w.box.width).toBeGreaterThan(0);
      expect(w.confidence).toBeGreaterThanOrEqual(0);
      expect(w.confidence).toBeLessThanOrEqual(1);
    }
    const layout = layoutFromWords(page.words!)!;
    expect(layout).toMatch(/^TOTAL {2,}22\.40$/m);
    const { parsed } = extractBuiltIn(layout, RECEIPT_SCHEMA);
    expect(parsed.company).toBe('KEDAI RUNCIT MAJU SDN BHD');
    expect(parsed.date).toBe('25/12/2018');
    expect(parsed.total).toBe('22.40');
    expect(parsed.address).toMatch(
      /^NO\. 12, JALAN MERANTI 3, TAMAN SRI GADING, 81200 JOHOR BAHRU, JOHOR\.?$/,
    );
    // A short page read with confidence is not marked down for being short.
    expect(scoreQuality(doc.pages).grade).toBe('A');
  });
});

describe('a rendered receipt read by PaddleOCR', () => {
  it('gives company, address, date and total from its word boxes', async () => {
    const rows: [string, string?][] = [
      ['BOOK TA.K (TAMAN DAYA) SDN BHD'],
      ['(789417-W)'],
      ['NO.5, 55, 57 & 59, JALAN SAGU 18,'],
      ['TAMAN DAYA, 81100 JOHOR BAHRU, JOHOR.'],
      ['TEL: 07-3512211'],
      ['DATE: 12-JAN-2019 13:47'],
      ['EXERCISE BOOK', '12.00'],
      ['PENCIL 2B', '3.90'],
      ['TOTAL AMOUNT', '15.90'],
      ['CASH', '20.00'],
      ['CHANGE', '4.10'],
    ];
    const doc = await extractDocument(
      await receiptImage(rows, { width: 900, fontSize: 28 }),
      { ...OPTIONS, ocrEngine: 'PADDLE' },
      LIMITS,
      noop,
    );
    const page = doc.pages[0]!;
    expect(page.ocrEngine).toBe('PADDLE');
    const { parsed } = extractBuiltIn(layoutFromWords(page.words!)!, RECEIPT_SCHEMA);
    expect(parsed.company).toBe('BOOK TA.K (TAMAN DAYA) SDN BHD');
    expect(parsed.date).toBe('12-JAN-2019');
    expect(parsed.total).toBe('15.90');
    // The recogniser drops the space after a comma; it is put back before a word, not between figures.
    expect(parsed.address).toMatch(
      /^NO\.\s?5,\s?55,\s?57 & 59, JALAN SAGU 18, TAMAN DAYA, 81100 JOHOR BAHRU, JOHOR\.$/,
    );
  });
});

describe('markdown headings of a text-layer PDF', () => {
  /** A one-page PDF drawn by `draw` in Helvetica, read as PARSE reads it. */
  const pdfOf = async (draw: (page: PDFPage, font: PDFFont) => void) => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    draw(pdf.addPage([612, 792]), font);
    return extractDocument(await pdf.save(), OPTIONS, LIMITS, noop);
  };

  it('makes one heading of a title that runs on to a second line, and keeps the lines in the text', async () => {
    const body = Array.from(
      { length: 6 },
      (_, i) => `Body text line ${i + 1} of the first section goes here`,
    );
    const read = await pdfOf((page, font) => {
      page.drawText('Row and Column Access Control', { x: 54, y: 730, size: 18, font });
      page.drawText('Support in IBM DB2 for i', { x: 54, y: 708, size: 18, font });
      for (const [i, line] of body.entries()) page.drawText(line, { x: 54, y: 670 - i * 13, size: 10, font });
      page.drawText('Second Section', { x: 54, y: 560, size: 18, font });
      page.drawText('More body text follows the second heading', { x: 54, y: 530, size: 10, font });
    });
    expect(read.pages[0]?.text.split('\n').slice(0, 2)).toEqual([
      'Row and Column Access Control',
      'Support in IBM DB2 for i',
    ]);
    expect(read.markdown).toBe(
      [
        '# Row and Column Access Control Support in IBM DB2 for i',
        '',
        ...body,
        '',
        '# Second Section',
        '',
        'More body text follows the second heading',
      ].join('\n'),
    );
  });

  it('marks a larger title-shaped line as a heading, not an emphasised row of capitals or a label line', async () => {
    const doc = await pdfOf((page, font) => {
      page.drawText('Quarterly Report', { x: 72, y: 720, size: 22, font });
      page.drawText('ATTN: ACCOUNTS PAYABLE', { x: 72, y: 680, size: 13, font });
      page.drawText('TOTAL AMOUNT DUE', { x: 360, y: 680, size: 13, font });
      page.drawText('Invoice No: 2024-0042', { x: 72, y: 650, size: 16, font });
      for (let i = 0; i < 8; i++)
        page.drawText(`Body line ${i + 1} of the report text.`, { x: 72, y: 620 - i * 14, size: 11, font });
    });
    const md = doc.markdown;
    expect(md).toMatch(/^# Quarterly Report$/m);
    expect(md).not.toMatch(/^#+ .*ATTN/m);
    expect(md).not.toMatch(/^#+ .*Invoice No/m);
  });
});

describe('quality of a short page', () => {
  it('grades a short receipt read with high confidence A, and the same text read unsurely lower', () => {
    const text = RECEIPT.map(([l, r]) => `${l} ${r ?? ''}`.trim()).join('\n');
    expect(scoreQuality([{ text, ocr: true, confidence: 0.93 }]).grade).toBe('A');
    expect(scoreQuality([{ text, ocr: true, confidence: 0.7 }]).grade).not.toBe('A');
  });
});
