// The receipt cues on the forms shop receipts take: Malaysian till slips in capitals (a claimant's
// name written on top, "CO. (M) BHD", a branch line under the address, "Net Total", OCR's
// "TOTAL RM 47, 63"), German slips (a branch number, a misspelt street, a footer name with a
// digit in it), the letters OCR reads for digits in dates, and words PaddleOCR glued together.
// Every receipt is written here.
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { closeOcr, extractDocument, layoutFromWords, type OcrWord } from '../src/pipeline/formats/index.ts';
import { readDownwards } from '../src/pipeline/formats/ocr.ts';
import { AUTO_PADDLE_BELOW } from '../src/pipeline/formats/ocr-engine.ts';
import { extractBuiltIn } from '../src/pipeline/steps/extract.ts';
import { correctMisreadWords, splitGluedWords } from '../src/pipeline/steps/glued-words.ts';
import { addressAsPrinted } from '../src/pipeline/steps/receipt-cues.ts';
import { findDates, printedDate } from '../src/pipeline/steps/values.ts';
import { LIMITS, noop, OPTIONS, RECEIPT_SCHEMA, receiptImage } from '../testkit/format-fixtures.ts';

afterAll(async () => {
  await closeOcr();
});

const read = (lines: string[]) => extractBuiltIn(lines.join('\n'), RECEIPT_SCHEMA).parsed;

describe('rows of a photo held askew', () => {
  // 20 px per character, rows 40 px apart; a row falls `slope` px per px across.
  const wordAt = (text: string, column: number, y: number, slope: number, line: number): OcrWord => ({
    text,
    confidence: 0.95,
    line,
    box: { x: column * 20, y: y + slope * column * 20, width: text.length * 20, height: 30 },
  });

  it('puts a price far right of its label on the label’s row, though it lies a row lower on the page', () => {
    // The page falls 0.07 px per px across: the price 700 px right of its label is 49 px lower,
    // on the next row's height.
    const at = (text: string, column: number, row: number, line: number) =>
      wordAt(text, column, row * 40, 0.07, line);
    const rows: [string[], string][] = [
      [['TOTAL', 'SALES', 'INCL', 'GST'], '30.50'],
      [['ROUNDING', 'ADJ'], '0.00'],
      [['TOTAL', 'ROUNDED'], '30.50'],
      [['CASH', 'PAID'], '50.00'],
    ];
    // As PaddleOCR grouped them: each label with the price that lies at its height, one row down.
    const words = rows.flatMap(([label, _], r) => [
      ...label.map((t, k) => at(t, label.slice(0, k).join(' ').length + (k > 0 ? 1 : 0), r, r)),
      ...(r > 0 ? [at(rows[r - 1]![1], 35, r - 1, r)] : []),
    ]);
    const lines = layoutFromWords(words)!.split('\n');
    expect(lines[0]).toMatch(/^TOTAL SALES INCL GST {2,}30\.50$/);
    expect(lines[2]).toMatch(/^TOTAL ROUNDED {2,}30\.50$/);
  });

  it('puts each price on its label’s row on a photo taken at an angle, the rows fanning out', () => {
    // The paper's left side further away: the top row climbs 0.06 px per px across, the bottom
    // one falls as much, so a price 700 px right drifts a row up at the top and a row down at
    // the bottom; one skew for the whole page puts neither right.
    const rows: [string, string][] = [
      ['SUB TOTAL EXCL GST', '40.56'],
      ['GST AT 6 PERCENT', '2.43'],
      ['ROUNDING ADJ TODAY', '0.01'],
      ['TOTAL SALES INCL GST', '43.00'],
      ['CASH PAID TODAY', '50.00'],
      ['CHANGE DUE NOW', '7.00'],
      ['ITEMS SOLD COUNT', '3.00'],
      ['POINTS EARNED TODAY', '4.00'],
      ['POINTS BALANCE NOW', '120.00'],
    ];
    const slopeOf = (r: number) => -0.06 + (0.12 * r) / (rows.length - 1);
    const at = (text: string, column: number, r: number, line: number) =>
      wordAt(text, column, 100 + r * 40, slopeOf(r), line);
    const words = rows.flatMap(([label, price], r) => {
      const parts = label.split(' ');
      return [
        ...parts.map((t, k) => at(t, parts.slice(0, k).join(' ').length + (k > 0 ? 1 : 0), r, r)),
        at(price, 35, r, 100 + r),
      ];
    });
    const lines = layoutFromWords(words)!.split('\n');
    for (const [r, [label, price]] of rows.entries())
      expect(lines[r]).toMatch(new RegExp(`^${label} {2,}${price.replace('.', '\\.')}$`));
  });
});

