import { and, count, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { type FeedbackRating, type FeedbackRow, feedback } from '../db/schema.ts';
import { badInput, notFound } from './errors.ts';
import { getJob } from './queries.ts';

export const ISSUE_MAX = 64;
export const COMMENT_MAX = 2000;

export interface NewFeedback {
  jobId: string;
  rating: FeedbackRating;
  issue?: string | null | undefined;
  comment?: string | null | undefined;
}

export async function submitFeedback(
  db: Database,
  organizationId: string,
  input: NewFeedback,
): Promise<FeedbackRow> {
  const issue = input.issue?.trim() || null;
  if (issue !== null && !/^[a-z0-9_.-]{1,64}$/i.test(issue)) {
    throw badInput(
      `issue must be a code of 1 to ${ISSUE_MAX} letters, digits, "_", "-" or "." (e.g. wrong_fields)`,
    );
  }
  if (input.comment != null && input.comment.length > COMMENT_MAX) {
    throw badInput(`comment has ${input.comment.length} characters; at most ${COMMENT_MAX} are allowed`);
  }
  const job = await getJob(db, organizationId, input.jobId);
  if (!job) throw notFound('job', input.jobId);
  const [row] = await db
    .insert(feedback)
    .values({
      id: newId('feedback'),
      organizationId,
      jobId: job.id,
      rating: input.rating,
      issue,
      comment: input.comment ?? null,
    })
    .returning();
  if (!row) throw new Error('feedback insert returned nothing');
  return row;
}

/** One piece of feedback by id, or null (another organization's is null too). */
export async function getFeedback(
  db: Database,
  organizationId: string,
  id: string,
): Promise<FeedbackRow | null> {
  const [row] = await db
    .select()
    .from(feedback)
    .where(and(eq(feedback.id, id), eq(feedback.organizationId, organizationId)));
  return row ?? null;
}

export async function feedbackForJobs(
  db: Database,
  organizationId: string,
  jobIds: string[],
): Promise<FeedbackRow[]> {
  if (jobIds.length === 0) return [];
  return db
    .select()
    .from(feedback)
    .where(and(inArray(feedback.jobId, jobIds), eq(feedback.organizationId, organizationId)))
    .orderBy(feedback.createdAt);
}

export async function feedbackSummary(db: Database, organizationId: string) {
  const ratings = await db
    .select({ rating: feedback.rating, n: count() })
    .from(feedback)
    .where(eq(feedback.organizationId, organizationId))
    .groupBy(feedback.rating);
  const byIssue = await db
    .select({ issue: feedback.issue, count: count() })
    .from(feedback)
    .where(and(eq(feedback.organizationId, organizationId), isNotNull(feedback.issue)))
    .groupBy(feedback.issue)
    .orderBy(desc(count()), feedback.issue);
  const n = (r: FeedbackRating) => ratings.find((x) => x.rating === r)?.n ?? 0;
  return {
    positive: n('POSITIVE'),
    negative: n('NEGATIVE'),
    byIssue: byIssue.map((r) => ({ issue: r.issue as string, count: r.count })),
  };
}
