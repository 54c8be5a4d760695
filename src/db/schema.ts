// Tables of Docket. Vocabulary (docs/glossary.md): an organization owns documents and
// jobs; a job runs one endpoint on one document; every change to a job bumps its
// version and appends a job event.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ENDPOINTS, type PipelineWarning, QUALITY_GRADES, STAGES } from '../pipeline/types.ts';

export const JOB_STATUSES = [
  'VALIDATING',
  'QUEUED',
  'IN_PROGRESS',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The terminal statuses (docs/glossary.md): how a job's run ended. A job reaches exactly one, by
 * one terminal event; its webhooks go out then; EXPIRED follows at `expiresAt`. The one list:
 * `isTerminal` and `hasEnded` in jobs/lifecycle.ts, retention, the expiry index and bench/ use it.
 */
export const TERMINAL_STATUSES: readonly JobStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];
/** Within an organization, higher first; across organizations fairness holds (src/worker/index.ts). */
export const JOB_PRIORITIES = ['LOW', 'NORMAL', 'HIGH'] as const;
export type JobPriority = (typeof JOB_PRIORITIES)[number];

export const FEEDBACK_RATINGS = ['POSITIVE', 'NEGATIVE'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];

/** How an attempt ended; LOST: its worker died (or hung) and the queue gave up on it. */
export const ATTEMPT_OUTCOMES = ['COMPLETED', 'FAILED', 'CANCELLED', 'LOST'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface JobErrorRecord {
  code: string;
  message: string;
  details?: unknown;
  /** The pipeline stage the attempt was in when it failed, when known. */
  stage?: (typeof STAGES)[number] | null;
}

/** One attempt of a job, as kept in jobs.attempt_history (ISO timestamps; open while it runs). */
export interface JobAttemptRecord {
  attempt: number;
  startedAt: string;
  endedAt: string | null;
  outcome: AttemptOutcome | null;
  error: JobErrorRecord | null;
}

export const jobStatus = pgEnum('job_status', JOB_STATUSES);
export const jobEndpoint = pgEnum('job_endpoint', ENDPOINTS);
export const pipelineStage = pgEnum('pipeline_stage', STAGES);
export const qualityGrade = pgEnum('quality_grade', QUALITY_GRADES);
export const feedbackRating = pgEnum('feedback_rating', FEEDBACK_RATINGS);
export const jobPriority = pgEnum('job_priority', JOB_PRIORITIES);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** The organization's last job event's `seq`; bumped in the event's transaction (see recordEvents). */
  eventSeq: bigint('event_seq', { mode: 'number' }).notNull().default(0),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    /** sha256 of the whole key, hex. Keys carry 190 bits of randomness, so a fast hash is enough. */
    keyHash: text('key_hash').notNull(),
    /** The first characters, to tell keys apart in listings without revealing them. */
    prefix: text('prefix').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_key_hash_idx').on(t.keyHash)],
);

export const documents = pgTable(
  'documents',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    pageCount: integer('page_count'),
    /** Null once every job on the document has expired. */
    content: bytea('content'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('documents_org_idx').on(t.organizationId, t.createdAt)],
);