describe('Malaysian till slips', () => {
  it('takes no "COMPANY NO:" line for the name, joins a name wrapped after "&" or before "SDN. BHD", and ends the address at the slip\'s own lines', () => {
    expect(
      read([
        'ZEN HYPERMART SDN BHD',
        'COMPANY NO: 201739390960 (163443-X)',
        'NO 12, JALAN MUTIARA 3,',
        'TAMAN MUTIARA, 50470 KUALA LUMPUR, MALAYSIA.',
        'CASH SALES No: 429493',
        'DATE: 02/03/2018 14:22',
        'MILO 1KG              1 x 24.90     24.90',
        'TOTAL                               24.90',
      ]),
    ).toMatchObject({
      company: 'ZEN HYPERMART SDN BHD',
      address: 'NO 12, JALAN MUTIARA 3, TAMAN MUTIARA, 50470 KUALA LUMPUR, MALAYSIA.',
    });
    expect(
      read([
        'GUAN HUAT HARDWARE &',
        'ENGINEERING SDN. BHD.',
        'NO.78, JALAN DAMAI',
        'BANDAR KINRARA, 48157 RAWANG,',
        'SELANGOR.',
        'ROC NO: 710929-D',
        'TEL: 03-8070 1234',
        'Date: 15/01/2019',
        'TOTAL                              193.00',
      ]),
    ).toMatchObject({
      company: 'GUAN HUAT HARDWARE & ENGINEERING SDN. BHD.',
      address: 'NO.78, JALAN DAMAI BANDAR KINRARA, 48157 RAWANG, SELANGOR.',
    });
    expect(
      read([
        '99 EVERBRIGHT MART',
        'SDN. BHD',
        'LOT 5, JALAN BESAR,',
        '43000 KAJANG, SELANGOR',
        'Date: 15/01/2019',
        'TOTAL                               12.00',
      ]).company,
    ).toBe('99 EVERBRIGHT MART SDN. BHD');
  });

  it('skips a name written on the slip by hand, and reads O for 0 in the date', () => {
    expect(
      read([
        'tan ah kow',
        'LIAN HUAT GIFT & HOME DECO',
        '12, JALAN MERBAU 3,',
        'TAMAN UNIVERSITI,',
        '81300 SKUDAI, JOHOR.',
        'Tel:07-5201234 Fax:07-5201235',
        'RECEIPT',
        '2O/O3/2018 20:49:59 #01',
        'ST-TABLE LAMP          1     55.90     55.90',
        'Total Qty 1',
        'TOTAL AMT.                              55.90',
        'ROUNDING ADJ.                            0.00',
      ]),
    ).toEqual({
      company: 'LIAN HUAT GIFT & HOME DECO',
      address: '12, JALAN MERBAU 3, TAMAN UNIVERSITI, 81300 SKUDAI, JOHOR.',
      date: '20/03/2018',
      total: '55.90',
    });
  });

  it('keeps a legal form that goes on, and ends the address before a branch line', () => {
    expect(
      read([
        'AEON CO. (M) BHD',
        '(126926-H)',
        '3RD FLR, AEON TAMAN MALURI SC',
        'JLN JEJAKA, TAMAN MALURI',
        'CHERAS, 55100 KUALA LUMPUR',
        '(AEON MALURI BRANCH)',
        '~INVOICE~',
        'Sub-total                 63.90',
        'Total Sales Incl GST      63.90',
        'CASH                      70.00',
        '13/03/2018 14:22 2608 0123',
      ]),
    ).toEqual({
      company: 'AEON CO. (M) BHD',
      address: '3RD FLR, AEON TAMAN MALURI SC JLN JEJAKA, TAMAN MALURI CHERAS, 55100 KUALA LUMPUR',
      date: '13/03/2018',
      total: '63.90',
    });
  });

  it('takes a state line under the postcode, and skips "(CO. NO. …)" before the street', () => {
    const parsed = read([
      'PASARAYA BORONG PINTAR SDN BHD',
      '(CO. NO. 624356-T)',
      'LOT 9, JALAN PERMAS 10/1,',
      '81750 MASAI,',
      'JOHOR',
      'SIMPLIFIED TAX INVOICE',
      '12/05/2018  19:42',
      'TOTAL RM                8.20',
    ]);
    expect(parsed.address).toBe('LOT 9, JALAN PERMAS 10/1, 81750 MASAI, JOHOR');
  });

  it('takes "Net Total" as the amount due and gives it as printed, never as a number', () => {
    const parsed = read([
      'RESTORAN WAN SHENG',
      'No.2, Jalan Temenggung 19/9,',
      '43200 Cheras, Selangor',
      'Date: 21-03-2018 13:01:46',
      'Teh (B)                      2.10',
      'Sub-Total (Excluding GST)    3.96',
      'GST 6%                       0.24',
      'Rounding                     0.00',
      'Net Total (MYR)              4.20',
      'Cash                        10.00',
      'Change                       5.80',
    ]);
    expect(parsed.total).toBe('4.20');
    expect(parsed.date).toBe('21-03-2018');
  });

  it('joins cents OCR cut off and prints them with the slip’s decimal mark; a misread TOTAL still counts', () => {
    const diy = read([
      'MR D.I.Y. (JOHOR) SDN BHD',
      '(CO.REG :860671-D)',
      'LOT 1851-A & 1851-B, JALAN KPB 6,',
      '43300 SERI KEMBANGAN, SELANGOR',
      'GARDEN HOSE 15M 1X 47.63 47.63',
      'TOTAL RM 47, 63',
      'ROUNDING ADJUSTMENT -RM 0.03',
      'TOTAL ROUNDED RM 47, 60',
      'CASH RM 50.00',
      'CHANGE RM 2.40',
    ]);
    expect(diy.total).toBe('47.60');
    expect(diy.company).toBe('MR D.I.Y. (JOHOR) SDN BHD');
    const misread = read([
      'SYARIKAT PERNIAGAAN CHIN SENG',
      '(JM0123456-T)',
      'NO 45, JALAN BESAR,',
      '86000 KLUANG, JOHOR',
      'Date ; 09/01/2019 8:01:11 PM',
      'ITEM A   2 15.50              31.00',
      'Tatal Amount:                 31.00',
      'Cash Received                 50.00',
    ]);
    expect(misread).toEqual({
      company: 'SYARIKAT PERNIAGAAN CHIN SENG',
      address: 'NO 45, JALAN BESAR, 86000 KLUANG, JOHOR',
      date: '09/01/2019',
      total: '31.00',
    });
  });

  // The amount due among the slip's figures: [why, the slip's lines, the total].
  const totals: [string, string[], string][] = [
    [
      'a TOTAL label whose first letter OCR set apart ("T otal")',
      [
        'ROSSMANN',
        'MULTIP.PROT.KOKOS 53   1.89 B',
        'GILLETTE MACH3 6 KL   13.95 A',
        'T otal   17.33',
        'Bar   20.00',
      ],
      '17.33',
    ],
    [
      'a TOTAL label OCR cut in its middle ("To tal")',
      [
        'ROSSMANN',
        'GILLETTE MACH3 6 KL   13,95 A',
        'To tal   17,33',
        'Bar   20,00',
        'MWST A 19%   12,97   2,47   15,44',
      ],
      '17,33',
    ],
    [
      'the amount due after a discount taken off the total',
      [
        'DURIAN AH SENG SS2',
        'TEKKA 1.20KG @35.00    42.00',
        'TOTAL RM    228.70',
        'DISKAUN    -8.70',
        'JUMLAH BAYAR    220.00',
        'TUNAI    250.00',
        'BAKI    30.00',
      ],
      '220.00',
    ],
    [
      'a Malaysian slip’s NETT AMOUNT after the rounding',
      [
        'FARMASI SENTOSA',
        'TOTAL (INCL GST)    45.63',
        'ROUNDING    0.02',
        'NETT AMOUNT    45.65',
        'CASH    50.00',
      ],
      '45.65',
    ],
    [
      'a Malaysian slip’s NETT AMOUNT after the discount',
      [
        'KIM LOONG FOODSTUFF TRADING SDN BHD',
        'GROSS AMOUNT    902.00',
        'DISCOUNT 5%    -45.10',
        'AMOUNT EXCL GST    856.90',
        'GST 6%    51.41',
        'NETT AMOUNT    908.31',
      ],
      '908.31',
    ],
    [
      'not a net amount before tax',
      ['ACME GMBH', 'Net amount    100.00', 'VAT 19%    19.00', 'Total    119.00'],
      '119.00',
    ],
  ];
  for (const [why, lines, total] of totals) it(`takes ${why}`, () => expect(read(lines).total).toBe(total));

  it('takes the name over the address, not a slogan read with a legal form at its start or a sponsor beside its web address', () => {
    // A logo's slogan OCR misread, opening with "EK" (e.K., a legal form, which follows a name).
    const slogan = read([
      'EK RISCHE EIRRAIF G',
      'MMUINSCHLOS',
      'a,a,, Hone stl',
      'Mar ktkauf Lehr',
      'Detnolder Str. 4',
      '33102 Paderbcrn',
      'Tel. 05251 / 180420',
      'G+G APFELPAUSE 0.99 B',
    ]);
    expect(slogan.company).toBe('Mar ktkauf Lehr');
    expect(slogan.address).toBe('Detnolder Str. 4 33102 Paderbcrn');
    // The same slogan read as a legal form alone.
    const lone = read([
      'EK',
      'MMUINSCHLOS',
      'Mar ktkauf Lehr',
      'Detnolder Str. 4',
      '33102 Paderbcrn',
      'G+G APFELPAUSE 0.99 B',
    ]);
    expect(lone.company).toBe('Mar ktkauf Lehr');
    // ... and as the layout rebuilt from word boxes gives it: indented, the slogan's words apart.
    const indented = read([
      '           EK      RISCHE EIRRAIF',
      '         :     :',
      '         MMUINSCHLOS',
      '                Mar ktkauf Lehr',
      '               Detnolder Str. 4',
      '               33102 Paderbcrn',
      'G+G APFELPAUSE   0.99 B',
    ]);
    expect(indented.company).toBe('Mar ktkauf Lehr');
    // Two web addresses spell names on the page: the shop's on a line of its own wins over a
    // sponsor's caption printed beside its address.
    const sponsor = read([
      'WUNSCHLOS',
      'www.lehr.honestly.de Honestly',
      'Marktkauf Lehr',
      'Detmolder Str. 4',
      '33102 Paderborn',
      'www.marktkauf-lehr.de',
      'G+G APFELPAUSE 0.99 B',
    ]);
    expect(sponsor.company).toBe('Marktkauf Lehr');
    // The shop's own address read with "1" for "l" still names it.
    const misread = read([
      'WUNSCHLOS',
      'www.lehr.honestly.de Honestly',
      'Marktkauf Lehr',
      'Detmolder Str. 4',
      '33102 Paderborn',
      'www.marktkauf-1ehr.de',
      'G+G APFELPAUSE 0.99 B',
    ]);
    expect(misread.company).toBe('Marktkauf Lehr');
  });

  it('takes the legal name in the footer over a logo read with D as O and I as T ("ALOT")', () => {
    const slip = read([
      'ALOT',
      'Pohlweg 110',
      '33100 Paderborn',
      'BANANEN LOSE   0,22 A',
      'GARTENSALATE   0,59 A',
      'Summe   14,16',
      'Aldi GmbH & Co. KG, SchloB Holte',
    ]);
    expect(slip.company).toBe('Aldi GmbH & Co. KG');
  });

  it('takes no document title or column head for the name when the top of the slip was not read', () => {
    const parsed = read([
      '43000 KAJANG, SELANGOR.',
      'SIMPLIFIED TAX INVOICE',
      'DATE: 13.04.2019 20:43',
      ' ITEM QTY                                  AMOUNT',
      ' PEN BLUE 4 X 26.55                          106.20',
      ' TOTAL RM                                    106.20',
    ]);
    expect(parsed.company).toBeUndefined();
    expect(parsed.total).toBe('106.20');
  });

  it('reads "!" and "]" in a shop name in capitals as the I they stand for', () => {
    const parsed = read([
      'KEDA! RUNCIT MAJU SDN BHD',
      'NO 2, JALAN BUNGA RAYA,',
      '81200 JOHOR BAHRU, JOHOR',
      'TOTAL RM      12.00',
    ]);
    expect(parsed.company).toBe('KEDAI RUNCIT MAJU SDN BHD');
    // ... and "]" that no "[" opened.
    const roti = ['KEDAI ROT] & KEK NONA', 'No. 4, Jalan Dato Onn,', '86000 Kluang, Johor', 'TOTAL RM 12.00'];
    expect(read(roti).company).toBe('KEDAI ROTI & KEK NONA');
    expect(read(['[KL] GIFTS SDN BHD', ...roti.slice(1)]).company).toBe('[KL] GIFTS SDN BHD');
  });

  it('reads a date after its label with a glyph too many, a tens digit read as 9 or a letter for a digit, as printed', () => {
    const dateOf = (line: string) =>
      read(['KEDAI MAJU SDN BHD', 'NO 3, JALAN BESAR,', '81200 JOHOR BAHRU', line, 'TOTAL 12.00']).date;
    expect(dateOf('Date: 02/01V/2018 Tme: 08:12')).toBe('02/01/2018');
    expect(dateOf('DATE: 28-92-18          READY: 02-63-18')).toBe('28-02-18');
    // ... or a letter read for a digit on faded print.
    expect(dateOf('Date : 17/0s/2018   Time : 08:31')).toBe('17/05/2018');
    // No tens digit that reads as another: no date.
    expect(dateOf('DATE: 31/13/2018')).toBeUndefined();
  });

  it('reads a hyphen OCR read as a dot or apart, a doubled Malay word, and a figure between capitals', () => {
    const nameOf = (name: string) =>
      read([name, 'NO 3, JALAN BESAR,', '81200 JOHOR BAHRU', 'TOTAL 12.00']).company;
    expect(nameOf('KLINIK DR. LIM & RAKAN - RAKAN')).toBe('KLINIK DR. LIM & RAKAN-RAKAN');
    expect(nameOf('BENGKEL KERETA AHMAD & ANAK.ANAK')).toBe('BENGKEL KERETA AHMAD & ANAK-ANAK');
    expect(nameOf('RESTORAN AL·AMAN MAJU')).toBe('RESTORAN AL-AMAN MAJU');
    expect(nameOf('AL.-BAIK MAJU ENTERPRISE')).toBe('AL-BAIK MAJU ENTERPRISE');
    expect(nameOf('KIM P0H HARDWARE')).toBe('KIM POH HARDWARE');
    expect(nameOf('KIM S00N ELECTRICAL SDN BHD')).toBe('KIM SOON ELECTRICAL SDN BHD');
    // A capital alone before a word it begins is a sliver of that word; a registration label's
    // start whose number went to the next line is no part of the name.
    expect(nameOf('S SYARIKAT PERIKANAN LAUT BIRU SDN BHD')).toBe('SYARIKAT PERIKANAN LAUT BIRU SDN BHD');
    expect(nameOf('A & W RESTAURANT')).toBe('A & W RESTAURANT');
    expect(nameOf('SYARIKAT KIM LOONG AUTO PARTS (CO.')).toBe('SYARIKAT KIM LOONG AUTO PARTS');
    // A name that repeats a word with a space between keeps it.
    expect(nameOf('SRI SRI SDN BHD')).toBe('SRI SRI SDN BHD');
  });

  it('reads a total whose decimal point OCR lost on a blurred photo, after the rounding', () => {
    const parsed = read([
      'KEDAI SINAR SDN BHD',
      'NO 2, JALAN BUNGA RAYA,',
      '81200 JOHOR BAHRU, JOHOR',
      'ITEM A        2   12 00',
      'Total Sales (Excluding GST) 50 91',
      'Total Sales (Inclusive GST)     53 96',
      'Rounding  -0 01',
      'Total Amt Payable:    53 95',
      'Cash   60 00',
    ]);
    expect(parsed.total).toBe('53.95');
  });

  it('reads house numbers that look like prices as the street, takes one state line, and skips a zero tax column', () => {
    expect(
      read([
        'KEDAI BUKU CAHAYA SDN BHD',
        'QXZ',
        'NO.17 19,21 & 23, JALAN MAWAR 4,',
        'TAMAN MAWAR,',
        '81300 SKUDAI,',
        'JOHOR.',
        '',
        'GOODS SOLD',
        'Total Sales (Excluding GST)        42.45',
        'Total GST                           0.00',
        'Total                   42.45       0.00',
      ]),
    ).toMatchObject({
      address: 'NO.17 19,21 & 23, JALAN MAWAR 4, TAMAN MAWAR, 81300 SKUDAI, JOHOR.',
      total: '42.45',
    });
  });

  it('reads "SON BHD" as the legal form it is, and puts back the space OCR lost at a bracket', () => {
    expect(
      read([
        'GARDENIA BAKERIES (KL)SON BHO (139386 X)',
        'LOT 3, JALAN PELABUR 23/1,',
        '40300 SHAH ALAM, SELANGOR.',
        'TOTAL PAYABLE:           19.26',
      ]).company,
    ).toBe('GARDENIA BAKERIES (KL) SDN BHD');
    // ... and glued to the word before it.
    expect(read(['PQ BOOKS DISTRIBUTIONSON BHD', '(1098745-T)', 'TOTAL 9.00']).company).toBe(
      'PQ BOOKS DISTRIBUTION SDN BHD',
    );
    // ... and as faded print reads it.
    expect(read(['SEOULMATE DINING (M) SOH BHD', 'TOTAL 9.00']).company).toBe('SEOULMATE DINING (M) SDN BHD');
    expect(read(['KEDAI MAJU 5DN. BHD.', 'TOTAL 9.00']).company).toBe('KEDAI MAJU SDN. BHD.');
  });

  it('takes the total that what was paid agrees with: the card payment, or cash less change', () => {
    expect(
      read(['KEDAI ABC', 'SUBTOTAL 20.18', 'GST 1.21', 'TOTAL (RM)        21.46', 'VISA              21.40'])
        .total,
    ).toBe('21.40');
    // A photo tilted so far that the total's figure lies on the row above its label.
    expect(
      read([
        'SHOP',
        'Sub-Total 267.80',
        'Discount -26.78',
        'Rounding Adj -0.02',
        '          241.00',
        'GRAND TOTAL 250.09',
        'CASH 250.09',
        'Change Due 9.09',
      ]).total,
    ).toBe('241.00');
    // Agreeing, or nothing paid said: the total stands.
    expect(read(['KEDAI', 'TOTAL 12.00', 'CASH 20.00', 'CHANGE 8.00']).total).toBe('12.00');
    expect(read(['KEDAI', 'TOTAL 12.00', 'CASH 12.00', 'CHANGE 0.00']).total).toBe('12.00');
  });

  it('reads a comma OCR read as a point in a mixed-case address, and keeps abbreviations', () => {
    expect(addressAsPrinted('No 18. Jalan Telawi 3 Bangsar Baru. 59100 Kuala Lumpur')).toBe(
      'No 18, Jalan Telawi 3 Bangsar Baru, 59100 Kuala Lumpur',
    );
    expect(addressAsPrinted('Level 2. Sunway Pyramid. No. 3, Jalan PJS 11/15, 47500 Subang Jaya')).toBe(
      'Level 2, Sunway Pyramid, No. 3, Jalan PJS 11/15, 47500 Subang Jaya',
    );
    expect(addressAsPrinted('Hauptstr. 42 80331 München')).toBe('Hauptstr. 42 80331 München');
    // Over a six-figure postcode (Singapore's) too.
    expect(addressAsPrinted('68 Orchard Road. #B1-22. Plaza Singapura. Singapore 238839')).toBe(
      '68 Orchard Road, #B1-22, Plaza Singapura, Singapore 238839',
    );
  });

  it('reads OCR’s zeros and ones for letters in an address, and a state’s code read small', () => {
    expect(addressAsPrinted('LOT 1-23, 1ST FL00R, IMBI SQUARE, JALAN IMBI, 55100 KUALA LUMPUR.')).toBe(
      'LOT 1-23, 1ST FLOOR, IMBI SQUARE, JALAN IMBI, 55100 KUALA LUMPUR.',
    );
    expect(addressAsPrinted("NO. 6, JALAN DAT0' ONN JAAFAR, 84000 MUAR, JOHOR.")).toBe(
      "NO. 6, JALAN DATO' ONN JAAFAR, 84000 MUAR, JOHOR.",
    );
    expect(addressAsPrinted('14 High Street, Lud1ow, SY8 1BS')).toBe('14 High Street, Ludlow, SY8 1BS');
    expect(addressAsPrinted('Shop 4, 112 Beach Road, Sandringham ViC 3191')).toBe(
      'Shop 4, 112 Beach Road, Sandringham VIC 3191',
    );
    // A postcode's figures beside its letters stay figures.
    expect(addressAsPrinted('10 Wood Lane, London W12 0TA')).toBe('10 Wood Lane, London W12 0TA');
  });

  it('drops a capital alone after a comma before the word it begins: a sliver of that word', () => {
    expect(addressAsPrinted('JALAN PJU 5/9, K KOTA DAMANSARA, 47810 PETALING JAYA, S SELANGOR.')).toBe(
      'JALAN PJU 5/9, KOTA DAMANSARA, 47810 PETALING JAYA, SELANGOR.',
    );
    expect(addressAsPrinted('NO 3, JALAN A, TAMAN B')).toBe('NO 3, JALAN A, TAMAN B');
  });

  it('reads the glyphs OCR mistakes in an address: a small first letter, an O in a unit number, a postcode’s O, a ß', () => {
    const cases: [string, string][] = [
      [
        'pT 1288, JALAN SULTAN YAHYA PETRA, 15150 KOTA BHARU, KELANTAN.',
        'PT 1288, JALAN SULTAN YAHYA PETRA, 15150 KOTA BHARU, KELANTAN.',
      ],
      ['LOT F2-O7, AEON MALL BUKIT TINGGI, 41200 KLANG', 'LOT F2-07, AEON MALL BUKIT TINGGI, 41200 KLANG'],
      ['LG-O8, DATARAN SENTOSA MALL, 41200 KLANG.', 'LG-08, DATARAN SENTOSA MALL, 41200 KLANG.'],
      [
        'NO. 3A & 3B, JIN SENTUL MEWAH 7, 51100 KUALA LUMPUR.',
        'NO. 3A & 3B, JLN SENTUL MEWAH 7, 51100 KUALA LUMPUR.',
      ],
      ['2 Market Place Woodstock Oxfordshire 0X20 1TA', '2 Market Place Woodstock Oxfordshire OX20 1TA'],
      ['HauptstraBe 42 80331 München', 'Hauptstraße 42 80331 München'],
      // One word with a small first letter in an address in title case; particles stay small.
      [
        'Blk 905 Jurong west St 97 #01-318 Singapore 640905',
        'Blk 905 Jurong West St 97 #01-318 Singapore 640905',
      ],
      ['12 Henley Street Stratford upon Avon CV37 6QW', '12 Henley Street Stratford upon Avon CV37 6QW'],
      ['12 rue de la Paix 75002 Paris', '12 rue de la Paix 75002 Paris'],
      // An eBay shop and a Bern street stay as they are.
      ['eBay Strasse 4 3011 Bern', 'eBay Strasse 4 3011 Bern'],
    ];
    for (const [read, printed] of cases) expect(addressAsPrinted(read)).toBe(printed);
  });

  it('starts no address at a registration\'s "No.", and reads Singapore\'s block whose l OCR read as i', () => {
    const got = read([
      'BELLA VITA HAIR STUDIO (M) SDN. BHD.',
      '(Co. No.      887612-T)',
      'GST No: 000812345670',
      'Lot 3-1, Block C,',
      'Lorong Plaza Permai 1, Alamesra,',
      '88400 Kota Kinabalu, Sabah.',
      'Tel: 088-488 221',
    ]);
    expect(got.address).toBe(
      'Lot 3-1, Block C, Lorong Plaza Permai 1, Alamesra, 88400 Kota Kinabalu, Sabah.',
    );
    // A shop named for its street above the street, and a state with its "Darul …".
    expect(
      read(['MAPLE STREET DINER', '412 Maple Street', 'Burlington, VT 05401', '(802) 555-0143']).address,
    ).toBe('412 Maple Street Burlington, VT 05401');
    expect(
      read([
        'PASARAYA MEGAMART (M) SDN. BHD.',
        'LOT PT 4821, JALAN S2 B17,',
        'SEREMBAN 2, 70300 SEREMBAN,',
        'NEGERI SEMBILAN DARUL KHUSUS.',
        'TEL: 06-601 2345',
      ]).address,
    ).toBe('LOT PT 4821, JALAN S2 B17, SEREMBAN 2, 70300 SEREMBAN, NEGERI SEMBILAN DARUL KHUSUS.');
    // A customer's "Address:" left blank: the slip's next line is no address.
    expect(
      read([
        'JB FOOD VENTURES INC.',
        'G/F Unit 12, Greenbelt Arcade,',
        'Makati City, Metro Manila 1229',
        'OR No: 000012345',
        'TOTAL 615.00',
        'Customer:',
        'Address:',
        'THIS SERVES AS AN OFFICIAL RECEIPT',
      ]).address,
    ).toBe('G/F Unit 12, Greenbelt Arcade, Makati City, Metro Manila 1229');
    expect(addressAsPrinted('Bik 512 Bedok North Ave 3 #01-23 Singapore 460512')).toBe(
      'Blk 512 Bedok North Ave 3 #01-23 Singapore 460512',
    );
  });

  it('reads an O after a figure in an address as a zero, a 3 in a word as a J, and starts no address at specks', () => {
    expect(addressAsPrinted('LOT 460O JALAN MERANTI 27, 8, JALAN INDAH 1O/8, NO 2O, 30450 IPOH')).toBe(
      'LOT 4600 JALAN MERANTI 27, 8, JALAN INDAH 10/8, NO 20, 30450 IPOH',
    );
    expect(addressAsPrinted('LOT 1579, 3ALAN SER03A 9, TAMAN MALIM JAYA')).toBe(
      'LOT 1579, JALAN SEROJA 9, TAMAN MALIM JAYA',
    );
    expect(
      read([
        'SYARIKAT SENG KEE',
        'SERVICE STATION S/B',
        '   RE     O       212',
        'PTD 58768, JALAN AIR PANAS,',
        'TAMAN SUNTEX, 43205 CHERAS',
        'TEL NO: 06-4434131',
        'TOTAL 12.00',
      ]).address,
    ).toBe('PTD 58768, JALAN AIR PANAS, TAMAN SUNTEX, 43205 CHERAS');
  });

  it('reads a month OCR read with a digit in it, and takes no year a century ahead', () => {
    expect(read(['KEDAI ABC', 'Date : 17 N0v 2019', 'TOTAL 12.00']).date).toBe('2019-11-17');
    expect(read(['KEDAI ABC', 'DATE: 05-0CT-18 10:22', 'TOTAL 12.00']).date).toBe('2018-10-05');
    expect(read(['KEDAI ABC', 'Dat0: 20-02-2929', 'TOTAL 12.00']).date).toBeUndefined();
    expect(read(['KEDAI ABC', 'Date: 12 Mar 2019', 'TOTAL 12.00']).date).toBe('12 Mar 2019');
  });

  it('reads a Thai slip’s Buddhist-era year, and its company’s "CO., LTD."', () => {
    const slip = read([
      'SIAM FRESH MART CO., LTD.',
      'Date: 12/03/2561   Time: 18:22',
      'TOTAL 5 ITEMS   445.00',
    ]);
    expect(slip).toMatchObject({ company: 'SIAM FRESH MART CO., LTD.', date: '12/03/2561', total: '445.00' });
    expect(findDates('12/03/2561')[0]?.value).toBe('2018-03-12');
  });

  it('joins a name wrapped before a line of trade words or after a Malay "SYARIKAT", not a logo repeating it', () => {
    const slip = (head: string[]) =>
      read([
        ...head,
        'LOT 1334, JALAN MERANTI/6,',
        'SS 2, 47301 PETALING JAYA',
        'TEL NO: 06-1834 1107',
        'TOTAL 12.50',
      ]).company;
    expect(slip(['SYARIKAT MEI KIM', 'CONFECTIONERY TRADING'])).toBe(
      'SYARIKAT MEI KIM CONFECTIONERY TRADING',
    );
    expect(slip(['SYARIKAT JOO JOO STESEN', 'MINYAK ENTERPRISE (144384-X)'])).toBe(
      'SYARIKAT JOO JOO STESEN MINYAK ENTERPRISE',
    );
    expect(slip(['SYARIKAT HOCK BOON ELECTRICAL', '& LIGHTING ENTERPRISE'])).toBe(
      'SYARIKAT HOCK BOON ELECTRICAL & LIGHTING ENTERPRISE',
    );
    expect(slip(['Quality & Freshness Since 1988', 'SYARIKAT HENG THYE', 'FARMASI (M) SDN BHD'])).toBe(
      'SYARIKAT HENG THYE FARMASI (M) SDN BHD',
    );
    expect(slip(['KEDAI HENG', 'KEDAI HENG LEONG TRADING'])).toBe('KEDAI HENG LEONG TRADING');
    // A name with a word of its own stands alone under a slogan.
    expect(slip(['THE BEST IN TOWN', 'MEI KIM TRADING'])).toBe('MEI KIM TRADING');
  });

  it("takes the legal name under a shop's sign that repeats its words, and a French form before the name", () => {
    const slip = (head: string[]) =>
      read([...head, 'NO. 12, JALAN SAGU 3,', '81100 JOHOR BAHRU', 'TEL: 07-331 2290', 'TOTAL 12.50'])
        .company;
    expect(slip(['RESTORAN NAM HENG', 'NAM HENG RESTAURANT SDN BHD'])).toBe('NAM HENG RESTAURANT SDN BHD');
    expect(slip(['KEDAI RUNCIT AH CHONG', 'AH CHONG ENTERPRISE'])).toBe('AH CHONG ENTERPRISE');
    expect(
      read([
        'Boulangerie du Marché',
        'SARL LES DELICES DU MARCHE',
        '12 rue de la République',
        '69002 Lyon',
        'TOTAL TTC 7,90 EUR',
      ]).company,
    ).toBe('SARL LES DELICES DU MARCHE');
  });

  it('reads the address above the name, a US town line, and a Singapore unit number', () => {
    const above = read([
      'SINAR PETROL',
      'LOT 2214, JALAN KUALA SELANGOR,',
      'BATU 7, 48000 RAWANG,',
      'SELANGOR.',
      'TEL: 03-6092 4410',
      'OPERATED BY',
      'JAYA MAJU PETROLEUM ENTERPRISE',
      'CS NO: CS18/02881',
      'TOTAL 50.00',
    ]);
    expect(above.company).toBe('JAYA MAJU PETROLEUM ENTERPRISE');
    expect(above.address).toBe('LOT 2214, JALAN KUALA SELANGOR, BATU 7, 48000 RAWANG, SELANGOR.');
    expect(
      read([
        'GREEN VALLEY MARKET',
        '1423 MAPLE AVE',
        'SPRINGFIELD, IL 62704',
        '(217) 555-0143',
        'TOTAL $27.35',
      ]).address,
    ).toBe('1423 MAPLE AVE SPRINGFIELD, IL 62704');
    expect(
      read([
        'KC FOOD CONCEPTS PTE LTD',
        'Blk 123 Ang Mo Kio Ave 6',
        '#01-456',
        'Singapore 560123',
        'TOTAL 8.40',
      ]).address,
    ).toBe('Blk 123 Ang Mo Kio Ave 6 #01-456 Singapore 560123');
    // A till's codes ("STR012 … TRN4477 CSR0091") are no street or postcode.
    const hyper = read([
      'SUPER SAVE HYPERMARKET',
      'LOT PT 12345, JALAN KUALA KEDAH,',
      '05400 ALOR SETAR, KEDAH.',
      'SUPER SAVE RETAIL (M) SDN BHD',
      '(601234-W)',
      'TAX INVOICE',
      'STR012 REG05 TRN4477 CSR0091',
      'TOTAL 27.90',
    ]);
    expect(hyper.company).toBe('SUPER SAVE RETAIL (M) SDN BHD');
    expect(hyper.address).toBe('LOT PT 12345, JALAN KUALA KEDAH, 05400 ALOR SETAR, KEDAH.');
    // A sole proprietor's registration, its letters apart, is no part of the name; a name that
    // opens as Malay business names do is the name, whatever street word OCR made of it.
    expect(
      read([
        'RESTORAN HOI KEE',
        '(SA 0123456-P)',
        'NO. 1 & 3, JALAN SS 2/64,',
        '47300 PETALING JAYA,',
        'TOTAL 9.95',
      ]).company,
    ).toBe('RESTORAN HOI KEE');
    const kim = read([
      'SYARIKAT KIM LORONG AUTO PARTS',
      'NO. 27, JALAN PERUSAHAAN 2,',
      '68100 BATU CAVES, SELANGOR.',
      'TOTAL 80.00',
    ]);
    expect(kim.company).toBe('SYARIKAT KIM LORONG AUTO PARTS');
    expect(kim.address).toBe('NO. 27, JALAN PERUSAHAAN 2, 68100 BATU CAVES, SELANGOR.');
    // A register's name before the registration number; "Nama:" and "M/s" name the customer; a
    // state and country on one line close the address; a receipt's title ends it.
    const dobi = read([
      'DOBI LAJU (SSM: 001654321-H)',
      'LOT 5, BLOCK C, KOLOMBONG JAYA,',
      'JALAN KOLOMBONG, 88450 KOTA KINABALU,',
      'SABAH, MALAYSIA.',
      'RESIT',
      'Nama: CIK AINA',
      'JUMLAH 52.00',
    ]);
    expect(dobi.company).toBe('DOBI LAJU');
    // ... judged as its letters where OCR read a figure in it, not lost to the customer's "Nama:".
    expect(
      read([
        'D0BI LAJU (SSM: 001654321-H)',
        'LOT 221, JALAN SULTAN YAHYA PETRA,',
        '15200 KOTA BHARU, KELANTAN.',
        'Tarikh: 05/03/2019',
        'Nama: CIK AINA',
        'JUMLAH BESAR 60.00',
      ]).company,
    ).toBe('DOBI LAJU');
    expect(dobi.address).toBe(
      'LOT 5, BLOCK C, KOLOMBONG JAYA, JALAN KOLOMBONG, 88450 KOTA KINABALU, SABAH, MALAYSIA.',
    );
    expect(
      read(['WARUNG MAK TEH', 'Tel: 012-334 5566', 'Nasi lemak  4.50', 'JUMLAH 4.50', 'TERIMA KASIH'])
        .company,
    ).toBe('WARUNG MAK TEH');
    // A store's label before the street is the shop's, not the address.
    expect(
      read([
        'MYMART CONVENIENCE (M) SDN BHD',
        'STORE: MM-1182 TAMAN MELAWATI',
        'LOT 1182, JALAN H8,',
        '53100 KUALA LUMPUR.',
        'TOTAL 5.00',
      ]).address,
    ).toBe('LOT 1182, JALAN H8, 53100 KUALA LUMPUR.');
  });

  it('joins a name wrapped before its legal form, and skips "(139386 X)" before the street', () => {
    expect(
      read([
        'GARDENIA BAKERIES',
        '(KL) SDN BHD',
        '(139386 X)',
        'LOT 3, JALAN PELABUR 23/1,',
        '40300 SHAH ALAM, SELANGOR.',
        'TEL: 03-55423228',
        'TOTAL PAYABLE:           19.26',
      ]),
    ).toMatchObject({
      company: 'GARDENIA BAKERIES (KL) SDN BHD',
      address: 'LOT 3, JALAN PELABUR 23/1, 40300 SHAH ALAM, SELANGOR.',
    });
    expect(
      read([
        'UNIHAKKA INTERNATIONAL',
        'SDN BHD',
        '(867388-U)',
        '12, JALAN TAMPOI 7/4,',
        '81200 JOHOR BAHRU,JOHOR',
        'TOTAL RM 8.20',
      ]).company,
    ).toBe('UNIHAKKA INTERNATIONAL SDN BHD');
    // A title above the legal form's line is no part of the name.
    expect(read(['TAX INVOICE', 'SINAR SDN BHD', 'LOT 3, JALAN PELABUR 23/1,', 'TOTAL 1.00']).company).toBe(
      'SINAR SDN BHD',
    );
  });

  it('names the legal name under a brand that the web address or a social handle spells', () => {
    const slip = (brand: string, legal: string, web: string) =>
      read([
        brand,
        legal,
        'Company No. 877213-H',
        'LOT 2-31, LEVEL 2, PRANGIN SQUARE,',
        '10100 GEORGE TOWN, P.PINANG',
        'TAX INVOICE',
        '26/02/2017 15:03',
        'THE RAINTREE SECRETS 39.90',
        'Amount Due 39.90',
        'Thank you',
        web,
      ]).company;
    expect(slip('BOOKNEST', 'BOOKNEST RETAIL (M) SDN BHD', 'www.booknest.com.my')).toBe(
      'BOOKNEST RETAIL (M) SDN BHD',
    );
    // The handle is no second printing of the brand's name either.
    expect(slip('DAPUR SELERA KAK YAH', 'KY SELERA HOLDINGS SDN BHD', 'FB: dapurselerakakyah')).toBe(
      'KY SELERA HOLDINGS SDN BHD',
    );
  });

  it('names the legal name over a logo word or a slogan the footer repeats', () => {
    const slip = (top: string, bottom: string) =>
      read([
        top,
        'HAPPY FAMILY RETAIL SDN BHD',
        'Co. No. 1098871-P',
        'KM 9, JALAN KUANTAN-GAMBANG,',
        '26300 GAMBANG, PAHANG',
        'Date: 2018/04/27 Time: 18:33',
        'TOTAL 5.00',
        bottom,
      ]).company;
    expect(slip('** HAPPY FAM **', '** HAPPY FAM **')).toBe('HAPPY FAMILY RETAIL SDN BHD');
    expect(slip('Baked Fresh Every Day!', 'Baked Fresh Every Day!')).toBe('HAPPY FAMILY RETAIL SDN BHD');
  });

  it('joins a Malay business name wrapped without a legal form, and takes a top line with a street word over the address for the name', () => {
    const wrapped = read([
      'SYARIKAT BORONG BARANG KERING',
      'TAI SENG',
      '(PG0198345-U)',
      'NO. 5 & 7, JALAN PASAR LAMA,',
      '14000 BUKIT MERTAJAM,',
      'PULAU PINANG',
      'TOTAL 12.00',
    ]);
    expect(wrapped.company).toBe('SYARIKAT BORONG BARANG KERING TAI SENG');
    expect(wrapped.address).toBe('NO. 5 & 7, JALAN PASAR LAMA, 14000 BUKIT MERTAJAM, PULAU PINANG');
    // Not a line under the name that is no name's end: a phone, the address itself.
    expect(
      read(['RESTORAN KAH HENG', 'NO. 45, JALAN KENARI 5,', '47100 PUCHONG', 'TOTAL 1.00']).company,
    ).toBe('RESTORAN KAH HENG');
    expect(
      read(['KEDAI RUNCIT AH HUAT', 'TEL: 019-955 3017', 'NO. 45, JALAN KENARI 5,', 'TOTAL 1.00']).company,
    ).toBe('KEDAI RUNCIT AH HUAT');
    const centre = read([
      'B.S.K. PRINT & COPY CENTRE',
      '(IM0712398-X)',
      'NO. 21, JALAN DEDAP 13,',
      'TAMAN JOHOR JAYA,',
      '81100 JOHOR BAHRU, JOHOR.',
      'TOTAL 53.00',
    ]);
    expect(centre.company).toBe('B.S.K. PRINT & COPY CENTRE');
    expect(centre.address).toBe('NO. 21, JALAN DEDAP 13, TAMAN JOHOR JAYA, 81100 JOHOR BAHRU, JOHOR.');
  });

  it('gives a name in capitals with its legal form and initials as printed', () => {
    const name = (top: string) =>
      read([top, '(IM0712398-X)', 'NO. 21, JALAN DEDAP 13,', '81100 JOHOR BAHRU', 'TOTAL 53.00']).company;
    // Initials glued to the next word, words the recogniser glued, and "COPY" in a shop's name.
    expect(name('B.S.K.PRINT & COPYCENTRE')).toBe('B.S.K. PRINT & COPY CENTRE');
    // A legal form read in small letters in a name in capitals.
    expect(name('J.K. WONG & Co.')).toBe('J.K. WONG & CO.');
    expect(name('ANEKA JAYA Sdn Bhd')).toBe('ANEKA JAYA SDN BHD');
    // A name in mixed case keeps its case.
    expect(name('Mentari Book Gallery Sdn Bhd')).toBe('Mentari Book Gallery Sdn Bhd');
  });

  it('reads "KG." after a number as a kampung and "1KG" as a weight, not as a legal form', () => {
    const got = read([
      'KEROPOK LEKOR PAK DIN',
      'LOT 4, KG. TOK JEMBAL,',
      '21300 KUALA NERUS, TERENGGANU',
      'Tel: 019-955 3017',
      '1 JUN 2018',
      '3x KEROPOK LEKOR 1KG',
      '2x KEROPOK KEPING 500G',
      'JUMLAH 31.00',
    ]);
    expect(got.company).toBe('KEROPOK LEKOR PAK DIN');
    expect(got.address).toBe('LOT 4, KG. TOK JEMBAL, 21300 KUALA NERUS, TERENGGANU');
    // A German partnership keeps its form.
    expect(read(['Müller KG', 'Hauptstraße 4', '33100 Paderborn', 'Summe 5,00']).company).toBe('Müller KG');
  });

  it("takes the clinic's address over the patient's under an Address label", () => {
    const got = read([
      'POLIKLINIK ANNUR SETIA SDN BHD',
      '(998812-M)',
      'NO. 21, JALAN SJ 3/2,',
      'PUSAT PERNIAGAAN SENAWANG JAYA,',
      '70450 SEREMBAN, N.S.',
      'Tel: 06-677 4102',
      'OFFICIAL RECEIPT',
      'Receipt Date : 05/03/2019',
      'Patient : MOHD FAIZAL BIN RASHID',
      'IC No : 850312-05-5521',
      'Address : NO. 9, JALAN DAMAI 4,',
      '          TAMAN DAMAI, 71800 NILAI',
      'CONSULTATION 30.00',
      'Total Amount 30.00',
    ]);
    expect(got.company).toBe('POLIKLINIK ANNUR SETIA SDN BHD');
    expect(got.address).toBe('NO. 21, JALAN SJ 3/2, PUSAT PERNIAGAAN SENAWANG JAYA, 70450 SEREMBAN, N.S.');
  });
});

