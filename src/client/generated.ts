/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** The extensions.code of GraphQL errors (docs/contract.md, "Errors") */
export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'INTERNAL_SERVER_ERROR'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'UNSUPPORTED_MEDIA_TYPE';

/** LOST: the worker running the attempt died or hung, and the queue gave up on it */
export type AttemptOutcome =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'LOST';

export type CategoryInput = {
  description?: string | null | undefined;
  name: string;
};

export type CreateJobInput = {
  document: DocumentInput;
  endpoint: JobEndpoint;
  /** Same key, same org: the same job back, nothing new */
  idempotencyKey?: string | null | undefined;
  /** At most 16 pairs; key <= 64 chars; value <= 512 chars; strings only */
  metadata?: unknown;
  options?: JobOptionsInput | null | undefined;
  priority?: JobPriority | null | undefined;
};

/** Exactly one of documentId, file or url */
export type DocumentInput = {
  /** A document uploaded before */
  documentId?: string | number | null | undefined;
  /** A multipart upload */
  file?: Blob | null | undefined;
  /** With url */
  filename?: string | null | undefined;
  /** data: URL (base64), or http(s) URL fetched by the server */
  url?: string | null | undefined;
};

/** REQUEST: the input was wrong; DOCUMENT: the bytes are unusable; SYSTEM: ours (retried before the job failed); TIMEOUT: the time budget ran out */
export type ErrorCategory =
  | 'DOCUMENT'
  | 'REQUEST'
  | 'SYSTEM'
  | 'TIMEOUT';

export type FeedbackRating =
  | 'NEGATIVE'
  | 'POSITIVE';

export type JobEndpoint =
  | 'CLASSIFY'
  | 'EXTRACT'
  | 'GENERATE_SCHEMA'
  | 'PARSE'
  | 'PROCESS'
  | 'SPLIT';

export type JobFilter = {
  createdAfter?: string | null | undefined;
  createdBefore?: string | null | undefined;
  endpoint?: Array<JobEndpoint> | null | undefined;
  /** Jobs whose metadata contains all these pairs */
  metadata?: unknown;
  qualityGrade?: Array<QualityGrade> | null | undefined;
  status?: Array<JobStatus> | null | undefined;
};

export type JobOptionsInput = {
  /** CLASSIFY, SPLIT */
  categories?: Array<CategoryInput> | null | undefined;
  /** EXTRACT: the JSON Schema to fill */
  jsonSchema?: unknown;
  /** OCR language hint, e.g. "eng" */
  language?: string | null | undefined;
  ocr?: OcrMode | null | undefined;
  /** Which OCR engine reads a page */
  ocrEngine?: OcrEngine | null | undefined;
  /** Opens an encrypted PDF */
  password?: string | null | undefined;
  /** Which detectors; all when absent */
  piiTypes?: Array<string> | null | undefined;
  /** Redact PII in the returned text */
  redactPii?: boolean | null | undefined;
  /** The job FAILS with `timeout` past it; 1..JOB_TIMEOUT_SECONDS (the default) */
  timeoutSeconds?: number | null | undefined;
};

/** Higher first within an organization; organizations share the workers fairly whatever their priorities */
export type JobPriority =
  | 'HIGH'
  | 'LOW'
  | 'NORMAL';

export type JobStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'EXPIRED'
  | 'FAILED'
  | 'IN_PROGRESS'
  | 'QUEUED'
  | 'VALIDATING';

/** PAGE_UNREADABLE: a page gave no text (OCR read nothing, or no text layer with OCR off); LOW_CONFIDENCE_PAGE: OCR is less than 50 % sure of a page; ATTACHMENT_SKIPPED: a file embedded in the document was not read; FIELD_INVALID: EXTRACT left out a value the JSON Schema rejects; EXTRACTOR_FALLBACK: the model server failed and the built-in extractor answered */
export type JobWarningCode =
  | 'ATTACHMENT_SKIPPED'
  | 'EXTRACTOR_FALLBACK'
  | 'FIELD_INVALID'
  | 'LOW_CONFIDENCE_PAGE'
  | 'PAGE_UNREADABLE';

/** AUTO: tesseract, and PaddleOCR PP-OCRv4 on pages tesseract reads weakly (photos, receipts, low contrast); or one engine for every page */
export type OcrEngine =
  | 'AUTO'
  | 'PADDLE'
  | 'TESSERACT';

export type OcrMode =
  | 'AUTO'
  | 'FORCE'
  | 'OFF';

export type PipelineStage =
  | 'CLASSIFICATION'
  | 'EXTRACTION'
  | 'OCR'
  | 'PII_DETECTION'
  | 'QUALITY_SCORING'
  | 'SCHEMA_GENERATION'
  | 'SPLITTING'
  | 'VALIDATION';

/** A >= 0.90, B >= 0.75, C >= 0.50, else D */
export type QualityGrade =
  | 'A'
  | 'B'
  | 'C'
  | 'D';

