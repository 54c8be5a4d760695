// A stand-in pipeline for the pool tests: input.filename picks the behaviour.
import { threadId } from 'node:worker_threads';
import { threadTask } from '../../src/pipeline/thread-task.ts';
import { PipelineError, type PipelineResult } from '../../src/pipeline/types.ts';

const result = (body: Record<string, unknown>): PipelineResult => ({
  mimeType: 'text/plain',
  pageCount: 1,
  body,
  qualityScore: 1,
  qualityGrade: 'A',
  piiFindings: [],
  privacyApplied: false,
  processingSummary: 'test',
  warnings: [],
});

export default threadTask(async (input, checkpoint) => {
  switch (input.filename) {
    case 'ok':
      for (const progress of [0.25, 0.5, 1]) await checkpoint({ stage: 'OCR', progress });
      return result({ threadId, byteLength: input.bytes.byteLength, first: input.bytes[0] });
    case 'sleep':
      await new Promise((resolve) => setTimeout(resolve, 400));
      return result({ slept: true });
    case 'pipeline-error':
      await checkpoint({ stage: 'VALIDATION', progress: 0 });
      throw new PipelineError('corrupt_document', 'The PDF could not be read.', {
        page: 3,
        reason: 'bad xref',
      });
    case 'spin':
      await checkpoint({ stage: 'OCR', progress: 0.1 });
      // Busy for ever: only terminating the thread stops this.
      for (;;) {}
    case 'hog': {
      // Keeps every allocation: only the thread's heap limit stops this.
      const kept: unknown[] = [];
      for (;;) kept.push(Array.from({ length: 1024 }, (_, i) => ({ i })));
    }
    case 'crash':
      setTimeout(() => {
        throw new Error('thread blew up');
      });
      return new Promise<PipelineResult>(() => {});
    default:
      throw new TypeError(`unknown behaviour ${input.filename}`);
  }
});