export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    endpoint: jobEndpoint('endpoint').notNull(),
    status: jobStatus('status').notNull(),
    priority: jobPriority('priority').notNull().default('NORMAL'),
    stage: pipelineStage('stage'),
    progress: real('progress').notNull().default(0),
    version: integer('version').notNull().default(1),
    request: jsonb('request').$type<Record<string, unknown>>(),
    response: jsonb('response').$type<{ statusCode: number; body: Record<string, unknown> }>(),
    error: jsonb('error').$type<JobErrorRecord>(),
    metadata: jsonb('metadata').$type<Record<string, string>>().notNull().default({}),
    /** Attempts started; fences a run's writes to its own attempt. */
    attempts: integer('attempts').notNull().default(0),
    /**
     * Every attempt, oldest first, system retries and retryJob alike. Kept on the row (not in a
     * table of its own) so the transition that starts or ends an attempt records it in the same
     * UPDATE, with no extra statement, and a listing reads it with the job.
     */
    attemptHistory: jsonb('attempt_history').$type<JobAttemptRecord[]>().notNull().default([]),
    qualityScore: real('quality_score'),
    qualityGrade: qualityGrade('quality_grade'),
    piiFindings: jsonb('pii_findings').$type<unknown[]>(),
    piiFindingsCount: integer('pii_findings_count'),
    privacyApplied: boolean('privacy_applied').notNull().default(false),
    processingSummary: text('processing_summary'),
    /**
     * What went wrong without failing the run (Job.warnings), written with its result. A column of
     * its own, not inside `response`: the body is the endpoint's answer, whose shape the contract
     * fixes; a list of jobs reads the warnings without the body; and they describe the run, as
     * processingSummary does, so retention keeps them when it deletes the response.
     */
    warnings: jsonb('warnings').$type<PipelineWarning[]>().notNull().default([]),
    idempotencyKey: text('idempotency_key'),
    /** sha256 of what was asked, to refuse a reused idempotency key with another request. */
    requestHash: text('request_hash'),
    /** The pg-boss job that runs this job. */
    queueJobId: text('queue_job_id'),
    /**
     * Its place in its organization's queue lane for its priority: 1, 2, 3… in enqueue order,
     * taken from queue_lanes by a trigger whenever the job becomes QUEUED (creation, retryJob).
     * Read by src/jobs/queue-position.ts; null for a job never queued since the column came.
     */
    queueSeq: bigint('queue_seq', { mode: 'number' }),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    startedAt: tstz('started_at'),
    completedAt: tstz('completed_at'),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [
    // Ascending: scanned backward they give `created_at desc, id desc` (nulls first), the order
    // listings ask for. Drizzle's `.desc()` makes DESC NULLS LAST, which no ORDER BY here matches.
    index('jobs_org_created_idx').on(t.organizationId, t.createdAt, t.id),
    index('jobs_org_status_created_idx').on(t.organizationId, t.status, t.createdAt, t.id),
    index('jobs_metadata_idx').using('gin', t.metadata),
    index('jobs_expiry_idx')
      .on(t.expiresAt)
      .where(sql`status in (${sql.raw(TERMINAL_STATUSES.map((s) => `'${s}'`).join(', '))})`),
    uniqueIndex('jobs_org_idempotency_idx').on(t.organizationId, t.idempotencyKey),
    // Queue position (src/jobs/queue-position.ts): the head of each lane, and the jobs that left
    // a lane without starting. Partial, so only QUEUED and CANCELLED row versions are indexed.
    index('jobs_lane_queued_idx').on(t.organizationId, t.priority, t.queueSeq).where(sql`status = 'QUEUED'`),
    index('jobs_lane_left_idx')
      .on(t.organizationId, t.priority, t.queueSeq)
      .where(sql`status in ('CANCELLED', 'FAILED') and queue_seq is not null`),
    // The organization's recent completions: the throughput the ETAs are estimated from.
    index('jobs_org_completed_idx').on(t.organizationId, t.completedAt).where(sql`status = 'COMPLETED'`),
  ],
);

/**
 * One queue lane per organization and priority: the last queue_seq it handed out. A trigger
 * (migrations/0007_queue_position.sql) takes the next one when a job becomes QUEUED, so seqs
 * are gapless within a lane and a job's place in it is arithmetic, not a count.
 */
export const queueLanes = pgTable(
  'queue_lanes',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    priority: jobPriority('priority').notNull(),
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.priority] })],
);

/**
 * Seqs a job gave up when retryJob queued it again under a new one: like a cancelled job's,
 * they are ahead of nobody. Written by the same trigger; only those past a lane's head matter.
 */
export const queueLaneSkips = pgTable(
  'queue_lane_skips',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    priority: jobPriority('priority').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.priority, t.seq] })],
);

/**
 * How many seqs of a lane left it without starting, per bucket of 1,024 seqs: the jobs of
 * jobs_lane_left_idx (cancelled or failed with their seq) and the skips, kept by triggers
 * (migrations/0010_queue_gone_buckets.sql). A lane's size and a job's place subtract those
 * between the lane's head and a seq: summed by bucket, counted one by one only in the two
 * buckets at the ends, so the cost follows the queue's length / 1,024, not its cancellations.
 */
