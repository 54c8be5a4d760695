// The job lifecycle as a state machine. This is the only code that writes a job's status:
// every change bumps `version`, appends a job event and NOTIFYs, in one statement; a
// terminal change also queues the organization's webhook deliveries in that statement.
//
//   VALIDATING → QUEUED → IN_PROGRESS → COMPLETED | FAILED | CANCELLED
//   (any non-terminal state → CANCELLED;  any terminal state → EXPIRED;
//    FAILED | CANCELLED → QUEUED: retryJob)
//
// It also keeps jobs.attempt_history: starting an attempt appends an entry, the transition
// that ends it (a terminal one, or a run giving its attempt up to a retry) closes it.
import { and, type Column, eq, getTableColumns, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import type { Executor } from '../db/client.ts';
import {
  type BuiltStatement,
  buildStatement,
  executeBuilt,
  executePrepared,
  oncePer,
  rowOf,
} from '../db/prepared.ts';
import {
  type AttemptOutcome,
  documents,
  JOB_STATUSES,
  type JobErrorRecord,
  type JobRow,
  type JobStatus,
  jobEvents,
  jobs,
  organizations,
  TERMINAL_STATUSES,
  usageDaily,
  webhooks,
} from '../db/schema.ts';
import type { Stage } from '../pipeline/types.ts';
import { taskComplete, taskInsert } from './queue.ts';
import { eventOf } from './webhooks.ts';

// Job events travel as Postgres NOTIFY on one channel. Payloads are small (ids, version and
// status; NOTIFY caps at 8000 bytes): a listener loads the job itself (events/hub.ts).
export const JOB_EVENTS_CHANNEL = 'docket_job_events';

export interface JobEventRef {
  jobId: string;
  organizationId: string;
  version: number;
  status: JobStatus;
}

const payloadSchema = z.object({
  j: z.string(),
  o: z.string(),
  v: z.number().int(),
  s: z.enum(JOB_STATUSES),
});

/** The NOTIFY payload of an event on JOB_EVENTS_CHANNEL. */
export function eventPayload(ref: JobEventRef): string {
  return JSON.stringify({ j: ref.jobId, o: ref.organizationId, v: ref.version, s: ref.status });
}

/** `eventPayload` in SQL, for rows a statement changes (`row`: the alias of a jobs row). */
function eventPayloadSql(row: string): SQL {
  const r = sql.raw(row);
  return sql`json_build_object('j', ${r}.id, 'o', ${r}.organization_id, 'v', ${r}.version, 's', ${r}.status)::text`;
}

/**
 * The CTEs `next` and `event` that append one job event per row of the CTE `numbered` (the
 * jobs' columns, numbered 1… in `i` of `n`), all of the organization `organization`. Each event
 * takes the organization's next seq: bumping organizations.event_seq locks that row until
 * commit, so an organization's events commit in seq order with no gaps, which is what lets a
 * subscriber resume after one (jobUpdated(since:)). Nothing is bumped when `numbered` is empty.
 * Every writer of events uses these (transitions below, createJob's and createJobs' statements).
 */
export function eventCtes(numbered: string, organization: SQL): SQL[] {
  const m = sql.raw(numbered);
  return [
    sql`next as (
      update ${organizations} set event_seq = event_seq + (select count(*)::int from ${m})
      where ${organizations.id} = ${organization} and exists (select from ${m}) returning event_seq)`,
    sql`event as (
      insert into ${jobEvents} (job_id, organization_id, seq, version, status, stage, progress, attempts)
      select m.id, m.organization_id, next.event_seq - m.n + m.i, m.version, m.status, m.stage, m.progress, m.attempts
      from ${m} m, next)`,
  ];
}

/** The event a NOTIFY payload names; null for anything else on the channel. */
export function readEventPayload(raw: string): JobEventRef | null {
  try {
    const p = payloadSchema.parse(JSON.parse(raw));
    return { jobId: p.j, organizationId: p.o, version: p.v, status: p.s };
  } catch {
    return null;
  }
}

/** The states a job may be in for it to move to a given state. */
const FROM: Record<JobStatus, readonly JobStatus[]> = {
  VALIDATING: [],
  // FAILED | CANCELLED → QUEUED: retryJob runs the job again under the same id.
  QUEUED: ['VALIDATING', 'FAILED', 'CANCELLED'],
  // IN_PROGRESS → IN_PROGRESS: a stage or progress change, or a retry starting a new attempt.
  IN_PROGRESS: ['QUEUED', 'IN_PROGRESS'],
  COMPLETED: ['IN_PROGRESS'],
  // QUEUED → FAILED: a job whose every attempt died before it could start.
  FAILED: ['QUEUED', 'IN_PROGRESS'],
  CANCELLED: ['VALIDATING', 'QUEUED', 'IN_PROGRESS'],
  EXPIRED: TERMINAL_STATUSES,
};

/** COMPLETED, FAILED or CANCELLED: the run ended so (docs/glossary.md, "terminal"). */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Terminal or EXPIRED: nothing will happen to the job's run any more (docs/glossary.md, "ended"). */
export function hasEnded(status: JobStatus): boolean {
  return isTerminal(status) || status === 'EXPIRED';
}

/** A job's outcome as before any run produced one: what a retry clears, and what an event older than the outcome did not have. */
export const NO_OUTCOME = {
  response: null,
  error: null,
  qualityScore: null,
  qualityGrade: null,
  piiFindings: null,
  piiFindingsCount: null,
  privacyApplied: false,
  processingSummary: null,
  warnings: [],
  completedAt: null,
} as const satisfies Partial<JobRow>;

export type JobChanges = Partial<
  Pick<
    JobRow,
    | 'request'
    | 'response'
    | 'error'
    | 'qualityScore'
    | 'qualityGrade'
    | 'piiFindings'
    | 'piiFindingsCount'
    | 'privacyApplied'
    | 'processingSummary'
    | 'warnings'
    | 'attempts'
    | 'startedAt'
    | 'completedAt'
    | 'queueJobId'
    | 'expiresAt'
  >
> & { stage?: Stage | null; progress?: number };

export interface TransitionOptions {
  /** Only if the job's current attempt is this one: a run fenced out by a retry writes nothing. */
  attempt?: number;
  /** Starts this attempt: only if the job is on an earlier one, and records it (and startedAt, the first time). */
  startsAttempt?: number;
  /**
   * Ends the current attempt without ending the job (a run that gives its attempt up to a
   * retry). A terminal transition ends it by itself, with the job's status as outcome (or
   * this outcome, e.g. LOST when the worker died) and `changes.error`.
   */
  endsAttempt?: { outcome: AttemptOutcome; error?: JobErrorRecord | null };
  /** Narrower than the state machine allows, e.g. only from QUEUED. */
  from?: readonly JobStatus[];
  /**
   * The queue, required to reach COMPLETED, FAILED or CANCELLED: the organization's webhook
   * deliveries are sent through it in the same transaction.
   */
  boss?: PgBoss;
  /** The pages the run found, written to the job's document with a terminal transition (and counted in usage). */
  pageCount?: number;
}

/** The run's pg-boss task as fetched: its id, and its retry count, which names the claim. */
export interface RunTask {
  id: string;
  retryCount: number;
}

/**
 * Moves a job to `to` with `changes`, if the state machine allows it from where the job is.
 * Returns the new row, or null when the job is elsewhere (already terminal, cancelled, fenced).
 * Runs in `tx` when given, so the caller can commit it with other writes.
 */
export async function transition(
  exec: Executor,
  jobId: string,
  to: JobStatus,
  changes: JobChanges = {},
  opts: TransitionOptions = {},
): Promise<JobRow | null> {
  // Every change is one statement (a terminal one queues its webhook deliveries in it), atomic
  // without a transaction around it. Inside a caller's transaction it runs there: a refused
  // change is no error (no row), so the transaction stays usable without a savepoint.
  return (await apply(exec, { jobId }, to, changes, opts))[0] ?? null;
}

/**
 * `transition` for many jobs of one organization at once, in the caller's transaction, in one
 * statement as `transition` (their events and webhook deliveries included). Returns the rows
 * that moved; the others are elsewhere (already finished, or not the organization's).
 */
export async function transitionMany(
  tx: Executor,
  organizationId: string,
  jobIds: readonly string[],
  to: JobStatus,
  changes: JobChanges,
  opts: Pick<TransitionOptions, 'from' | 'boss'> = {},
): Promise<JobRow[]> {
  if (jobIds.length === 0) return [];
  return apply(tx, { organizationId, jobIds }, to, changes, opts);
}

/**
 * Starts attempt `attempt` of a run (a transition to IN_PROGRESS) and reads the job's document
 * bytes in the same statement, so a run needs one round trip before its pipeline starts. Null
 * when the job does not start (cancelled, finished, or a later attempt runs it).
 */
export async function startRun(
  exec: Executor,
  jobId: string,
  attempt: number,
): Promise<{ job: JobRow; content: Uint8Array | null } | null> {
  const [raw] = await applyRaw(
    exec,
    { jobId },
    'IN_PROGRESS',
    { stage: 'VALIDATION' },
    { startsAttempt: attempt },
    { content: true },
  );
  if (!raw) return null;
  const content = raw.document_content as Buffer | null;
  return {
    job: rowOf(jobs, raw),
    content: content ? new Uint8Array(content.buffer, content.byteOffset, content.byteLength) : null,
  };
}

/**
 * A run's COMPLETED transition that also completes its pg-boss task `task` in the same statement,
 * where pg-boss would otherwise complete it in one of its own after the handler returns. The
 * task is completed whether or not the job moves (a run whose job was cancelled meanwhile still
 * ends its task), and only while it is still this claim's. `settled` says whether it was: the
 * handler then tells pg-boss there is nothing left to complete (TASK_SETTLED).
 */
export async function completeRun(
  exec: Executor,
  jobId: string,
  changes: JobChanges,
  opts: TransitionOptions & { boss: PgBoss; task: RunTask },
): Promise<{ job: JobRow | null; settled: boolean }> {
  const { task, ...rest } = opts;
  const [raw] = await applyRaw(exec, { jobId }, 'COMPLETED', changes, rest, { task });
  // No row: the job did not move, and the statement's own column with it is not there to say
  // whether the task was completed; pg-boss's completion then finds out (a no-op if it was).
  if (!raw) return { job: null, settled: false };
  return { job: rowOf(jobs, raw), settled: raw.task_settled === 1 };
}

type Target = { jobId: string } | { organizationId: string; jobIds: readonly string[] };

/** What a statement reads or writes beside the transition: see startRun and completeRun. */
interface Extras {
  content?: boolean;
  task?: RunTask;
}

/**
 * The lifecycle's one statement: the UPDATE, the jobs' events with their NOTIFYs, and for a
 * terminal state the usage count (and the document's page count, when given) and the
 * organization's webhook deliveries. One round trip, atomic on its own.
 */
async function apply(
  tx: Executor,
  target: Target,
  to: JobStatus,
  changes: JobChanges,
  opts: TransitionOptions,
): Promise<JobRow[]> {
  return (await applyRaw(tx, target, to, changes, opts, {})).map((r) => rowOf(jobs, r));
}

async function applyRaw(
  tx: Executor,
  target: Target,
  to: JobStatus,
  changes: JobChanges,
  opts: TransitionOptions,
  extras: Extras,
): Promise<Record<string, unknown>[]> {
  const terminal = isTerminal(to);
  if (terminal && !opts.boss) throw new Error(`a transition to ${to} needs the queue for its webhooks`);
  const { progress, ...rest } = changes;
  const closes = closedAttempt(to, changes.error, opts);
  // Every value is a placeholder; what shapes the text (which columns change, which are set to
  // null, which conditions apply) is the statement's key.
  const values: Record<string, unknown> = {
    ...('jobId' in target
      ? { jobId: target.jobId }
      : { organizationId: target.organizationId, jobIds: [...target.jobIds] }),
    attempt: opts.attempt,
    startsAttempt: opts.startsAttempt,
    progress,
    pageCount: opts.pageCount,
    outcome: closes?.outcome,
    error: closes?.error ? JSON.stringify(closes.error) : null,
    taskId: extras.task?.id,
    taskRetryCount: extras.task?.retryCount,
  };
  const set: string[] = [];
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    set.push(value === null ? `${key}=null` : key);
    values[`set_${key}`] = value;
  }
  const shape: Shape = {
    to,
    set: set.sort(),
    byJob: 'jobId' in target,
    attempt: opts.attempt !== undefined,
    startsAttempt: opts.startsAttempt !== undefined,
    closes: closes !== null,
    progress: progress !== undefined,
    pageCount: opts.pageCount !== undefined,
    from: [...(opts.from ?? FROM[to])],
    content: extras.content === true,
    settlesTask: extras.task !== undefined,
  };
  if (shape.settlesTask && !opts.boss) throw new Error('settling a run task needs the queue');
  return executeBuilt(tx, await transitionStatement(tx, shape, opts.boss), values);
}

