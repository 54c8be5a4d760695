// A document's bytes and what a run learns about it. Every query has the organization in its
// WHERE clause.
import { and, eq } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.ts';
import { documents } from '../db/schema.ts';

/** The document's stored bytes; null once retention deleted them (or the document is gone). */
export async function loadDocumentBytes(
  db: Database,
  organizationId: string,
  documentId: string,
): Promise<Uint8Array | null> {
  const [doc] = await db
    .select({ content: documents.content })
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.organizationId, organizationId)));
  if (!doc?.content) return null;
  return new Uint8Array(doc.content.buffer, doc.content.byteOffset, doc.content.byteLength);
}

/** Records the page count a run found. */
export async function setPageCount(
  tx: Executor,
  organizationId: string,
  documentId: string,
  pageCount: number,
): Promise<void> {
  await tx
    .update(documents)
    .set({ pageCount })
    .where(and(eq(documents.id, documentId), eq(documents.organizationId, organizationId)));
}
