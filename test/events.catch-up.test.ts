// The catch-up loop alone (no database): a stream whose read of the database fails keeps its
// place and reads again, rather than ending (as it did during a database restart).
import { expect, it } from 'vitest';
import { catchUpStream } from '../src/events/catch-up.ts';

interface Ev {
  n: number;
}

/** A source whose database holds `stored` and whose reads fail `failures` times first. */
function source(stored: Ev[], failures: number) {
  let failed = 0;
  let reads = 0;
  return {
    reads: () => reads,
    source: {
      subscribe: () => () => {},
      start: async () => ({ after: 0, behind: true }),
      position: (e: Ev) => e.n,
      readAfter: async (after: number) => {
        reads++;
        if (failed < failures) {
          failed++;
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        }
        return stored.filter((e) => e.n > after);
      },
    },
  };
}

it('reads again after failed reads, and hands on every event in order', async () => {
  const { source: src, reads } = source([{ n: 1 }, { n: 2 }, { n: 3 }], 2);
  const stream = catchUpStream<Ev>(src, 256);
  const got: number[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await stream.next();
    got.push((r.value as Ev).n);
  }
  expect(got).toEqual([1, 2, 3]);
  expect(reads()).toBe(3);
  await stream.return?.();
});

it('a stream stopped while its reads fail ends without an error', async () => {
  const { source: src } = source([{ n: 1 }], 1_000);
  const stream = catchUpStream<Ev>(src, 256);
  const pending = stream.next();
  await new Promise((r) => setTimeout(r, 300));
  await stream.return?.();
  await expect(pending).resolves.toEqual({ done: true, value: undefined });
});

it('from now on: a change heard while the stream was starting is sent, none before it', async () => {
  // The stream subscribes, then asks where "now" is; event 5 commits and is heard in between,
  // so "now" already counts it (after: 5).
  let notify: (e: Ev) => void = () => {};
  const src = {
    subscribe: (onEvent: (e: Ev) => void) => {
      notify = onEvent;
      return () => {};
    },
    start: async () => {
      notify({ n: 5 });
      return { after: 5, fromNow: true };
    },
    position: (e: Ev) => e.n,
    readAfter: async () => [],
  };
  const stream = catchUpStream<Ev>(src, 256);
  const first = stream.next();
  await new Promise((r) => setTimeout(r, 10));
  notify({ n: 6 });
  expect(await first).toEqual({ done: false, value: { n: 5 } });
  expect(await stream.next()).toEqual({ done: false, value: { n: 6 } });
  await stream.return?.();
});
