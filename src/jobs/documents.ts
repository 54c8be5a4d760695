// A job's document bytes, as a run reads them. The query has the organization in its WHERE
// clause. (What a run learns of the document, its page count, is written with the job's end:
// src/jobs/lifecycle.ts.)
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { documents, jobs } from '../db/schema.ts';

/**
 * The stored bytes of a job's document; null once retention deleted them (or the document is
 * gone). By job id, so a run reads them while its start is still being written.
 */
export async function loadJobDocumentBytes(
  db: Database,
  organizationId: string,
  jobId: string,
): Promise<Uint8Array | null> {
  const [doc] = await db
    .select({ content: documents.content })
    .from(documents)
    .innerJoin(
      jobs,
      and(eq(jobs.documentId, documents.id), eq(jobs.organizationId, documents.organizationId)),
    )
    .where(and(eq(jobs.id, jobId), eq(jobs.organizationId, organizationId)));
  if (!doc?.content) return null;
  return new Uint8Array(doc.content.buffer, doc.content.byteOffset, doc.content.byteLength);
}
