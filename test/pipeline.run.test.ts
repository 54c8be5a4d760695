import { describe, expect, it } from 'vitest';
import { validateJobOptions } from '../src/pipeline/options.ts';
import { runPipeline } from '../src/pipeline/run.ts';
import { buildSummary } from '../src/pipeline/steps/summary.ts';
import type { Endpoint, PipelineInput, PipelineOptions, Stage } from '../src/pipeline/types.ts';
import { PipelineError } from '../src/pipeline/types.ts';

const LETTER = [
  'Invoice number: INV-2041',
  'Date: 2024-03-05',
  'Customer: Jane Doe',
  'Email: jane.doe@example.com',
  'Phone: (415) 555-2671',
  'Total: 1,250.00 EUR',
  '',
  'Thank you for your order. Please pay by bank transfer to the account on file within thirty days.',
].join('\n');

const MARKDOWN = `# Account update

Dear customer, your card 4111 1111 1111 1111 was replaced. Contact **jane.doe@example.com** with questions.
`;

function input(endpoint: Endpoint, text: string, options: Partial<PipelineOptions> = {}): PipelineInput {
  return {
    bytes: new TextEncoder().encode(text),
    filename: 'fixture.txt',
    endpoint,
    options: { ocr: 'AUTO', redactPii: false, ...options },
    limits: { maxPages: 50, maxPixels: 50_000_000, timeoutMs: 60_000 },
  };
}

async function run(endpoint: Endpoint, text: string, options: Partial<PipelineOptions> = {}) {
  const calls: { stage: Stage; progress: number }[] = [];
  const result = await runPipeline(input(endpoint, text, options), (at) => {
    calls.push(at);
  });
  return { result, calls };
}

