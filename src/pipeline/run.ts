// The orchestrator: bytes and options in, the endpoint's response body and the job's
// figures out. Stages run in a fixed order, each announced through the checkpoint:
//
//   VALIDATION → OCR (text layer / OCR, per page) → the endpoint's step (EXTRACTION,
//   CLASSIFICATION, SPLITTING or SCHEMA_GENERATION; PARSE has none) → PII_DETECTION →
//   QUALITY_SCORING
//
// Progress is a share of the whole run, cut into fixed slices per stage (OCR gets most of
// it: it is where the time goes) and clamped so it never decreases.
import { type ExtractedDocument, extractDocument, layoutFromWords } from './formats/index.ts';
import { validateJobOptions } from './options.ts';
import { classifyDocument } from './steps/classify.ts';
import { extractFields, keepPunctuation, mergeReadings } from './steps/extract.ts';
import { findKeyValueFields, generateSchema } from './steps/generate-schema.ts';
import { pageWarnings } from './steps/page-warnings.ts';
import { detectPii, redact, redactPii } from './steps/pii.ts';
import { scoreQuality } from './steps/quality.ts';
import { valueRedactor } from './steps/redact-values.ts';
import { splitDocument } from './steps/split.ts';
import { buildSummary, plural } from './steps/summary.ts';
import {
  type Checkpoint,
  type Endpoint,
  type PiiFinding,
  PipelineError,
  type PipelineInput,
  type PipelineOptions,
  type PipelineResult,
  type PipelineWarning,
  type Stage,
} from './types.ts';

// Each stage's slice of the overall progress, [start, end].
const SLICES: Record<Stage, [number, number]> = {
  VALIDATION: [0, 0.02],
  OCR: [0.02, 0.75],
  EXTRACTION: [0.75, 0.85],
  CLASSIFICATION: [0.75, 0.85],
  SPLITTING: [0.75, 0.85],
  SCHEMA_GENERATION: [0.75, 0.85],
  PII_DETECTION: [0.85, 0.95],
  QUALITY_SCORING: [0.95, 1],
};

const ENDPOINT_STAGE: Record<Endpoint, Stage | undefined> = {
  PARSE: undefined,
  PROCESS: 'EXTRACTION',
  EXTRACT: 'EXTRACTION',
  CLASSIFY: 'CLASSIFICATION',
  SPLIT: 'SPLITTING',
  GENERATE_SCHEMA: 'SCHEMA_GENERATION',
};

/** Wraps the caller's checkpoint: progress rescaled into the stage's slice, never lower than before, deadline enforced. */
function progressReporter(checkpoint: Checkpoint, timeoutMs: number) {
  const startedAt = Date.now();
  let last = 0;
  return async (stage: Stage, within = 0) => {
    if (Number.isFinite(timeoutMs) && timeoutMs > 0 && Date.now() - startedAt > timeoutMs) {
      throw new PipelineError('timeout', `processing took longer than ${Math.round(timeoutMs / 1000)} s`, {
        stage,
        timeoutMs,
      });
    }
    const [from, to] = SLICES[stage];
    const progress = Math.max(last, from + (to - from) * Math.max(0, Math.min(1, within)));
    last = progress;
    await checkpoint({ stage, progress: Math.round(progress * 10_000) / 10_000 });
  };
}

interface StepOutput {
  body: Record<string, unknown>;
  outcome: string;
  warnings?: PipelineWarning[];
}

