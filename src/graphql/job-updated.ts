// `jobUpdated`: one job's changes by id, or the organization's matching changes, resumable
// after an eventCursor (the streams are events/watch.ts).
import type { CatchUpStream } from '../events/catch-up.ts';
import { decodeEventCursor, encodeEventCursor } from '../events/cursor.ts';
import { currentSeq, type JobSnapshot } from '../events/snapshots.ts';
import { watchJob, watchJobs } from '../events/watch.ts';
import { badInput, notFound } from '../jobs/errors.ts';
import { getJob } from '../jobs/queries.ts';
import { builder } from './builder.ts';
import { type Context, orgOf } from './context.ts';
import { JobType } from './job.ts';
import { filterOf, JobFilterInput } from './job-inputs.ts';

builder.subscriptionField('jobUpdated', (t) =>
  t.field({
    type: JobType,
    description:
      'With id: the job as it is now, then one event per change in version order, completing after the terminal state. ' +
      'With filter (or nothing): every change to the organization’s matching jobs from now on, ' +
      'or after the event `since` (an eventCursor) to resume without missing one.',
    args: {
      id: t.arg.id(),
      filter: t.arg({ type: JobFilterInput }),
      since: t.arg.string({
        description: 'An eventCursor received before: start with the events after it (not with id)',
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const org = orgOf(ctx);
      const { db, hub } = ctx.services;
      if (args.id != null) {
        if (args.filter != null) throw badInput('pass id or filter, not both');
        if (args.since != null) {
          throw badInput(
            'since resumes a subscription without id; with id the first event is the job as it is now',
          );
        }
        if (!(await getJob(db, org, args.id))) throw notFound('job', args.id);
        return shared(ctx, watchJob(db, hub, org, args.id));
      }
      const filter = filterOf(args.filter) ?? {};
      const since = args.since == null ? undefined : decodeEventCursor(args.since, await currentSeq(db, org));
      return shared(ctx, watchJobs(db, hub, org, filter, since));
    },
    resolve: (job) => job,
  }),
);

builder.queryField('eventCursor', (t) =>
  t.string({
    description:
      'The cursor of the organization’s latest event ("0" before the first). ' +
      'Pass it as jobUpdated(since:) to get every change from this moment on: ' +
      'none is lost while the subscription is being set up.',
    resolve: async (_root, _args, ctx) => encodeEventCursor(await currentSeq(ctx.services.db, orgOf(ctx))),
  }),
);

function shared(ctx: Context, stream: CatchUpStream<JobSnapshot>): CatchUpStream<JobSnapshot> {
  ctx.shareEvents?.(stream);
  return stream;
}
