import { FEEDBACK_RATINGS, JOB_STATUSES } from '../db/schema.ts';
import { ENDPOINTS, OCR_ENGINE_CHOICES, OCR_MODES, QUALITY_GRADES, STAGES } from '../pipeline/types.ts';
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