describe('German till slips', () => {
  it('leaves the branch number out of the address', () => {
    expect(
      read([
        'HORNBACH Baumarkt AG',
        'Filiale 547',
        'Heisenbergstraße 2',
        '33104 Paderborn',
        'Tel. 05254 / 97620',
        'SUMME [2]  EUR               102,20',
      ]).address,
    ).toBe('Heisenbergstraße 2 33104 Paderborn');
  });

  it('knows a misspelt street over its postcode line, so the name above it is the shop', () => {
    expect(
      read([
        '          WUNSCHLOS',
        '          GLUCKLICH?',
        '                Marktkauf Lehr',
        '               Detmolder Stc. 4',
        '               33102 Paderborn',
        '            Tel. 05251 / 180420',
        'KIWIS                          2,37 B',
        'SUMME          EUR            20,08',
      ]),
    ).toMatchObject({ company: 'Marktkauf Lehr', address: 'Detmolder Stc. 4 33102 Paderborn' });
  });

  it('reads the letter a digit stands for in a footer name, and takes an EC-Cash payment', () => {
    const parsed = read([
      '         ALDT',
      '      Pohlweg 110',
      '    33100 Paderborn',
      'BANANEN                1,19',
      'ZU ZAHLEN EURO',
      'EC-Cash                14,16',
      'Vielen Dank fur Ihren Einkauf!',
      'Ald1 GmbH & Co. KG. SchloB Holte',
      'Datum: 2l.04.20 09:52',
    ]);
    expect(parsed).toEqual({
      company: 'Aldi GmbH & Co. KG',
      address: 'Pohlweg 110 33100 Paderborn',
      date: '21.04.20',
      total: '14,16',
    });
  });

  it('takes the name the card slip prints again over a payment processor’s web domain', () => {
    const parsed = read([
      '    Media                     Markt',
      '                MEDIA MARKT',
      '      TV-Hifi-Elektro GnbR Paderborn',
      '                Pohlweg 110',
      '              33100 PADERBORN',
      'Total EUR                           225,00',
      '            Kundenbeleg',
      '             MEDIA MARKT',
      '              PADERBORN',
      '  Datum:                      19.05.2020',
      '      Datenverarbeitung durch',
      '           Ingenico Payment',
      '      Services www.ingenico.de',
    ]);
    // The logo's reading on top, now that the slip vouches for it.
    expect(parsed.company).toBe('Media Markt');
  });

  it('leaves out a logo’s emblem read as a letter set apart before the name', () => {
    const slip = [
      '  S               SATURN',
      '     SATURN ELECTRO-HANDELSGES. MBH',
      '          Kamp 30-32',
      '        33098 Paderborn',
      'Total EUR     99,86',
    ];
    expect(read(slip).company).toBe('SATURN');
    // A one-letter word of the name itself is not set apart.
    expect(
      read(['  A & W RESTAURANT', 'NO 2, JALAN BUNGA RAYA', '81200 JOHOR BAHRU', 'TOTAL 9.00']).company,
    ).toBe('A & W RESTAURANT');
  });

  it('reads a timestamp whose separators and the colon of its time OCR lost, when nothing else is a date', () => {
    const slip = (stamp: string) =>
      read([
        'Warburger Straße 130',
        '33100 Paderborn',
        'Zu Zahlen        7,16',
        stamp,
        'UST-ID-NR: DE814689550',
      ]);
    expect(slip(' 3182   748433/01            02: 03 :20    959').date).toBe('02.03.20');
    expect(slip(' 3182   748433/01            02: 03 :20    14:59').date).toBe('02.03.20');
    // A date-shaped run with no time after it is not taken.
    expect(slip(' 3182   748433/01            02: 03 :20').date).toBeUndefined();
  });
});

