// The Job type and the queries and mutations about jobs. Its inputs and their mapping are in
// job-inputs.ts, the jobUpdated subscription in job-updated.ts, paging in connection.ts.
import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { JobAttemptRecord, JobErrorRecord } from '../db/schema.ts';
import { encodeEventCursor } from '../events/cursor.ts';
import { cancelJob } from '../jobs/cancel.ts';
import { createJob } from '../jobs/create.ts';
import { getJob, type ListedJob, listJobs } from '../jobs/queries.ts';
import { isEstimated, type QueueEstimate } from '../jobs/queue-position.ts';
import { publicRequest } from '../jobs/request.ts';
import { categoryOf, type Endpoint, FAILURE_CODES, type PipelineWarning } from '../pipeline/types.ts';
import { builder } from './builder.ts';
import { connectionType } from './connection.ts';
import { type Context, orgOf } from './context.ts';
import { DocumentType } from './document.ts';
import {
  AttemptOutcomeEnum,
  ErrorCategoryEnum,
  JobEndpointEnum,
  JobPriorityEnum,
  JobStatusEnum,
  JobWarningCodeEnum,
  PipelineStageEnum,
  QualityGradeEnum,
} from './enums.ts';
import { FeedbackType } from './feedback.ts';
import {
  CreateJobInput,
  filterOf,
  JobFilterInput,
  JobOptionsInput,
  newJobOf,
  toOptions,
} from './job-inputs.ts';
import { NodeInterface } from './node.ts';

const JobResponse = builder
  .objectRef<{ statusCode: number; body: Record<string, unknown> }>('JobResponse')
  .implement({
    fields: (t) => ({
      statusCode: t.exposeInt('statusCode'),
      body: t.expose('body', { type: 'JSON' }),
    }),
  });

export const JobError = builder.objectRef<JobErrorRecord>('JobError').implement({
  fields: (t) => ({
    code: t.exposeString('code', {
      description: `${FAILURE_CODES.slice(0, -1).join(', ')} or ${FAILURE_CODES.at(-1)}`,
    }),
    message: t.exposeString('message'),
    details: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.details ?? null }),
    category: t.field({ type: ErrorCategoryEnum, resolve: (e) => categoryOf(e.code) }),
    stage: t.field({
      type: PipelineStageEnum,
      nullable: true,
      description: 'The stage the attempt was in when it failed; null when unknown (its worker died)',
      resolve: (e) => e.stage ?? null,
    }),
  }),
});

const JobAttempt = builder.objectRef<JobAttemptRecord>('JobAttempt').implement({
  fields: (t) => ({
    attempt: t.exposeInt('attempt', { description: '1, 2, 3… numbered on across retryJob' }),
    startedAt: t.field({ type: 'DateTime', resolve: (a) => new Date(a.startedAt) }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Null while the attempt runs',
      resolve: (a) => (a.endedAt ? new Date(a.endedAt) : null),
    }),
    outcome: t.field({
      type: AttemptOutcomeEnum,
      nullable: true,
      description: 'Null while the attempt runs',
      resolve: (a) => a.outcome,
    }),
    error: t.field({ type: JobError, nullable: true, resolve: (a) => a.error }),
  }),
});

const JobWarning = builder.objectRef<PipelineWarning>('JobWarning').implement({
  description: 'Something that went wrong without failing the job',
  fields: (t) => ({
    code: t.expose('code', { type: JobWarningCodeEnum }),
    message: t.exposeString('message', {
      description: 'Names pages, fields and files; never quotes the text',
    }),
    page: t.int({
      nullable: true,
      description: '1-based; null when the warning is not about one page',
      resolve: (w) => w.page ?? null,
    }),
  }),
});

interface PiiFindingShape {
  type: string;
  page?: number | null;
  start: number;
  end: number;
  score: number;
  preview: string;
}
const PiiFinding = builder.objectRef<PiiFindingShape>('PiiFinding').implement({
  fields: (t) => ({
    type: t.exposeString('type'),
    page: t.int({ nullable: true, resolve: (f) => f.page ?? null }),
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
    score: t.exposeFloat('score'),
    preview: t.exposeString('preview', { description: 'Masked: never the raw value' }),
  }),
});

