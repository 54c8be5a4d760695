// The message shapes between the pipeline pool (main thread) and its worker threads, and the
// thread side's wrapper. Errors lose their class over structured clone, so a PipelineError is
// sent as plain data and rebuilt on the main thread.
import type { MessagePort } from 'node:worker_threads';
import type { Checkpoint, FailureCode, PipelineInput, PipelineResult } from './types.ts';
import { PipelineError } from './types.ts';

export interface ThreadTask {
  input: PipelineInput;
  /**
   * The thread posts STARTED here when it picks the task up, then every checkpoint, fire and
   * forget: the thread never waits on the main thread.
   */
  port: MessagePort;
}

export const STARTED = 'started';

export interface SerialisedPipelineError {
  code: FailureCode;
  message: string;
  details: Record<string, unknown> | undefined;
}

export type ThreadOutcome =
  | { ok: true; result: PipelineResult; checkpoints: number }
  | { ok: false; error: SerialisedPipelineError; checkpoints: number };

export type RunPipeline = (input: PipelineInput, checkpoint: Checkpoint) => Promise<PipelineResult>;

/** Wraps a pipeline run as a piscina task handler. Anything but a PipelineError is thrown as is. */
export function threadTask(run: RunPipeline): (task: ThreadTask) => Promise<ThreadOutcome> {
  return async ({ input, port }) => {
    port.postMessage(STARTED);
    let checkpoints = 0;
    const checkpoint: Checkpoint = (at) => {
      checkpoints++;
      port.postMessage(at);
    };
    try {
      return { ok: true, result: await run(input, checkpoint), checkpoints };
    } catch (err) {
      if (isStackOverflow(err)) {
        // Deterministic for the document (nesting too deep for a recursive parser or renderer):
        // a failure of the document, never retried.
        return {
          ok: false,
          error: serialiseError(
            new PipelineError('document_too_complex', 'The document is nested too deeply to process.'),
          ),
          checkpoints,
        };
      }
      if (!(err instanceof PipelineError)) throw err;
      return { ok: false, error: serialiseError(err), checkpoints };
    } finally {
      port.close();
    }
  };
}

function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && err.message.includes('Maximum call stack size exceeded');
}

function serialiseError(err: PipelineError): SerialisedPipelineError {
  // A JSON round trip keeps details cloneable whatever a step put there.
  const details =
    err.details === undefined
      ? undefined
      : (JSON.parse(JSON.stringify(err.details)) as Record<string, unknown>);
  return { code: err.code, message: err.message, details };
}

export function rebuildError(e: SerialisedPipelineError): PipelineError {
  return new PipelineError(e.code, e.message, e.details);
}