/** What a transition's statement text depends on; its values are placeholders. */
interface Shape {
  to: JobStatus;
  /** The columns set, `column=null` for those set to null. */
  set: string[];
  /** One job by id, or jobs of one organization by ids. */
  byJob: boolean;
  attempt: boolean;
  startsAttempt: boolean;
  /** The transition closes the job's last attempt (placeholders `outcome`, `error`). */
  closes: boolean;
  progress: boolean;
  pageCount: boolean;
  from: JobStatus[];
  /** The job's document bytes come back too (placeholder-free: they follow the moved row). */
  content: boolean;
  /** The run's pg-boss task is completed in the statement (placeholders `taskId`, `taskRetryCount`). */
  settlesTask: boolean;
}

/** Each shape's statement, built once: building it with drizzle cost more CPU than running it. */
const TRANSITIONS = new Map<string, Promise<BuiltStatement>>();
/** A terminal shape's statement names the webhook queue's pg-boss table: built once per queue. */
const terminalTransitionsOf = oncePer((_boss: PgBoss) => new Map<string, Promise<BuiltStatement>>());
/** Shapes come from code, not data; the bound only keeps a mistake from growing the map. */
const MAX_TRANSITION_SHAPES = 500;

function transitionStatement(tx: Executor, shape: Shape, boss: PgBoss | undefined): Promise<BuiltStatement> {
  const statements =
    boss && (isTerminal(shape.to) || shape.settlesTask) ? terminalTransitionsOf(boss) : TRANSITIONS;
  const key = JSON.stringify(shape);
  let built = statements.get(key);
  if (!built) {
    built = transitionSql(tx, shape, boss).then(buildStatement);
    built.catch(() => statements.delete(key));
    if (statements.size < MAX_TRANSITION_SHAPES) statements.set(key, built);
  }
  return built;
}