// On jobUpdated events the job carries its event's seq (JobSnapshot); elsewhere it does not.
export const JobType = builder.objectRef<ListedJob & { seq?: number }>('Job').implement({
  interfaces: [NodeInterface],
  fields: (t) => ({
    id: t.exposeID('id'),
    endpoint: t.expose('endpoint', { type: JobEndpointEnum }),
    status: t.expose('status', { type: JobStatusEnum }),
    stage: t.expose('stage', {
      type: PipelineStageEnum,
      nullable: true,
      description: 'The stage running now, while IN_PROGRESS',
    }),
    progress: t.exposeFloat('progress', { description: '0..1, never decreases' }),
    version: t.exposeInt('version', { description: '+1 on every change; events carry it' }),
    document: t.field({
      type: DocumentType,
      nullable: true,
      resolve: (job, _args, ctx) =>
        ctx.loaders.document.load({ organizationId: job.organizationId, id: job.documentId }),
    }),
    request: t.field({
      type: 'JSON',
      nullable: true,
      description: 'What was asked (a PDF password left out); null once EXPIRED',
      resolve: (job) => publicRequest(job.request),
    }),
    response: t.expose('response', {
      type: JobResponse,
      nullable: true,
      description: 'When COMPLETED; null once EXPIRED',
    }),
    error: t.expose('error', { type: JobError, nullable: true, description: 'When FAILED' }),
    metadata: t.expose('metadata', { type: 'JSON' }),
    attempts: t.exposeInt('attempts'),
    attemptHistory: t.field({
      type: [JobAttempt],
      description: 'Every attempt, oldest first: retries by the system and by retryJob alike',
      resolve: (job) => job.attemptHistory,
    }),
    priority: t.expose('priority', { type: JobPriorityEnum }),
    qualityScore: t.exposeFloat('qualityScore', { nullable: true }),
    qualityGrade: t.expose('qualityGrade', { type: QualityGradeEnum, nullable: true }),
    piiFindingsCount: t.exposeInt('piiFindingsCount', { nullable: true }),
    piiFindings: t.field({
      type: [PiiFinding],
      nullable: true,
      resolve: (job) => (job.piiFindings as PiiFindingShape[] | null) ?? null,
    }),
    privacyApplied: t.exposeBoolean('privacyApplied', { description: 'True where redaction ran' }),
    processingSummary: t.exposeString('processingSummary', { nullable: true }),
    warnings: t.field({
      type: [JobWarning],
      description:
        'What went wrong without failing the job, written when it completes: a COMPLETED job with warnings is a partial success. Empty before then and after retryJob',
      resolve: (job) => job.warnings,
    }),
    feedback: t.field({
      type: [FeedbackType],
      resolve: (job, _args, ctx) =>
        ctx.loaders.feedback.load({ organizationId: job.organizationId, id: job.id }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    queuePosition: t.int({
      nullable: true,
      description:
        'While QUEUED: the jobs of its organization that will start before it (higher priority, or ' +
        'the same priority and queued earlier; cancelled ones not counted), 0 when it is next. ' +
        'Other organizations’ jobs are not counted (docs/contract.md, "Queue position and ETA"). Null otherwise.',
      resolve: (job, _args, ctx) => estimateOf(job, ctx, (e) => e.position),
    }),
    estimatedStartAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'While QUEUED: when it should start, from queuePosition and the organization’s recent throughput ' +
        '(its completed jobs of the last 30 minutes). Null otherwise, and when there is no such history.',
      resolve: (job, _args, ctx) => estimateOf(job, ctx, (e) => e.estimatedStartAt),
    }),
    estimatedCompletionAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'While QUEUED or IN_PROGRESS: when it should finish: its start plus the recent seconds per page of ' +
        'its endpoint times its page count. Null otherwise, and without a recent completed job of the ' +
        'organization on that endpoint.',
      resolve: (job, _args, ctx) => estimateOf(job, ctx, (e) => e.estimatedCompletionAt),
    }),
    eventCursor: t.string({
      nullable: true,
      description:
        'On jobUpdated events: this event’s place in the organization’s stream of job events. ' +
        'Pass it as jobUpdated(since:) to get every later event, none missed and none twice. Null elsewhere.',
      resolve: (job) => (job.seq === undefined ? null : encodeEventCursor(job.seq)),
    }),
  }),
});

