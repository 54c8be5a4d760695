// Creating a job: the document, the job, its queue entry and its first event are written
// together, so there is never a job without a queue entry or the reverse. createJob writes them
// (its rate count included) in one statement: one round trip, and one commit shared with whatever
// else is committing.
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Database, Executor } from '../db/client.ts';
import { postgresErrorOf } from '../db/errors.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import { newId } from '../db/ids.ts';
import { type BuiltStatement, buildStatement, executeBuilt, oncePer, rowOf } from '../db/prepared.ts';
import { documents, JOB_PRIORITIES, type JobPriority, type JobRow, jobs } from '../db/schema.ts';
import { detectFormat } from '../pipeline/formats/detect.ts';
import { validateJobOptions } from '../pipeline/options.ts';
import { type Endpoint, PipelineError, type PipelineOptions } from '../pipeline/types.ts';
import { currentTraceparent } from '../tracing/index.ts';
import { ApiError, badInput, notFound } from './errors.ts';
import { eventCtes, eventPayload, JOB_EVENTS_CHANNEL } from './lifecycle.ts';
import { cleanFilename, validateIdempotencyKey, validateMetadata } from './limits.ts';
import { getDocument } from './queries.ts';
import { QUEUE_PRIORITY, taskInsert, taskJson } from './queue.ts';
import { countMutations, decide, rateLimited, secondsLeftInWindow, takeMutations } from './rate-limits.ts';
import { fromUrl, readBounded, type SourceLimits, tooLarge } from './sources.ts';

export interface DocumentInput {
  documentId?: string | null | undefined;
  file?: Blob | null | undefined;
  url?: string | null | undefined;
  filename?: string | null | undefined;
}

export interface NewJob {
  endpoint: Endpoint;
  document: DocumentInput;
  options: PipelineOptions;
  metadata?: unknown;
  idempotencyKey?: string | null | undefined;
  priority?: JobPriority | null | undefined;
  /** The job fails with `timeout` past it; 1..JOB_TIMEOUT_SECONDS, that when absent. */
  timeoutSeconds?: number | null | undefined;
}

export interface CreateDeps {
  db: Database;
  commits: GroupCommit;
  boss: PgBoss;
  limits: SourceLimits;
  retentionDays: number;
  /** JOB_TIMEOUT_SECONDS: the most a job's timeoutSeconds may ask. */
  maxTimeoutSeconds: number;
  /**
   * RATE_LIMIT_PER_MINUTE when createJob counts its own mutation (server/rate-limit.ts left it
   * to the job's write); undefined when the mutation was counted already.
   */
  rateLimit?: number | undefined;
}

export type Bytes = { bytes: Buffer; filename: string };

/** A job input checked and its document read: what is left is to write it. */
export interface PreparedJob {
  endpoint: Endpoint;
  options: PipelineOptions;
  metadata: Record<string, string>;
  idempotencyKey: string | null;
  priority: JobPriority;
  timeoutSeconds: number | null;
  source: { documentId: string } | Bytes;
  /** The document's id, or the sha256 of its bytes. */
  documentRef: string;
  /** sha256 of what was asked, to refuse a reused idempotency key with another request. */
  requestHash: string;
}

/** Checks an input and reads its document (upload or URL); throws ApiError when refused. */
export async function prepareJob(
  deps: CreateDeps,
  organizationId: string,
  input: NewJob,
): Promise<PreparedJob> {
  const metadata = validateMetadata(input.metadata);
  const idempotencyKey = validateIdempotencyKey(input.idempotencyKey);
  try {
    validateJobOptions(input.endpoint, input.options);
  } catch (err) {
    if (err instanceof PipelineError) throw badInput(err.message);
    throw err;
  }
  const priority = input.priority ?? 'NORMAL';
  if (!(JOB_PRIORITIES as readonly string[]).includes(priority)) {
    throw badInput(`priority must be one of ${JOB_PRIORITIES.join(', ')}; got "${String(priority)}"`, {
      field: 'priority',
    });
  }
  const timeoutSeconds = input.timeoutSeconds ?? null;
  if (
    timeoutSeconds !== null &&
    !(Number.isInteger(timeoutSeconds) && timeoutSeconds >= 1 && timeoutSeconds <= deps.maxTimeoutSeconds)
  ) {
    throw badInput(
      `options.timeoutSeconds must be a whole number from 1 to ${deps.maxTimeoutSeconds} (JOB_TIMEOUT_SECONDS); got ${timeoutSeconds}`,
      { field: 'options.timeoutSeconds' },
    );
  }
  const source = await resolveSource(deps, organizationId, input.document);
  const documentRef = 'documentId' in source ? source.documentId : sha256(source.bytes);
  const requestHash = sha256(
    Buffer.from(
      JSON.stringify([input.endpoint, input.options, metadata, documentRef, priority, timeoutSeconds]),
      'utf8',
    ),
  );
  return {
    endpoint: input.endpoint,
    options: input.options,
    metadata,
    idempotencyKey,
    priority,
    timeoutSeconds,
    source,
    documentRef,
    requestHash,
  };
}