async function transitionSql(tx: Executor, shape: Shape, boss: PgBoss | undefined): Promise<SQL> {
  const p = (name: string) => sql.placeholder(name);
  const conditions = shape.byJob
    ? [eq(jobs.id, p('jobId'))]
    : // One array parameter, not a list: the statement's text is the same for any number of jobs.
      [eq(jobs.organizationId, p('organizationId')), sql`${jobs.id} = any(${p('jobIds')}::text[])`];
  if (shape.attempt) conditions.push(eq(jobs.attempts, p('attempt')));
  if (shape.startsAttempt) conditions.push(lt(jobs.attempts, p('startsAttempt')));
  // A placeholder filled through its column's encoder (JSON for jsonb, ISO text for timestamps).
  const columnValue = (name: string, column: Column) => sql`${sql.param(p(name), column)}`;
  const table = getTableColumns(jobs);
  const columns: Record<string, SQL> = {};
  for (const entry of shape.set) {
    const [key, isNull] = entry.endsWith('=null') ? [entry.slice(0, -5), true] : [entry, false];
    const column = table[key as keyof typeof table];
    if (!column) throw new Error(`jobs has no column ${key}`);
    columns[key] = isNull ? sql`null` : columnValue(`set_${key}`, column);
  }
  const history = historyChange(shape);
  const update = tx
    .update(jobs)
    .set({
      ...columns,
      ...(history ? { attemptHistory: history } : {}),
      ...(shape.startsAttempt
        ? {
            attempts: columnValue('startsAttempt', jobs.attempts),
            startedAt: sql`coalesce(${jobs.startedAt}, now())`,
          }
        : {}),
      status: shape.to,
      version: sql`${jobs.version} + 1`,
      updatedAt: sql`now()`,
      // Progress never goes backwards, not even when a retry starts over.
      ...(shape.progress ? { progress: sql`greatest(${jobs.progress}, ${p('progress')})` } : {}),
    })
    .where(and(...conditions, inArray(jobs.status, shape.from)))
    .returning();
  const terminal = isTerminal(shape.to);
  const organization = shape.byJob
    ? sql`(select organization_id from moved limit 1)`
    : sql`${p('organizationId')}`;
  const ctes: SQL[] = [
    sql`moved as ${update}`,
    // Numbered once (a CTE read twice is materialized): the events' seqs and NOTIFYs follow it.
    sql`numbered as (select moved.*, row_number() over ()::int as i, count(*) over ()::int as n from moved)`,
    ...eventCtes('numbered', organization),
  ];
  if (terminal) {
    // The page count the run found is written with the job's end, and usage_daily counts it:
    // this statement reads documents as they were before it, hence the coalesce.
    const pages = shape.pageCount
      ? sql`coalesce((select page_count from counted where counted.id = d.id), d.page_count)`
      : sql`d.page_count`;
    if (shape.pageCount) {
      ctes.push(sql`counted as (
        update ${documents} set page_count = ${p('pageCount')}::int
        where (id, organization_id) in (select document_id, organization_id from moved)
        returning id, page_count)`);
    }
    // Finished jobs (and a COMPLETED job's pages) count into usage_daily; src/jobs/usage.ts reads it.
    ctes.push(sql`usage as (
      insert into ${usageDaily} (organization_id, day, endpoint, jobs, pages)
      select m.organization_id, (now() at time zone 'utc')::date, m.endpoint, count(*),
        coalesce(sum(${pages}) filter (where m.status = 'COMPLETED'), 0)
      from moved m join ${documents} d on d.id = m.document_id
      group by 1, 2, 3
      on conflict (organization_id, day, endpoint) do update
        set jobs = ${usageDaily}.jobs + excluded.jobs, pages = ${usageDaily}.pages + excluded.pages)`);
  }
  let woke = sql``;
  const event = terminal ? eventOf(shape.to) : null;
  if (event && boss) {
    // The organization's webhooks that want this event get a delivery of it per job, queued in
    // this statement: pg-boss's own insert of the tasks, and its wake-up only when there are any.
    const name = sql.raw(`'${event}'`);
    const tasks = sql`(select coalesce(json_agg(json_build_object('data', json_build_object(
        'webhookId', w.id, 'organizationId', m.organization_id, 'jobId', m.id, 'event', ${name}))), '[]'::json)
      from numbered m join ${webhooks} w on w.organization_id = m.organization_id and ${name} = any(w.events))`;
    const deliveries = await taskInsert(boss, 'webhook', tasks);
    ctes.push(sql`deliveries as (${deliveries.insert})`);
    woke = sql`, (select ${deliveries.wake} where exists (select from deliveries)) as woke`;
  }
  const extras: SQL[] = [];
  if (shape.content) {
    extras.push(sql`, (select d.content from ${documents} d
      where d.id = numbered.document_id and d.organization_id = numbered.organization_id) as document_content`);
  }
  if (shape.settlesTask && boss) {
    ctes.push(sql`settled as (${await taskComplete(boss, 'run', p('taskId'), p('taskRetryCount'))})`);
    extras.push(sql`, (select count(*)::int from settled) as task_settled`);
  }
  return sql`with ${sql.join(ctes, sql`, `)}
    select numbered.*, pg_notify(${JOB_EVENTS_CHANNEL}, ${eventPayloadSql('numbered')}) as notified${woke}${sql.join(extras)}
    from numbered order by numbered.i`;
}

