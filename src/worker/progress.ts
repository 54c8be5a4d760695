// A run's checkpoints become progress writes (each a transaction with an event and a NOTIFY),
// but far fewer of them: NOTIFY serialises commits database-wide, and a one-page document
// reaches six checkpoints within a few milliseconds.

/** Least time between two progress writes of one run, and from its first checkpoint to the first write. */
export const PROGRESS_INTERVAL_MS = 250;

export interface ProgressWriter<T> {
  /** The run reached `at`; it is written later, unless a newer checkpoint replaces it first. */
  push(at: T): void;
  /** Drops what is not written yet and waits for the write in flight; throws what a write threw. */
  close(): Promise<void>;
}

/**
 * At most one write in flight and one per `intervalMs`; checkpoints that come meanwhile are
 * folded into the latest. The first write waits `intervalMs` after the first checkpoint, so a
 * run shorter than that writes no progress at all: its start and end events say it all.
 */
export function progressWriter<T>(
  write: (at: T) => Promise<void>,
  intervalMs = PROGRESS_INTERVAL_MS,
  now: () => number = Date.now,
): ProgressWriter<T> {
  let pending: { at: T } | null = null;
  let lastWrite: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  let closed = false;

  const schedule = () => {
    if (closed || timer || inFlight || !pending || failure) return;
    lastWrite ??= now();
    const wait = lastWrite + intervalMs - now();
    if (wait <= 0) flush();
    else timer = setTimeout(flush, wait);
  };
  const flush = () => {
    timer = null;
    if (closed || !pending) return;
    const { at } = pending;
    pending = null;
    lastWrite = now();
    inFlight = write(at)
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        inFlight = null;
        schedule();
      });
  };

  return {
    push(at) {
      pending = { at };
      schedule();
    },
    async close() {
      closed = true;
      pending = null;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight;
      if (failure) throw failure.error;
    },
  };
}
