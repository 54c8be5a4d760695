import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { extractFields } from '../src/pipeline/steps/extract.ts';
import { findKeyValueFields, generateSchema } from '../src/pipeline/steps/generate-schema.ts';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => void;
const ajv = new Ajv({ strict: true });
addFormats(ajv);

const FORM = `Membership application
Full name: Maria Lopez
Email: maria.lopez@example.org
Date of birth: 12/31/1990
Member since: March 3, 2020
Website: https://maria.example.org
Newsletter: yes
Annual fee: $1,250.50
Seats: 3
Member ID: 000123`;

const INVOICE = `Invoice No: INV-9  Date: 2024-05-02  Currency: EUR
Rechnungsnr.  30064443  Kundennr.  47774
Invoice Date:  Due Date:  Reference:
03/20/2023  04/04/2023  CUSTREF123

Description          Qty     Unit Price     Amount
Widget                 2         10.00       20.00
Gadget                 1          5.50        5.50
Total 25.50`;

describe('findKeyValueFields', () => {
  it('reads "Label: value" lines with typed values', () => {
    expect(findKeyValueFields(FORM)).toEqual({
      fullName: 'Maria Lopez',
      email: 'maria.lopez@example.org',
      dateOfBirth: '1990-12-31',
      memberSince: '2020-03-03',
      website: 'https://maria.example.org',
      newsletter: true,
      annualFee: 1250.5,
      seats: 3,
      memberId: '000123', // leading zeros: an identifier, not a number
    });
  });

  it('reads several pairs on a line, label/value columns and a header row over values', () => {
    const fields = findKeyValueFields(INVOICE);
    expect(fields).toMatchObject({
      invoiceNo: 'INV-9',
      date: '2024-05-02',
      currency: 'EUR',
      rechnungsnr: '30064443', // an identifier: a number label keeps it a string
      kundennr: '47774',
      invoiceDate: '2023-03-20',
      dueDate: '2023-04-04',
      reference: 'CUSTREF123',
      total: 25.5,
    });
  });

  it('leaves prose, times and URLs alone', () => {
    const fields = findKeyValueFields(
      'We met at 10:30 to discuss the plan, see https://example.org/a:b for details.\nIt was a long day.',
    );
    expect(fields).toEqual({});
  });

  it('returns nothing for empty or garbage text', () => {
    expect(findKeyValueFields('')).toEqual({});
    expect(findKeyValueFields('\u0000\u0001 ::: ::: ###')).toEqual({});
  });

  it('makes distinct camelCase keys for labels that fold to the same name', () => {
    const fields = findKeyValueFields('Total: 1\nTOTAL (EUR): 2\nTotal EUR: 3');
    expect(Object.keys(fields)).toEqual(['total', 'totalEur', 'totalEur2']);
  });
});

describe('generateSchema', () => {
  it('describes the fields with types, formats and the printed labels as titles', () => {
    const { jsonSchema } = generateSchema(FORM);
    expect(jsonSchema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    const props = jsonSchema.properties as Record<string, Record<string, unknown>>;
    expect(props.fullName).toEqual({ type: 'string', title: 'Full name' });
    expect(props.email).toEqual({ type: 'string', title: 'Email', format: 'email' });
    expect(props.dateOfBirth).toEqual({ type: 'string', title: 'Date of birth', format: 'date' });
    expect(props.website).toEqual({ type: 'string', title: 'Website', format: 'uri' });
    expect(props.newsletter).toEqual({ type: 'boolean', title: 'Newsletter' });
    expect(props.annualFee).toEqual({ type: 'number', title: 'Annual fee' });
    expect(props.seats).toEqual({ type: 'integer', title: 'Seats' });
    expect(props.memberId).toEqual({ type: 'string', title: 'Member ID' });
    // No values from the document in the schema.
    expect(JSON.stringify(jsonSchema)).not.toContain('Lopez');
  });

  it('turns a table into an array of objects, one property per column', () => {
    const { jsonSchema } = generateSchema(INVOICE);
    const props = jsonSchema.properties as Record<string, Record<string, unknown>>;
    expect(props.lineItems).toEqual({
      type: 'array',
      title: 'Table: Description, Qty, Unit Price, Amount',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string', title: 'Description' },
          qty: { type: 'integer', title: 'Qty' },
          unitPrice: { type: 'number', title: 'Unit Price' },
          amount: { type: 'number', title: 'Amount' },
        },
      },
    });
  });

  it('always compiles with ajv in strict mode, even for garbage', () => {
    for (const text of [
      FORM,
      INVOICE,
      '',
      'x'.repeat(100_000),
      '::\n:a:\n1:2:3',
      'Ünïcødé Fïeld: välüe\n数量: 3',
    ]) {
      const { jsonSchema } = generateSchema(text);
      expect(() => ajv.compile(jsonSchema)).not.toThrow();
    }
  });

  it('round-trips: the generated schema drives EXTRACT on the same document', async () => {
    const { jsonSchema } = generateSchema(FORM);
    const { parsed } = await extractFields({ text: FORM, pages: [FORM] }, jsonSchema);
    expect(parsed).toMatchObject({
      fullName: 'Maria Lopez',
      email: 'maria.lopez@example.org',
      dateOfBirth: '1990-12-31',
      annualFee: 1250.5,
      seats: 3,
      newsletter: true,
    });
    expect(ajv.compile(jsonSchema)(parsed)).toBe(true);
  });
});
