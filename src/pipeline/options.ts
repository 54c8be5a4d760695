// Checking a job's options against its endpoint, for the API at creation and the worker at the
// start of a run. Kept apart from run.ts so the API process loads only this and ajv, not the
// pipeline's formats and steps (PDF, OCR, word lists): they cost an api process ~270 ms and
// ~120 MB at start for nothing.
import { checkSchema } from './steps/schema-validation.ts';
import {
  ENDPOINTS,
  OCR_ENGINE_CHOICES,
  OCR_MODES,
  type OcrMode,
  PII_TYPES,
  PipelineError,
  type PipelineOptions,
} from './types.ts';

/** What a job gets for an option it leaves out: the GraphQL input's defaults, the API's and the worker's. */
export const OPTION_DEFAULTS = { ocr: 'AUTO', redactPii: false } as const satisfies Partial<PipelineOptions>;

/** The options with OPTION_DEFAULTS in place of what is absent (undefined or null). */
export function withOptionDefaults<
  T extends { ocr?: OcrMode | null | undefined; redactPii?: boolean | null | undefined },
>(options: T): Omit<T, 'ocr' | 'redactPii'> & { ocr: OcrMode; redactPii: boolean } {
  return {
    ...options,
    ocr: options.ocr ?? OPTION_DEFAULTS.ocr,
    redactPii: options.redactPii ?? OPTION_DEFAULTS.redactPii,
  };
}

/** OCR languages whose trained data ships with Docket (@tesseract.js-data). */
const OCR_LANGUAGES = new Set(['eng']);

/**
 * Checks that the options fit the endpoint, synchronously, so the API can refuse a job at
 * creation. Throws PipelineError('invalid_request') with a message naming what is wrong
 * and what is allowed.
 */
export function validateJobOptions(endpoint: string, options: Partial<PipelineOptions> | undefined): void {
  const fail = (message: string): never => {
    throw new PipelineError('invalid_request', message);
  };
  if (!(ENDPOINTS as readonly string[]).includes(endpoint)) {
    fail(`unknown endpoint "${endpoint}"; one of ${ENDPOINTS.join(', ')}`);
  }
  const o = options ?? {};
  // GraphQL hands absent options over as null: null means "the default" throughout.
  if (o.ocr !== undefined && o.ocr !== null && !(OCR_MODES as readonly string[]).includes(o.ocr)) {
    fail(`ocr must be one of ${OCR_MODES.join(', ')}; got "${String(o.ocr)}"`);
  }
  if (
    o.ocrEngine !== undefined &&
    o.ocrEngine !== null &&
    !(OCR_ENGINE_CHOICES as readonly string[]).includes(o.ocrEngine)
  ) {
    fail(`ocrEngine must be one of ${OCR_ENGINE_CHOICES.join(', ')}; got "${String(o.ocrEngine)}"`);
  }
  if (o.language !== undefined && o.language !== null && !OCR_LANGUAGES.has(o.language)) {
    fail(`language "${o.language}" is not available; available: ${[...OCR_LANGUAGES].join(', ')}`);
  }
  if (o.piiTypes) {
    const unknown = o.piiTypes.filter((t) => !(PII_TYPES as readonly string[]).includes(t.toUpperCase()));
    if (unknown.length > 0) fail(`unknown piiTypes ${unknown.join(', ')}; allowed: ${PII_TYPES.join(', ')}`);
  }
  // An option the endpoint does not use is refused, never silently ignored: a caller who sends
  // a schema to PROCESS expects it to be filled and must learn that it is not.
  if (endpoint !== 'EXTRACT' && o.jsonSchema !== undefined && o.jsonSchema !== null) {
    fail(`options.jsonSchema is used by EXTRACT only; ${endpoint} does not take it (use endpoint EXTRACT)`);
  }
  if (
    endpoint !== 'CLASSIFY' &&
    endpoint !== 'SPLIT' &&
    o.categories !== undefined &&
    o.categories !== null
  ) {
    fail(`options.categories is used by CLASSIFY and SPLIT only; ${endpoint} does not take it`);
  }
  if (endpoint === 'EXTRACT') {
    if (o.jsonSchema === undefined || o.jsonSchema === null)
      fail('EXTRACT needs options.jsonSchema, the JSON Schema to fill');
    // Bounds and the meta-schema only: compiling is the pipeline thread's (extract step).
    checkSchema(o.jsonSchema as Record<string, unknown>);
  }
  if (endpoint === 'CLASSIFY' || endpoint === 'SPLIT') {
    const categories = o.categories ?? [];
    if (categories.length === 0) fail(`${endpoint} needs at least one category`);
    const names = new Set<string>();
    for (const c of categories) {
      const name = typeof c?.name === 'string' ? c.name.trim() : '';
      if (!name) fail(`${endpoint}: every category needs a non-empty name`);
      if (names.has(name)) fail(`${endpoint}: category "${name}" is given twice; names must be unique`);
      names.add(name);
    }
  }
}