export function createDeps(ctx: Context) {
  const { config, db, boss, commits } = ctx.services;
  const rateLimit = ctx.deferredRateLimit;
  delete ctx.deferredRateLimit;
  return {
    rateLimit,
    db,
    commits,
    boss,
    retentionDays: config.RETENTION_DAYS,
    maxTimeoutSeconds: config.JOB_TIMEOUT_SECONDS,
    limits: {
      maxBytes: config.MAX_UPLOAD_BYTES,
      allowPrivateUrls: config.ALLOW_PRIVATE_URLS,
      timeoutMs: config.URL_FETCH_TIMEOUT_MS,
    },
  };
}

builder.queryField('job', (t) =>
  t.field({
    type: JobType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => getJob(ctx.services.db, orgOf(ctx), id),
  }),
);

const JobConnection = connectionType('Job', JobType);

builder.queryField('jobs', (t) =>
  t.field({
    type: JobConnection,
    description:
      'Newest first. Cursor paging (first/after, last/before) is keyset-based; offset with first serves page numbers.',
    args: {
      first: t.arg.int({ description: 'Default 20, at most 100' }),
      after: t.arg.string(),
      last: t.arg.int(),
      before: t.arg.string(),
      offset: t.arg.int(),
      filter: t.arg({ type: JobFilterInput }),
    },
    resolve: async (_root, args, ctx, info) => {
      const page = await listJobs(ctx.services.db, orgOf(ctx), filterOf(args.filter), args, {
        estimates: selectsAny(info, QUEUE_FIELDS),
      });
      return { ...page, items: page.jobs };
    },
  }),
);

builder.mutationField('uploadDocument', (t) =>
  t.field({
    type: JobType,
    description: 'Uploads a file (GraphQL multipart request) and creates a job for it',
    args: {
      file: t.arg({ type: 'File', required: true }),
      endpoint: t.arg({ type: JobEndpointEnum, defaultValue: 'PROCESS' }),
      options: t.arg({ type: JobOptionsInput }),
      metadata: t.arg({ type: 'JSON' }),
      idempotencyKey: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      createJob(createDeps(ctx), orgOf(ctx), {
        endpoint: (args.endpoint ?? 'PROCESS') as Endpoint,
        document: { file: args.file },
        options: toOptions(args.options),
        metadata: args.metadata,
        idempotencyKey: args.idempotencyKey,
        timeoutSeconds: args.options?.timeoutSeconds,
      }),
  }),
);

builder.mutationField('createJob', (t) =>
  t.field({
    type: JobType,
    args: { input: t.arg({ type: CreateJobInput, required: true }) },
    resolve: (_root, { input }, ctx) => createJob(createDeps(ctx), orgOf(ctx), newJobOf(input)),
  }),
);

builder.mutationField('cancelJob', (t) =>
  t.field({
    type: JobType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => cancelJob(ctx.services.db, ctx.services.boss, orgOf(ctx), id),
  }),
);

const QUEUE_FIELDS = new Set(['queuePosition', 'estimatedStartAt', 'estimatedCompletionAt']);

/**
 * A queue field of a job: from its list statement when listed with them (synchronous, so a page
 * of 100 costs no promise per field), else from the batched load (a job read alone, an event).
 */
function estimateOf<T>(
  job: ListedJob,
  ctx: Context,
  pick: (e: QueueEstimate) => T,
): T | null | Promise<T | null> {
  if (job.estimate !== undefined) return job.estimate ? pick(job.estimate) : null;
  if (!isEstimated(job)) return null;
  return ctx.loaders.queueEstimate.load(job).then(pick);
}

/** Whether a field named in `names` is selected anywhere under this field, through fragments. */
function selectsAny(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  const walk = (set: SelectionSetNode | undefined, seen: Set<string>): boolean =>
    (set?.selections ?? []).some((sel) => {
      if (sel.kind === Kind.FIELD) return names.has(sel.name.value) || walk(sel.selectionSet, seen);
      if (sel.kind === Kind.INLINE_FRAGMENT) return walk(sel.selectionSet, seen);
      if (seen.has(sel.name.value)) return false;
      seen.add(sel.name.value);
      return walk(info.fragments[sel.name.value]?.selectionSet, seen);
    });
  return info.fieldNodes.some((node) => walk(node.selectionSet, new Set()));
}