/** The rows a prepared job writes: its document (unless it names one), its job, its queue task. */
export function rowsOf(prepared: PreparedJob, organizationId: string, retentionDays: number, now: Date) {
  const { source, idempotencyKey, metadata } = prepared;
  const jobId = newId('job');
  const queueJobId = randomUUID();
  const document =
    'documentId' in source
      ? null
      : {
          id: newId('document'),
          organizationId,
          filename: source.filename,
          mimeType: mimeTypeOf(source.bytes),
          sizeBytes: source.bytes.length,
          sha256: prepared.documentRef,
          content: source.bytes,
        };
  const documentId = document ? document.id : (source as { documentId: string }).documentId;
  const job = {
    id: jobId,
    organizationId,
    documentId,
    endpoint: prepared.endpoint,
    status: 'QUEUED' as const,
    version: 1,
    priority: prepared.priority,
    request: {
      endpoint: prepared.endpoint,
      document: 'documentId' in source ? { documentId } : { documentId, filename: source.filename },
      options: {
        ...prepared.options,
        ...(prepared.timeoutSeconds === null ? {} : { timeoutSeconds: prepared.timeoutSeconds }),
      },
      priority: prepared.priority,
      metadata,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    },
    metadata,
    idempotencyKey,
    requestHash: prepared.requestHash,
    queueJobId,
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + retentionDays * 86_400_000),
  };
  const task = {
    id: queueJobId,
    data: { jobId, organizationId, traceparent: currentTraceparent() },
    priority: QUEUE_PRIORITY[prepared.priority],
    // Grouping by organization lets workers cap each one's share (fairness).
    group: { id: organizationId },
  };
  return { document, job, task };
}

export async function createJob(deps: CreateDeps, organizationId: string, input: NewJob): Promise<JobRow> {
  let rateLimit = deps.rateLimit;
  // Fetching a URL is work the limit bounds: counted before it, as other mutations are.
  if (rateLimit !== undefined && fetchesUrl(input.document)) {
    await enforceRate(deps, organizationId, rateLimit);
    rateLimit = undefined;
  }
  const prepared = await prepareJob(deps, organizationId, input);
  const { idempotencyKey, requestHash } = prepared;
  if (idempotencyKey) {
    const existing = await findByIdempotencyKey(deps.db, organizationId, idempotencyKey);
    if (existing) {
      if (rateLimit !== undefined) await enforceRate(deps, organizationId, rateLimit);
      return replay(existing, requestHash);
    }
  }

  const rows = rowsOf(prepared, organizationId, deps.retentionDays, new Date());
  try {
    // One statement, atomic on its own: alone it runs without begin and commit; beside other
    // writes it shares their transaction and commit (group commit).
    const written = await deps.commits.runStatement(organizationId, (exec) =>
      writeJob(exec, deps.boss, rows, organizationId, rateLimit),
    );
    if (rateLimit !== undefined && written.rate)
      await decide(deps.db, organizationId, 1, rateLimit, written.rate);
    return written.job;
  } catch (err) {
    const refused = refusalOf(err);
    if (refused === 'rate_limited' && rateLimit !== undefined) {
      throw rateLimited(rateLimit, 1, await secondsLeftInWindow(deps.db));
    }
    if (refused !== 'idempotency_key_taken') throw err;
  }
  // Another request with the same idempotency key committed first.
  const winner = idempotencyKey ? await findByIdempotencyKey(deps.db, organizationId, idempotencyKey) : null;
  if (!winner) throw new Error('job insert was refused but no job holds its idempotency key');
  return replay(winner, requestHash);
}