export type SubmitFeedbackInput = {
  comment?: string | null | undefined;
  issue?: string | null | undefined;
  jobId: string | number;
  rating: FeedbackRating;
};

export type JobFieldsFragment = { id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null };

export type JobDetailFieldsFragment = { id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, warnings: Array<{ code: JobWarningCode, message: string, page: number | null }>, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null };

export type GetJobQueryVariables = Exact<{
  id: string | number;
}>;


export type GetJobQuery = { job: { id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, warnings: Array<{ code: JobWarningCode, message: string, page: number | null }>, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null } | null };

export type ListJobsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  offset?: number | null | undefined;
  filter?: JobFilter | null | undefined;
}>;


export type ListJobsQuery = { jobs: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null, hasPreviousPage: boolean, startCursor: string | null }, nodes: Array<{ id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null }> } };

export type CreateJobMutationVariables = Exact<{
  input: CreateJobInput;
}>;


export type CreateJobMutation = { createJob: { id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null } };

export type UploadDocumentMutationVariables = Exact<{
  file: Blob;
  endpoint?: JobEndpoint | null | undefined;
  options?: JobOptionsInput | null | undefined;
  metadata?: unknown;
  idempotencyKey?: string | null | undefined;
}>;


export type UploadDocumentMutation = { uploadDocument: { id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null } };

export type CancelJobMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelJobMutation = { cancelJob: { id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null } };

export type CreateJobsMutationVariables = Exact<{
  inputs: Array<CreateJobInput> | CreateJobInput;
}>;


export type CreateJobsMutation = { createJobs: { jobs: Array<{ id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null } | null>, errors: Array<{ index: number, code: ApiErrorCode, message: string }> } };

export type CancelJobsMutationVariables = Exact<{
  ids?: Array<string | number> | string | number | null | undefined;
  filter?: JobFilter | null | undefined;
}>;


export type CancelJobsMutation = { cancelJobs: { cancelled: number, alreadyFinished: number } };

export type RetryJobMutationVariables = Exact<{
  id: string | number;
}>;


export type RetryJobMutation = { retryJob: { id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null } };

export type UsageQueryVariables = Exact<{
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type UsageQuery = { usage: { jobs: number, pages: number, byEndpoint: Array<{ endpoint: JobEndpoint, jobs: number, pages: number }>, byDay: Array<{ day: string, jobs: number, pages: number }> } };

export type SubmitFeedbackMutationVariables = Exact<{
  input: SubmitFeedbackInput;
}>;


export type SubmitFeedbackMutation = { submitFeedback: { id: string, rating: FeedbackRating, issue: string | null, comment: string | null, createdAt: string } };

export type JobUpdatedSubscriptionVariables = Exact<{
  id?: string | number | null | undefined;
  filter?: JobFilter | null | undefined;
  since?: string | null | undefined;
}>;


export type JobUpdatedSubscription = { jobUpdated: { eventCursor: string | null, id: string, endpoint: JobEndpoint, status: JobStatus, stage: PipelineStage | null, progress: number, version: number, attempts: number, metadata: unknown, request: unknown, priority: JobPriority, queuePosition: number | null, estimatedStartAt: string | null, estimatedCompletionAt: string | null, qualityScore: number | null, qualityGrade: QualityGrade | null, processingSummary: string | null, privacyApplied: boolean, piiFindingsCount: number | null, createdAt: string, updatedAt: string, startedAt: string | null, completedAt: string | null, expiresAt: string, warnings: Array<{ code: JobWarningCode, message: string, page: number | null }>, response: { statusCode: number, body: unknown } | null, error: { code: string, message: string, details: unknown, category: ErrorCategory, stage: PipelineStage | null } | null, attemptHistory: Array<{ attempt: number, startedAt: string, endedAt: string | null, outcome: AttemptOutcome | null, error: { code: string, message: string, category: ErrorCategory, stage: PipelineStage | null } | null }>, piiFindings: Array<{ type: string, preview: string, start: number, end: number, page: number | null, score: number }> | null, document: { id: string, filename: string, mimeType: string, sizeBytes: number, pageCount: number | null, sha256: string, createdAt: string } | null } };

export type EventCursorQueryVariables = Exact<{ [key: string]: never; }>;


export type EventCursorQuery = { eventCursor: string };

export type WebhookFieldsFragment = { id: string, url: string, events: Array<string>, createdAt: string };

export type CreateWebhookMutationVariables = Exact<{
  url: string;
  events?: Array<string> | string | null | undefined;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string, url: string, events: Array<string>, createdAt: string } } };

export type ListWebhooksQueryVariables = Exact<{ [key: string]: never; }>;


export type ListWebhooksQuery = { webhooks: Array<{ id: string, url: string, events: Array<string>, createdAt: string }> };

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = { deleteWebhook: boolean };

export type WebhookDeliveriesQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { node:
    | { deliveries: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, jobId: string, event: string, attempt: number, statusCode: number | null, error: string | null, responseBody: string | null, durationMs: number, createdAt: string, deliveredAt: string | null }> } }
    | Record<PropertyKey, never>
   | null };
