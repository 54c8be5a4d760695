import { describe, expect, it } from 'vitest';
import { splitDocument } from '../src/pipeline/steps/split.ts';
import { PipelineError } from '../src/pipeline/types.ts';

const CATEGORIES = [{ name: 'invoice' }, { name: 'receipt' }, { name: 'contract' }];

const invoicePage = (n: string) =>
  `INVOICE\nInvoice number: ${n}\nInvoice date: 2024-03-01\nBill to: Roe\nAmount due: 120.00\nDue date: 2024-03-31`;
const receiptPage = 'RECEIPT\nCashier: Tom\nLatte 4.50\nTOTAL 4.50\nVISA 4.50\nChange 0.00\nThank you!';
const contractPage = (title: boolean) =>
  `${title ? 'SERVICE AGREEMENT\n' : ''}The parties hereby agree that this agreement shall be governed by the governing law of England. Termination requires notice. Whereas the parties agree.`;

/** Every page exactly once, ranges in order and contiguous. */
function expectCover(splits: { pages: [number, number] }[], pageCount: number) {
  let next = 1;
  for (const s of splits) {
    expect(s.pages[0]).toBe(next);
    expect(s.pages[1]).toBeGreaterThanOrEqual(s.pages[0]);
    next = s.pages[1] + 1;
  }
  expect(next).toBe(pageCount + 1);
}

describe('splitDocument', () => {
  it('cuts where the category changes', () => {
    const pages = [invoicePage('1'), receiptPage, contractPage(true), contractPage(false)];
    const splits = splitDocument(pages, CATEGORIES);
    expect(splits).toEqual([
      { name: 'invoice', pages: [1, 1] },
      { name: 'receipt', pages: [2, 2] },
      { name: 'contract', pages: [3, 4] },
    ]);
    expectCover(splits, 4);
  });

  it('starts a new range at a strong start cue even when the category repeats', () => {
    const pages = [invoicePage('A-1'), invoicePage('A-2'), invoicePage('A-3')];
    const splits = splitDocument(pages, CATEGORIES);
    expect(splits).toEqual([
      { name: 'invoice', pages: [1, 1] },
      { name: 'invoice', pages: [2, 2] },
      { name: 'invoice', pages: [3, 3] },
    ]);
  });

  it('keeps "Page 2 of 2" with the page before it and weak pages with their neighbour', () => {
    const pages = [
      `${invoicePage('7')}\nPage 1 of 3`,
      'Terms and conditions apply to all deliveries.\nPage 2 of 3',
      `INVOICE continued\nAmount due: 40.00\nPage 3 of 3`,
      '', // a blank page joins the range before it
      receiptPage,
    ];
    const splits = splitDocument(pages, CATEGORIES);
    expect(splits).toEqual([
      { name: 'invoice', pages: [1, 4] },
      { name: 'receipt', pages: [5, 5] },
    ]);
    expectCover(splits, 5);
  });

  it('reads headings and page numbers in other languages', () => {
    const rechnung = (seite: number) =>
      `Muster GmbH\nRechnung Seite ${seite}\nRechnungsnr. 3006  Rechnungsdatum 7. Mai 2014\nPos. Menge Beschreibung\n1 1 Wartung 3,89`;
    const factuur = (n: string) =>
      `Coolblue B.V.\nFACTUUR.\nFactuurnummer: ${n}\nFactuurdatum: 19 april 2014\nTotaal € 717,97`;
    const splits = splitDocument([rechnung(1), rechnung(2), factuur('9935'), factuur('9922')], CATEGORIES);
    expect(splits).toEqual([
      { name: 'invoice', pages: [1, 2] },
      { name: 'invoice', pages: [3, 3] },
      { name: 'invoice', pages: [4, 4] },
    ]);
  });

  it('gives a weak cover page to the first decided range', () => {
    const pages = ['Scanned by the mail room on Tuesday', contractPage(true), contractPage(false)];
    expect(splitDocument(pages, CATEGORIES)).toEqual([{ name: 'contract', pages: [1, 3] }]);
  });

  it('returns one range of the first category when nothing is recognisable', () => {
    const pages = ['lorem ipsum', 'dolor sit amet', ''];
    const splits = splitDocument(pages, CATEGORIES);
    expect(splits).toEqual([{ name: 'invoice', pages: [1, 3] }]);
  });

  it('covers every page of a long mixed file exactly once', () => {
    const pages: string[] = [];
    for (let i = 0; i < 60; i++)
      pages.push(i % 3 === 0 ? invoicePage(String(i)) : i % 3 === 1 ? 'continued…' : receiptPage);
    const splits = splitDocument(pages, CATEGORIES);
    expectCover(splits, 60);
    for (const s of splits) expect(['invoice', 'receipt', 'contract']).toContain(s.name);
  });

  it('returns no ranges for no pages and refuses no categories', () => {
    expect(splitDocument([], CATEGORIES)).toEqual([]);
    expect(() => splitDocument(['x'], [])).toThrow(PipelineError);
  });
});
