import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { extractFields, keepPunctuation, mergeReadings } from '../src/pipeline/steps/extract.ts';
import {
  findAmounts,
  findIbans,
  inferDayOrder,
  inferDecimalMark,
  isValidIban,
  parseCurrency,
  parseDate,
  parseNumberToken,
} from '../src/pipeline/steps/values.ts';
import { PipelineError } from '../src/pipeline/types.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => void;
const ajv = new Ajv({ strict: false });
addFormats(ajv);
const validates = (schema: object, data: unknown) => ajv.compile(schema)(data);

const doc = (text: string) => ({ text, pages: [text] });

// A US invoice in layout-preserving text: columns, a header row with values beneath, a table.
const US_INVOICE = `
ACME Widgets, Inc.                                              INVOICE
500 Market Street
San Francisco, CA 94105                              Invoice #:      INV-2024-0042
billing@acme-widgets.com                             Invoice Date:   March 3, 2024
                                                     Due Date:       April 2, 2024
Bill To:
Jane Roe
Roe Consulting LLC
12 Elm Road, Springfield

Description                         Qty        Unit Price        Amount
Widget, large                         2          $1,250.00     $2,500.00
Gadget service (hours)               10            $95.50       $955.00

                                                 Subtotal        $3,455.00
                                                 Tax (8%)          $276.40
                                                 Total Due       $3,731.40
Payment terms: Net 30
IBAN: GB82 WEST 1234 5698 7654 32
Paid: no
`;

const INVOICE_SCHEMA = {
  type: 'object',
  properties: {
    invoiceNumber: { type: 'string' },
    invoiceDate: { type: 'string', format: 'date' },
    dueDate: { type: 'string', format: 'date' },
    subtotal: { type: 'number' },
    totalAmount: { type: 'number', title: 'Amount due' },
    currency: { type: 'string' },
    vendorEmail: { type: 'string', format: 'email' },
    iban: { type: 'string', description: 'Bank account (IBAN)' },
    paymentTerms: { type: 'string' },
    paid: { type: 'boolean' },
    lineItems: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          quantity: { type: 'integer' },
          unitPrice: { type: 'number' },
          amount: { type: 'number' },
        },
      },
    },
  },
};

