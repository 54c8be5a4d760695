import { describe, expect, it } from 'vitest';
import { stem } from '../src/pipeline/steps/category-cues.ts';
import { classifyDocument } from '../src/pipeline/steps/classify.ts';
import { PipelineError } from '../src/pipeline/types.ts';

const INVOICE = `ACME Ltd
INVOICE
Invoice number: 2024-117   Invoice date: 2024-03-01
Bill to: Roe Consulting
Description  Qty  Unit price  Amount
Consulting    10     100.00   1,000.00
Subtotal 1,000.00
VAT 20% 200.00
Amount due 1,200.00   Due date: 2024-03-31
Payment terms: 30 days`;

const RECEIPT = `CORNER CAFE
Table 4   Cashier: Tom
2 Latte        9.00
1 Croissant    3.20
TOTAL         12.20
VISA ****1234  12.20
Change 0.00
Thank you for your visit!`;

const CONTRACT = `SERVICE AGREEMENT
This Agreement is made between the Parties named below.
WHEREAS the Provider offers services; NOW THEREFORE the parties hereby agree:
1. Term. This agreement shall commence on the Effective Date.
2. Termination. Either party may terminate with 30 days notice.
3. Governing law. This agreement shall be governed by the laws of England.
Signature: ____________`;

const CATEGORIES = [
  { name: 'invoice', description: 'A bill asking for payment' },
  { name: 'receipt', description: 'Proof of a payment already made' },
  { name: 'contract' },
];

describe('classifyDocument', () => {
  it('stems words so that plural and inflected forms meet', () => {
    expect(stem('invoices')).toBe(stem('invoice'));
    expect(stem('companies')).toBe(stem('company'));
    expect(stem('charged')).toBe(stem('charge'));
    expect(stem('class')).toBe('class');
  });

  it.each([
    ['invoice', INVOICE],
    ['receipt', RECEIPT],
    ['contract', CONTRACT],
  ])('recognises a %s', (expected, text) => {
    const r = classifyDocument(text, CATEGORIES);
    expect(r.classification).toBe(expected);
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(Object.keys(r.scores).sort()).toEqual(['contract', 'invoice', 'receipt']);
    const sum = Object.values(r.scores).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 2);
    for (const s of Object.values(r.scores)) expect(s).toBeGreaterThan(0);
    expect(r.scores[expected]).toBe(Math.max(...Object.values(r.scores)));
  });

  it('cites the evidence it found in its reasoning', () => {
    const r = classifyDocument(INVOICE, CATEGORIES);
    expect(r.reasoning).toMatch(/^Chose "invoice": found /);
    expect(r.reasoning).toContain('"invoice number"');
    expect(r.reasoning).toContain('"amount due"');
    expect(r.reasoning).toMatch(/\(\d+ of \d+ cues\)/);
    expect(r.reasoning).toContain('"contract" matched nothing');
  });

  it('uses the caller’s own category names and descriptions, including quoted phrases', () => {
    const categories = [
      { name: 'shipping_manifest', description: 'lists "container number" and "port of loading"' },
      { name: 'menu', description: 'starters mains desserts prices' },
    ];
    const text = 'MANIFEST\nContainer number: MSKU1234567\nPort of loading: Rotterdam\nVessel: Maersk Alfa';
    const r = classifyDocument(text, categories);
    expect(r.classification).toBe('shipping_manifest');
    expect(r.reasoning).toContain('"container number"');
    const r2 = classifyDocument('Starters\nSoup 5\nMains\nSteak 20\nDesserts\nCake 6', categories);
    expect(r2.classification).toBe('menu');
  });

  it('lowers confidence when the evidence is thin or shared', () => {
    const strong = classifyDocument(INVOICE, CATEGORIES);
    const thin = classifyDocument('Total 12.00', CATEGORIES);
    expect(thin.confidence).toBeLessThan(strong.confidence);
  });

  it('says so when nothing matches and spreads the scores evenly', () => {
    const r = classifyDocument('The quick brown fox jumps over the lazy dog.', CATEGORIES);
    expect(r.classification).toBe('invoice');
    expect(r.reasoning).toMatch(/No evidence/);
    expect(r.confidence).toBeLessThan(0.3);
    expect(new Set(Object.values(r.scores)).size).toBe(1);
  });

  it('handles empty and huge text', () => {
    expect(classifyDocument('', CATEGORIES).classification).toBe('invoice');
    const huge = `${INVOICE}\n${'lorem ipsum dolor sit amet '.repeat(400_000)}`;
    const started = Date.now();
    expect(classifyDocument(huge, CATEGORIES).classification).toBe('invoice');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses no categories and duplicate names', () => {
    expect(() => classifyDocument(INVOICE, [])).toThrow(PipelineError);
    expect(() => classifyDocument(INVOICE, [{ name: 'a' }, { name: 'a' }])).toThrow(/twice/);
    expect(() => classifyDocument(INVOICE, [{ name: ' ' }])).toThrow(/name/);
  });

  it('always answers one of the given names, even with a single category', () => {
    const r = classifyDocument(RECEIPT, [{ name: 'Receipt' }]);
    expect(r.classification).toBe('Receipt');
    expect(r.scores).toEqual({ Receipt: 1 });
  });
});