describe("an address that opens with a unit's number", () => {
  it('is no name, where the name above it carries no legal form or shop word', () => {
    const got = read([
      'SNAPPY PHOTO & DIGITAL PRINTING',
      '(SA0098765-P)',
      'G-12, KOMPLEKS MAHKOTA,',
      'JALAN SULTAN ISMAIL,',
      '20200 KUALA TERENGGANU, TERENGGANU.',
      'H/P: 012-987 6543',
      'TOTAL  75.00',
    ]);
    expect(got.company).toBe('SNAPPY PHOTO & DIGITAL PRINTING');
    expect(got.address).toBe(
      'G-12, KOMPLEKS MAHKOTA, JALAN SULTAN ISMAIL, 20200 KUALA TERENGGANU, TERENGGANU.',
    );
    expect(
      read([
        'SERI INTAN MINI MARKET',
        'B-G-3, BLOK B,',
        'PANGSAPURI SRI INTAN,',
        '81100 JOHOR BAHRU',
        'TOTAL 5.00',
      ]).address,
    ).toBe('B-G-3, BLOK B, PANGSAPURI SRI INTAN, 81100 JOHOR BAHRU');
  });
});

describe('a date with its month in letters', () => {
  it('reads a till\'s day, month and year run together ("12JAN18"), not a code of letters and figures', () => {
    expect(findDates('DATE: 12JAN18 10:22')[0]?.value).toBe('2018-01-12');
    expect(findDates('01SEP17')[0]?.value).toBe('2017-09-01');
    expect(read(['SENG HENG ELECTRICAL SDN BHD', 'INV 2231   01SEP17 14:05', 'TOTAL  1.00']).date).toBe(
      '01SEP17',
    );
    expect(findDates('Serienummer: SDMPP373MPP15')).toEqual([]);
    expect(findDates('12JANUARY18')).toEqual([]);
  });
});

