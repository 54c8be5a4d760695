// The worker-thread entry of the pipeline pool (pool.ts): runs one pipeline per task.
import { warmOcr } from './formats/ocr-engine.ts';
import { runPipeline } from './run.ts';
import { threadTask } from './thread-task.ts';

export default threadTask(runPipeline);

/** Piscina's named task `warm` (pool.ts warmUp): this module is loaded by now; ready OCR. */
export async function warm(): Promise<void> {
  await warmOcr();
}
