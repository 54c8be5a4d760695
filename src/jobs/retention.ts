// Retention: a terminal job past expiresAt becomes EXPIRED; what was asked, what was
// answered and the document's bytes are deleted, the record stays.
import { and, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { documents, jobs, TERMINAL_STATUSES } from '../db/schema.ts';
import { transition } from './lifecycle.ts';

export async function expireDueJobs(db: Database, now = new Date(), batch = 200): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await db
      .select({ id: jobs.id, documentId: jobs.documentId })
      .from(jobs)
      .where(and(inArray(jobs.status, [...TERMINAL_STATUSES]), lte(jobs.expiresAt, now)))
      .limit(batch);
    if (due.length === 0) return expired;
    for (const job of due) {
      await db.transaction(async (tx) => {
        const row = await transition(tx, job.id, 'EXPIRED', {
          request: null,
          response: null,
          piiFindings: null,
          stage: null,
        });
        if (!row) return;
        expired++;
        // The bytes go once no unexpired job still needs them.
        await tx
          .update(documents)
          .set({ content: null })
          .where(
            and(
              sql`${documents.id} = ${job.documentId}`,
              sql`not exists (select 1 from ${jobs} where ${jobs.documentId} = ${job.documentId} and ${jobs.status} <> 'EXPIRED')`,
            ),
          );
      });
    }
    if (due.length < batch) return expired;
  }
}
