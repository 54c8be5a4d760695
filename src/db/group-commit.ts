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
  /** The organization whose rows it locks: a batch runs its pieces in this order. */
  organizationId: string;
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

  /**
   * Runs `work` (which writes the rows of `organizationId`) in a transaction, alone when nothing
   * else is committing, else with what waits.
   */
  run<T>(organizationId: string, work: TxWork<T>): Promise<T> {
    return this.#push(organizationId, work, false);
  }

  /**
   * `run` for work that is a single statement: when nothing else is committing it runs on its
   * own, as an autocommit statement (one round trip instead of begin, statement, commit).
   */
  runStatement<T>(organizationId: string, work: (exec: Executor) => Promise<T>): Promise<T> {
    return this.#push(organizationId, work as TxWork<T>, true);
  }

  #push<T>(organizationId: string, work: TxWork<T>, statement: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#loop.push({
        work,
        statement,
        organizationId,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
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
        // In organization order, the same in every process: two batches of several
        // organizations then lock their rows (rate counts, event seqs) in one order, and do not
        // deadlock (each deadlock costs Postgres's deadlock_timeout, 1 s, before it is broken).
        const running: Promise<unknown>[] = [];
        for (const [i, item] of [...batch.entries()].sort(([, a], [, b]) => byOrganization(a, b))) {
          running[i] = item.work(tx);
        }
        const settled = await Promise.allSettled(running);
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

function byOrganization(a: Item, b: Item): number {
  return a.organizationId < b.organizationId ? -1 : a.organizationId > b.organizationId ? 1 : 0;
}
