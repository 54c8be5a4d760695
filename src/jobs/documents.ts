// A job's document bytes, as a run reads them. The query has the organization in its WHERE
// clause. (What a run learns of the document, its page count, is written with the job's end:
// src/jobs/lifecycle.ts.)
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { oncePer } from '../db/prepared.ts';
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
  const [doc] = await bytesStatement(db).execute({ jobId, organizationId });
  if (!doc?.content) return null;
  return new Uint8Array(doc.content.buffer, doc.content.byteOffset, doc.content.byteLength);
}

// Built and prepared once per database: every run reads its bytes, and building the query each
// time cost more CPU than Postgres took to answer it.
const bytesStatement = oncePer((db: Database) =>
  db
    .select({ content: documents.content })
    .from(documents)
    .innerJoin(
      jobs,
      and(eq(jobs.documentId, documents.id), eq(jobs.organizationId, documents.organizationId)),
    )
    .where(
      and(eq(jobs.id, sql.placeholder('jobId')), eq(jobs.organizationId, sql.placeholder('organizationId'))),
    )
    .prepare('docket_job_document_bytes'),
);
