// The drain loop behind group commit (db/group-commit.ts) and the event hub's loads
// (events/hub.ts): work on whatever waits, in batches, one batch at a time.

/**
 * Runs `work` on everything pushed: at once when idle, otherwise on all that arrived while
 * the previous run was busy, in one batch (at most `max`). No delay at low load, one query
 * for many events at high load, and batches in arrival order.
 */
export class Batcher<T> {
  readonly #work: (items: T[]) => Promise<void>;
  readonly #max: number;
  #pending: T[] = [];
  #busy = false;

  constructor(work: (items: T[]) => Promise<void>, max: number) {
    this.#work = work;
    this.#max = max;
  }

  push(item: T): void {
    this.#pending.push(item);
    if (!this.#busy) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, this.#max);
        await this.#work(batch).catch(() => {});
      }
    } finally {
      this.#busy = false;
    }
  }
}