describe('letters OCR reads for digits in a date', () => {
  it('reads a date whose year OCR glued to the time', () => {
    expect(findDates('DATE:14/03/20183:22:10PM')[0]?.value).toBe('2018-03-14');
    expect(read(['SHOP SDN BHD', '20/03/201820:49:59 #01', 'TOTAL  1.00']).date).toBe('20/03/2018');
    // A two-digit year glued to the hour: the hour is not part of a year 1913.
    expect(findDates('24/12/1913:44:53 INV598129')[0]?.value).toBe('2019-12-24');
    expect(read(['SHOP SDN BHD', '11/03/1817:53:11', 'TOTAL  1.00']).date).toBe('11/03/18');
    expect(findDates('24/12/2019 13:44')[0]?.value).toBe('2019-12-24');
    // ... or its label: "DATE25/12/2018" (a word that ends in "date" is no label).
    expect(read(['SHOP SDN BHD', 'DATE25/12/2018', 'TOTAL  1.00']).date).toBe('25/12/2018');
    expect(findDates('update12/05/2018')).toEqual([]);
    // A five-digit figure after a date-like start is no year.
    expect(findDates('1/2/20234')).toEqual([]);
  });

  it('reads them inside a date-shaped run only', () => {
    expect(findDates('Datum 2O.O4.2020 10:00')[0]?.value).toBe('2020-04-20');
    expect(findDates('l2/05/2018')[0]?.value).toBe('2018-05-12');
    // Too few real digits to be a date, or words around figures: left alone.
    expect(findDates('lO.lO.lO')).toEqual([]);
    expect(findDates('Bolo 12.50')).toEqual([]);
  });

  it("reads a labelled date with one separator read as a colon, and skips an appointment's or a laundry's later day", () => {
    const clinic = (receiptDate: string) =>
      read([
        'KLINIK SETIA SDN BHD',
        'NO. 21, JALAN SJ 3/2,',
        `Receipt Date : ${receiptDate}`,
        'CONSULTATION 30.00',
        'Total Amount 30.00',
        'Next Appointment : 19/03/2019',
      ]).date;
    expect(clinic('05/03/2019')).toBe('05/03/2019');
    expect(clinic('05:03/2019')).toBe('05/03/2019');
    // Two colons are a time's.
    expect(clinic('05:03:20')).toBeUndefined();
    expect(
      read(['DOBI WANGI', 'Date In : 02/04/2018', 'Ready On : 04/04/2018', 'WASH 10.00', 'TOTAL 10.00']).date,
    ).toBe('02/04/2018');
    expect(read(['SHOP SDN BHD', 'Member since 12/01/2015', '03/05/2018 10:42', 'TOTAL 5.00']).date).toBe(
      '03/05/2018',
    );
  });

  it("gives the slip's own date, misread, where the card slip below prints the same day otherwise", () => {
    const slip = (own: string) =>
      read([
        'VISIONPLUS OPTICAL SDN BHD',
        'F-23, 1ST FLOOR, MAHKOTA PARADE,',
        `Date: ${own} Time: 15:20`,
        'TOTAL INCL GST 459.00',
        'VISA 459.00',
        'BANK PERDANA BERHAD',
        'DATE: JUL 17, 2017 TIME: 15:22:47',
        'TOTAL RM 459.00',
      ]).date;
    expect(slip('17-97-2017')).toBe('17-07-2017');
    expect(slip('17-07-2017')).toBe('17-07-2017');
    // Another day misread above is not the card slip's.
    expect(slip('18-97-2017')).toBe('JUL 17, 2017');
  });
});

describe('words the recogniser glued', () => {
  it('splits runs of capitals made of known words, one name the dictionary lacks allowed', () => {
    expect(splitGluedWords('UNIHAKKAINTERNATIONAL SDN BHD')).toBe('UNIHAKKA INTERNATIONAL SDN BHD');
    expect(splitGluedWords('PASARAYABORONGPINTARSDNBHD')).toBe('PASARAYA BORONG PINTAR SDN BHD');
    expect(splitGluedWords('BANDAR BARU PERMASJAYA,')).toBe('BANDAR BARU PERMAS JAYA,');
    expect(splitGluedWords('B-G-3, BLOK B, PANGSAPURISRIINTAN,')).toBe(
      'B-G-3, BLOK B, PANGSAPURI SRI INTAN,',
    );
    expect(splitGluedWords('NO. 2, JALAN 1/109F, DESATASIK,')).toBe('NO. 2, JALAN 1/109F, DESA TASIK,');
    expect(splitGluedWords('81100 JOHORBAHRU,JOHOR')).toBe('81100 JOHOR BAHRU,JOHOR');
    expect(splitGluedWords('BUNGA RIANGFLORIST & GIFTS')).toBe('BUNGA RIANG FLORIST & GIFTS');
    // A legal form of three letters cuts a run too (no English word ends in "ltd").
    expect(splitGluedWords('WILTON&SONSBOOKSELLERSLTD')).toBe('WILTON&SONS BOOKSELLERS LTD');
    expect(splitGluedWords('SANTA ROSAFAMILYDRUGSTOREINC.')).toBe('SANTA ROSA FAMILY DRUGSTORE INC.');
    expect(splitGluedWords('KEDAI ROTI & KEKMAWAR')).toBe('KEDAI ROTI & KEK MAWAR');
    // Shop words of workshops and clinics ("BENGKEL|AUTO", "GRIPWELL|TYRE"); a clinic's own word stays whole.
    expect(splitGluedWords('BENGKELAUTO TEGAS MAJU')).toBe('BENGKEL AUTO TEGAS MAJU');
    expect(splitGluedWords('GRIPWELLTYRE SERVICES SDN BHD')).toBe('GRIPWELL TYRE SERVICES SDN BHD');
    expect(splitGluedWords('POLIKLINIK ANNUR SETIA')).toBe('POLIKLINIK ANNUR SETIA');
    expect(splitGluedWords('LOT F1-22, FIRSTFLOOR, KOMPLEKS')).toBe('LOT F1-22, FIRST FLOOR, KOMPLEKS');
    expect(splitGluedWords('SERIALOR AUTO STATION')).toBe('SERI ALOR AUTO STATION');
    // A street's name that holds a place word is not cut short of a name: "SERI|NDIT".
    expect(splitGluedWords('JALAN SERINDIT 2/1')).toBe('JALAN SERINDIT 2/1');
    expect(read(['WILTON&SONSBOOKSELLERSLTD', '27-29 Bridge Street', 'Chester CH1 1NG']).company).toBe(
      'WILTON & SONS BOOKSELLERS LTD',
    );
  });

  it('splits off shop words and three initials in front, not a word’s ending', () => {
    expect(splitGluedWords('SANYUSTATIONERYSHOP')).toBe('SANYU STATIONERY SHOP');
    expect(splitGluedWords('OJCMARKETING SDN BHD')).toBe('OJC MARKETING SDN BHD');
    expect(splitGluedWords('SUPERMARKETING')).not.toMatch(/ ING$/);
    expect(read(['LIAN HUAT GIFT&HOME DECO', '12, JALAN MERBAU 3,', 'TOTAL  5.00']).company).toBe(
      'LIAN HUAT GIFT & HOME DECO',
    );
  });

  it('leaves words, names and German compounds whole', () => {
    for (const word of [
      'INTERNATIONAL',
      'SUPERMARKET',
      'HORNBACH',
      'MEDIAMARKT',
      'DROGERIEMARKT',
      'STRASSENBAHN',
      'KARTENZAHLUNG',
      'PADERBORN',
      'SUPERMARKT',
      'BACKSHOP',
      'Baumarkt',
    ])
      expect(splitGluedWords(word)).toBe(word);
  });

  it('gives name and address with their spaces from a page read as glued capitals', () => {
    const parsed = read([
      'UNIHAKKAINTERNATIONAL SDN BHD',
      '(867388-U)',
      '12, Jalan Tampoi 7/4, Kawasan Perindustrian Tampoi,',
      '81200 JOHORBAHRU, JOHOR',
      'Invoice # : OR18061202170465',
      '12 Jun 2018 18:48',
      'Total Amount                8.70',
    ]);
    expect(parsed.company).toBe('UNIHAKKA INTERNATIONAL SDN BHD');
    expect(parsed.address).toBe(
      '12, Jalan Tampoi 7/4, Kawasan Perindustrian Tampoi, 81200 JOHOR BAHRU, JOHOR',
    );
  });
});

describe('a Malaysian receipt rendered and read by PaddleOCR', () => {
  it('gives the name and address with their spaces, the date and the rounded total', async () => {
    const rows: [string, string?][] = [
      ['PASARAYA BORONG PINTAR SDN BHD'],
      ['(CO. NO. 624356-T)'],
      ['LOT 9, JALAN PERMAS 10/1,'],
      ['BANDAR BARU PERMAS JAYA,'],
      ['81750 MASAI, JOHOR'],
      ['TEL: 07-387 8899'],
      ['SIMPLIFIED TAX INVOICE'],
      ['12/05/2018  19:42'],
      ['GARDENIA BREAD', '3.70'],
      ['EGG GRADE A 10S', '4.50'],
      ['TOTAL RM', '8.20'],
      ['ROUNDING ADJ', '0.00'],
      ['TOTAL ROUNDED RM', '8.20'],
      ['CASH RM', '10.00'],
      ['CHANGE RM', '1.80'],
    ];
    const doc = await extractDocument(
      await receiptImage(rows, { width: 900, fontSize: 26 }),
      { ...OPTIONS, ocrEngine: 'PADDLE' },
      LIMITS,
      noop,
    );
    const parsed = extractBuiltIn(layoutFromWords(doc.pages[0]!.words!)!, RECEIPT_SCHEMA).parsed;
    expect(parsed).toEqual({
      company: 'PASARAYA BORONG PINTAR SDN BHD',
      address: 'LOT 9, JALAN PERMAS 10/1, BANDAR BARU PERMAS JAYA, 81750 MASAI, JOHOR',
      date: '12/05/2018',
      total: '8.20',
    });
  });
});

describe('a Malaysian receipt photographed askew', () => {
  it('goes to PaddleOCR though tesseract read its top lines confidently, and gives all four fields', async () => {
    const rows: [string, string?][] = [
      ['SINAR JAYA HARDWARE SDN BHD'],
      ['(412345-K)'],
      ['NO. 7, JALAN PERDANA 2,'],
      ['TAMAN PERDANA,'],
      ['81300 SKUDAI, JOHOR.'],
      ['TEL: 07-556 1234  FAX: 07-556 1235'],
      ['TAX INVOICE'],
      ['DATE: 14/03/2018 3:22:10 PM'],
      ['PVC PIPE 1/2"', '12.00'],
      ['CEMENT 50KG', '18.50'],
      ['TOTAL SALES (EXCLUDING GST):', '28.77'],
      ['GST 6%:', '1.73'],
      ['TOTAL (INCLUSIVE OF GST):', '30.50'],
      ['ROUNDING:', '0.00'],
      ['TOTAL:', '30.50'],
      ['CASH', '50.00'],
      ['CHANGE', '19.50'],
    ];
    // Three degrees askew on a grey table, soft focus, a phone's JPEG.
    const photo = await sharp(await receiptImage(rows, { width: 900, fontSize: 26 }))
      .rotate(-3, { background: '#d8d4cc' })
      .blur(1.2)
      .resize({ width: 640 })
      .jpeg({ quality: 55 })
      .toBuffer();
    const tesseract = (await extractDocument(photo, { ...OPTIONS, ocrEngine: 'TESSERACT' }, LIMITS, noop))
      .pages[0]!;
    // Its confidence alone would keep tesseract's reading, which lost the lines it could not lay out.
    expect(tesseract.confidence).toBeGreaterThanOrEqual(AUTO_PADDLE_BELOW);
    expect(tesseract.text).not.toMatch(/30\.50/);
    const page = (await extractDocument(photo, { ...OPTIONS, ocrEngine: 'AUTO' }, LIMITS, noop)).pages[0]!;
    expect(page.ocrEngine).toBe('PADDLE');
    const parsed = extractBuiltIn(layoutFromWords(page.words!)!, RECEIPT_SCHEMA).parsed;
    expect(parsed).toMatchObject({
      company: 'SINAR JAYA HARDWARE SDN BHD',
      date: '14/03/2018',
      total: '30.50',
    });
    expect(parsed.address).toMatch(/JALAN PERDANA 2.*TAMAN PERDANA.*81300 SKUDAI/);
  });
});