describe('value parsers', () => {
  it('reads dates written in many ways', () => {
    expect(parseDate('March 3, 2024')?.value).toBe('2024-03-03');
    expect(parseDate('August 3 , 2014')?.value).toBe('2014-08-03');
    expect(parseDate('3rd of March 2024')?.value).toBe('2024-03-03');
    expect(parseDate('2024-03-04')?.value).toBe('2024-03-04');
    expect(parseDate('3.4.2024')?.value).toBe('2024-04-03');
    expect(parseDate('03/04/2024', 'DMY')?.value).toBe('2024-04-03');
    expect(parseDate('03/04/2024', 'MDY')?.value).toBe('2024-03-04');
    expect(parseDate('03/20/2023', 'DMY')?.value).toBe('2023-03-20'); // 20 cannot be a month
    expect(parseDate('7. Mai 2014')?.value).toBe('2014-05-07');
    expect(parseDate('02 Juillet 2015')?.value).toBe('2015-07-02');
    expect(parseDate('29 maart 2014')?.value).toBe('2014-03-29');
    expect(parseDate('21.05.14')?.value).toBe('2014-05-21');
    expect(parseDate('8-9-2022VF1005193039')?.value).toBe('2022-09-08');
    expect(parseDate('31/02/2024')).toBeNull();
    expect(parseDate('no date here')).toBeNull();
  });

  it('infers the day order and decimal mark of a document', () => {
    expect(inferDayOrder('Date 03/20/2023 and 04/04/2023')).toBe('MDY');
    expect(inferDayOrder('Datum 20/03/2023')).toBe('DMY');
    expect(inferDayOrder('Total $12.00 on 03/04/2024')).toBe('MDY');
    expect(inferDayOrder('Total 12,00 € on 03/04/2024')).toBe('DMY');
    expect(inferDecimalMark('€ 1.234,56 and 0,75')).toBe(',');
    expect(inferDecimalMark('$1,234.56 and 0.75')).toBe('.');
  });

  it('reads numbers in both decimal conventions', () => {
    expect(parseNumberToken('1.234,56', ',')).toBe(1234.56);
    expect(parseNumberToken('1,234.56', '.')).toBe(1234.56);
    expect(parseNumberToken('1 234,56', ',')).toBe(1234.56);
    expect(parseNumberToken("1'234.50", '.')).toBe(1234.5);
    expect(parseNumberToken('54,910', ',')).toBe(54.91);
    expect(parseNumberToken('54,910', '.')).toBe(54910);
    expect(parseNumberToken('3.441.812', ',')).toBe(3441812);
    expect(parseNumberToken('-12', '.')).toBe(-12);
    expect(parseNumberToken('12a', '.')).toBeNull();
  });

  it('finds amounts but not dates, percentages or account numbers', () => {
    const hits = findAmounts('On 03/04/2024 tax 15% of $ 112.90 is $16.94, account 00030340067212', '.');
    expect(hits.map((h) => h.value)).toEqual([112.9, 16.94]);
    expect(hits[0]?.currency).toBe('USD');
  });

  it('maps currency symbols and codes to ISO 4217', () => {
    expect(parseCurrency('€ 12')?.value).toBe('EUR');
    expect(parseCurrency('Rs 1939')?.value).toBe('INR');
    expect(parseCurrency('316,83 PLN')?.value).toBe('PLN');
    expect(parseCurrency('12 zł')?.value).toBe('PLN');
    expect(parseCurrency('CHF 40.00')?.value).toBe('CHF');
    expect(parseCurrency('nothing')).toBeNull();
  });

  it('accepts only IBANs whose mod-97 check holds', () => {
    expect(isValidIban('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(
      findIbans('IBAN : FR76 3000 6000 0112 3456 7890 189 - BIC : BREDFRPP').map((i) => i.value),
    ).toEqual(['FR7630006000011234567890189']);
  });
});

describe('two readings of one OCRed receipt', () => {
  const reading = (parsed: Record<string, unknown>, likelihood: number) => ({
    parsed,
    likelihoods: Object.fromEntries(Object.keys(parsed).map((k) => [k, likelihood])),
    warnings: [],
  });
  it('takes figures from the second reading and words from the first', () => {
    const words = reading(
      {
        company: 'WAH ENTERPRISE SDN. BHD.',
        address: 'NO. 83, JALAN BANTING, 43000 KAJANG.',
        total: '18.87',
        date: '',
      },
      0.4,
    );
    const figures = reading(
      {
        company: 'WAH ENTERPRISE SDN.BHD.',
        address: 'NO 83, JALAN BANTING, 43000 KAJANG',
        total: '18.85',
        date: '19-08-17',
      },
      0.6,
    );
    const merged = mergeReadings({ ...words, parsed: { ...words.parsed, date: null } }, figures);
    expect(merged.parsed).toEqual({
      company: 'WAH ENTERPRISE SDN. BHD.',
      address: 'NO. 83, JALAN BANTING, 43000 KAJANG.',
      total: '18.85',
      // Found only in the second reading.
      date: '19-08-17',
    });
    expect(merged.likelihoods).toEqual({ company: 0.4, address: 0.4, total: 0.6, date: 0.6 });
  });
  it('keeps the first reading of an amount that the second reads with the other decimal mark', () => {
    const merged = mergeReadings(reading({ total: '61,90' }, 0.5), reading({ total: '61.90' }, 0.6));
    expect(merged.parsed).toEqual({ total: '61,90' });
    // Other digits are the second reading's.
    expect(mergeReadings(reading({ total: '61,98' }, 0.5), reading({ total: '61.90' }, 0.6)).parsed).toEqual({
      total: '61.90',
    });
    // A figure that lost its mark ("£1365" for "£13.65") is a misread, not another mark.
    expect(mergeReadings(reading({ total: '1365' }, 0.5), reading({ total: '13.65' }, 0.8)).parsed).toEqual({
      total: '13.65',
    });
  });
  it('takes the second reading’s name where the first lost the lines it stands on', () => {
    // Tesseract lost the top of a photo taken at an angle and took an item for the name.
    const texts = {
      words: ['DATE: 26-02-2018', 'CEMENT 50KG PORTLAND', 'TOTAL 397.50'].join('\n'),
      figures: [
        'BESTARI BINAAN HARDWARE SDN BHD',
        'DATE: 26-02-2018',
        'CEMENT 5OKG PORTLAND',
        'TOTAL 397.50',
      ].join('\n'),
    };
    const first = reading({ company: 'CEMENT' }, 0.5);
    const paddle = reading({ company: 'BESTARI BINAAN HARDWARE SDN BHD' }, 0.45);
    expect(mergeReadings(first, paddle, texts).parsed.company).toBe('BESTARI BINAAN HARDWARE SDN BHD');
    // Where the first reading read the second's name too, its own choice stands.
    const both = { ...texts, words: `BESTARI BINAAN HARDWARE SDN BHD\n${texts.words}` };
    expect(mergeReadings(first, paddle, both).parsed.company).toBe('CEMENT');
  });

  it('keeps the first reading’s figure where both print both figures and chose other lines', () => {
    // PaddleOCR read "2.713.35" after the rounding line and so took the total before it.
    const texts = {
      words: ['Total 2,713.34', 'Rounding Adj 0.01', 'Total Payable (RM) 2,713.35'].join('\n'),
      figures: ['Total 2,713.34', 'Rounding Adj 0.01', 'Total Payable (RM) 2.713.35'].join('\n'),
    };
    const first = reading({ total: '2,713.35' }, 0.8);
    const paddle = reading({ total: '2,713.34' }, 0.8);
    expect(mergeReadings(first, paddle, texts).parsed.total).toBe('2,713.35');
    // A figure the second reading does not hold is a misread: its own figure wins.
    expect(mergeReadings(first, paddle, { ...texts, figures: 'Total 2,713.34' }).parsed.total).toBe(
      '2,713.34',
    );
    // Tesseract lost the lines after the rounding: PaddleOCR's total after it wins.
    const lost = {
      words: 'TOTAL (INCLUSIVE OF GST): 138.01\nROUNDING AD)',
      figures: 'TOTAL (INCLUSIVE OF GST): 138.01\nROUNDING ADJ -0.01\nTOTAL: 138.00',
    };
    expect(
      mergeReadings(reading({ total: '138.01' }, 0.8), reading({ total: '138.00' }, 0.8), lost).parsed.total,
    ).toBe('138.00');
    // A guess of the first reading ("PUMP 04", where tesseract lost the price column) gives way.
    const guess = { words: 'PUMP 04 RON95\nTOTAL RM', figures: 'PUMP 04 RON95 40.00\nTOTAL RM 42.20' };
    expect(
      mergeReadings(reading({ total: '04' }, 0.3), reading({ total: '42.20' }, 0.8), guess).parsed.total,
    ).toBe('42.20');
  });
  it('keeps the first reading’s marks where the second read the same letters, and a letter it lost', () => {
    // The first reading's "HARMON!" was repaired to HARMONI; the second lost the last point.
    const texts = {
      words: 'PASARAYA HARMON! (K.L.) SDN. BHD.\nLOT G-01, WISMA HARMON,',
      figures: 'PASARAYA HARMONI (K.L.) SDN. BHD\nLOT G-01, WISMA HARMONI,',
    };
    const merged = mergeReadings(
      reading(
        {
          company: 'PASARAYA HARMONI (K.L.) SDN. BHD.',
          address: 'LOT G-01, WISMA HARMON, NO. 5S, JALAN PUDU, 55100 KUALA LUMPUR',
        },
        0.5,
      ),
      reading(
        {
          company: 'PASARAYA HARMONI (K.L.) SDN. BHD',
          address: 'LOT G-01, WISMA HARMONI, NO. 5, JALAN PUDU, 55100 KUALA LUMPUR',
        },
        0.5,
      ),
      texts,
    );
    expect(merged.parsed).toEqual({
      company: 'PASARAYA HARMONI (K.L.) SDN. BHD.',
      address: 'LOT G-01, WISMA HARMONI, NO. 5, JALAN PUDU, 55100 KUALA LUMPUR',
    });
  });

  it('takes a hyphen between two words the first reading read as a space', () => {
    const merged = mergeReadings(
      reading({ address: 'LOT 5521, BATU 10, JALAN KUCHING SERIAN, 94200 KUCHING, SARAWAK' }, 0.5),
      reading({ address: 'LOT 5521, BATU 10, JALAN KUCHING-SERIAN, 94200 KUCHING, SARAWAK' }, 0.5),
    );
    expect(merged.parsed.address).toBe('LOT 5521, BATU 10, JALAN KUCHING-SERIAN, 94200 KUCHING, SARAWAK');
  });

  it('takes the numbers inside an address from the second reading, the words from the first', () => {
    const merged = mergeReadings(
      reading(
        {
          address: 'NO.26-1, JALAN KPB, TAMAN PELANGI, 811604, JOHOR BAHRU',
          other: 'LOT 9320, JALAN RIA/S, KEPONG',
        },
        0.5,
      ),
      reading(
        {
          address: 'NO.26-1 JALAN KPB TAMAN PELANGI 81104 JOHOR BAHRU',
          other: 'LOT 9320, JALAN RIA/5, KEPONG',
        },
        0.6,
      ),
    );
    expect(merged.parsed).toEqual({
      address: 'NO.26-1, JALAN KPB, TAMAN PELANGI, 81104, JOHOR BAHRU',
      other: 'LOT 9320, JALAN RIA/5, KEPONG',
    });
    // A date or a short value keeps its own figures ("02 AUG 2017" against "2 AUG 2017").
    expect(
      mergeReadings(reading({ date: '02 AUG 2017' }, 0.5), reading({ date: '2 AUG 2017' }, 0.6)).parsed.date,
    ).toBe('02 AUG 2017');
    // A word that differs in letters keeps the first reading whole.
    expect(
      mergeReadings(
        reading({ address: '12 JALAN SERI, 43000 KAJANG' }, 0.5),
        reading({ address: '12 JALAN SERT, 43000 KAJANG' }, 0.6),
      ).parsed.address,
    ).toBe('12 JALAN SERI, 43000 KAJANG');
  });

  it('keeps the first reading where only one of two values is figures, or numbers agree', () => {
    const merged = mergeReadings(
      reading({ total: 'RM 9.00', date: '25 DEC 18', amount: 12.5 }, 0.5),
      reading({ total: 'TOTAL', date: '25-12-18', amount: 12.5 }, 0.7),
    );
    expect(merged.parsed).toEqual({ total: 'RM 9.00', date: '25 DEC 18', amount: 12.5 });
    expect(mergeReadings(reading({ total: 9 }, 0.5), reading({ total: 9.5 }, 0.7)).parsed).toEqual({
      total: 9.5,
    });
  });
  it('keeps tesseract’s points and spaces where its weaker reading has PaddleOCR’s words', () => {
    const paddle = reading(
      {
        company: 'PERNIAGAAN HUP ENTERPRISE SDN BHD',
        address: 'NO.25 & 32, JALAN BESAR 6, 56000 CHERAS',
        date: '13.04.2019',
        total: '9.00',
      },
      0.6,
    );
    const tesseract = reading(
      {
        company: 'PERNIAGAAN HUP ENTERPRISE SDN. BHD.',
        address: 'NO. 25 & 32, JALAN BESAR 6, 56000 CHERAS.',
        date: '13.04.2018',
        total: '9.60',
      },
      0.3,
    );
    expect(keepPunctuation(paddle, tesseract).parsed).toEqual({
      company: 'PERNIAGAAN HUP ENTERPRISE SDN. BHD.',
      address: 'NO. 25 & 32, JALAN BESAR 6, 56000 CHERAS.',
      date: '13.04.2019',
      total: '9.00',
    });
    // A street address with a word a letter apart: read twice, tesseract's punctuation decides.
    expect(
      keepPunctuation(
        reading({ address: 'NO 78, JALAN MERANT 10 SEKSYEN 9 40150 SHAH ALAM SELANGOR' }, 0.6),
        reading({ address: 'NO.78, JALAN MERANTI 10, SEKSYEN 9, 40150 SHAH ALAM, SELANGOR,' }, 0.3),
      ).parsed.address,
    ).toBe('NO.78, JALAN MERANTI 10, SEKSYEN 9, 40150 SHAH ALAM, SELANGOR,');
    // Where both read a mark or a letter and they differ, PaddleOCR's reading stays: tesseract's
    // ":" for "," and "SERT" for "SERI", "5697" for "5097".
    expect(
      keepPunctuation(
        reading(
          { address: 'NO 3, JALAN RIA, KAWASAN PERINDUSTRIAN BALAKONG, 43306, SERI KEMBANGAN, SELANGOR' },
          0.6,
        ),
        reading(
          { address: 'NO 3: JALAN RIA, KAWASAN PERINDUSTRIAN BALAKONG, 43306, SERT KEMBANGAN SELANGOR' },
          0.3,
        ),
      ).parsed.address,
    ).toBe('NO 3, JALAN RIA, KAWASAN PERINDUSTRIAN BALAKONG, 43306, SERI KEMBANGAN, SELANGOR');
    expect(
      keepPunctuation(
        reading({ address: 'LOT 5097 JALAN PUTRA, TAMAN SRI ANDALAS, 41203 KLANG' }, 0.6),
        reading({ address: 'LOT 5697, JALAN PUTRA, TAMAN SRI ANDALAS, 41203 KLANG' }, 0.3),
      ).parsed.address,
    ).toBe('LOT 5097, JALAN PUTRA, TAMAN SRI ANDALAS, 41203 KLANG');
    // Other words in a short value (a misread letter): PaddleOCR's stay.
    expect(
      keepPunctuation(reading({ company: 'WAH SDN BHD' }, 0.6), reading({ company: 'WAN SDN. BHD.' }, 0.3))
        .parsed,
    ).toEqual({ company: 'WAH SDN BHD' });
    // The same glyphs with a space between two letters that PaddleOCR glued: tesseract's spaces.
    expect(
      keepPunctuation(
        reading({ company: 'KEDAI UBAT KWONGAN TONG' }, 0.6),
        reading({ company: 'KEDAI UBAT KWONG AN TONG' }, 0.3),
      ).parsed,
    ).toEqual({ company: 'KEDAI UBAT KWONG AN TONG' });
    // ... but no word split where tesseract read a space into it.
    expect(
      keepPunctuation(
        reading({ company: 'SANTA ROSA FAMILY DRUGSTORE INC.' }, 0.6),
        reading({ company: 'SANTA ROSA F AMILY DRUGSTORE INC.' }, 0.3),
      ).parsed.company,
    ).toBe('SANTA ROSA FAMILY DRUGSTORE INC.');
  });

  it('takes a date or an amount PaddleOCR missed from tesseract’s reading, not a name or a guess', () => {
    // Faded print: PaddleOCR read "Daie: 28/02:2018" and found no date; tesseract read the line.
    const paddle = reading({ company: 'LIM BROTHERS HARDWARE SDN BHD', date: null }, 0.6);
    const tesseract = {
      parsed: {
        company: 'LIM BROTHERS HARDWARE SON BHD',
        date: '28/02/2018',
        address: 'NO: C518/02881',
        total: '39',
      },
      likelihoods: { company: 0.6, date: 0.76, address: 0.6, total: 0.22 },
      warnings: [],
    };
    const kept = keepPunctuation(paddle, tesseract);
    expect(kept.parsed).toEqual({ company: 'LIM BROTHERS HARDWARE SDN BHD', date: '28/02/2018' });
    expect(kept.likelihoods.date).toBe(0.76);
  });

  it('takes the other reading’s name where one reading’s letters make no words (faded print)', () => {
    // PaddleOCR's reading of a faded slip, tesseract's beside it: tesseract's words win.
    expect(
      keepPunctuation(
        reading({ company: 'QUTKMAPT' }, 0.6),
        reading({ company: 'QUIKMART HOLDINGS SDN BHD' }, 0.6),
      ).parsed.company,
    ).toBe('QUIKMART HOLDINGS SDN BHD');
    expect(
      keepPunctuation(
        reading({ company: 'KC FOOO CONCEPYS PTE LTD' }, 0.6),
        reading({ company: 'KC FOOD CONCEPTS PTE LTD' }, 0.6),
      ).parsed.company,
    ).toBe('KC FOOD CONCEPTS PTE LTD');
    // Not from a guess, and not where both read words (a misread legal form).
    expect(
      keepPunctuation(reading({ company: 'QUTKMAPT' }, 0.6), reading({ company: 'THANK YOU' }, 0.2)).parsed
        .company,
    ).toBe('QUTKMAPT');
    expect(
      keepPunctuation(
        reading({ company: 'BESTCARE PHARMACY SDN BHD' }, 0.6),
        reading({ company: 'BESTCARE PHARMACY spn BHD' }, 0.6),
      ).parsed.company,
    ).toBe('BESTCARE PHARMACY SDN BHD');
    // A shop's own name beside its legal form is no word of a dictionary: a word read elsewhere
    // is no better reading of it.
    expect(
      keepPunctuation(reading({ company: 'Aldi GmbH & Co. KG' }, 0.6), reading({ company: 'nell' }, 0.6))
        .parsed.company,
    ).toBe('Aldi GmbH & Co. KG');
    expect(
      mergeReadings(reading({ company: 'Aldi GmbH & Co. KG' }, 0.6), reading({ company: 'rest fen' }, 0.6))
        .parsed.company,
    ).toBe('Aldi GmbH & Co. KG');
    // Tesseract's reading first, PaddleOCR's second: the same.
    expect(
      mergeReadings(
        reading({ company: 'AIPRSPARMACY' }, 0.6),
        reading({ company: 'HEALTHPLUS RETAIL SDN BHD' }, 0.6),
      ).parsed.company,
    ).toBe('HEALTHPLUS RETAIL SDN BHD');
  });

  it('takes the second reading’s word where the first has small letters among capitals', () => {
    expect(
      mergeReadings(
        reading({ company: 'JAYA MAjU PETROLEUM ENTERPRISE' }, 0.6),
        reading({ company: 'JAYA MAJU PETROLEUM ENTERPRISE' }, 0.6),
      ).parsed.company,
    ).toBe('JAYA MAJU PETROLEUM ENTERPRISE');
    // A word in small letters among capitals from the second reading; the first reading's
    // spacing and marks stay.
    expect(
      mergeReadings(
        reading({ address: 'NO. 22 & 24, JALAN suttan AZLAN SHAH, 31400 IPOH, PERAK,' }, 0.6),
        reading({ address: 'NO.22 & 24, JALAN SULTAN AZLAN SHAH, 31400 IPOH, PERAK.' }, 0.6),
      ).parsed.address,
    ).toBe('NO. 22 & 24, JALAN SULTAN AZLAN SHAH, 31400 IPOH, PERAK,');
    // Mixed case as printed stays.
    expect(
      mergeReadings(reading({ company: 'McDonald’s' }, 0.6), reading({ company: 'MCDONALD’S' }, 0.6)).parsed
        .company,
    ).toBe('McDonald’s');
  });

  it('takes tesseract’s vouched date where PaddleOCR’s only guessed one', () => {
    const paddle = { parsed: { date: '28-02-18' }, likelihoods: { date: 0.2 }, warnings: [] };
    const tesseract = { parsed: { date: '28-02-2018' }, likelihoods: { date: 0.55 }, warnings: [] };
    expect(keepPunctuation(paddle, tesseract).parsed.date).toBe('28-02-2018');
    expect(keepPunctuation({ ...paddle, likelihoods: { date: 0.55 } }, tesseract).parsed.date).toBe(
      '28-02-18',
    );
  });

  it('takes the second reading’s value where the first only guessed', () => {
    const words = {
      parsed: { company: 'ITEM QTY', total: '106.20' },
      likelihoods: { company: 0.25, total: 0.8 },
      warnings: [],
    };
    const figures = {
      parsed: { company: 'WAH ENTERPRISE TRADING', total: '106.20' },
      likelihoods: { company: 0.45, total: 0.8 },
      warnings: [],
    };
    expect(mergeReadings(words, figures).parsed.company).toBe('WAH ENTERPRISE TRADING');
    // Two values the cues vouch for: the first reading's, as before.
    expect(
      mergeReadings({ ...words, likelihoods: { company: 0.4, total: 0.8 } }, figures).parsed.company,
    ).toBe('ITEM QTY');
  });

  it('takes the second reading’s words where the first lost a word inside the value, not for punctuation', () => {
    const merged = mergeReadings(
      reading({ address: 'NO.36, JALAN BESAR, SETAPAK, 81300 JOHOR,', company: 'ASIA SDN. BHD.' }, 0.5),
      reading({ address: 'NO.36,JALAN BESAR,SETAPAK, 81300 SKUDAI, JOHOR.', company: 'ASIA SDN BHD' }, 0.6),
    );
    expect(merged.parsed).toEqual({
      address: 'NO.36,JALAN BESAR,SETAPAK, 81300 SKUDAI, JOHOR.',
      company: 'ASIA SDN. BHD.',
    });
    // More words at an end may be another line run on: the first reading stays.
    expect(
      mergeReadings(
        reading({ address: 'JALAN BESAR, 81300 JOHOR' }, 0.5),
        reading({ address: 'JALAN BESAR, 81300 JOHOR MALAYSIA' }, 0.6),
      ).parsed.address,
    ).toBe('JALAN BESAR, 81300 JOHOR');
  });
});

describe('extractFields, built-in', () => {
  it('fills an invoice schema from a US layout invoice', async () => {
    const { parsed, likelihoods } = await extractFields(doc(US_INVOICE), INVOICE_SCHEMA);
    expect(parsed.invoiceNumber).toBe('INV-2024-0042');
    expect(parsed.invoiceDate).toBe('2024-03-03');
    expect(parsed.dueDate).toBe('2024-04-02');
    expect(parsed.subtotal).toBe(3455);
    expect(parsed.totalAmount).toBe(3731.4);
    expect(parsed.currency).toBe('USD');
    expect(parsed.vendorEmail).toBe('billing@acme-widgets.com');
    expect(parsed.iban).toBe('GB82WEST12345698765432');
    expect(parsed.paymentTerms).toBe('Net 30');
    expect(parsed.paid).toBe(false);
    expect(parsed.lineItems).toEqual([
      { description: 'Widget, large', quantity: 2, unitPrice: 1250, amount: 2500 },
      { description: 'Gadget service (hours)', quantity: 10, unitPrice: 95.5, amount: 955 },
    ]);
    expect(validates(INVOICE_SCHEMA, parsed)).toBe(true);
    // likelihoods mirror parsed, 0..1 per field
    expect(Object.keys(likelihoods).sort()).toEqual(Object.keys(parsed).sort());
    for (const [k, v] of Object.entries(likelihoods)) {
      if (k === 'lineItems') continue;
      expect(v).toBeGreaterThan(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect((likelihoods.lineItems as unknown[]).length).toBe(2);
    expect(likelihoods.invoiceNumber as number).toBeGreaterThan(0.8);
  });

  it('reads a German invoice without column layout, European conventions', async () => {
    const text = [
      'Muster Software GmbH - Hauptstraße 5 - 10115 Berlin',
      'Rechnung',
      'Rechnungsnr.  RE-77812  Kundennr.  4711',
      'Rechnungsdatum  7. März 2024',
      'Zahlungsziel 21.03.24',
      'Pos. Menge Beschreibung Preis',
      '1 3 Wartung 1.234,56 €',
      'Gesamtbetrag 3.703,68 €',
      'IBAN DE89 3704 0044 0532 0130 00',
    ].join('\n');
    const schema = {
      type: 'object',
      properties: {
        invoice_number: { type: 'string' },
        date: { type: 'string', format: 'date' },
        due_date: { type: 'string', format: 'date' },
        amount: { type: 'number' },
        currency: { type: 'string' },
        customer_number: { type: 'string' },
        iban: { type: 'string' },
        issuer: { type: 'string' },
      },
    };
    const { parsed } = await extractFields(doc(text), schema);
    expect(parsed).toMatchObject({
      invoice_number: 'RE-77812',
      date: '2024-03-07',
      due_date: '2024-03-21',
      amount: 3703.68,
      currency: 'EUR',
      customer_number: '4711',
      iban: 'DE89370400440532013000',
      issuer: 'Muster Software GmbH',
    });
  });

  it('guesses the issuer from its web domain or legal form, never from the bill-to block', async () => {
    const schema = { type: 'object', properties: { vendor: { type: 'string' } } };
    const byDomain = [
      'Global Wholesaler',
      'Azure Interior',
      '4557 De Silva St',
      'Bill to:',
      'Mitchell Admin Ltd',
      '215 Vine St',
      'Invoice INV/2023/03/0008',
      'Total $ 279.84',
      'azure.interior24@example.com http://www.azure-interior.com',
    ].join('\n');
    expect((await extractFields(doc(byDomain), schema)).parsed.vendor).toBe('Azure Interior');
    const byLegalForm = [
      'Invoice 17',
      'Bill to: Jane Roe',
      'Roe Holdings Ltd',
      '',
      'Total 5.00',
      'Widgets Unlimited GmbH · Berlin',
    ].join('\n');
    expect((await extractFields(doc(byLegalForm), schema)).parsed.vendor).toBe('Widgets Unlimited GmbH');
  });

  it('pairs a row of column titles with the row of values under it, word by word', async () => {
    const text = [
      'Kopie factuur',
      'Klant  Order  Factuur datum  Factuur  Vervaldatum',
      'SCONL0303006280999 SCONL000000444  8-9-2022  VF1005193039  22-9-2022',
    ].join('\n');
    const schema = {
      type: 'object',
      properties: {
        invoiceNumber: { type: 'string' },
        invoiceDate: { type: 'string', format: 'date' },
        dueDate: { type: 'string', format: 'date' },
      },
    };
    const { parsed } = await extractFields(doc(text), schema);
    expect(parsed).toEqual({
      invoiceNumber: 'VF1005193039',
      invoiceDate: '2022-09-08',
      dueDate: '2022-09-22',
    });
  });

  it('keeps a short series prefix of an invoice number and skips separators', async () => {
    const schema = { type: 'object', properties: { invoiceNumber: { type: 'string' } } };
    const polish = await extractFields(
      doc('Faktura nr: F 1234K20/1234/12   Data wystawienia: 2021-01-01'),
      schema,
    );
    expect(polish.parsed.invoiceNumber).toBe('F 1234K20/1234/12');
    const french = await extractFields(doc('Facture n°562044387 du 02 Juillet 2015'), schema);
    expect(french.parsed.invoiceNumber).toBe('562044387');
    const hashed = await extractFields(doc('Invoice No : # BLR_WFLD2015'), schema);
    expect(hashed.parsed.invoiceNumber).toBe('BLR_WFLD2015');
  });

  it('reads a receipt with a header row of labels and values beneath', async () => {
    const text = [
      'CORNER CAFE',
      'Receipt No:  Date:  Time:',
      'R-0815  03/04/2024  10:42',
      '2 x Latte 4,80',
      'Croissant 2,10',
      'TOTAL EUR 6,90',
      'Thank you!',
    ].join('\n');
    const schema = {
      type: 'object',
      properties: {
        receiptNumber: { type: 'string' },
        date: { type: 'string', format: 'date' },
        total: { type: 'number' },
        currency: { type: 'string', enum: ['EUR', 'USD', 'GBP'] },
      },
    };
    const { parsed } = await extractFields(doc(text), schema);
    expect(parsed).toEqual({ receiptNumber: 'R-0815', date: '2024-04-03', total: 6.9, currency: 'EUR' });
  });

  it('reads line items from text without column layout, as PDF text layers give it', async () => {
    const text = [
      'Description Quantity Unit Price Taxes Amount',
      '[A-1] Beeswax XL 1.00 kg 42.00 15.00% $ 42.00',
      'Acme beeswax',
      'Office Chair 2 Units 70.00 15 % $ 140.00',
      '',
      'Subtotal $ 182.00',
      '',
      'Olive Oil 3 1.00 15.00% $ 3.00',
      'Total $ 185.00',
      'Thank you 2024',
    ].join('\n');
    const schema = {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['description'],
            properties: {
              description: { type: 'string' },
              quantity: { type: 'number' },
              unitPrice: { type: 'number' },
              amount: { type: 'number' },
            },
          },
        },
        total: { type: 'number' },
      },
    };
    const { parsed, likelihoods } = await extractFields(doc(text), schema);
    expect(parsed).toEqual({
      items: [
        { description: '[A-1] Beeswax XL\nAcme beeswax', quantity: 1, unitPrice: 42, amount: 42 },
        { description: 'Office Chair', quantity: 2, unitPrice: 70, amount: 140 },
        { description: 'Olive Oil', quantity: 3, unitPrice: 1, amount: 3 },
      ],
      total: 185,
    });
    expect((likelihoods.items as Record<string, number>[])[1]).toEqual({
      description: expect.any(Number),
      quantity: expect.any(Number),
      unitPrice: expect.any(Number),
      amount: expect.any(Number),
    });
  });

  it('reads a table whose columns are two spaces apart but not aligned (Dutch titles)', async () => {
    const text = [
      'Artikel  Aantal Prijs per stuk  BTW Prijs incl. BTW',
      'Apple iPad Air Wifi 16 GB Zilver  1  € 399,00  21%  € 399,00',
      'Serienummer: SDMPP373MPP15',
      'Nintendo AC-adapter  2  € 14,99  21%  € 29,98',
      '',
      'Totaal  € 428,98',
    ].join('\n');
    const schema = {
      type: 'object',
      properties: {
        lines: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              qty: { type: 'integer' },
              price: { type: 'number' },
              total: { type: 'number' },
            },
          },
        },
        total: { type: 'number' },
      },
    };
    const { parsed } = await extractFields(doc(text), schema);
    expect(parsed).toEqual({
      lines: [
        {
          name: 'Apple iPad Air Wifi 16 GB Zilver\nSerienummer: SDMPP373MPP15',
          qty: 1,
          price: 399,
          total: 399,
        },
        { name: 'Nintendo AC-adapter', qty: 2, price: 14.99, total: 29.98 },
      ],
      total: 428.98,
    });
  });

  it('fills nested objects from their block and picks enum values that appear', async () => {
    const text = [
      'Application form',
      'Applicant',
      'Name: Maria Lopez',
      'Email: maria.lopez@example.org',
      'Plan: Premium',
      'Start date: 2024-05-01',
      'Newsletter: yes',
    ].join('\n');
    const schema = {
      type: 'object',
      properties: {
        applicant: {
          type: 'object',
          properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
        },
        plan: { type: 'string', enum: ['Basic', 'Premium', 'Enterprise'] },
        startDate: { type: 'string', format: 'date-time' },
        newsletter: { type: 'boolean' },
      },
    };
    const { parsed, likelihoods } = await extractFields(doc(text), schema);
    expect(parsed).toEqual({
      applicant: { name: 'Maria Lopez', email: 'maria.lopez@example.org' },
      plan: 'Premium',
      startDate: '2024-05-01T00:00:00Z',
      newsletter: true,
    });
    expect(typeof (likelihoods.applicant as Record<string, number>).name).toBe('number');
  });

  it('omits what it cannot find so that parsed still validates', async () => {
    const schema = {
      type: 'object',
      properties: { invoiceNumber: { type: 'string', minLength: 3 }, total: { type: 'number', minimum: 0 } },
      additionalProperties: false,
    };
    const { parsed, likelihoods } = await extractFields(doc('Nothing of interest here.'), schema);
    expect(parsed).toEqual({});
    expect(likelihoods).toEqual({});
    expect(validates(schema, parsed)).toBe(true);
  });

  it('drops values the schema rejects (pattern, maximum) instead of returning an invalid result', async () => {
    const schema = {
      type: 'object',
      properties: {
        total: { type: 'number', maximum: 100 },
        invoiceNumber: { type: 'string', pattern: '^X-' },
      },
    };
    const { parsed, warnings } = await extractFields(doc('Invoice No: INV-1\nTotal: 250.00'), schema);
    expect(parsed).toEqual({});
    // A value found and left out is a FIELD_INVALID warning naming the field and the rule, never
    // the value; the invoice number, whose pattern the search itself honours, was never found.
    expect(warnings).toEqual([
      { code: 'FIELD_INVALID', message: 'The value found for "total" was left out: it must be <= 100.' },
    ]);
  });

  it('names a table row left out for a missing required cell by its index', async () => {
    const schema = {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            required: ['description', 'sku'],
            properties: {
              description: { type: 'string' },
              sku: { type: 'string' },
              amount: { type: 'number' },
            },
          },
        },
      },
    };
    const text = ['Description   Amount', 'Widget        10.00', 'Gadget        20.00'].join('\n');
    const { parsed, warnings } = await extractFields(doc(text), schema);
    expect(parsed.items ?? []).toEqual([]);
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) {
      expect(w.code).toBe('FIELD_INVALID');
      expect(w.message).toMatch(
        /^The value found for "items\[\d+\]" was left out: its required field "sku" was not found\.$/,
      );
    }
  });

  it('a clean extraction has no warnings', async () => {
    const schema = { type: 'object', properties: { total: { type: 'number' } } };
    expect((await extractFields(doc('Total: 12.00'), schema)).warnings).toEqual([]);
  });

  it('fails with extraction_failed naming the required fields it could not find, keeping the rest', async () => {
    const schema = {
      type: 'object',
      required: ['invoiceNumber', 'total'],
      properties: { invoiceNumber: { type: 'string' }, total: { type: 'number' } },
    };
    const err = await extractFields(doc('Total: 12.00 USD'), schema).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).code).toBe('extraction_failed');
    expect((err as PipelineError).message).toContain('invoiceNumber');
    expect((err as PipelineError).details).toMatchObject({ partial: { parsed: { total: 12 } } });
  });

  it('sets a required nullable field it cannot find to null with likelihood 0', async () => {
    const schema = {
      type: 'object',
      required: ['poNumber'],
      properties: { poNumber: { type: ['string', 'null'] }, total: { type: 'number' } },
    };
    const { parsed, likelihoods } = await extractFields(doc('Total: 12.00'), schema);
    expect(parsed).toEqual({ poNumber: null, total: 12 });
    expect(likelihoods).toEqual({ poNumber: 0, total: expect.any(Number) });
  });

  it('uses a required field’s default when it is not found, and const values as given', async () => {
    const schema = {
      type: 'object',
      required: ['status', 'kind'],
      properties: {
        status: { type: 'string', enum: ['open', 'paid'], default: 'open' },
        kind: { const: 'invoice' },
        total: { type: 'number' },
      },
    };
    const { parsed, likelihoods } = await extractFields(doc('INVOICE\nTotal: 5.00'), schema);
    expect(parsed).toEqual({ status: 'open', kind: 'invoice', total: 5 });
    expect(likelihoods.status).toBe(0);
    expect(likelihoods.kind).toBe(0.9);
  });

  it('rejects a schema that does not compile with invalid_request', async () => {
    const err = await extractFields(doc('x'), {
      type: 'object',
      properties: { a: { type: 'strnig' } },
    }).catch((e: unknown) => e);
    expect((err as PipelineError).code).toBe('invalid_request');
    const notObject = await extractFields(doc('x'), { type: 'array', items: { type: 'string' } }).catch(
      (e: unknown) => e,
    );
    expect((notObject as PipelineError).code).toBe('invalid_request');
    expect((notObject as PipelineError).message).toMatch(/must describe an object/);
  });

  it('copes with odd schemas: refs, allOf, anyOf with null, no types, null types, 2020-12', async () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      $defs: { money: { type: 'number' } },
      allOf: [{ properties: { total: { $ref: '#/$defs/money' } } }],
      properties: {
        email: { anyOf: [{ type: 'string', format: 'email' }, { type: 'null' }] },
        nothing: { type: 'null' },
        anything: {},
        weird: { type: 'object', properties: {} },
      },
    };
    const { parsed } = await extractFields(doc('Contact: a.b@example.com\nTotal: 1.234,00 €'), schema);
    expect(parsed).toEqual({ email: 'a.b@example.com', total: 1234 });
  });

  it('stops at a recursive schema instead of recursing forever', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, child: { $ref: '#' } },
    };
    const { parsed } = await extractFields(doc('Name: Root node'), schema);
    expect(parsed.name).toBe('Root node');
    expect(validates(schema, parsed)).toBe(true);
  });

  it('survives random garbage and still returns a result that validates', async () => {
    // A fixed-seed generator: the same garbage every run.
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const alphabet = 'aZ09 :.,/-$€%#\n\t\u0000\u00a0é漢🙂|*()[]';
    const garbage = Array.from({ length: 100_000 }, () => alphabet[next() % alphabet.length]).join('');
    const { parsed } = await extractFields(doc(garbage), INVOICE_SCHEMA);
    expect(validates(INVOICE_SCHEMA, parsed)).toBe(true);
  });

  it('returns nothing, quickly, for empty text', async () => {
    await expect(extractFields(doc(''), INVOICE_SCHEMA)).resolves.toEqual({
      parsed: {},
      likelihoods: {},
      warnings: [],
    });
  });

  it('handles a huge text in reasonable time', async () => {
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit 12.50.\n'.repeat(60_000); // ~3.8 MB
    const started = Date.now();
    const { parsed } = await extractFields(doc(`Invoice No: H-1\n${filler}`), {
      type: 'object',
      properties: { invoiceNumber: { type: 'string' }, total: { type: 'number' } },
    });
    expect(parsed.invoiceNumber).toBe('H-1');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

// ---------------------------------------------------------------------------------------------
// The OpenAI-compatible backend, against a real HTTP server on 127.0.0.1 acting as the peer.

interface Peer {
  server: Server;
  baseUrl: string;
  requests: { url: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }[];
}

const peers: Peer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => new Promise((r) => p.server.close(r))));
});

