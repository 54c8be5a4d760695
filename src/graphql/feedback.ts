import type { FeedbackRow } from '../db/schema.ts';
import { feedbackSummary, submitFeedback } from '../jobs/feedback.ts';
import { builder } from './builder.ts';
import { orgOf } from './context.ts';
import { FeedbackRatingEnum } from './enums.ts';
import { NodeInterface } from './node.ts';

export const FeedbackType = builder.objectRef<FeedbackRow>('Feedback').implement({
  interfaces: [NodeInterface],
  fields: (t) => ({
    id: t.exposeID('id'),
    rating: t.expose('rating', { type: FeedbackRatingEnum }),
    issue: t.exposeString('issue', {
      nullable: true,
      description: 'e.g. wrong_fields, missed_pii, incorrect_summary, poor_extraction',
    }),
    comment: t.exposeString('comment', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const IssueCount = builder.objectRef<{ issue: string; count: number }>('IssueCount').implement({
  fields: (t) => ({ issue: t.exposeString('issue'), count: t.exposeInt('count') }),
});

const FeedbackSummary = builder
  .objectRef<{ positive: number; negative: number; byIssue: { issue: string; count: number }[] }>(
    'FeedbackSummary',
  )
  .implement({
    fields: (t) => ({
      positive: t.exposeInt('positive'),
      negative: t.exposeInt('negative'),
      byIssue: t.expose('byIssue', { type: [IssueCount] }),
    }),
  });

const SubmitFeedbackInput = builder.inputType('SubmitFeedbackInput', {
  fields: (t) => ({
    jobId: t.id({ required: true }),
    rating: t.field({ type: FeedbackRatingEnum, required: true }),
    issue: t.string(),
    comment: t.string(),
  }),
});

builder.queryField('feedbackSummary', (t) =>
  t.field({
    type: FeedbackSummary,
    resolve: (_root, _args, ctx) => feedbackSummary(ctx.services.db, orgOf(ctx)),
  }),
);

builder.mutationField('submitFeedback', (t) =>
  t.field({
    type: FeedbackType,
    args: { input: t.arg({ type: SubmitFeedbackInput, required: true }) },
    resolve: (_root, { input }, ctx) => submitFeedback(ctx.services.db, orgOf(ctx), input),
  }),
);