describe('a till slip with an e-wallet slip stapled after it', () => {
  it('reads no branch line as the address, and no sentence’s "AS" as a legal form', () => {
    const got = read([
      'PASARAYA SERBA MEWAH SDN BHD',
      '(874216-X)',
      'CAWANGAN SEREMBAN 2',
      'NO. 5-11, JALAN S2 K11,',
      '70300 SEREMBAN, NEGERI SEMBILAN.',
      'GST REG NO: 000613925376',
    ]);
    expect(got.address).toBe('NO. 5-11, JALAN S2 K11, 70300 SEREMBAN, NEGERI SEMBILAN.');
    expect(
      read([
        'SYARIKAT TAYAR KAMAL JAYA',
        'LOT PT 889, JALAN KUBANG MAKMUR,',
        'GST NO: 001034762240',
        'INVOICE',
        'GRAND TOTAL   1191.44',
        'TYRE WARRANTY AS PER MANUFACTURER',
      ]).company,
    ).toBe('SYARIKAT TAYAR KAMAL JAYA');
  });

  it('starts the address at a unit number that reads as a date ("8-1-08," for B-1-08)', () => {
    const lines = [
      'TECHZONE DIGITAL ENTERPRISE',
      '(802589341-U)',
      '8-1-08, PLAZA LOW YAT 2,',
      'JALAN BINTANG,',
      '55100 KUALA LUMPUR',
      'TEL: 012-388 4102',
      'DATE: 19-01-2018',
    ];
    expect(read(lines).address).toBe('8-1-08, PLAZA LOW YAT 2, JALAN BINTANG, 55100 KUALA LUMPUR');
    expect(read(lines).date).toBe('19-01-2018');
  });

  it('reads a postcode whose zeros OCR read as Os ("531OO") as the postcode line it is, and no store code line', () => {
    const got = read([
      'MYMART CONVENIENCE (M) SDN BHD',
      '(CO.REG: 318872-A)',
      'STORE:MM-1182 TAMAN MELAWATI',
      'LOT 1182, JALAN H8,',
      'TAMAN MELAWATI,',
      '531OO KUALALUMPUR.',
      'TEL: 03-4108 9931',
    ]);
    expect(got.address).toBe('LOT 1182, JALAN H8, TAMAN MELAWATI, 53100 KUALA LUMPUR.');
  });

  it('takes the name at the top in full over the merchant line of the slip, and no copy for a name', () => {
    const got = read([
      'PASARAYA SEGAR MAJU SDN BHD (778812-T)',
      'NO 1, JALAN KENANGA 3, TAMAN KENANGA,',
      '75200 MELAKA.',
      'TOTAL                  25.65',
      '          MERCHANT COPY',
      'MERCHANT: PASARAYA SEGAR MAJU',
    ]);
    expect(got.company).toBe('PASARAYA SEGAR MAJU SDN BHD');
    // A greeting at the bottom is no name, even where nothing else is.
    expect(read(['05/08/2019 12:41', 'TOTAL 10.70', 'TERIMA KASIH']).company).toBeUndefined();
  });
});

describe('an address with the phone on its last line, a rounded total under another label', () => {
  it('ends the address at the phone printed after the town or the state on their line', () => {
    expect(
      read([
        'SINAR PELANGI STATIONERY ENTERPRISE',
        '(JM0745128-D)',
        'NO. 5, JLN MERANTI 2,',
        'TAMAN SRI MERANTI,',
        '81200 JOHOR BAHRU. TEL: 07-236 4415',
        'GST ID: 000654781232',
      ]).address,
    ).toBe('NO. 5, JLN MERANTI 2, TAMAN SRI MERANTI, 81200 JOHOR BAHRU.');
    expect(
      read([
        'HIN LOONG HARDWARE SDN BHD',
        'NO. 15, JALAN PASAR, 70000 SEREMBAN,',
        'NEGERI SEMBILAN. TEL: 06-762 1458',
        'GST ID: 000318874512',
      ]).address,
    ).toBe('NO. 15, JALAN PASAR, 70000 SEREMBAN, NEGERI SEMBILAN.');
    // Before the address has its town, the phone's line gives nothing ("JALAN MAJU TEL: …" is a street
    // whose town was not printed, and the line after the phone is not read on).
    expect(
      read(['KEDAI MAJU', 'NO. 5, JALAN MAJU,', 'CAFE TEL: 07-236 4415', '81200 JOHOR BAHRU.']).address,
    ).toBe('NO. 5, JALAN MAJU,');
  });

  it('takes the amount after the rounding when cash less change agrees with it, whatever its label', () => {
    const lines = ['TECK LEONG HARDWARE SDN BHD', 'TOTAL 186.56', 'ROUNDING -0.01', 'NET AMOUNT 186.55'];
    expect(read([...lines, 'CASH 200.00', 'CHANGE 13.45']).total).toBe('186.55');
    // A term of payment above it is no payment.
    expect(read(['DATE : 02/05/18     TERMS: CASH', ...lines, 'CASH 200.00', 'CHANGE 13.45']).total).toBe(
      '186.55',
    );
    // Without the payment to vouch for it, a "net amount" is not taken for the total.
    expect(read(lines).total).toBe('186.56');
  });

  it('reads a US state and a British postcode whose capitals OCR read small, and keeps a unit number’s point', () => {
    expect(
      read(['PINE HOLLOW HARDWARE', '1427 W Cedar Ridge Rd', 'Marshfield, Wi 54449', '(715) 555-0148'])
        .address,
    ).toBe('1427 W Cedar Ridge Rd Marshfield, WI 54449');
    expect(addressAsPrinted('27 Mill Lane. Thornbury Bristol BS35 2xQ')).toBe(
      '27 Mill Lane, Thornbury Bristol BS35 2XQ',
    );
    expect(addressAsPrinted('2 Market Place Woodstock Oxfordshire Ox20 1TA')).toBe(
      '2 Market Place Woodstock Oxfordshire OX20 1TA',
    );
    // Over a four-digit postcode too; an abbreviation without a vowel keeps its point.
    expect(
      addressAsPrinted('123 Rizal Ave. cor. Mabini St., Brgy. Poblacion, Santa Rosa City. Laguna 4026'),
    ).toBe('123 Rizal Ave. cor. Mabini St., Brgy. Poblacion, Santa Rosa City, Laguna 4026');
    expect(addressAsPrinted('Shop 6,112 Esplanade Brightwater Bay QLD 4573')).toBe(
      'Shop 6, 112 Esplanade Brightwater Bay QLD 4573',
    );
    // A house number that ends in a letter before the comma read as a point.
    expect(addressAsPrinted('NO. 9A. JLN PERUSAHAAN 2, 14100 SIMPANG AMPAT')).toBe(
      'NO. 9A, JLN PERUSAHAAN 2, 14100 SIMPANG AMPAT',
    );
    expect(addressAsPrinted('NO.14-G.JALAN WAWASAN 2/3, 68000 AMPANG')).toBe(
      'NO.14-G, JALAN WAWASAN 2/3, 68000 AMPANG',
    );
    // A state whose point the recogniser set apart ("SELANGOR .") is still the address's last line.
    expect(
      read([
        'CETAK PANTAS SDN BHD',
        'NO. 27, JALAN SETIA PRIMA,',
        '40170 SHAH ALAM,',
        'SELANGOR .',
        'Tel: 03-3359 1807',
      ]).address,
    ).toBe('NO. 27, JALAN SETIA PRIMA, 40170 SHAH ALAM, SELANGOR.');
    expect(addressAsPrinted('LOT 2.14, LEVEL 2, GALERIA PERMATA. 62000 PUTRAJAYA')).toBe(
      'LOT 2.14, LEVEL 2, GALERIA PERMATA, 62000 PUTRAJAYA',
    );
  });
});

describe('an address as OCR reads it off a photo', () => {
  it('gives back the commas read as points and the spaces dropped after them, in capitals only', () => {
    expect(addressAsPrinted('NO 69.JALAN KLANG LAMA. KAWASAN PERINDUSTRIAN, 81100 JOHOR BAHRU. JOHOR')).toBe(
      'NO 69, JALAN KLANG LAMA, KAWASAN PERINDUSTRIAN, 81100 JOHOR BAHRU, JOHOR',
    );
    expect(addressAsPrinted('TAMAN PERDANA,70200 SEREMBAN.')).toBe('TAMAN PERDANA, 70200 SEREMBAN.');
    // Abbreviations keep their points; house numbers keep their list.
    expect(addressAsPrinted('NO.53 55,57 & 59, JLN. SAGU 18, TMN. DAYA')).toBe(
      'NO.53 55,57 & 59, JLN. SAGU 18, TMN. DAYA',
    );
    // Mixed case is not touched: "Hauptstr. 5" is an abbreviation.
    expect(addressAsPrinted('Bahnhofstr. 5 33100 Paderborn')).toBe('Bahnhofstr. 5 33100 Paderborn');
  });

  it('reads "!" as I and an unopened ")" as J in capitals, and small letters shaped as capitals as capitals', () => {
    expect(addressAsPrinted('LOT 9203, JALAN MERANT! 5, SEKSYEN 9')).toBe(
      'LOT 9203, JALAN MERANTI 5, SEKSYEN 9',
    );
    expect(addressAsPrinted('NO. 50, JALAN US) 3, TAMAN MOLEK')).toBe('NO. 50, JALAN USJ 3, TAMAN MOLEK');
    expect(addressAsPrinted('NO.70, JALAN ss, TAMAN MOLEK, 30450 IPOH')).toBe(
      'NO.70, JALAN SS, TAMAN MOLEK, 30450 IPOH',
    );
    expect(addressAsPrinted('11, JALAN US], 81300 SKuDAI, JOHOR')).toBe('11, JALAN USJ, 81300 SKUDAI, JOHOR');
    // A parenthesis that one opens stays; so does a word with small letters of other shapes.
    expect(addressAsPrinted('LOT 5 (KLCC) 3, JALAN AMPANG')).toBe('LOT 5 (KLCC) 3, JALAN AMPANG');
    expect(addressAsPrinted('Husener Str. 12, 33100 Paderborn')).toBe('Husener Str. 12, 33100 Paderborn');
    // Words read with small letters for capitals, each still mostly capitals: capitals.
    expect(addressAsPrinted('31, JALAN mUTIaRA EMAS, TamAN mUTIaRa RiNI, 47500 SUBANG JAYA')).toBe(
      '31, JALAN MUTIARA EMAS, TAMAN MUTIARA RINI, 47500 SUBANG JAYA',
    );
    expect(addressAsPrinted('NO 5, Jalan Sagu, TAMAN DAYA, 81100 JOHOR')).toBe(
      'NO 5, Jalan Sagu, TAMAN DAYA, 81100 JOHOR',
    );
  });

  it('folds full-width commas and puts digits back into a postcode and letters into a place', () => {
    expect(addressAsPrinted('NO.43， JALAN DATO ONN， 4750O SUBANG JAYA, TAMAN M0LEK')).toBe(
      'NO.43, JALAN DATO ONN, 47500 SUBANG JAYA, TAMAN MOLEK',
    );
    // A word of four with the figure between letters; codes with it at the end stay.
    expect(addressAsPrinted('TAMAN DAYA, 30450 IP0H, PERAK, USJ1, SS20')).toBe(
      'TAMAN DAYA, 30450 IPOH, PERAK, USJ1, SS20',
    );
  });

  it('puts back the spaces dropped before a street number and around "&", and letters for digits in words', () => {
    expect(addressAsPrinted('NO.27&59, JALAN PUTER1, SEKSYEN9,401SO SHAH ALAM, USJ1, JALAN SS2')).toBe(
      'NO.27 & 59, JALAN PUTERI, SEKSYEN 9, 40150 SHAH ALAM, USJ1, JALAN SS2',
    );
  });

  it('starts after a registration number OCR misread, and spans a centred line with a wide gap', () => {
    const parsed = read([
      'ASIA PHARMACY SDN BHD',
      '(60/505 - A)',
      'NO /6    JALAN MUTIARA EMAS 11,',
      'BANDAR SERI ALAM     81750',
      'MASAI   JOHOR',
      'TEL  04-657 5442',
      'DATE 09-05-2019 17:26',
      'PEN BLUE 3 X 22.30                  66.90',
      'NETT TOTAL                         112.95',
    ]);
    expect(parsed.address).toBe('NO /6 JALAN MUTIARA EMAS 11, BANDAR SERI ALAM 81750 MASAI JOHOR');
  });

  it('goes on to the country after the state, and no further', () => {
    const parsed = read([
      'GOLDEN BAKERY SDN BHD',
      'LOT 276 JALAN BANTING,',
      '43800 DENGKIL,',
      'SELANGOR DARUL EHSAN,',
      'MALAYSIA.',
      '(AEON DENGKIL BRANCH)',
      'BREAD 1 X 1.50                       1.50',
      'TOTAL                                1.50',
    ]);
    expect(parsed.address).toBe('LOT 276 JALAN BANTING, 43800 DENGKIL, SELANGOR DARUL EHSAN, MALAYSIA.');
  });

  it('ends at a document title the recogniser glued ("TAXINVOICE")', () => {
    const parsed = read([
      'UNIQUE ENTERPRISE SDN BHD',
      'NO 83, JALAN BANTING,',
      '43000 KAJANG, SELANGOR.',
      'SIMPLIFIED TAXINVOICE',
      'BREAD 1 X 1.50                       1.50',
      'TOTALAMOUNT                       RM99.20',
    ]);
    expect(parsed.address).toBe('NO 83, JALAN BANTING, 43000 KAJANG, SELANGOR.');
    expect(parsed.total).toBe('99.20');
  });
});

