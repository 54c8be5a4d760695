// Job control (docs/contract.md, "Job control"): createJobs, cancelJobs, retryJob and usage.

import { cancelJobs, MAX_BULK_CANCEL } from '../jobs/cancel.ts';
import { type BatchItemError, createJobs, MAX_BATCH } from '../jobs/create-batch.ts';
import { API_ERROR_CODES } from '../jobs/errors.ts';
import { retryJob } from '../jobs/retry.ts';
import { getUsage, MAX_USAGE_DAYS, type Usage } from '../jobs/usage.ts';
import { builder } from './builder.ts';
import { orgOf } from './context.ts';
import { JobEndpointEnum } from './enums.ts';
import { createDeps, JobType } from './job.ts';
import { CreateJobInput, filterOf, JobFilterInput, newJobOf } from './job-inputs.ts';

const ApiErrorCodeEnum = builder.enumType('ApiErrorCode', {
  description: 'The extensions.code of GraphQL errors (docs/contract.md, "Errors")',
  values: API_ERROR_CODES,
});

const BatchItemErrorType = builder.objectRef<BatchItemError>('BatchItemError').implement({
  description: 'Why item `index` of a batch was refused; the other items are unaffected',
  fields: (t) => ({
    index: t.exposeInt('index'),
    code: t.expose('code', { type: ApiErrorCodeEnum }),
    message: t.exposeString('message'),
  }),
});

const CreateJobsPayload = builder
  .objectRef<{ jobs: Awaited<ReturnType<typeof createJobs>>['jobs']; errors: BatchItemError[] }>(
    'CreateJobsPayload',
  )
  .implement({
    fields: (t) => ({
      jobs: t.field({
        type: [JobType],
        nullable: { list: false, items: true },
        description: 'jobs[i] is input i’s job; null where it was refused (see errors)',
        resolve: (p) => p.jobs,
      }),
      errors: t.field({ type: [BatchItemErrorType], resolve: (p) => p.errors }),
    }),
  });

builder.mutationField('createJobs', (t) =>
  t.field({
    type: CreateJobsPayload,
    description:
      `Up to ${MAX_BATCH} jobs in one request, written in one transaction. Each item keeps its own ` +
      'idempotencyKey; a refused item refuses nothing else. Each job counts against the rate limit.',
    args: { inputs: t.arg({ type: [CreateJobInput], required: true }) },
    resolve: (_root, { inputs }, ctx) => createJobs(createDeps(ctx), orgOf(ctx), inputs.map(newJobOf)),
  }),
);

const CancelJobsPayload = builder
  .objectRef<{ cancelled: number; alreadyFinished: number }>('CancelJobsPayload')
  .implement({
    fields: (t) => ({
      cancelled: t.exposeInt('cancelled', { description: 'Jobs this call cancelled' }),
      alreadyFinished: t.exposeInt('alreadyFinished', {
        description: 'Jobs already COMPLETED, FAILED, CANCELLED or EXPIRED, left as they were',
      }),
    }),
  });

builder.mutationField('cancelJobs', (t) =>
  t.field({
    type: CancelJobsPayload,
    description:
      `Cancels the jobs named by ids or matched by filter (exactly one), at most ${MAX_BULK_CANCEL} per call. ` +
      'Queued jobs never start; running ones stop as with cancelJob. Unknown ids are in neither count.',
    args: { ids: t.arg.idList(), filter: t.arg({ type: JobFilterInput }) },
    resolve: (_root, args, ctx) =>
      cancelJobs(ctx.services.db, ctx.services.boss, orgOf(ctx), {
        ids: args.ids?.map(String),
        filter: args.filter == null ? null : filterOf(args.filter),
      }),
  }),
);

builder.mutationField('retryJob', (t) =>
  t.field({
    type: JobType,
    description:
      'Runs a FAILED or CANCELLED job again under the same id: a new attempt, its version continues. ' +
      'CONFLICT for any other status; an EXPIRED job cannot run again (its bytes are gone).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) =>
      retryJob(
        { db: ctx.services.db, boss: ctx.services.boss, retentionDays: ctx.services.config.RETENTION_DAYS },
        orgOf(ctx),
        String(id),
      ),
  }),
);

const EndpointUsage = builder.objectRef<Usage['byEndpoint'][number]>('EndpointUsage').implement({
  fields: (t) => ({
    endpoint: t.expose('endpoint', { type: JobEndpointEnum }),
    jobs: t.exposeInt('jobs'),
    pages: t.exposeInt('pages'),
  }),
});

const DayUsage = builder.objectRef<Usage['byDay'][number]>('DayUsage').implement({
  fields: (t) => ({
    day: t.exposeString('day', { description: 'The UTC day, YYYY-MM-DD' }),
    jobs: t.exposeInt('jobs'),
    pages: t.exposeInt('pages'),
  }),
});

const UsageType = builder.objectRef<Usage>('Usage').implement({
  description:
    'Jobs that finished (COMPLETED, FAILED or CANCELLED; a retried job each time) and the pages COMPLETED jobs processed. ' +
    'Counted as jobs finish, so retention takes nothing from it.',
  fields: (t) => ({
    jobs: t.exposeInt('jobs'),
    pages: t.exposeInt('pages'),
    byEndpoint: t.field({ type: [EndpointUsage], resolve: (u) => u.byEndpoint }),
    byDay: t.field({
      type: [DayUsage],
      description: 'Days with usage, oldest first',
      resolve: (u) => u.byDay,
    }),
  }),
});

builder.queryField('usage', (t) =>
  t.field({
    type: UsageType,
    description: `The caller’s organization’s usage over whole UTC days from \`from\` to \`to\` (default: the last 30 days), at most ${MAX_USAGE_DAYS} days`,
    args: { from: t.arg({ type: 'DateTime' }), to: t.arg({ type: 'DateTime' }) },
    resolve: (_root, args, ctx) => getUsage(ctx.services.db, orgOf(ctx), args),
  }),
);