async function runEndpointStep(
  endpoint: Endpoint,
  options: PipelineOptions,
  doc: ExtractedDocument,
  text: string,
  llm: PipelineInput['llm'],
): Promise<StepOutput> {
  const pages = doc.pages.map((p) => p.text);
  switch (endpoint) {
    case 'PARSE': {
      const words = text.split(/\s+/).filter(Boolean).length;
      return {
        body: {
          text,
          markdown: doc.markdown,
          pages: doc.pages.map((p) => ({
            index: p.index,
            text: p.text,
            ocr: p.ocr,
            ...(p.ocrEngine ? { ocrEngine: p.ocrEngine } : {}),
            confidence: p.confidence,
          })),
          pageCount: doc.pages.length,
        },
        outcome: `extracted ${plural(words, 'word')} of text`,
      };
    }
    case 'PROCESS': {
      const fields = findKeyValueFields(text);
      return {
        body: {
          text,
          pages: doc.pages.map((p) => ({
            index: p.index,
            text: p.text,
            ocr: p.ocr,
            ...(p.ocrEngine ? { ocrEngine: p.ocrEngine } : {}),
            confidence: p.confidence,
          })),
          fields,
        },
        outcome: `found ${plural(Object.keys(fields).length, 'key-value field')}`,
      };
    }
    case 'EXTRACT': {
      const schema = options.jsonSchema ?? {};
      // OCRed pages are searched in the layout rebuilt from their word boxes (ocr-words.ts): a
      // label and its value printed on one row are on one line again.
      const laidOut = doc.pages.map((p) => (p.words ? layoutFromWords(p.words) : null) ?? p.text);
      let extraction = await extractFields(
        { text: laidOut.join('\n\n'), pages: laidOut },
        schema,
        llm ? { llm } : {},
      );
      // The other engine's reading of pages read twice, laid out the same way (the rest as read).
      const otherReading = async (key: 'figureWords' | 'punctuationWords') => {
        const texts = doc.pages.map((p, i) => {
          const words = p[key];
          return (words ? layoutFromWords(words) : null) ?? laidOut[i] ?? '';
        });
        const text = texts.join('\n\n');
        return { text, extraction: await extractFields({ text, pages: texts }, schema) };
      };
      // Pages read twice (tesseract kept, PaddleOCR beside it): figures from the second reading.
      if (doc.pages.some((p) => p.figureWords)) {
        const figures = await otherReading('figureWords');
        extraction = mergeReadings(extraction, figures.extraction, {
          words: laidOut.join('\n\n'),
          figures: figures.text,
        });
      }
      // Pages PaddleOCR read, tesseract's weak reading beside it: names and addresses in the same
      // words keep tesseract's punctuation.
      if (doc.pages.some((p) => p.punctuationWords))
        extraction = keepPunctuation(extraction, (await otherReading('punctuationWords')).extraction);
      const { parsed, likelihoods, warnings } = extraction;
      const properties = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
      const filled = properties.filter((k) => parsed[k] !== undefined && parsed[k] !== null).length;
      return {
        body: { choices: [{ message: { parsed } }], likelihoods },
        warnings,
        outcome:
          properties.length > 0
            ? `filled ${filled} of ${plural(properties.length, 'schema field')}`
            : `extracted ${plural(Object.keys(parsed).length, 'field')}`,
      };
    }
    case 'CLASSIFY': {
      const result = classifyDocument(text, options.categories ?? [], {
        pageCount: doc.pages.length,
        ocr: doc.pages.some((p) => p.ocr),
      });
      return {
        body: { result },
        outcome: `classified it as "${result.classification}" (confidence ${result.confidence.toFixed(2)})`,
      };
    }
    case 'SPLIT': {
      const splits = splitDocument(pages, options.categories ?? []);
      return {
        body: { splits },
        outcome: `split it into ${plural(splits.length, 'part')} (${splits.map((s) => s.name).join(', ')})`,
      };
    }
    case 'GENERATE_SCHEMA': {
      const { jsonSchema } = generateSchema(text);
      const count = Object.keys((jsonSchema.properties as Record<string, unknown> | undefined) ?? {}).length;
      return { body: { jsonSchema }, outcome: `generated a schema with ${plural(count, 'field')}` };
    }
  }
}

/** Redacts every string inside a JSON value (field values, reasoning), keys untouched. */
function redactStrings(value: unknown, redactText: (s: string) => string): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redactText));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, redactText)]));
  }
  return value;
}

// Schema keywords whose values are document content (an example value, a description
// quoting the text), as opposed to structure ("type", property names).
const SCHEMA_CONTENT_KEYS = new Set([
  'examples',
  'example',
  'default',
  'const',
  'enum',
  'description',
  'title',
]);

function redactSchema(schema: unknown, redactText: (s: string) => string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => redactSchema(s, redactText));
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      SCHEMA_CONTENT_KEYS.has(k) ? redactStrings(v, redactText) : redactSchema(v, redactText),
    ]),
  );
}

/**
 * Applies redaction to a body: page texts with their own findings; every other string by
 * replacing the raw values found on the pages (so "Jane Doe" in a field goes even where the
 * short field value alone would not be recognised) and then by detecting afresh.
 */