describe('runPipeline', () => {
  it('PARSE returns text, markdown and pages, with stages in order and progress that never decreases', async () => {
    const { result, calls } = await run('PARSE', LETTER);
    expect(result.pageCount).toBe(1);
    expect(result.mimeType).toMatch(/^text\//);
    expect(result.body).toMatchObject({ pageCount: 1, pages: [{ index: 1, ocr: false, confidence: 1 }] });
    expect(String(result.body.text)).toContain('Invoice number: INV-2041');
    expect(typeof result.body.markdown).toBe('string');

    const stages = [...new Set(calls.map((c) => c.stage))];
    expect(stages).toEqual(['VALIDATION', 'OCR', 'PII_DETECTION', 'QUALITY_SCORING']);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]!.progress).toBeGreaterThanOrEqual(calls[i - 1]!.progress);
    expect(calls.at(-1)?.progress).toBe(1);

    expect(result.qualityGrade).toMatch(/^[ABCD]$/);
    expect(result.qualityScore).toBeGreaterThan(0.5);
    expect(result.privacyApplied).toBe(false);
    expect(result.processingSummary).toMatch(/text file/);
  });

  it('finds PII on every endpoint, with pages and masked previews', async () => {
    const { result } = await run('PARSE', LETTER);
    const types = result.piiFindings.map((f) => f.type);
    expect(types).toEqual(expect.arrayContaining(['EMAIL', 'PHONE_NUMBER', 'PERSON']));
    for (const f of result.piiFindings) {
      expect(f.page).toBe(1);
      expect(f.preview).not.toContain('jane.doe');
    }
    expect(result.processingSummary).toMatch(/email address/);
  });

  it('respects piiTypes', async () => {
    const { result } = await run('PARSE', LETTER, { piiTypes: ['EMAIL'] });
    expect(result.piiFindings.map((f) => f.type)).toEqual(['EMAIL']);
  });

  it('PROCESS with redactPii redacts text, pages and fields and reports pii and quality', async () => {
    const { result } = await run('PROCESS', LETTER, { redactPii: true });
    const body = result.body as {
      text: string;
      pages: { text: string }[];
      fields: Record<string, unknown>;
      pii: unknown[];
      quality: { score: number; grade: string };
    };
    expect(result.privacyApplied).toBe(true);
    expect(body.text).toContain('[EMAIL]');
    expect(body.text).not.toContain('jane.doe@example.com');
    expect(body.text).not.toContain('555-2671');
    expect(body.pages[0]?.text).toBe(body.text);
    expect(JSON.stringify(body.fields)).not.toContain('jane.doe@example.com');
    expect(body.pii.length).toBe(result.piiFindings.length);
    expect(body.quality.grade).toBe(result.qualityGrade);
  });

  it('redacts the markdown of a Markdown document', async () => {
    const { result } = await run('PARSE', MARKDOWN, { redactPii: true });
    const markdown = String(result.body.markdown);
    expect(markdown).toContain('[CREDIT_CARD]');
    expect(markdown).toContain('[EMAIL]');
    expect(markdown).not.toContain('4111');
  });

  it('EXTRACT fills the schema', async () => {
    const jsonSchema = {
      type: 'object',
      properties: { invoice_number: { type: 'string', title: 'Invoice number' }, email: { type: 'string' } },
    };
    const { result, calls } = await run('EXTRACT', LETTER, { jsonSchema });
    const body = result.body as {
      choices: { message: { parsed: Record<string, unknown> } }[];
      likelihoods: unknown;
    };
    expect(body.choices[0]?.message.parsed.invoice_number).toBe('INV-2041');
    expect(body.likelihoods).toBeTypeOf('object');
    expect(calls.some((c) => c.stage === 'EXTRACTION')).toBe(true);
  });

  it('EXTRACT with redactPii redacts string field values', async () => {
    const jsonSchema = { type: 'object', properties: { email: { type: 'string', format: 'email' } } };
    const { result } = await run('EXTRACT', LETTER, { jsonSchema, redactPii: true });
    expect(JSON.stringify(result.body)).not.toContain('jane.doe@example.com');
  });

  it('CLASSIFY picks one of the categories', async () => {
    const categories = [{ name: 'invoice', description: 'a bill for goods or services' }, { name: 'recipe' }];
    const { result, calls } = await run('CLASSIFY', LETTER, { categories });
    const body = result.body as { result: { classification: string; confidence: number; scores: object } };
    expect(['invoice', 'recipe']).toContain(body.result.classification);
    expect(calls.some((c) => c.stage === 'CLASSIFICATION')).toBe(true);
    expect(result.processingSummary).toContain(body.result.classification);
  });

  it('SPLIT covers every page', async () => {
    const { result } = await run('SPLIT', LETTER, { categories: [{ name: 'invoice' }] });
    const body = result.body as { splits: { name: string; pages: [number, number] }[] };
    expect(body.splits[0]?.pages[0]).toBe(1);
    expect(body.splits.at(-1)?.pages[1]).toBe(result.pageCount);
  });

  it('GENERATE_SCHEMA returns a JSON Schema', async () => {
    const { result, calls } = await run('GENERATE_SCHEMA', LETTER);
    const body = result.body as { jsonSchema: { type?: string } };
    expect(body.jsonSchema.type).toBe('object');
    expect(calls.some((c) => c.stage === 'SCHEMA_GENERATION')).toBe(true);
  });

  it('fails invalid options with invalid_request before reading the document', async () => {
    await expect(run('CLASSIFY', LETTER, { categories: [] })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(run('EXTRACT', LETTER, {})).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('lets a throwing checkpoint stop the run', async () => {
    const cancelled = new Error('cancelled');
    const promise = runPipeline(input('PARSE', LETTER), (at) => {
      if (at.stage === 'PII_DETECTION') throw cancelled;
    });
    await expect(promise).rejects.toBe(cancelled);
  });
});

describe('validateJobOptions', () => {
  const fails = (endpoint: string, options: Partial<PipelineOptions>, message: RegExp) => {
    let error: unknown;
    try {
      validateJobOptions(endpoint, options);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe('invalid_request');
    expect((error as PipelineError).message).toMatch(message);
  };

  it('accepts options that fit the endpoint', () => {
    expect(() => validateJobOptions('PARSE', {})).not.toThrow();
    expect(() => validateJobOptions('CLASSIFY', { categories: [{ name: 'a' }] })).not.toThrow();
    expect(() => validateJobOptions('EXTRACT', { jsonSchema: { type: 'object' } })).not.toThrow();
    // GraphQL passes absent options as null.
    expect(() =>
      validateJobOptions('PARSE', { ocr: null, piiTypes: null, language: null } as never),
    ).not.toThrow();
  });

  it('names what is wrong', () => {
    fails('CLASSIFY', {}, /CLASSIFY needs at least one category/);
    fails('SPLIT', { categories: [{ name: 'a' }, { name: 'a' }] }, /given twice/);
    fails('EXTRACT', {}, /needs options.jsonSchema/);
    fails('EXTRACT', { jsonSchema: { type: 'no-such-type' } }, /jsonSchema does not compile/);
    fails('PARSE', { piiTypes: ['EMAIL', 'SHOE_SIZE'] }, /unknown piiTypes SHOE_SIZE/);
    fails('PARSE', { language: 'klingon' }, /language "klingon" is not available/);
    fails('NOPE', {}, /unknown endpoint/);
  });
});

describe('buildSummary', () => {
  it('says what the run found in one or two sentences', () => {
    const summary = buildSummary({
      kind: 'pdf',
      pageCount: 8,
      ocrPages: 3,
      endpoint: 'EXTRACT',
      outcome: 'filled 4 of 5 schema fields',
      pii: { EMAIL: 1, PERSON: 2 },
      redacted: true,
      grade: 'B',
      score: 0.81,
    });
    expect(summary).toBe(
      'Processed an 8-page PDF (3 pages read by OCR) and filled 4 of 5 schema fields. ' +
        'Found 3 pieces of personal data (2 names and 1 email address), redacted in the response; ' +
        'text quality is good (grade B, 0.81).',
    );
    expect(summary.split(/[.;] /).length).toBeLessThanOrEqual(3);
  });

  it('handles a document without PII, read wholly by OCR', () => {
    const summary = buildSummary({
      kind: 'png',
      pageCount: 1,
      ocrPages: 1,
      endpoint: 'PARSE',
      outcome: 'extracted 1 word of text',
      pii: {},
      redacted: false,
      grade: 'D',
      score: 0.2,
    });
    expect(summary).toBe(
      'Processed a 1-page PNG image (read by OCR) and extracted 1 word of text. No personal data was found; text quality is poor (grade D, 0.20).',
    );
  });
});
