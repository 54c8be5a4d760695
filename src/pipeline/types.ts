// The pipeline's public types: bytes and options in, a result or a typed failure out.
// Nothing here knows of Postgres, pg-boss or GraphQL (ARCHITECTURE.md, "Who may import whom").

export const ENDPOINTS = ['PROCESS', 'PARSE', 'EXTRACT', 'CLASSIFY', 'SPLIT', 'GENERATE_SCHEMA'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export const STAGES = [
  'VALIDATION',
  'OCR',
  'EXTRACTION',
  'CLASSIFICATION',
  'SPLITTING',
  'SCHEMA_GENERATION',
  'PII_DETECTION',
  'QUALITY_SCORING',
] as const;
export type Stage = (typeof STAGES)[number];

export const OCR_MODES = ['AUTO', 'FORCE', 'OFF'] as const;
export type OcrMode = (typeof OCR_MODES)[number];

/** Which engine OCRs a page: AUTO chooses per page (formats/ocr-engine.ts). */
export const OCR_ENGINE_CHOICES = ['AUTO', 'TESSERACT', 'PADDLE'] as const;
export type OcrEngineChoice = (typeof OCR_ENGINE_CHOICES)[number];

/** PII finding types (the strings in PiiFinding.type and the `piiTypes` option; steps/pii.ts says what each is). */
export const PII_TYPES = [
  'EMAIL',
  'PHONE_NUMBER',
  'CREDIT_CARD',
  'US_SSN',
  'IBAN',
  'IP_ADDRESS',
  'DATE_OF_BIRTH',
  'PERSON',
  'ADDRESS',
] as const;

export const QUALITY_GRADES = ['A', 'B', 'C', 'D'] as const;
export type QualityGrade = (typeof QUALITY_GRADES)[number];

/** The failure codes a FAILED job carries (docs/contract.md, "Errors"). */
export const FAILURE_CODES = [
  'unsupported_format',
  'corrupt_document',
  'encrypted_document',
  'too_many_pages',
  'document_too_large',
  'document_too_complex',
  'invalid_request',
  'ocr_failed',
  'extraction_failed',
  'timeout',
  'internal_error',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/**
 * Whose the failure is: REQUEST — the input was wrong (another request would do); DOCUMENT —
 * the bytes are unusable; SYSTEM — ours (retried before the job failed); TIMEOUT — the time
 * budget ran out.
 */
export const ERROR_CATEGORIES = ['REQUEST', 'DOCUMENT', 'SYSTEM', 'TIMEOUT'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

const CATEGORY_OF: Record<FailureCode, ErrorCategory> = {
  invalid_request: 'REQUEST',
  // options.password opens it: the request lacked it, the bytes are fine.
  encrypted_document: 'REQUEST',
  unsupported_format: 'DOCUMENT',
  corrupt_document: 'DOCUMENT',
  too_many_pages: 'DOCUMENT',
  document_too_large: 'DOCUMENT',
  document_too_complex: 'DOCUMENT',
  ocr_failed: 'DOCUMENT',
  extraction_failed: 'DOCUMENT',
  timeout: 'TIMEOUT',
  internal_error: 'SYSTEM',
};

/** The category of a failure code; a code this version does not know is SYSTEM. */
export function categoryOf(code: string): ErrorCategory {
  return CATEGORY_OF[code as FailureCode] ?? 'SYSTEM';
}

/**
 * What went wrong without failing the job (docs/contract.md, "Warnings"): PAGE_UNREADABLE — a
 * page gave no text (OCR read nothing on it, or it has no text layer and OCR was off);
 * LOW_CONFIDENCE_PAGE — the OCR engine is less than 50 % sure of its reading of a page;
 * ATTACHMENT_SKIPPED — a file embedded in the document (a PDF attachment, an object in a DOCX)
 * was not read; FIELD_INVALID — EXTRACT found a value the JSON Schema rejects and left it out;
 * EXTRACTOR_FALLBACK — the configured model server failed and the built-in extractor answered.
 */
export const WARNING_CODES = [
  'PAGE_UNREADABLE',
  'LOW_CONFIDENCE_PAGE',
  'ATTACHMENT_SKIPPED',
  'FIELD_INVALID',
  'EXTRACTOR_FALLBACK',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** One warning of a run. Its message names pages, fields and embedded files, never quotes the document's text. */
export interface PipelineWarning {
  code: WarningCode;
  message: string;
  /** 1-based page, when the warning is about one page. */
  page?: number | undefined;
}

export interface Category {
  name: string;
  description?: string | undefined;
}

/** What the caller asked for; mirrors JobOptionsInput. */
export interface PipelineOptions {
  jsonSchema?: Record<string, unknown> | undefined;
  categories?: Category[] | undefined;
  /** AUTO (default): OCR pages without a usable text layer; FORCE: OCR every page; OFF: never OCR. */
  ocr: OcrMode;
  /** AUTO (default): tesseract, PaddleOCR where tesseract reads a page weakly; or one engine for every page. */
  ocrEngine?: OcrEngineChoice | undefined;
  redactPii: boolean;
  /** Which PII detectors to run; all when absent. */
  piiTypes?: string[] | undefined;
  /** OCR language hint; only "eng" ships with Docket. */
  language?: string | undefined;
  /** Opens an encrypted PDF. */
  password?: string | undefined;
}

/** What the formats read a document with: the job's options, and what its endpoint needs of OCR. */
export interface FormatOptions extends PipelineOptions {
  /** A second OCR reading of pages AUTO keeps tesseract's reading of (formats/ocr-engine.ts). */
  secondReading?: boolean | undefined;
}

export interface PipelineLimits {
  /** Pages beyond this fail the job with too_many_pages (MAX_PAGES, default 500). */
  maxPages: number;
  /** Decoded image pixels beyond this fail with document_too_large. */
  maxPixels: number;
  /** Whole-run budget; past it the run fails with timeout. */
  timeoutMs: number;
}

export interface PipelineInput {
  bytes: Uint8Array;
  /** Only for messages; the format is detected from the bytes. */
  filename?: string | undefined;
  endpoint: Endpoint;
  options: PipelineOptions;
  limits: PipelineLimits;
  /** An OpenAI-compatible server for EXTRACT; the built-in extractor when absent or failing. */
  llm?: { baseUrl: string; model: string; apiKey?: string } | undefined;
}

/**
 * Called between stages and between pages. `progress` is 0..1 over the whole run and
 * never decreases. The callback may throw (for example when the job was cancelled):
 * the pipeline lets that error propagate unchanged and stops.
 */
export type Checkpoint = (at: { stage: Stage; progress: number }) => void | Promise<void>;

export interface PiiFinding {
  type: string;
  /** 1-based page, when the document has pages. */
  page?: number | undefined;
  /** Offsets into the unredacted text of that page (or of the whole text when page is absent). */
  start: number;
  end: number;
  score: number;
  /** Masked: never the raw value. */
  preview: string;
}

export interface PipelineResult {
  mimeType: string;
  pageCount: number;
  /** The endpoint's response body (docs/contract.md, "What each endpoint answers"). */
  body: Record<string, unknown>;
  qualityScore: number;
  qualityGrade: QualityGrade;
  piiFindings: PiiFinding[];
  privacyApplied: boolean;
  processingSummary: string;
  /** What went wrong without failing the run (pages, embedded files, then fields); empty for a clean run. */
  warnings: PipelineWarning[];
}

/** A permanent failure: the document cannot be processed, retrying will not help. */
export class PipelineError extends Error {
  readonly code: FailureCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: FailureCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PipelineError';
    this.code = code;
    this.details = details;
  }
}

export function gradeFor(score: number): QualityGrade {
  if (score >= 0.9) return 'A';
  if (score >= 0.75) return 'B';
  if (score >= 0.5) return 'C';
  return 'D';
}
