// createJobs: up to MAX_BATCH jobs in one request. Each item is checked and its document read
// on its own, so a refused item refuses nothing else; the accepted ones are written together
// in one transaction, a fixed number of statements for the lot (documents, jobs, queue tasks,
// events), so all of them exist or, when that transaction fails, none does.
import { and, eq, inArray, sql, TransactionRollbackError } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import { documents, type JobRow, jobs } from '../db/schema.ts';
import { type CreateDeps, type NewJob, type PreparedJob, prepareJob, replay, rowsOf } from './create.ts';
import { ApiError, type ApiErrorCode, badInput } from './errors.ts';
import { recordEvents } from './lifecycle.ts';
import { QUEUES } from './queue.ts';

/** Inputs one createJobs call takes at most. */
export const MAX_BATCH = 100;
/** Items whose documents are read (uploads, URL fetches) at once: bounds memory and sockets. */
const READ_CONCURRENCY = 4;

export interface BatchItemError {
  index: number;
  code: ApiErrorCode;
  message: string;
}

export interface BatchResult {
  /** jobs[i] is item i's job, or null where it was refused (see errors). */
  jobs: (JobRow | null)[];
  errors: BatchItemError[];
}

export async function createJobs(
  deps: CreateDeps,
  organizationId: string,
  inputs: readonly NewJob[],
): Promise<BatchResult> {
  if (inputs.length > MAX_BATCH) {
    throw badInput(`inputs: at most ${MAX_BATCH} jobs per createJobs call, got ${inputs.length}`, {
      field: 'inputs',
    });
  }
  const result: BatchResult = { jobs: inputs.map(() => null), errors: [] };
  const refuse = (index: number, err: unknown) => {
    if (!(err instanceof ApiError)) throw err;
    result.errors.push({ index, code: err.code, message: err.message });
  };
  const prepared = await mapBounded(inputs, READ_CONCURRENCY, (input, index) =>
    prepareJob(deps, organizationId, input).catch((err: unknown) => {
      refuse(index, err);
      return null;
    }),
  );
  // A key another request holds by now makes the lot roll back; the next round replays it.
  for (let round = 0; ; round++) {
    const pending = await settleReplays(deps, organizationId, prepared, result, refuse);
    if (pending.length === 0) break;
    const created = await insertBatch(
      deps,
      organizationId,
      pending.map((i) => prepared[i] as PreparedJob),
    );
    if (created) {
      pending.forEach((index, k) => {
        result.jobs[index] = created[k] ?? null;
      });
      break;
    }
    if (round === 2) throw new Error('createJobs lost its idempotency keys to other requests three times');
  }
  // Later items repeating an earlier item's key get that item's job (or a CONFLICT).
  prepared.forEach((p, index) => {
    if (!p?.idempotencyKey || result.jobs[index]) return;
    const first = prepared.findIndex((q) => q?.idempotencyKey === p.idempotencyKey);
    const job = result.jobs[first];
    if (first === index || !job) return;
    try {
      result.jobs[index] = replay(job, p.requestHash);
    } catch (err) {
      refuse(index, err);
    }
  });
  result.errors.sort((a, b) => a.index - b.index);
  return result;
}

/**
 * Answers the items whose idempotency key already names a job (that job, or CONFLICT) and
 * returns the indexes still to create: the first item of each key, and every keyless one.
 */
async function settleReplays(
  deps: CreateDeps,
  organizationId: string,
  prepared: readonly (PreparedJob | null)[],
  result: BatchResult,
  refuse: (index: number, err: unknown) => void,
): Promise<number[]> {
  const keys = [...new Set(prepared.flatMap((p) => (p?.idempotencyKey ? [p.idempotencyKey] : [])))];
  const existing = new Map<string, JobRow>();
  if (keys.length > 0) {
    const rows = await deps.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.organizationId, organizationId), inArray(jobs.idempotencyKey, keys)));
    for (const row of rows) if (row.idempotencyKey) existing.set(row.idempotencyKey, row);
  }
  const pending: number[] = [];
  const seen = new Set<string>();
  prepared.forEach((p, index) => {
    if (!p || result.jobs[index] || result.errors.some((e) => e.index === index)) return;
    const key = p.idempotencyKey;
    const held = key ? existing.get(key) : undefined;
    if (held) {
      try {
        result.jobs[index] = replay(held, p.requestHash);
      } catch (err) {
        refuse(index, err);
      }
      return;
    }
    if (key && seen.has(key)) return; // answered after the first of its key is created
    if (key) seen.add(key);
    pending.push(index);
  });
  return pending;
}

/**
 * Writes the jobs in one transaction; null when an idempotency key was taken meanwhile (the
 * transaction rolled back, nothing written). A failed transaction is the caller's error:
 * nothing of it was written, and the message says so.
 */
async function insertBatch(
  deps: CreateDeps,
  organizationId: string,
  prepared: readonly PreparedJob[],
): Promise<JobRow[] | null> {
  const now = new Date();
  const rows = prepared.map((p) => rowsOf(p, organizationId, deps.retentionDays, now));
  const docs = rows.flatMap((r) => (r.document ? [r.document] : []));
  try {
    return await deps.db.transaction(async (tx) => {
      // postgres.js pipelines statements sent together on the transaction's connection.
      const [, inserted] = await Promise.all([
        docs.length > 0 ? tx.insert(documents).values(docs) : null,
        tx
          .insert(jobs)
          .values(rows.map((r) => r.job))
          .onConflictDoNothing({ target: [jobs.organizationId, jobs.idempotencyKey] })
          .returning(),
      ]);
      if (inserted.length !== rows.length) tx.rollback();
      const byId = new Map(inserted.map((row) => [row.id, row]));
      const ordered = rows.map((r) => byId.get(r.job.id) as JobRow);
      await Promise.all([
        deps.boss.insert(
          QUEUES.run.name,
          rows.map((r) => ({ ...r.task, data: QUEUES.run.payload.parse(r.task.data) })),
          { db: fromDrizzle(tx, sql) },
        ),
        recordEvents(tx, ordered),
      ]);
      return ordered;
    });
  } catch (err) {
    if (err instanceof TransactionRollbackError) return null;
    throw new ApiError(
      'INTERNAL_SERVER_ERROR',
      'the batch could not be written, so none of its jobs was created; send it again',
      {},
      { cause: err },
    );
  }
}

/** Maps with at most `limit` calls running at once, results in input order. */
async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
