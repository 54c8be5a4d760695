// The inputs about jobs (options, document, creation, filter) and how they map onto jobs/ and
// pipeline/ types.

import type { DocumentInput, NewJob } from '../jobs/create.ts';
import { badInput } from '../jobs/errors.ts';
import type { JobFilter } from '../jobs/queries.ts';
import { parseFilter } from '../jobs/queries.ts';
import { OPTION_DEFAULTS, withOptionDefaults } from '../pipeline/options.ts';
import type { Endpoint, PipelineOptions } from '../pipeline/types.ts';
import { builder } from './builder.ts';
import {
  JobEndpointEnum,
  JobPriorityEnum,
  JobStatusEnum,
  OcrEngineEnum,
  OcrModeEnum,
  QualityGradeEnum,
} from './enums.ts';

const CategoryInput = builder.inputType('CategoryInput', {
  fields: (t) => ({ name: t.string({ required: true }), description: t.string() }),
});

export const JobOptionsInput = builder.inputType('JobOptionsInput', {
  fields: (t) => ({
    jsonSchema: t.field({ type: 'JSON', description: 'EXTRACT: the JSON Schema to fill' }),
    categories: t.field({ type: [CategoryInput], description: 'CLASSIFY, SPLIT' }),
    ocr: t.field({ type: OcrModeEnum, defaultValue: OPTION_DEFAULTS.ocr }),
    ocrEngine: t.field({
      type: OcrEngineEnum,
      defaultValue: 'AUTO',
      description: 'Which OCR engine reads a page',
    }),
    redactPii: t.boolean({
      defaultValue: OPTION_DEFAULTS.redactPii,
      description: 'Redact PII in the returned text',
    }),
    piiTypes: t.stringList({ description: 'Which detectors; all when absent' }),
    language: t.string({ description: 'OCR language hint, e.g. "eng"' }),
    password: t.string({ description: 'Opens an encrypted PDF' }),
    timeoutSeconds: t.int({
      description: 'The job FAILS with `timeout` past it; 1..JOB_TIMEOUT_SECONDS (the default)',
    }),
  }),
});

export const DocumentInputType = builder.inputType('DocumentInput', {
  description: 'Exactly one of documentId, file or url',
  fields: (t) => ({
    documentId: t.id({ description: 'A document uploaded before' }),
    file: t.field({ type: 'File', description: 'A multipart upload' }),
    url: t.string({ description: 'data: URL (base64), or http(s) URL fetched by the server' }),
    filename: t.string({ description: 'With url' }),
  }),
});

export const CreateJobInput = builder.inputType('CreateJobInput', {
  fields: (t) => ({
    endpoint: t.field({ type: JobEndpointEnum, required: true }),
    document: t.field({ type: DocumentInputType, required: true }),
    options: t.field({ type: JobOptionsInput }),
    metadata: t.field({
      type: 'JSON',
      description: 'At most 16 pairs; key <= 64 chars; value <= 512 chars; strings only',
    }),
    idempotencyKey: t.string({ description: 'Same key, same org: the same job back, nothing new' }),
    priority: t.field({ type: JobPriorityEnum, defaultValue: 'NORMAL' }),
  }),
});

export const JobFilterInput = builder.inputType('JobFilter', {
  fields: (t) => ({
    status: t.field({ type: [JobStatusEnum] }),
    endpoint: t.field({ type: [JobEndpointEnum] }),
    qualityGrade: t.field({ type: [QualityGradeEnum] }),
    metadata: t.field({ type: 'JSON', description: 'Jobs whose metadata contains all these pairs' }),
    createdAfter: t.field({ type: 'DateTime' }),
    createdBefore: t.field({ type: 'DateTime' }),
  }),
});

type OptionsArg = {
  jsonSchema?: unknown;
  categories?: { name: string; description?: string | null | undefined }[] | null | undefined;
  ocr?: PipelineOptions['ocr'] | null | undefined;
  redactPii?: boolean | null | undefined;
  ocrEngine?: PipelineOptions['ocrEngine'] | null | undefined;
  piiTypes?: string[] | null | undefined;
  language?: string | null | undefined;
  password?: string | null | undefined;
  timeoutSeconds?: number | null | undefined;
};

export function toOptions(input: OptionsArg | null | undefined): PipelineOptions {
  const o = input ?? {};
  if (o.jsonSchema != null && (typeof o.jsonSchema !== 'object' || Array.isArray(o.jsonSchema))) {
    throw badInput('options.jsonSchema must be a JSON Schema object');
  }
  const options: PipelineOptions = withOptionDefaults({ ocr: o.ocr, redactPii: o.redactPii });
  if (o.jsonSchema != null) options.jsonSchema = o.jsonSchema as Record<string, unknown>;
  if (o.categories != null) {
    options.categories = o.categories.map((c) =>
      c.description != null ? { name: c.name, description: c.description } : { name: c.name },
    );
  }
  if (o.piiTypes != null) options.piiTypes = o.piiTypes;
  if (o.language != null) options.language = o.language;
  if (o.ocrEngine != null) options.ocrEngine = o.ocrEngine;
  if (o.password != null) options.password = o.password;
  return options;
}

/** A CreateJobInput as jobs/create.ts takes it. */
export function newJobOf(input: typeof CreateJobInput.$inferInput): NewJob {
  return {
    endpoint: input.endpoint as Endpoint,
    document: input.document as DocumentInput,
    options: toOptions(input.options),
    metadata: input.metadata,
    idempotencyKey: input.idempotencyKey,
    priority: input.priority,
    timeoutSeconds: input.options?.timeoutSeconds,
  };
}

export function filterOf(input: Record<string, unknown> | null | undefined): JobFilter | null {
  return input ? parseFilter(input as JobFilter) : null;
}
