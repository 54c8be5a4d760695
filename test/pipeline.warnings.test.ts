// The pipeline pieces that produce warnings (Job.warnings): pages without text or read with little
// confidence, files embedded in a PDF or a DOCX, and the summary of a partial success. FIELD_INVALID
// and EXTRACTOR_FALLBACK are proved with the extractor, in pipeline.extract.test.ts.
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../src/pipeline/formats/index.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { LOW_CONFIDENCE_BELOW, pageWarnings } from '../src/pipeline/steps/page-warnings.ts';
import { buildSummary } from '../src/pipeline/steps/summary.ts';
import type { PipelineOptions } from '../src/pipeline/types.ts';
import { makePdf } from '../testkit/fixtures.ts';
import { docx, encryptedPdf, LIMITS, makeZip, noop, OPTIONS, writePdf } from '../testkit/format-fixtures.ts';

const TEXT = 'The quarterly figures are attached to this letter.';

describe('pageWarnings', () => {
  const page = (index: number, text: string, ocr: boolean, confidence: number) => ({
    index,
    text,
    ocr,
    confidence,
  });

  it('names the page OCR read nothing on, and the page it read with little confidence', () => {
    const warnings = pageWarnings(
      [
        page(1, TEXT, false, 1),
        page(2, '  \n ', true, 0),
        page(3, TEXT, true, 0.31),
        page(4, TEXT, true, 0.93),
      ],
      'AUTO',
    );
    expect(warnings).toEqual([
      { code: 'PAGE_UNREADABLE', page: 2, message: expect.stringContaining('OCR read nothing') },
      { code: 'LOW_CONFIDENCE_PAGE', page: 3, message: expect.stringContaining('confidence 0.31') },
    ]);
  });

  it('counts a page with a stray mark (under 5 characters) as empty, as the quality score does', () => {
    expect(pageWarnings([page(1, '- 2 -', true, 0.9)], 'AUTO').map((w) => w.code)).toEqual([
      'PAGE_UNREADABLE',
    ]);
    expect(pageWarnings([page(1, 'Total 12', true, 0.9)], 'AUTO')).toEqual([]);
  });

  it('says OCR was off when that is why a page gave no text', () => {
    const [w] = pageWarnings([page(1, '', true, 0)], 'OFF');
    expect(w?.message).toMatch(/OCR was off/);
  });

  it('leaves text-layer pages and an engine without a confidence alone', () => {
    expect(
      pageWarnings(
        [page(1, TEXT, false, 1), page(2, TEXT, true, Number.NaN), page(3, TEXT, true, LOW_CONFIDENCE_BELOW)],
        'AUTO',
      ),
    ).toEqual([]);
  });
});

async function pdfWithAttachments(files: { name: string; bytes: Uint8Array }[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(await makePdf([TEXT]));
  for (const f of files) await pdf.attach(f.bytes, f.name, { mimeType: 'application/octet-stream' });
  return pdf.save();
}

/** One page with a text layer and a file pinned to it (a FileAttachment annotation). */
function pdfWithPageAttachment(name: string, content: string): Buffer {
  const stream = `BT /F1 12 Tf 72 700 Td (${TEXT}) Tj ET`;
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Type /Annot /Subtype /FileAttachment /Rect [72 600 90 620] /FS 7 0 R >>',
    `<< /Type /Filespec /F (${name}) /UF (${name}) /EF << /F 8 0 R >> >>`,
    `<< /Type /EmbeddedFile /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ]);
}

describe('files embedded in a document', () => {
  it('a PDF attachment is ATTACHMENT_SKIPPED, a password-protected one says so', async () => {
    const bytes = await pdfWithAttachments([
      { name: 'figures.csv', bytes: Buffer.from('a,b\n1,2\n') },
      { name: 'locked.pdf', bytes: encryptedPdf('secret', 'hidden') },
    ]);
    const doc = await extractDocument(bytes, OPTIONS, LIMITS, noop);
    expect(doc.pages[0]?.text).toContain('quarterly figures');
    expect(doc.warnings).toHaveLength(2);
    const byName = (name: string) => doc.warnings.find((w) => w.message.includes(`"${name}"`));
    expect(byName('figures.csv')).toMatchObject({ code: 'ATTACHMENT_SKIPPED' });
    expect(byName('figures.csv')?.message).not.toMatch(/password/);
    expect(byName('figures.csv')?.page).toBeUndefined();
    expect(byName('locked.pdf')?.message).toMatch(/password-protected/);
  });

  it('a file pinned to a page is ATTACHMENT_SKIPPED with that page', async () => {
    const doc = await extractDocument(
      pdfWithPageAttachment('notes.txt', 'side notes'),
      OPTIONS,
      LIMITS,
      noop,
    );
    expect(doc.warnings).toEqual([
      { code: 'ATTACHMENT_SKIPPED', page: 1, message: expect.stringContaining('"notes.txt"') },
    ]);
  });

  it('past 20 files, one more warning counts the rest', async () => {
    const files = Array.from({ length: 23 }, (_, i) => ({ name: `f${i}.txt`, bytes: Buffer.from(`${i}`) }));
    const doc = await extractDocument(await pdfWithAttachments(files), OPTIONS, LIMITS, noop);
    expect(doc.warnings).toHaveLength(21);
    expect(doc.warnings.at(-1)?.message).toBe('3 more embedded files were not read.');
  });

  it('an object embedded in a DOCX is ATTACHMENT_SKIPPED; a plain DOCX has none', async () => {
    expect((await extractDocument(docx(), OPTIONS, LIMITS, noop)).warnings).toEqual([]);
    const withEmbedding = docxWith({ name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', data: 'PK…' });
    const doc = await extractDocument(withEmbedding, OPTIONS, LIMITS, noop);
    expect(doc.pages[0]?.text).toContain('Revenue grew');
    expect(doc.warnings).toEqual([
      { code: 'ATTACHMENT_SKIPPED', message: expect.stringContaining('"Microsoft_Excel_Worksheet.xlsx"') },
    ]);
  });

  it('a plain PDF has no warnings', async () => {
    expect((await extractDocument(await makePdf([TEXT]), OPTIONS, LIMITS, noop)).warnings).toEqual([]);
  });
});

/** docx()'s parts and one more. */
function docxWith(extra: { name: string; data: string }): Buffer {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: 'word/document.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>Revenue grew in every region.</w:t></w:r></w:p></w:body></w:document>`,
    },
    extra,
  ]);
}

