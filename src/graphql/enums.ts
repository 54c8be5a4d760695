import { ATTEMPT_OUTCOMES, FEEDBACK_RATINGS, JOB_PRIORITIES, JOB_STATUSES } from '../db/schema.ts';
import {
  ENDPOINTS,
  ERROR_CATEGORIES,
  OCR_ENGINE_CHOICES,
  OCR_MODES,
  QUALITY_GRADES,
  STAGES,
  WARNING_CODES,
} from '../pipeline/types.ts';
import { builder } from './builder.ts';

export const JobStatusEnum = builder.enumType('JobStatus', { values: JOB_STATUSES });
export const JobEndpointEnum = builder.enumType('JobEndpoint', { values: ENDPOINTS });
export const PipelineStageEnum = builder.enumType('PipelineStage', { values: STAGES });
export const QualityGradeEnum = builder.enumType('QualityGrade', {
  description: 'A >= 0.90, B >= 0.75, C >= 0.50, else D',
  values: QUALITY_GRADES,
});
export const FeedbackRatingEnum = builder.enumType('FeedbackRating', { values: FEEDBACK_RATINGS });
export const OcrModeEnum = builder.enumType('OcrMode', { values: OCR_MODES });
export const OcrEngineEnum = builder.enumType('OcrEngine', {
  description:
    'AUTO: tesseract, and PaddleOCR PP-OCRv4 on pages tesseract reads weakly (photos, receipts, low contrast); or one engine for every page',
  values: OCR_ENGINE_CHOICES,
});
export const JobPriorityEnum = builder.enumType('JobPriority', {
  description:
    'Higher first within an organization; organizations share the workers fairly whatever their priorities',
  values: JOB_PRIORITIES,
});
export const AttemptOutcomeEnum = builder.enumType('AttemptOutcome', {
  description: 'LOST: the worker running the attempt died or hung, and the queue gave up on it',
  values: ATTEMPT_OUTCOMES,
});
export const ErrorCategoryEnum = builder.enumType('ErrorCategory', {
  description:
    'REQUEST: the input was wrong; DOCUMENT: the bytes are unusable; SYSTEM: ours (retried before the job failed); TIMEOUT: the time budget ran out',
  values: ERROR_CATEGORIES,
});
export const JobWarningCodeEnum = builder.enumType('JobWarningCode', {
  description:
    'PAGE_UNREADABLE: a page gave no text (OCR read nothing, or no text layer with OCR off); LOW_CONFIDENCE_PAGE: OCR is less than 50 % sure of a page; ATTACHMENT_SKIPPED: a file embedded in the document was not read; FIELD_INVALID: EXTRACT left out a value the JSON Schema rejects; EXTRACTOR_FALLBACK: the model server failed and the built-in extractor answered',
  values: WARNING_CODES,
});