describe('dates as printed', () => {
  it('gives back the spaces OCR took from around a month name, and the separators of dates', () => {
    expect(printedDate('14NOV 2017')).toBe('14 NOV 2017');
    expect(printedDate('12MAY2018')).toBe('12 MAY 2018');
    expect(printedDate('23.04 .2020')).toBe('23.04.2020');
    // A two-digit year glued on is left as read: "3MAR12" may be a date or a code.
    expect(printedDate('3MAR12')).toBe('3MAR12');
    expect(printedDate('12-JAN-2019')).toBe('12-JAN-2019');
    // A hyphen beside a month's name read as a point: the two separators alike.
    expect(printedDate('15-May.2018')).toBe('15-May-2018');
    expect(printedDate('11.Dec-2018')).toBe('11-Dec-2018');
    expect(printedDate('11.Dec.2018')).toBe('11.Dec.2018');
  });
});

describe('shop and address words misread by a letter', () => {
  it('puts them back in capitals, and leaves words, short words and mixed case alone', () => {
    expect(correctMisreadWords('ASIA PHARMACY IRADING')).toBe('ASIA PHARMACY TRADING');
    expect(correctMisreadWords('YARIKAT KEDAI SIATIONERY')).toBe('SYARIKAT KEDAI STATIONERY');
    expect(correctMisreadWords('BANOAR SERI ALAM')).toBe('BANDAR SERI ALAM');
    expect(correctMisreadWords('PQ BOOKS OISTRIBUTION SDN BHD')).toBe('PQ BOOKS DISTRIBUTION SDN BHD');
    expect(correctMisreadWords('Irading GmbH, KEDAI RUNCIT, GRADING')).toBe(
      'Irading GmbH, KEDAI RUNCIT, GRADING',
    );
    // A letter no recogniser takes for the other is another word: nasi kandar is no street.
    expect(correctMisreadWords('HIKMAH NASI KANDAR')).toBe('HIKMAH NASI KANDAR');
    // A name's syllable a letter short of a street word is the name's ("LOONG" is no "LORONG").
    expect(correctMisreadWords('SYARIKAT KIM LOONG AUTO PARTS')).toBe('SYARIKAT KIM LOONG AUTO PARTS');
  });
  it('reads a digit or mark in a word as the letter it stands for, and puts back states, TAMAN, JALAN and PUSAT', () => {
    expect(correctMisreadWords('SYARIKA1 MEGA HARDWARE')).toBe('SYARIKAT MEGA HARDWARE');
    expect(correctMisreadWords('IAMAN PERDANA, 43800 DENGKIL, SEIANGOR')).toBe(
      'TAMAN PERDANA, 43800 DENGKIL, SELANGOR',
    );
    expect(correctMisreadWords(']ALAN BESAR')).toBe('JALAN BESAR');
    expect(correctMisreadWords('PUSAI PERNIAGAAN SENAWANG')).toBe('PUSAT PERNIAGAAN SENAWANG');
    // Towns and streets are not put back (they differ by a letter), nor codes, nor a short
    // word a letter away that is not a stroke misread ("HAMAN" may be a name).
    expect(correctMisreadWords('IP0H, MERANT], USJ 19, SS2, RM12.50, HAMAN, SALAN')).toBe(
      'IP0H, MERANT], USJ 19, SS2, RM12.50, HAMAN, SALAN',
    );
  });
});

describe('outlet lines, Malay registration labels and names wrapped before their legal form', () => {
  it('starts the address under an outlet’s line with a store code, and skips "(Syarikat No. …)"', () => {
    const outlet = read([
      '99 KEDAIRIA SDN. BHD.',
      '2214-TMN SRI MUDA',
      'NO. 8, JALAN ANGGERIK 2,',
      'TAMAN SRI MUDA, 40400 SHAH ALAM.',
      'TEL: 03-5191 2233',
      'DATE: 11-04-2019',
      'TOTAL                         12.50',
    ]);
    expect(outlet.address).toBe('NO. 8, JALAN ANGGERIK 2, TAMAN SRI MUDA, 40400 SHAH ALAM.');
    const registered = read([
      'KEDAI MAKAN PANTAI INDAH SDN. BHD.',
      '(Syarikat No. 771234-K)',
      'BATU 6, JALAN PANTAI,',
      '71050 PORT DICKSON, NEGERI SEMBILAN.',
      'TEL: 06-662 1188',
      'DATE: 30/12/2017',
      'TOTAL                         88.00',
    ]);
    expect(registered.address).toBe('BATU 6, JALAN PANTAI, 71050 PORT DICKSON, NEGERI SEMBILAN.');
    // A first line with a figure that is the address's own stays ("LOT 12 KAMPUNG …" over a street).
    const lot = read([
      'KEDAI RUNCIT AMAN',
      'LOT 2281 KAMPUNG PADANG JAWA',
      'JALAN SUNGAI RASAU,',
      '40200 SHAH ALAM',
      'DATE: 01/02/2018',
      'TOTAL                         12.50',
    ]);
    expect(lot.address).toBe('LOT 2281 KAMPUNG PADANG JAWA JALAN SUNGAI RASAU, 40200 SHAH ALAM');
  });

  it('joins a name wrapped before "(TOWN) SDN BHD" or before its trade with the registration', () => {
    const town = read([
      'PELANGI BOOK CENTRE',
      '(KUALA KANGSAR) SDN BHD',
      'Co. Reg. 0712345-P',
      'NO. 7, JALAN TAKKAS,',
      '33000 KUALA KANGSAR, PERAK.',
      'Date: 2019-02-20',
      'Total Due                     39.40',
    ]);
    expect(town.company).toBe('PELANGI BOOK CENTRE (KUALA KANGSAR) SDN BHD');
    const trade = read([
      'BENGKEL AH SENG & SONS',
      'AUTO SERVICE (JM0512345-T)',
      'LOT 52, JALAN PERUSAHAAN 2,',
      '34400 SEMANGGOL, PERAK.',
      'DATE: 8/5/2017',
      'NETT TOTAL                   433.00',
    ]);
    expect(trade.company).toBe('BENGKEL AH SENG & SONS AUTO SERVICE');
  });

  it('passes over a delivery’s "To:" block, and takes the address under a name printed only at the foot', () => {
    const parsed = read([
      'OFFICIAL RECEIPT',
      'No. 000512',
      'Date: 12 Feb 2019',
      'Customer: Mr. Lim',
      'To: No. 9, Jalan Anggerik 13/2,',
      'Seksyen 13, Shah Alam',
      '1 Bouquet                      168.00',
      'TOTAL                          168.00',
      'Thank you!',
      'KEDAI BUNGA MELATI ENTERPRISE',
      '(SA0412778-W)',
      'No. 3, Jalan Plumbum 7/1,',
      '40000 Shah Alam, Selangor.',
      'Tel: 03-5511 9024',
    ]);
    expect(parsed.company).toBe('KEDAI BUNGA MELATI ENTERPRISE');
    expect(parsed.address).toBe('No. 3, Jalan Plumbum 7/1, 40000 Shah Alam, Selangor.');
  });

  it('takes no document title for the name, and finds the address under a name at the foot read as none', () => {
    const parsed = read([
      'CASH BILL',
      'TABLE: 7 NO: 10922',
      '07/03/2017 1:15 PM',
      '2 CHAR KUEY TEOW 13.00',
      'TOTAL 27.00',
      'CASH 50.00',
      '',
      'SIN YEE HIN',
      '(IP0048812-V)',
      'NO. 21, JALAN SULTAN ISKANDAR,',
      '30000 IPOH, PERAK.',
      'TEL: 05-253 7719',
      'THANK YOU',
    ]);
    // (The name's first line, "KEDAI MAKANAN DAN MINUMAN", was lost to OCR on the photo.)
    expect(parsed.company).toBe('SIN YEE HIN');
    expect(parsed.address).toBe('NO. 21, JALAN SULTAN ISKANDAR, 30000 IPOH, PERAK.');
    // As the photo's OCR gave it: the registration number misread too, so no name at all.
    const noName = read([
      'CASH BILL',
      'TABLE: 7 NO: 10922',
      '07/03/2017 1:15 PM',
      '2 CHAR KUEY TEOW 13.00',
      '1 HOR FUN Sup 6.00',
      'TOTAL 27.00',
      'CASH 50.00',
      'CHANGE 23.00',
      '',
      'SIN YEE HIN',
      '(IPOR48812-V)',
      'NO. 21, JALAN SULTAN ISKANDAR,',
      '30000 IPOH, PERAK.',
      'TEL: 05-253 7719',
      'THANK YOU',
    ]);
    expect(noName.company).toBeUndefined();
    expect(noName.address).toBe('NO. 21, JALAN SULTAN ISKANDAR, 30000 IPOH, PERAK.');
  });

  it('ends the address at a GST id OCR glued ("GSTID"), and keeps the state under a phone set beside the town', () => {
    const glued = read([
      'KEK & ROTI DELIMA SDN BHD',
      '(1148823-H)',
      'NO. 17, JALAN SS 15/4B,',
      '47500 SUBANG JAYA,',
      'SELANGOR.',
      'GSTID No:002044196864',
      'Tax Invoice',
      'ROUNDED TOTAL 75.50',
    ]);
    expect(glued.address).toBe('NO. 17, JALAN SS 15/4B, 47500 SUBANG JAYA, SELANGOR.');
    const beside = read([
      'TEK HOCK KOPITIAM ENTERPRISE',
      '(CA0034567-T)',
      'NO. B-5, JALAN BESERAH,',
      '25300 KUANTAN,              Tel: 09-567 4421',
      'PAHANG.',
      'RESIT',
      'TOTAL 22.40',
    ]);
    expect(beside.address).toBe('NO. B-5, JALAN BESERAH, 25300 KUANTAN, PAHANG.');
  });

  it('takes the registered name over its registration number, not the shop’s sign above it', () => {
    const parsed = read([
      'KEDAI RUNCIT PAK HASSAN',
      'PERNIAGAAN HASSAN & ANAK-ANAK',
      '(D0123456-H)',
      'LOT 88, KAMPUNG BUKIT TUMBOH,',
      '16010 KOTA BHARU, KELANTAN.',
      'TEL: 013-912 4406',
      'JUMLAH 44.30',
    ]);
    expect(parsed.company).toBe('PERNIAGAAN HASSAN & ANAK-ANAK');
  });

  it('passes over a chain’s branch line under its brand, and a member’s address under its label', () => {
    const branch = read([
      'SERBA24 MART',
      'SERBA RUNCIT (M) SDN BHD',
      '(1098765-T)',
      'SERBA 24 - TAMAN DESA JAYA',
      'NO. 12, JALAN DESA JAYA 2/4,',
      'TAMAN DESA JAYA,',
      '52100 KEPONG, KUALA LUMPUR.',
      'TEL: 03-6274 1180',
      'TOTAL 5.00',
    ]);
    expect(branch.address).toBe('NO. 12, JALAN DESA JAYA 2/4, TAMAN DESA JAYA, 52100 KEPONG, KUALA LUMPUR.');
    const member = read([
      'KELUARGA BAHAGIA MART SDN BHD',
      '(Co.Reg. 1023987-A)',
      'NO. 5 & 7, JALAN KENANGA 2,',
      '41050 KLANG, SELANGOR.',
      'Tel: 03-3371 5520',
      'Date: 25/04/2018 (WED)',
      'Member : SURESH A/L KRISHNAN',
      'Address: NO. 22, JALAN DAHLIA 4,',
      '         TAMAN DAHLIA, 41200 KLANG',
      'TOTAL 12.00',
    ]);
    expect(member.address).toBe('NO. 5 & 7, JALAN KENANGA 2, 41050 KLANG, SELANGOR.');
  });
});