/** The attempt a transition closes, with its outcome and error; null when it closes none. */
function closedAttempt(
  to: JobStatus,
  error: JobErrorRecord | null | undefined,
  opts: TransitionOptions,
): { outcome: AttemptOutcome; error: JobErrorRecord | null } | null {
  // An attempt still open when the next one starts lost its worker without a word.
  if (opts.startsAttempt !== undefined) return { outcome: 'LOST', error: null };
  if (opts.endsAttempt) return { outcome: opts.endsAttempt.outcome, error: opts.endsAttempt.error ?? null };
  if (isTerminal(to)) return { outcome: to as AttemptOutcome, error: error ?? null };
  return null;
}

/** The new attempt_history for a transition, as SQL on the row's own; null when unchanged. */
function historyChange(shape: Shape): SQL | null {
  if (shape.startsAttempt) {
    return sql`${closeLastAttempt()} || jsonb_build_array(jsonb_build_object(
      'attempt', ${sql.placeholder('startsAttempt')}::int, 'startedAt', now(), 'endedAt', null, 'outcome', null, 'error', null))`;
  }
  if (shape.closes) return closeLastAttempt();
  return null;
}

/** attempt_history with its last entry closed now (placeholders `outcome` and `error`), if it is open. */
function closeLastAttempt(): SQL {
  const h = jobs.attemptHistory;
  return sql`case when jsonb_array_length(${h}) > 0 and (${h} -> -1 ->> 'endedAt') is null
    then jsonb_set(${h}, array[(jsonb_array_length(${h}) - 1)::text],
      (${h} -> -1) || jsonb_build_object('endedAt', now(), 'outcome', ${sql.placeholder('outcome')}::text, 'error', ${sql.placeholder('error')}::jsonb))
    else ${h} end`;
}