describe('runPipeline', () => {
  const options: PipelineOptions = { ocr: 'OFF', redactPii: false };
  const limits = { maxPages: 50, maxPixels: 50_000_000, timeoutMs: 60_000 };

  it('a PDF with a page that gives no text completes with a warning naming it, and says it is partial', async () => {
    const bytes = await makePdf([TEXT, '']);
    const result = await runPipeline({ bytes, endpoint: 'PARSE', options, limits }, noop);
    expect(result.pageCount).toBe(2);
    expect(result.warnings).toEqual([
      { code: 'PAGE_UNREADABLE', page: 2, message: expect.stringMatching(/^Page 2 gave no text/) },
    ]);
    expect(result.processingSummary).toMatch(/Partial success, 1 warning: no text read from page 2/);
  });

  it('a clean run has no warnings and a summary that does not call it partial', async () => {
    const bytes = await makePdf([TEXT, TEXT]);
    const result = await runPipeline({ bytes, endpoint: 'PARSE', options, limits }, noop);
    expect(result.warnings).toEqual([]);
    expect(result.processingSummary).not.toMatch(/[Pp]artial/);
  });

  it('with redactPii, personal data in a warning (an attachment named by an email address) is redacted', async () => {
    const bytes = await pdfWithAttachments([{ name: 'jane.doe@example.com.txt', bytes: Buffer.from('x') }]);
    const plain = await runPipeline({ bytes, endpoint: 'PARSE', options, limits }, noop);
    expect(plain.warnings[0]?.message).toContain('jane.doe@example.com');
    const redacted = await runPipeline(
      { bytes, endpoint: 'PARSE', options: { ...options, redactPii: true }, limits },
      noop,
    );
    expect(redacted.warnings[0]?.message).not.toContain('jane.doe@example.com');
    expect(redacted.warnings[0]?.message).toContain('[EMAIL]');
  });
});

describe('buildSummary with warnings', () => {
  const facts = {
    kind: 'pdf',
    pageCount: 9,
    ocrPages: 9,
    endpoint: 'EXTRACT' as const,
    outcome: 'filled 3 of 4 schema fields',
    pii: {},
    redacted: false,
    grade: 'C' as const,
    score: 0.61,
  };

  it('ends with a partial-success sentence that counts and names them', () => {
    const summary = buildSummary({
      ...facts,
      warnings: [
        { code: 'PAGE_UNREADABLE', page: 2, message: '' },
        { code: 'PAGE_UNREADABLE', page: 7, message: '' },
        { code: 'LOW_CONFIDENCE_PAGE', page: 4, message: '' },
        { code: 'ATTACHMENT_SKIPPED', message: '' },
        { code: 'FIELD_INVALID', message: '' },
        { code: 'EXTRACTOR_FALLBACK', message: '' },
      ],
    });
    expect(summary).toBe(
      'Processed a 9-page PDF (read by OCR) and filled 3 of 4 schema fields. No personal data was found; ' +
        'text quality is fair (grade C, 0.61). Partial success, 6 warnings: no text read from pages 2 and 7, ' +
        'low OCR confidence on page 4, an embedded file not read, 1 field value left out as invalid and the ' +
        'built-in extractor used as the model server failed (see warnings).',
    );
  });

  it('lists at most five pages', () => {
    const warnings = [1, 2, 3, 4, 5, 6, 8].map((page) => ({
      code: 'PAGE_UNREADABLE' as const,
      page,
      message: '',
    }));
    expect(buildSummary({ ...facts, warnings })).toContain(
      'no text read from pages 1, 2, 3, 4, 5 and 2 more',
    );
  });

  it('says nothing of warnings when there are none', () => {
    expect(buildSummary({ ...facts, warnings: [] })).toBe(buildSummary(facts));
  });
});