type RateRow = { count: number; retry_after: number };

async function enforceRate(deps: CreateDeps, organizationId: string, limit: number): Promise<void> {
  const decision = await takeMutations(deps.commits, deps.db, organizationId, 1, limit);
  if (!decision.allowed) throw rateLimited(limit, 1, decision.retryAfter);
}

function fetchesUrl(document: DocumentInput): boolean {
  return document.url != null && !document.url.startsWith('data:');
}

/** Why the job statement refused a job (docket_refuse, migrations/0011), or null for another error. */
function refusalOf(err: unknown): 'rate_limited' | 'idempotency_key_taken' | null {
  const refused = postgresErrorOf(err);
  if (refused?.code !== 'DKT01') return null;
  return refused.message === 'rate_limited' || refused.message === 'idempotency_key_taken'
    ? refused.message
    : null;
}

/**
 * A job's rows in one statement: the mutation counted (when `rateLimit` is given), its document,
 * the job, its queue entry (pg-boss's own insert), its first event and the NOTIFYs. Foreign keys
 * are checked at the statement's end, so the job may name the document written beside it. Past
 * the rate limit, or with its idempotency key taken by another request, the statement fails
 * (docket_refuse) and so writes nothing, rate count included.
 */
async function writeJob(
  exec: Executor,
  boss: PgBoss,
  rows: ReturnType<typeof rowsOf>,
  organizationId: string,
  rateLimit: number | undefined,
): Promise<{ job: JobRow; rate: RateRow | null }> {
  const countRate = rateLimit !== undefined;
  const values: Record<string, unknown> = {
    organization: organizationId,
    limit: rateLimit ?? 0,
    task: taskJson('run', rows.task.data, rows.task),
    payload: eventPayload({
      jobId: rows.job.id,
      organizationId,
      version: rows.job.version,
      status: rows.job.status,
    }),
  };
  for (const [key, value] of Object.entries(rows.job)) values[`job_${key}`] = value;
  if (rows.document) for (const [key, value] of Object.entries(rows.document)) values[`doc_${key}`] = value;
  const statement = await jobStatement(exec, boss, countRate, rows.document !== null);
  const [row] = await executeBuilt(exec, statement, values);
  if (!row || row.id == null) throw new Error('the job statement returned no job');
  return {
    job: rowOf(jobs, row),
    rate: countRate ? { count: Number(row.rate_count), retry_after: Number(row.rate_retry_after) } : null,
  };
}

/**
 * writeJob's statement in its four shapes (with or without the rate count and a new document),
 * per queue: the text names the queue's pg-boss table.
 */
const jobStatementsOf = oncePer((_boss: PgBoss) => new Map<string, Promise<BuiltStatement>>());

function jobStatement(
  exec: Executor,
  boss: PgBoss,
  countRate: boolean,
  withDocument: boolean,
): Promise<BuiltStatement> {
  const shapes = jobStatementsOf(boss);
  const shape = `${countRate}/${withDocument}`;
  let built = shapes.get(shape);
  if (!built) {
    built = buildJobStatement(exec, boss, countRate, withDocument);
    built.catch(() => shapes.delete(shape));
    shapes.set(shape, built);
  }
  return built;
}