describe('a thirteenth author’s slips: names over their ABN, in brackets, spelled out, at the foot', () => {
  it('takes the legal name under a brand with a legal form of its own, and no "COMPANY" for a label', () => {
    const slip = read([
      'Coastal Bean Co.',
      'COASTAL BEAN COMPANY PTY LTD',
      'ABN 12 345 678 901',
      'Shop 4, 88 Marine Parade,',
      'Coolangatta QLD 4225',
      'TAX INVOICE',
      '04/02/2018 08:05 Table 11',
      'Subtotal 35.00',
      'Card Surcharge 1.5% 0.53',
      'TOTAL $35.53',
      'EFTPOS 35.53',
    ]);
    expect(slip.company).toBe('COASTAL BEAN COMPANY PTY LTD');
    // The card's surcharge is no card payment: the total stays the total.
    expect(slip.total).toBe('35.53');
  });

  it('joins "SENDIRIAN BERHAD" to the name above it, and takes a name in brackets under a stall’s sign', () => {
    const spelled = read([
      'KEDAI BESI DAN PERKAKASAN',
      'ABDUL RAHMAN & ANAK-ANAK',
      'SENDIRIAN BERHAD',
      '(Syarikat No. 334455-A)',
      'LOT 1023, JALAN PASIR PUTEH,',
      '16150 KOTA BHARU, KELANTAN.',
      'JUMLAH BERSIH 261.80',
    ]);
    expect(spelled.company).toBe('ABDUL RAHMAN & ANAK-ANAK SENDIRIAN BERHAD');
    const stall = read([
      'WARUNG MAK TEH',
      '(MAK TEH ENTERPRISE)',
      '(002567890-V)',
      'GERAI NO. 7, MEDAN SELERA,',
      '24000 KEMAMAN, TERENGGANU',
      'JUMLAH BESAR 27.80',
    ]);
    expect(stall.company).toBe('MAK TEH ENTERPRISE');
  });

  it('takes the legal name over its registration number at the foot, and no founding year for an address', () => {
    const slip = read([
      'UNCLE LIM KOPITIAM',
      'Since 1968',
      'NO. 3, JALAN HANG JEBAT,',
      '75200 MELAKA',
      'Tel: 06-282 1188',
      '17-Jul-2017 13:32 Bill: A0198',
      '2 KOPI O AIS 4.60',
      'TOTAL 44.50',
      'Thank you! See you again!',
      'LIM FOOD INDUSTRIES SDN BHD',
      '(654321-K)',
      'GST ID: 000999888777',
    ]);
    expect(slip.company).toBe('LIM FOOD INDUSTRIES SDN BHD');
    expect(slip.address).toBe('NO. 3, JALAN HANG JEBAT, 75200 MELAKA');
  });

  it('takes the address printed above the name, past a registration number and a vehicle’s "NO.:"', () => {
    const slip = read([
      'NO. 45, JALAN BESAR, KG. BARU,',
      '06000 JITRA, KEDAH. TEL: 04-917 1122',
      'MAJU JAYA MOTOR ENTERPRISE',
      '(KM0034567-P)',
      'GST ID: 000667788990',
      'DATE: 07/02/2018',
      'NO. KENDERAAN: KEJ 2231',
      'ENGINE OIL 4T 1L 22.00',
      'TOTAL DUE 147.35',
    ]);
    expect(slip.address).toBe('NO. 45, JALAN BESAR, KG. BARU, 06000 JITRA, KEDAH.');
  });

  it('passes over the brand on top printed again with its branch’s place, no dash between', () => {
    const slip = read([
      'KRISPY CLUCK',
      'FRIED CHICKEN',
      'CLUCK FOODS (M) SDN BHD',
      '(567123-W)',
      'KRISPY CLUCK BANDAR BARU BANGI',
      'NO. 1, JALAN 9/9C, SEKSYEN 9,',
      '43650 BANDAR BARU BANGI,',
      'SELANGOR',
      'GST ID: 000111222333',
      'TOTAL (INCL GST) 40.35',
    ]);
    expect(slip.address).toBe('NO. 1, JALAN 9/9C, SEKSYEN 9, 43650 BANDAR BARU BANGI, SELANGOR');
  });

  it('gives the slip’s own printing of its date, not the card slip’s short one below', () => {
    const slip = read([
      'SENTOSA HEALTHCARE SDN. BHD.',
      'NO. 8 & 10, JALAN SS 15/4D,',
      '47500 SUBANG JAYA, SELANGOR',
      'INV: FS17-004512 COUNTER 1',
      '05/09/2017 19:22',
      'TOTAL (INCL GST) 54.07',
      'VISA 54.07',
      'CUSTOMER COPY',
      'DATE: 05/09/17 TIME: 19:23',
      'AMOUNT RM 54.07',
    ]);
    expect(slip.date).toBe('05/09/2017');
  });
});

describe('a photo’s rows askew, read by PaddleOCR', () => {
  it('keeps a price far right of its label on the label’s line on a page turned 2°', async () => {
    const rows: [string, string?][] = [
      ['TECK GUAN HARDWARE TRADING'],
      ['NO. 5, JALAN PASAR BARU,'],
      ['47000 SUNGAI BULOH, SELANGOR'],
      ['TOTAL SALES (EXCL GST)', '106.50'],
      ['GST @ 0%', '0.00'],
      ['TOTAL (INCL GST)', '106.50'],
      ['CASH', '110.00'],
      ['CHANGE', '3.50'],
    ];
    const turned = await sharp(await receiptImage(rows))
      .rotate(2, { background: '#ffffff' })
      .png()
      .toBuffer();
    const page = (await extractDocument(turned, { ...OPTIONS, ocrEngine: 'PADDLE' }, LIMITS, noop)).pages[0]!;
    const lines = (page.lines ?? []).map((l) => l.text);
    expect(lines.some((l) => /^CASH\s.*110\.00$/.test(l))).toBe(true);
    expect(lines.some((l) => /^CHANGE\s.*3\.50$/.test(l))).toBe(true);
  });
});

describe('a reading tesseract turned back by itself', () => {
  const block = (lines: { text: string; w: number; h: number }[]) =>
    [
      {
        paragraphs: [
          { lines: lines.map((l) => ({ text: l.text, bbox: { x0: 0, y0: 0, x1: l.w, y1: l.h } })) },
        ],
      },
    ] as never;
  it('tells lines read running down the image from lines read across it', () => {
    expect(
      readDownwards(
        block([
          { text: 'TOTAL SALES', w: 27, h: 270 },
          { text: 'CASH 110.00', w: 30, h: 240 },
        ]),
      ),
    ).toBe(true);
    expect(
      readDownwards(
        block([
          { text: 'TOTAL SALES', w: 270, h: 27 },
          { text: 'CASH 110.00', w: 240, h: 30 },
        ]),
      ),
    ).toBe(false);
  });
});

describe('a fourteenth author’s slips: wrapped after "&", a station’s sign, a store code, a mall', () => {
  it('joins a name wrapped after its ampersand, and takes no station’s sign for a name’s start', () => {
    const wrapped = read([
      'HUP SENG',
      'HUP SENG HARDWARE &',
      'BUILDING MATERIALS SDN BHD',
      '(CO. REG. NO. 284419-H)',
      'LOT 1278, JALAN KAMPUNG BARU,',
      '47000 SUNGAI BULOH, SELANGOR',
      'GRAND TOTAL 200.40',
    ]);
    expect(wrapped.company).toBe('HUP SENG HARDWARE & BUILDING MATERIALS SDN BHD');
    const station = read([
      'PETROLIN',
      'STESEN PETROLIN KULAI',
      'SERI MAJU PETROLEUM ENTERPRISE',
      '(JM0448271-U)',
      'BATU 22, JALAN AIR HITAM,',
      '81000 KULAI, JOHOR',
      'TOTAL 42.00',
    ]);
    expect(station.company).toBe('SERI MAJU PETROLEUM ENTERPRISE');
  });

  it('ends the address before a store code’s line, keeps a state with its country, and opens it at a mall', () => {
    const code = read([
      '88 JIMAT MART S/B (623118-M)',
      'LOT P.T. 4127, JALAN MERBAU 2,',
      'TAMAN SRI MUDA',
      '40400 SHAH ALAM, SELANGOR',
      '1627-SEKSYEN 25 SRI MUDA',
      'GST ID. : 001127459328',
      'TOTAL 29.80',
    ]);
    expect(code.address).toBe('LOT P.T. 4127, JALAN MERBAU 2, TAMAN SRI MUDA 40400 SHAH ALAM, SELANGOR');
    const country = read([
      'PELANGI HOSPITALITY SDN. BHD.',
      '(Company No. 1107729-A)',
      'NO. 88, JALAN TRUS,',
      '80000 JOHOR BAHRU,',
      'JOHOR DARUL TAKZIM, MALAYSIA.',
      'Tel: +607-222 8188',
      'TOTAL 369.80',
    ]);
    expect(country.address).toBe('NO. 88, JALAN TRUS, 80000 JOHOR BAHRU, JOHOR DARUL TAKZIM, MALAYSIA.');
    const mall = read([
      'PARKWELL SYSTEMS (M) SDN. BHD.',
      '(Co. No. 511872-T)',
      'GST ID : 002190875648',
      'SURIA JAYA MALL,',
      'NO. 1, JALAN TEBRAU,',
      '80400 JOHOR BAHRU, JOHOR',
      'TOTAL RM 5.00',
    ]);
    expect(mall.address).toBe('SURIA JAYA MALL, NO. 1, JALAN TEBRAU, 80400 JOHOR BAHRU, JOHOR');
  });
});

describe('a food court and an unsure word that ends an address line', () => {
  it('keeps an unsure word in capitals with its comma at a row’s end, and no food court in the address', () => {
    const word = (text: string, column: number, confidence: number): OcrWord => ({
      text,
      confidence,
      line: 0,
      box: { x: column * 20, y: 100, width: text.length * 20, height: 30 },
    });
    const row = [
      word('LOT', 0, 0.95),
      word('G-01,', 4, 0.95),
      word('WISMA', 10, 0.95),
      word('HARMON,', 16, 0.2),
    ];
    expect(layoutFromWords(row)).toBe('LOT G-01, WISMA HARMON,');
    const court = read([
      'BAYU CATERING SDN BHD',
      '(771234-M)',
      'BAYU FOOD COURT',
      'NO. 1, JALAN BAYU 2,',
      'TAMAN BAYU,',
      '08000 SUNGAI PETANI, KEDAH.',
      'TOTAL 11.00',
    ]);
    expect(court.address).toBe('NO. 1, JALAN BAYU 2, TAMAN BAYU, 08000 SUNGAI PETANI, KEDAH.');
  });
});

describe('slivers and lost letters inside a name and an address', () => {
  it('drops a capital alone before a word it begins inside a name, and reads "TAMAN SR" as SRI', () => {
    const slip = read([
      'BINA MART H HARDWARE (M) SDN. BHD.',
      '(302114-K)',
      'NO. 8 & 10, JALAN SG 3/4,',
      'TAMAN SR GOMBAK,',
      '68100 BATU CAVES, SELANGOR',
      'TOTAL 27.00',
    ]);
    expect(slip.company).toBe('BINA MART HARDWARE (M) SDN. BHD.');
    expect(slip.address).toBe('NO. 8 & 10, JALAN SG 3/4, TAMAN SRI GOMBAK, 68100 BATU CAVES, SELANGOR');
  });

  it('ends an address at a total in a currency without cents', () => {
    const slip = read([
      'INDOMARET',
      'PT INDOMARCO PRISMATAMA',
      'JL. RAYA BOGOR KM 25',
      'JAKARTA TIMUR',
      'TOTAL 12,000',
    ]);
    expect(slip.address).toBe('JL. RAYA BOGOR KM 25 JAKARTA TIMUR');
  });
});

describe('a sixteenth and a seventeenth set of written slips (#12, 2026-12-08)', () => {
  it('reads a Malay grand total whose label OCR misspelt, over the subtotal', () => {
    expect(
      read([
        'SYARIKAT PERNIAGAAN BATU BATA ALOR',
        'Lot 45, Jalan Langgar,',
        '05460 Alor Setar, Kedah.',
        'SIMEN 50KG 10 18.00 180.00',
        'Jumlah 445.00',
        'GST 6% 26.70',
        'Jumliah Besar 471.70',
      ]).total,
    ).toBe('471.70');
  });

  it('reads a Canadian town line into the address, and a Spanish street as no company', () => {
    const canada = read([
      'MAPLE RIDGE HARDWARE LTD.',
      '2285 Concession Rd 7',
      'Uxbridge, ON L9P 1R4',
      '(905) 852-4419',
    ]);
    expect(canada.address).toBe('2285 Concession Rd 7 Uxbridge, ON L9P 1R4');
    const spain = read([
      'CAFETERIA LOS ALMENDROS S.L.',
      'Avda. de la Constitución, 14',
      '41001 Sevilla',
      'NIF: B91234567',
    ]);
    expect(spain.company).toBe('CAFETERIA LOS ALMENDROS S.L.');
    expect(spain.address).toBe('Avda. de la Constitución, 14 41001 Sevilla');
  });

  it('reads a Japanese address: its block numbers and ward, then the town and postcode', () => {
    expect(
      read([
        'SAKURADO STORE CO., LTD.',
        '3-14-7 Nishi-Shinjuku, Shinjuku-ku,',
        'Tokyo 160-0023',
        'TEL 03-5312-7741',
        'RECEIPT',
        'Reg 02 No.3381 Staff: Tanaka',
        'Onigiri Salmon * ¥140',
      ]).address,
    ).toBe('3-14-7 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023');
  });

  it('puts back capitals read small inside words, a postcode’s o, a curly apostrophe, a glued point and an Eircode', () => {
    expect(addressAsPrinted('NO 3, JaLan BUNGA RAYA, 10200 PuLAU PINANG')).toBe(
      'NO 3, JALAN BUNGA RAYA, 10200 PULAU PINANG',
    );
    expect(addressAsPrinted('Jalan SS 9/2, 4730o Petaling Jaya, Selangor')).toBe(
      'Jalan SS 9/2, 47300 Petaling Jaya, Selangor',
    );
    expect(addressAsPrinted('No. 5, Jalan Dato’ Onn, 83000 Batu Pahat')).toBe(
      "No. 5, Jalan Dato' Onn, 83000 Batu Pahat",
    );
    expect(addressAsPrinted('14 Kowhai Lane.Riccarton, Christchurch 8011')).toBe(
      '14 Kowhai Lane, Riccarton, Christchurch 8011',
    );
    expect(addressAsPrinted('Main Street, Kilrush, Co. Clare V15 xK27')).toBe(
      'Main Street, Kilrush, Co. Clare V15 XK27',
    );
    // A name in mixed case keeps its capitals.
    expect(addressAsPrinted('McDonald House, 5 Main St, Ely CB7 4AA')).toBe(
      'McDonald House, 5 Main St, Ely CB7 4AA',
    );
  });
});
