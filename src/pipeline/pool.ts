// Runs the pipeline in worker threads (piscina), never on the caller's event loop: PDF parsing,
// rendering and OCR are CPU-bound and would stall the API's queries and subscriptions.
//
// Cancelling is by force: aborting `signal` (or passing timeoutMs) terminates the thread the run
// is on, so a cancelled job stops using compute at once instead of at its next checkpoint.
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { rebuildError, STARTED, type ThreadOutcome, type ThreadTask } from './thread-task.ts';
import type { Checkpoint, PipelineInput, PipelineResult } from './types.ts';
import { PipelineError } from './types.ts';

export interface PipelinePool {
  /**
   * Runs the pipeline on a thread. Resolves with its result; rejects with
   * - the PipelineError the pipeline threw (rebuilt: same code, message and details),
   * - PipelineError('timeout') once input.limits.timeoutMs has passed since a thread took the run up
   *   (time queued for a free thread does not count; the thread is stopped),
   * - `signal.reason` when the caller aborted, or whatever onCheckpoint threw (the thread is stopped),
   * - a plain Error when the thread crashed or died (transient: the caller may retry).
   * input.bytes is transferred to the thread when it owns its whole buffer: the caller's copy is
   * then detached (empty).
   */
  run(input: PipelineInput, opts: { onCheckpoint: Checkpoint; signal: AbortSignal }): Promise<PipelineResult>;
  /** The threads warmed (opts.warmUp; 0 without it), once each has tried; never rejects. */
  warm: Promise<number>;
  /** Waits for running tasks and ends the threads. */
  close(): Promise<void>;
}

export interface PipelinePoolOptions {
  /** Threads at most; default os.availableParallelism(). */
  threads?: number;
  /** The thread module; default ./thread.ts (runPipeline). Tests put their own here. */
  entry?: URL;
  /**
   * Start every thread now and ready its OCR engines, so that the first runs after a start are
   * not cold (a cold thread took 7.8 s for a 1-page OCR run that takes 3-4 s warm), and keep
   * the threads for good (otherwise they end after 5 idle minutes and are cold again).
   */
  warmUp?: boolean;
  /** Old-generation heap per thread in MB (default 3072); beyond it the thread dies and the run fails with document_too_large. */
  maxHeapMb?: number;
}

export function createPipelinePool(opts: PipelinePoolOptions = {}): PipelinePool {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const maxHeapMb = opts.maxHeapMb ?? 3072;
  const piscina = new Piscina<ThreadTask, ThreadOutcome>({
    // Node runs the .ts thread module directly (type stripping), under vitest too.
    filename: (opts.entry ?? new URL('./thread.ts', import.meta.url)).href,
    minThreads: opts.warmUp ? threads : 0,
    maxThreads: threads,
    // Threads keep their tesseract workers while they live; a long idle timeout keeps them warm.
    idleTimeout: 5 * 60_000,
    concurrentTasksPerWorker: 1,
    // The default ('sync') blocks an idle thread's event loop, which tesseract's own workers talk over.
    atomics: 'disabled',
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
  });

  // One task per thread: a thread takes one task at a time, so each of them gets one. A failed
  // warm-up only leaves that thread cold.
  const warm = opts.warmUp
    ? Promise.all(
        Array.from({ length: threads }, () =>
          piscina.run(undefined as never, { name: 'warm' }).then(
            () => 1,
            () => 0,
          ),
        ),
      ).then((warmed) => warmed.reduce((a, b) => a + b, 0))
    : Promise.resolve(0);
  return {
    run: (input, { onCheckpoint, signal }) => runOnThread(piscina, maxHeapMb, input, onCheckpoint, signal),
    warm,
    close: () => piscina.close(),
  };
}

async function runOnThread(
  piscina: Piscina<ThreadTask, ThreadOutcome>,
  maxHeapMb: number,
  input: PipelineInput,
  onCheckpoint: Checkpoint,
  signal: AbortSignal,
): Promise<PipelineResult> {
  signal.throwIfAborted();
  const controller = new AbortController();
  // The first reason to stop wins; it is what the run rejects with.
  let stopped: { reason: unknown } | undefined;
  const stop = (reason: unknown) => {
    if (stopped) return;
    stopped = { reason };
    controller.abort(reason);
  };
  const onAbort = () => stop(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  // The budget counts from when a thread picks the run up, not from when it was queued.
  let timer: NodeJS.Timeout | undefined;
  const startClock = () => {
    timer = setTimeout(
      () =>
        stop(
          new PipelineError(
            'timeout',
            `Processing took longer than ${input.limits.timeoutMs} ms and was stopped.`,
            {
              timeoutMs: input.limits.timeoutMs,
            },
          ),
        ),
      input.limits.timeoutMs,
    );
  };

  const { port1, port2 } = new MessageChannel();
  // Checkpoints reach the callback one at a time and in order; the thread does not wait for them.
  let delivered = 0;
  let deliveries: Promise<void> = Promise.resolve();
  port1.on('message', (at: Parameters<Checkpoint>[0] | typeof STARTED) => {
    if (at === STARTED) {
      startClock();
      return;
    }
    deliveries = deliveries
      .then(async () => {
        if (!stopped) await onCheckpoint(at);
      })
      .catch(stop)
      .finally(() => {
        delivered++;
      });
  });

  try {
    const bytes = transferable(input.bytes);
    const outcome = await piscina.run(
      { input: { ...input, bytes }, port: port2 },
      { transferList: [port2, bytes.buffer as ArrayBuffer], signal: controller.signal },
    );
    // The result and the checkpoints travel on different ports: let the checkpoints catch up.
    await waitFor(
      () => delivered >= outcome.checkpoints,
      () => deliveries,
      () => stopped !== undefined,
    );
    if (stopped) throw stopped.reason;
    if (!outcome.ok) throw rebuildError(outcome.error);
    return outcome.result;
  } catch (err) {
    if (stopped) throw stopped.reason;
    if (err instanceof PipelineError) throw err;
    // A thread runs one task at a time: running out of its heap is this document's doing.
    if ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
      throw new PipelineError(
        'document_too_large',
        'The document needed more memory than a pipeline thread may use.',
        {
          maxHeapMb,
        },
      );
    throw new Error(`The pipeline thread failed: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    port1.close();
  }
}

async function waitFor(
  done: () => boolean,
  pending: () => Promise<void>,
  stopped: () => boolean,
): Promise<void> {
  // Bounded: a checkpoint message that never arrives must not hold the result back for ever.
  for (let turn = 0; turn < 1000 && !done() && !stopped(); turn++) {
    await pending();
    if (!done()) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The bytes in a buffer of their own, so the buffer can be moved to the thread rather than copied. */
function transferable(bytes: Uint8Array): Uint8Array {
  const owns =
    bytes.buffer instanceof ArrayBuffer &&
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength;
  return owns ? bytes : bytes.slice();
}