/**
 * Appends the events for the rows' current versions (jobs of one organization) and notifies
 * listeners on commit, in one statement: for jobs written elsewhere (createJobs); a transition
 * writes its events in its own statement (apply above). It is the transaction's last write
 * wherever it is called, so the organization's seq lock (eventCtes) is held for little more
 * than the commit, which NOTIFY already serializes.
 */
export async function recordEvents(tx: Executor, rows: readonly JobRow[]): Promise<void> {
  const organizationId = rows[0]?.organizationId;
  if (!organizationId) return;
  if (rows.some((r) => r.organizationId !== organizationId)) {
    throw new Error('recordEvents takes the jobs of one organization');
  }
  const events = rows.map((row, i) => ({
    i: i + 1,
    n: rows.length,
    id: row.id,
    organization_id: organizationId,
    version: row.version,
    status: row.status,
    stage: row.stage,
    progress: row.progress,
    attempts: row.attempts,
    payload: eventPayload({ jobId: row.id, organizationId, version: row.version, status: row.status }),
  }));
  await executePrepared(
    tx,
    sql`
    with e as (
      select * from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as e(i int, n int, id text,
        organization_id text, version int, status job_status, stage pipeline_stage, progress real,
        attempts int, payload text)
    ), ${sql.join(eventCtes('e', sql`${organizationId}`), sql`, `)}
    select pg_notify(${JOB_EVENTS_CHANNEL}, e.payload) from e order by e.i`,
  );
}