async function startPeer(
  answer: (body: Record<string, unknown>) => { status: number; json?: unknown; raw?: string },
) {
  const requests: Peer['requests'] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => {
      data += c;
    });
    req.on('end', () => {
      const body = JSON.parse(data) as Record<string, unknown>;
      requests.push({ url: req.url ?? '', headers: req.headers, body });
      const a = answer(body);
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.raw ?? JSON.stringify(a.json));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const peer = { server, baseUrl: `http://127.0.0.1:${port}/v1`, requests };
  peers.push(peer);
  return peer;
}

const completion = (content: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
});

describe('extractFields with an OpenAI-compatible server', () => {
  const schema = {
    type: 'object',
    properties: { invoiceNumber: { type: 'string' }, total: { type: 'number' } },
    required: ['invoiceNumber', 'total'],
    additionalProperties: false,
  };
  const text = 'Invoice No: A-17\nTotal: 99.00 USD';

  it('asks with a strict json_schema response format and returns the validated reply', async () => {
    const peer = await startPeer(() => ({
      status: 200,
      json: completion('{"invoiceNumber":"A-17","total":99}'),
    }));
    const result = await extractFields(doc(text), schema, {
      llm: { baseUrl: peer.baseUrl, model: 'tiny-model', apiKey: 'sk-test' },
    });
    expect(result.parsed).toEqual({ invoiceNumber: 'A-17', total: 99 });
    expect(result.likelihoods).toEqual({ invoiceNumber: 0.9, total: 0.9 });
    expect(result.warnings).toEqual([]);
    expect(peer.requests).toHaveLength(1);
    const req = peer.requests[0]!;
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body.model).toBe('tiny-model');
    expect(req.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'extraction', schema, strict: true },
    });
    expect(JSON.stringify(req.body.messages)).toContain('A-17');
  });

  it('marks a value the model invented (not in the text) as less likely', async () => {
    const peer = await startPeer(() => ({
      status: 200,
      json: completion('{"invoiceNumber":"ZZZ-9","total":99}'),
    }));
    const result = await extractFields(doc(text), schema, { llm: { baseUrl: peer.baseUrl, model: 'm' } });
    expect(result.likelihoods.invoiceNumber).toBeLessThan(result.likelihoods.total as number);
  });

  it('falls back to the built-in extractor when the reply does not validate', async () => {
    const peer = await startPeer(() => ({ status: 200, json: completion('{"invoiceNumber":17}') }));
    const result = await extractFields(doc(text), schema, { llm: { baseUrl: peer.baseUrl, model: 'm' } });
    expect(peer.requests).toHaveLength(1);
    expect(result.parsed).toEqual({ invoiceNumber: 'A-17', total: 99 });
    // Which fields were wrong, not what the model put in them.
    expect(result.warnings).toEqual([
      {
        code: 'EXTRACTOR_FALLBACK',
        message:
          'The model server could not be used (its reply does not validate against the schema (total, invoiceNumber)); the built-in extractor filled the fields.',
      },
    ]);
  });

  it('falls back when the server fails or answers garbage', async () => {
    const failing = await startPeer(() => ({ status: 500, json: { error: 'boom' } }));
    const garbage = await startPeer(() => ({ status: 200, raw: 'not json' }));
    for (const [peer, reason] of [
      [failing, 'it answered HTTP 500'],
      [garbage, 'its reply is not JSON'],
    ] as const) {
      const result = await extractFields(doc(text), schema, { llm: { baseUrl: peer.baseUrl, model: 'm' } });
      expect(result.parsed).toEqual({ invoiceNumber: 'A-17', total: 99 });
      expect(peer.requests).toHaveLength(1);
      expect(result.warnings.map((w) => [w.code, w.message])).toEqual([
        [
          'EXTRACTOR_FALLBACK',
          `The model server could not be used (${reason}); the built-in extractor filled the fields.`,
        ],
      ]);
    }
  });

  it('falls back when nothing listens', async () => {
    const peer = await startPeer(() => ({ status: 200, json: {} }));
    const url = peer.baseUrl;
    await new Promise((r) => peer.server.close(r));
    peers.splice(peers.indexOf(peer), 1);
    const result = await extractFields(doc(text), schema, {
      llm: { baseUrl: url, model: 'm', timeoutMs: 2000 },
    });
    expect(result.parsed).toEqual({ invoiceNumber: 'A-17', total: 99 });
    expect(result.warnings[0]?.message).toContain('(it could not be reached)');
  });
});
