// Group commit: small write transactions that come while one is committing share the next
// commit. A commit that NOTIFYs takes a database-wide lock until it is flushed, so one
// commit per job change caps the whole system at one change per flush; one commit for every
// change waiting caps it at one batch per flush instead.
//
// Each piece of work still runs in a transaction and commits atomically; it only shares
// that transaction with its neighbours. Their statements are pipelined on the one
// connection. When a batch fails, each of its pieces runs again alone, so one bad piece
// fails only its own caller. A piece Postgres aborted to break a deadlock runs again: batches of
// several organizations' work in several processes (API_PROCESSES, a worker beside the api) lock
// the organizations' rows in different orders.
import { Batcher } from './batcher.ts';
import type { Database, Executor, Transaction } from './client.ts';
import { retryOnDeadlock } from './deadlock.ts';

export type TxWork<T> = (tx: Transaction) => Promise<T>;

interface Item {
  work: TxWork<unknown>;
  /** One statement, atomic on its own: alone, it runs without a transaction around it. */
  statement: boolean;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Runs of a piece alone, in all, while each ends in a deadlock. */
const DEADLOCK_ATTEMPTS = 5;

export class GroupCommit {
  readonly #db: Database;
  readonly #loop: Batcher<Item>;

  constructor(db: Database, opts: { max?: number } = {}) {
    this.#db = db;
    this.#loop = new Batcher<Item>(
      (batch) => (batch.length === 1 ? this.#alone(batch[0] as Item) : this.#together(batch)),
      opts.max ?? 64,
    );
  }

  /** Runs `work` in a transaction, alone when nothing else is committing, else with what waits. */
  run<T>(work: TxWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#loop.push({ work, statement: false, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /**
   * `run` for work that is a single statement: when nothing else is committing it runs on its
   * own, as an autocommit statement (one round trip instead of begin, statement, commit).
   */
  runStatement<T>(work: (exec: Executor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#loop.push({ work, statement: true, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  async #alone(item: Item): Promise<void> {
    const done = retryOnDeadlock(
      () =>
        item.statement
          ? (item.work as (exec: Executor) => Promise<unknown>)(this.#db)
          : this.#db.transaction((tx) => item.work(tx)),
      DEADLOCK_ATTEMPTS,
    );
    await done.then(item.resolve, item.reject);
  }

  async #together(batch: Item[]): Promise<void> {
    let results: unknown[];
    try {
      results = await this.#db.transaction(async (tx) => {
        const settled = await Promise.allSettled(batch.map((item) => item.work(tx)));
        const failed = settled.find((s) => s.status === 'rejected');
        if (failed) throw failed.reason;
        return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
      });
    } catch {
      // Rolled back as a whole: nothing of it was written. Each runs again on its own.
      await Promise.all(batch.map((item) => this.#alone(item)));
      return;
    }
    for (const [i, item] of batch.entries()) item.resolve(results[i]);
  }
}