async function buildJobStatement(
  exec: Executor,
  boss: PgBoss,
  countRate: boolean,
  withDocument: boolean,
): Promise<BuiltStatement> {
  const organization = sql.placeholder('organization');
  const task = await taskInsert(boss, 'run', sql`${sql.placeholder('task')}`);
  const ctes: SQL[] = [];
  if (countRate) ctes.push(sql`rate as (${countMutations(organization, 1)})`);
  if (withDocument)
    ctes.push(sql`doc as ${exec.insert(documents).values(placeholders(DOCUMENT_KEYS, 'doc'))}`);
  ctes.push(
    sql`job as ${exec
      .insert(jobs)
      .values(placeholders(JOB_KEYS, 'job'))
      .onConflictDoNothing({ target: [jobs.organizationId, jobs.idempotencyKey] })
      .returning()}`,
  );
  ctes.push(sql`task as (${task.insert})`);
  // The job's first event, as every writer of events does.
  ctes.push(sql`numbered as (select job.*, 1 as i, 1 as n from job)`);
  ctes.push(...eventCtes('numbered', sql`${organization}`));
  return buildStatement(sql`
    with ${sql.join(ctes, sql`, `)}
    select job.*,
      ${countRate ? sql`rate.count as rate_count, rate.retry_after as rate_retry_after,` : sql``}
      case
        ${countRate ? sql`when rate.count > ${sql.placeholder('limit')}::int then docket_refuse('rate_limited')` : sql``}
        when job.id is null then docket_refuse('idempotency_key_taken')
      end as refused,
      pg_notify(${JOB_EVENTS_CHANNEL}, ${sql.placeholder('payload')}) as notified,
      (select ${task.wake} from task) as woke
    from (select) as one left join job on true ${countRate ? sql`left join rate on true` : sql``}`);
}

type JobValues = ReturnType<typeof rowsOf>['job'];
type DocumentValues = NonNullable<ReturnType<typeof rowsOf>['document']>;
/** The columns rowsOf gives a job and a document, each always present (null or not); tsc checks the lists. */
const JOB_KEYS = Object.keys({
  id: 0,
  organizationId: 0,
  documentId: 0,
  endpoint: 0,
  status: 0,
  version: 0,
  priority: 0,
  request: 0,
  metadata: 0,
  idempotencyKey: 0,
  requestHash: 0,
  queueJobId: 0,
  createdAt: 0,
  updatedAt: 0,
  expiresAt: 0,
} satisfies Record<keyof JobValues, 0>) as (keyof JobValues)[];
const DOCUMENT_KEYS = Object.keys({
  id: 0,
  organizationId: 0,
  filename: 0,
  mimeType: 0,
  sizeBytes: 0,
  sha256: 0,
  content: 0,
} satisfies Record<keyof DocumentValues, 0>) as (keyof DocumentValues)[];

function placeholders<K extends string>(keys: readonly K[], prefix: string): Record<K, Placeholder<string>> {
  return Object.fromEntries(keys.map((key) => [key, sql.placeholder(`${prefix}_${key}`)])) as Record<
    K,
    Placeholder<string>
  >;
}

async function resolveSource(
  deps: CreateDeps,
  organizationId: string,
  input: DocumentInput,
): Promise<{ documentId: string } | Bytes> {
  const given = [input.documentId, input.file, input.url].filter((v) => v != null);
  if (given.length !== 1) throw badInput('document takes exactly one of documentId, file or url');
  if (input.documentId != null) {
    const doc = await getDocument(deps.db, organizationId, input.documentId);
    if (!doc) throw notFound('document', input.documentId);
    return { documentId: doc.id };
  }
  if (input.file != null) {
    const file = input.file;
    if (file.size > deps.limits.maxBytes) throw tooLarge(deps.limits.maxBytes);
    // Node's web streams are async iterables; lib.dom's types do not say so.
    const bytes = await readBounded(
      file.stream() as unknown as AsyncIterable<Uint8Array>,
      deps.limits.maxBytes,
    );
    const name = 'name' in file && typeof file.name === 'string' ? file.name : null;
    return { bytes, filename: cleanFilename(input.filename ?? name, 'document') };
  }
  const fetched = await fromUrl(input.url as string, input.filename, deps.limits);
  return { bytes: fetched.bytes, filename: cleanFilename(fetched.filename, 'document') };
}

export async function findByIdempotencyKey(
  db: Database,
  organizationId: string,
  key: string,
): Promise<JobRow | null> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.organizationId, organizationId), eq(jobs.idempotencyKey, key)));
  return row ?? null;
}

export function replay(existing: JobRow, requestHash: string): JobRow {
  // The same key with another request is a client bug, not a retry (Stripe's semantics).
  if (existing.requestHash !== requestHash) {
    throw new ApiError('CONFLICT', 'idempotencyKey was already used for a different request', {
      jobId: existing.id,
    });
  }
  return existing;
}

function mimeTypeOf(bytes: Buffer): string {
  try {
    return detectFormat(bytes).mimeType;
  } catch {
    // Unknown bytes are still stored: the job fails with unsupported_format, visibly.
    return 'application/octet-stream';
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
