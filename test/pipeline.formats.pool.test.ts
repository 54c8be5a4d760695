import { afterAll, describe, expect, it } from 'vitest';
import { createPipelinePool } from '../src/pipeline/pool.ts';
import { PipelineError, type PipelineInput } from '../src/pipeline/types.ts';
import { LIMITS, noop, OPTIONS, textPdf } from '../testkit/format-fixtures.ts';

const pool = createPipelinePool({ threads: 2, entry: new URL('./helpers/pool-thread.ts', import.meta.url) });
afterAll(() => pool.close());

const input = (behaviour: string, limits = LIMITS): PipelineInput => ({
  bytes: new Uint8Array([42, 1, 2, 3]),
  filename: behaviour,
  endpoint: 'PARSE',
  options: OPTIONS,
  limits,
});
const never = new AbortController().signal;

describe('pipeline pool', () => {
  it('runs on a worker thread, delivers every checkpoint in order before resolving, and moves the bytes', async () => {
    const seen: number[] = [];
    const task = input('ok');
    const result = await pool.run(task, {
      onCheckpoint: async ({ progress }) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push(progress);
      },
      signal: never,
    });
    expect(result.body).toMatchObject({ byteLength: 4, first: 42 });
    expect(result.body.threadId).not.toBe(0);
    expect(seen).toEqual([0.25, 0.5, 1]);
    // Transferred, not copied: the caller's buffer is detached.
    expect(task.bytes.byteLength).toBe(0);
  });

  it('copies bytes that share a larger buffer instead of detaching it', async () => {
    const shared = new Uint8Array([9, 9, 42, 7]);
    const view = shared.subarray(2);
    const result = await pool.run({ ...input('ok'), bytes: view }, { onCheckpoint: noop, signal: never });
    expect(result.body).toMatchObject({ byteLength: 2, first: 42 });
    expect(shared.byteLength).toBe(4);
  });

  it('rebuilds a PipelineError thrown in the thread with its code, message and details', async () => {
    const err = await pool
      .run(input('pipeline-error'), { onCheckpoint: noop, signal: never })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect(err).toMatchObject({
      code: 'corrupt_document',
      message: 'The PDF could not be read.',
      details: { page: 3, reason: 'bad xref' },
    });
  });

  it('stops a busy run when the signal aborts, rejecting with its reason', async () => {
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    const started = performance.now();
    const run = pool.run(input('spin'), {
      onCheckpoint: () => controller.abort(reason),
      signal: controller.signal,
    });
    await expect(run).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('stops the run when the checkpoint throws, rejecting with that error unchanged', async () => {
    const cancelled = new Error('cancelled at checkpoint');
    const run = pool.run(input('spin'), {
      onCheckpoint: () => {
        throw cancelled;
      },
      signal: never,
    });
    await expect(run).rejects.toBe(cancelled);
  });

  it('fails with timeout past limits.timeoutMs, even when the thread never yields', async () => {
    const started = performance.now();
    const err = await pool
      .run(input('spin', { ...LIMITS, timeoutMs: 300 }), { onCheckpoint: noop, signal: never })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('counts the time budget from when a thread takes the run up, not while it waits in the queue', async () => {
    const single = createPipelinePool({
      threads: 1,
      entry: new URL('./helpers/pool-thread.ts', import.meta.url),
    });
    try {
      const first = single.run(input('sleep'), { onCheckpoint: noop, signal: never });
      const queued = single.run(input('ok', { ...LIMITS, timeoutMs: 250 }), {
        onCheckpoint: noop,
        signal: never,
      });
      expect((await first).body).toEqual({ slept: true });
      expect((await queued).body).toMatchObject({ first: 42 });
    } finally {
      await single.close();
    }
  });

  it('rejects with a plain Error when the thread crashes or a bug throws, and keeps serving', async () => {
    for (const behaviour of ['crash', 'bug']) {
      const err = await pool
        .run(input(behaviour), { onCheckpoint: noop, signal: never })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(err).not.toBeInstanceOf(PipelineError);
    }
    const ok = await pool.run(input('ok'), { onCheckpoint: noop, signal: never });
    expect(ok.body).toMatchObject({ first: 42 });
  });

  it('fails a run that exhausts its thread’s heap with document_too_large, and keeps serving', async () => {
    const small = createPipelinePool({
      threads: 1,
      maxHeapMb: 64,
      entry: new URL('./helpers/pool-thread.ts', import.meta.url),
    });
    try {
      const err = await small
        .run(input('hog'), { onCheckpoint: () => {}, signal: new AbortController().signal })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PipelineError);
      expect((err as PipelineError).code).toBe('document_too_large');
      const after = await small.run(input('ok'), {
        onCheckpoint: () => {},
        signal: new AbortController().signal,
      });
      expect(after.body.byteLength).toBe(4);
    } finally {
      await small.close();
    }
  });

  it('refuses at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(pool.run(input('ok'), { onCheckpoint: noop, signal: controller.signal })).rejects.toThrow(
      'too late',
    );
  });
});

describe('pipeline pool with the real pipeline', () => {
  const real = createPipelinePool({ threads: 1 });
  afterAll(() => real.close());

  it('parses a PDF on a thread, reporting OCR-stage progress that never decreases', async () => {
    const pdf = await textPdf([{ lines: ['Hello from the thread'] }, { lines: ['Second page'] }]);
    const progress: number[] = [];
    const stages = new Set<string>();
    const result = await real.run(
      { bytes: pdf, endpoint: 'PARSE', options: OPTIONS, limits: LIMITS },
      {
        onCheckpoint: ({ stage, progress: p }) => {
          stages.add(stage);
          progress.push(p);
        },
        signal: never,
      },
    );
    expect(result).toMatchObject({ mimeType: 'application/pdf', pageCount: 2 });
    expect(result.body).toMatchObject({
      pageCount: 2,
      pages: [
        { index: 1, text: 'Hello from the thread', ocr: false, confidence: 1 },
        { index: 2, text: 'Second page', ocr: false, confidence: 1 },
      ],
    });
    expect(stages.has('OCR')).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('fails unsupported bytes with a rebuilt PipelineError', async () => {
    const err = await real
      .run(
        { bytes: new Uint8Array([0, 1, 2, 3, 255]), endpoint: 'PARSE', options: OPTIONS, limits: LIMITS },
        { onCheckpoint: noop, signal: never },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).code).toBe('unsupported_format');
  });
});

describe('pipeline pool warm-up', () => {
  it('starts every thread with its OCR engines ready, then runs on them', async () => {
    const pool = createPipelinePool({ threads: 2, warmUp: true });
    try {
      expect(await pool.warm).toBe(2);
      const pdf = await textPdf([{ lines: ['Warm thread'] }]);
      const result = await pool.run(
        { bytes: pdf, endpoint: 'PARSE', options: { ...OPTIONS, ocr: 'FORCE' }, limits: LIMITS },
        { onCheckpoint: noop, signal: never },
      );
      expect(result.body).toMatchObject({ pages: [{ index: 1, ocr: true }] });
    } finally {
      await pool.close();
    }
  });

  it('warms nothing unless asked', async () => {
    const pool = createPipelinePool({ threads: 1 });
    expect(await pool.warm).toBe(0);
    await pool.close();
  });
});