function redactBody(
  endpoint: Endpoint,
  body: Record<string, unknown>,
  doc: ExtractedDocument,
  findings: PiiFinding[],
  piiTypes: readonly string[] | undefined,
): Record<string, unknown> {
  const pages = new Map<number | undefined, ExtractedDocument['pages'][number]>(
    doc.pages.map((p) => [p.index, p]),
  );
  const byPage = new Map<number | undefined, PiiFinding[]>();
  for (const f of findings) {
    const list = byPage.get(f.page);
    if (list) list.push(f);
    else byPage.set(f.page, [f]);
  }
  const rawValues = new Map(
    findings.map((f) => [pages.get(f.page)?.text.slice(f.start, f.end) ?? '', f.type] as const),
  );
  // A value found once is redacted wherever it occurs: "Pia Rutschmann" found over an address
  // goes in the payment slip's "Payable by" block too, where it was not found on its own.
  const redactValues = valueRedactor([...rawValues].filter(([value]) => value.trim().length >= 3));
  const redactText = (s: string): string => redactPii(redactValues(s), piiTypes);
  const redactedPages = doc.pages.map((p) => redactValues(redact(p.text, byPage.get(p.index) ?? [])));
  const out: Record<string, unknown> = { ...body };
  if ('text' in out) out.text = redactedPages.join('\n\n');
  if ('markdown' in out) out.markdown = redactText(doc.markdown);
  if (Array.isArray(out.pages)) {
    out.pages = (out.pages as Record<string, unknown>[]).map((p, i) => ({
      ...p,
      text: redactedPages[i] ?? '',
    }));
  }
  if ('fields' in out) out.fields = redactStrings(out.fields, redactText);
  if (endpoint === 'EXTRACT') out.choices = redactStrings(out.choices, redactText);
  if (endpoint === 'CLASSIFY') {
    const result = out.result as Record<string, unknown>;
    out.result = { ...result, reasoning: redactText(String(result.reasoning ?? '')) };
  }
  if (endpoint === 'GENERATE_SCHEMA') out.jsonSchema = redactSchema(out.jsonSchema, redactText);
  return out;
}

export async function runPipeline(input: PipelineInput, checkpoint: Checkpoint): Promise<PipelineResult> {
  const { endpoint, options, limits } = input;
  const report = progressReporter(checkpoint, limits.timeoutMs);

  await report('VALIDATION');
  validateJobOptions(endpoint, options);

  await report('OCR');
  // The built-in EXTRACT reads OCRed pages twice where it helps its figures (formats/ocr-engine.ts);
  // a model server (LLM_BASE_URL) reads the one text.
  const doc = await extractDocument(
    input.bytes,
    { ...options, secondReading: endpoint === 'EXTRACT' && !input.llm },
    limits,
    ({ progress }) => report('OCR', progress),
  );
  const text = doc.pages.map((p) => p.text).join('\n\n');

  const stepStage = ENDPOINT_STAGE[endpoint];
  if (stepStage) await report(stepStage);
  const step = await runEndpointStep(endpoint, options, doc, text, input.llm);

  await report('PII_DETECTION');
  const findings: PiiFinding[] = [];
  for (const page of doc.pages) {
    for (const f of detectPii(page.text, options.piiTypes)) findings.push({ ...f, page: page.index });
  }

  await report('QUALITY_SCORING');
  const quality = scoreQuality(doc.pages);

  let body = step.body;
  if (endpoint === 'PROCESS') body = { ...body, pii: findings, quality };
  if (options.redactPii) body = redactBody(endpoint, body, doc, findings, options.piiTypes);
  await report('QUALITY_SCORING', 1);

  // Pages first, then the files embedded in the document, then the endpoint step's own.
  let warnings = [...pageWarnings(doc.pages, options.ocr), ...doc.warnings, ...(step.warnings ?? [])];
  // An embedded file's name can be personal data too.
  if (options.redactPii)
    warnings = warnings.map((w) => ({ ...w, message: redactPii(w.message, options.piiTypes) }));

  const piiCounts: Record<string, number> = {};
  for (const f of findings) piiCounts[f.type] = (piiCounts[f.type] ?? 0) + 1;
  return {
    mimeType: doc.mimeType,
    pageCount: doc.pages.length,
    body,
    qualityScore: quality.score,
    qualityGrade: quality.grade,
    piiFindings: findings,
    privacyApplied: options.redactPii,
    processingSummary: buildSummary({
      kind: doc.kind,
      pageCount: doc.pages.length,
      ocrPages: doc.pages.filter((p) => p.ocr).length,
      endpoint,
      outcome: step.outcome,
      pii: piiCounts,
      redacted: options.redactPii,
      grade: quality.grade,
      score: quality.score,
      warnings,
    }),
    warnings,
  };
}
