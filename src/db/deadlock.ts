// A transaction Postgres aborted to break a deadlock (SQLSTATE 40P01) did nothing: running it
// again is safe, and the other side has by then committed or rolled back. Used where one
// statement changes many rows whose triggers lock shared counter rows (cancelJobs: the per-bucket
// counts of migrations/0010), which two concurrent calls may reach in opposite orders, and by
// GroupCommit for every piece of work it runs alone.

import { postgresErrorOf } from './errors.ts';

const DEADLOCK_DETECTED = '40P01';

/** Postgres's error, or drizzle's wrapping of it (its `cause`). */
export function isDeadlock(err: unknown): boolean {
  return postgresErrorOf(err)?.code === DEADLOCK_DETECTED;
}

/** `work()`, run again (at most `attempts` times in all) while it ends in a deadlock. */
export async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isDeadlock(err) || attempt >= attempts) throw err;
    }
  }
}