export const queueLaneGone = pgTable(
  'queue_lane_gone',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    priority: jobPriority('priority').notNull(),
    bucket: bigint('bucket', { mode: 'number' }).notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.priority, t.bucket] })],
);

export const jobEvents = pgTable(
  'job_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    organizationId: text('organization_id').notNull(),
    /**
     * The event's position in its organization's stream: 1, 2, 3… with no gaps, in commit
     * order (taken from organizations.event_seq, whose row lock orders the commits). A
     * subscriber resumes after one with `jobUpdated(since:)`.
     */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    version: integer('version').notNull(),
    status: jobStatus('status').notNull(),
    stage: pipelineStage('stage'),
    progress: real('progress').notNull(),
    attempts: integer('attempts').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('job_events_job_version_idx').on(t.jobId, t.version),
    uniqueIndex('job_events_org_seq_idx').on(t.organizationId, t.seq),
  ],
);

export const feedback = pgTable(
  'feedback',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id').notNull(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    rating: feedbackRating('rating').notNull(),
    issue: text('issue'),
    comment: text('comment'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('feedback_job_idx').on(t.jobId), index('feedback_org_idx').on(t.organizationId)],
);

/**
 * What an organization used: jobs that finished (COMPLETED, FAILED or CANCELLED; a retried job
 * counts each time it finishes) and the pages its COMPLETED jobs processed, per UTC day and
 * endpoint. Counted in the transition that finishes a job, so retention, which deletes a job's
 * request and bytes, takes nothing from it.
 */
export const usageDaily = pgTable(
  'usage_daily',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    endpoint: jobEndpoint('endpoint').notNull(),
    jobs: integer('jobs').notNull(),
    pages: bigint('pages', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.day, t.endpoint] })],
);

/** Mutations an organization ran in one fixed window (a minute); shared by every API process. */
export const rateLimits = pgTable(
  'rate_limits',
  {
    organizationId: text('organization_id').notNull(),
    windowStart: tstz('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [uniqueIndex('rate_limits_org_window_idx').on(t.organizationId, t.windowStart)],
);

/** Events a webhook can subscribe to: one per terminal status (docs/contract.md, "Webhooks"). */
export const WEBHOOK_EVENTS = ['job.completed', 'job.failed', 'job.cancelled'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** An organization's endpoint that gets a signed POST when one of its jobs ends. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    events: text('events').array().notNull(),
    /**
     * The HMAC-SHA256 signing secret, kept as is: signing needs it back, so a hash cannot
     * serve. Shown once at creation, never returned or logged after (docs/webhooks.md).
     */
    secret: text('secret').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('webhooks_org_idx').on(t.organizationId, t.createdAt)],
);

/** One row per delivery attempt: what was sent where, and how the receiver answered. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    organizationId: text('organization_id').notNull(),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    attempt: integer('attempt').notNull(),
    /** The receiver's HTTP status; null when no answer came (refused, timed out, unreachable). */
    statusCode: integer('status_code'),
    error: text('error'),
    /** The first bytes of the receiver's answer, for debugging; never more (WEBHOOK_SNIPPET_BYTES). */
    responseBody: text('response_body'),
    durationMs: integer('duration_ms').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    /** When a 2xx answer arrived; null for a failed attempt. */
    deliveredAt: tstz('delivered_at'),
  },
  (t) => [index('webhook_deliveries_webhook_idx').on(t.webhookId, t.createdAt, t.id)],
);

/**
 * Export links: the URL carries a random token, only its sha256 is stored. A row names what
 * to export for which organization through which key; the key must still be live and the
 * organization's when the link is used, and the expiry is set here, never by the client.
 */
export const exports = pgTable(
  'exports',
  {
    tokenHash: text('token_hash').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    keyId: text('key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    format: text('format').notNull(),
    filter: jsonb('filter'),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [index('exports_expires_idx').on(t.expiresAt)],
);

export type JobRow = typeof jobs.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type FeedbackRow = typeof feedback.$inferSelect;
export type JobEventRow = typeof jobEvents.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
