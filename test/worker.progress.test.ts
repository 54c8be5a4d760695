import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../src/db/batcher.ts';
import { progressWriter } from '../src/worker/progress.ts';

describe('progress writer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes nothing for a run that ends within the interval', async () => {
    const written: number[] = [];
    const w = progressWriter<number>(
      async (p) => void written.push(p),
      250,
      () => Date.now(),
    );
    for (const p of [0, 0.02, 0.5, 0.85, 0.95, 1]) w.push(p);
    await vi.advanceTimersByTimeAsync(100);
    await w.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toEqual([]);
  });

  it('writes the latest checkpoint once per interval, never two at once', async () => {
    const written: number[] = [];
    let inFlight = 0;
    let most = 0;
    const w = progressWriter<number>(
      async (p) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 400)); // a write slower than the interval
        written.push(p);
        inFlight--;
      },
      250,
      () => Date.now(),
    );
    w.push(0.1);
    w.push(0.2);
    await vi.advanceTimersByTimeAsync(260); // first write starts with 0.2
    w.push(0.3);
    w.push(0.4); // folded: only 0.4 follows
    await vi.advanceTimersByTimeAsync(1000);
    expect(written).toEqual([0.2, 0.4]);
    expect(most).toBe(1);
    await w.close();
  });

  it('close waits for the write in flight, drops the rest and rethrows a failed write', async () => {
    const written: number[] = [];
    const w = progressWriter<number>(
      async (p) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (p === 2) throw new Error('database gone');
        written.push(p);
      },
      100,
      () => Date.now(),
    );
    w.push(1);
    await vi.advanceTimersByTimeAsync(110); // write of 1 in flight
    w.push(2);
    const closed = w.close();
    await vi.advanceTimersByTimeAsync(100);
    await closed;
    expect(written).toEqual([1]);

    const failing = progressWriter<number>(
      async () => {
        throw new Error('database gone');
      },
      0,
      () => Date.now(),
    );
    failing.push(2);
    await vi.advanceTimersByTimeAsync(1);
    await expect(failing.close()).rejects.toThrow('database gone');
  });
});

describe('event load batcher', () => {
  it('runs the first item at once and everything that came meanwhile as one batch, in order', async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const b = new Batcher<number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 3);
    b.push(1);
    expect(batches).toEqual([[1]]);
    for (const n of [2, 3, 4, 5]) b.push(n);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('keeps going after a batch fails', async () => {
    const done: number[] = [];
    const b = new Batcher<number>(async (items) => {
      if (items.includes(1)) throw new Error('load failed');
      done.push(...items);
    }, 10);
    b.push(1);
    b.push(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual([2]);
  });
});
