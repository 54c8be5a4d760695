// Datasets from completed jobs: `exportJobs` signs a download URL; GET /exports/<token>
// streams the organization's matching COMPLETED jobs as JSONL or CSV.
//
// The token carries what to export and is signed with the requesting key's stored hash,
// a secret every api process shares through the database: no table, any process can serve
// it, and revoking the key revokes its exports.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { apiKeys, type JobRow, jobs } from '../db/schema.ts';
import { ApiError } from './errors.ts';
import { filterConditions, type JobFilter } from './queries.ts';

export const EXPORT_FORMATS = ['JSONL', 'CSV'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** How long a signed export URL stays valid. */
export const EXPORT_TTL_MS = 60 * 60 * 1000;

const payloadSchema = z.object({
  o: z.string(),
  k: z.string(),
  f: z.enum(EXPORT_FORMATS),
  e: z.number().int(),
  q: z.record(z.string(), z.unknown()).nullable(),
});

export interface ExportRequest {
  organizationId: string;
  keyId: string;
  filter: JobFilter | null;
  format: ExportFormat;
}

export async function signExport(db: Database, req: ExportRequest, now = Date.now()) {
  const secret = await keySecret(db, req.keyId);
  if (!secret) throw new ApiError('UNAUTHENTICATED', 'the API key was revoked');
  const expiresAt = new Date(now + EXPORT_TTL_MS);
  const payload = Buffer.from(
    JSON.stringify({
      o: req.organizationId,
      k: req.keyId,
      f: req.format,
      e: expiresAt.getTime(),
      q: req.filter,
    }),
  ).toString('base64url');
  return { token: `${payload}.${sign(secret, payload)}`, expiresAt };
}

/** The export a token names, or null when it is forged, expired or its key revoked. */
export async function verifyExport(
  db: Database,
  token: string,
  now = Date.now(),
): Promise<ExportRequest | null> {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return null;
  let data: z.infer<typeof payloadSchema>;
  try {
    data = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  const secret = await keySecret(db, data.k);
  if (!secret) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (data.e < now) return null;
  const q = data.q as (JobFilter & { createdAfter?: unknown; createdBefore?: unknown }) | null;
  const filter = q
    ? {
        ...q,
        createdAfter: q.createdAfter ? new Date(String(q.createdAfter)) : null,
        createdBefore: q.createdBefore ? new Date(String(q.createdBefore)) : null,
      }
    : null;
  return { organizationId: data.o, keyId: data.k, format: data.f, filter };
}

/** Completed jobs of the export, oldest first, read in batches so memory stays flat. */
export async function* exportRows(db: Database, req: ExportRequest, batch = 200): AsyncGenerator<string> {
  const where = [...filterConditions(req.organizationId, req.filter), eq(jobs.status, 'COMPLETED')];
  if (req.format === 'CSV') yield `${CSV_COLUMNS.join(',')}\n`;
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const conditions = after ? [...where, afterPosition(after)] : where;
    const rows: JobRow[] = await db
      .select()
      .from(jobs)
      .where(and(...conditions))
      .orderBy(asc(jobs.createdAt), asc(jobs.id))
      .limit(batch);
    for (const row of rows)
      yield req.format === 'CSV' ? csvLine(row) : `${JSON.stringify(jsonRecord(row))}\n`;
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

function afterPosition(p: { createdAt: Date; id: string }) {
  // Same keyset walk as the jobs list, ascending.
  return sql`(${jobs.createdAt}, ${jobs.id}) > (${p.createdAt.toISOString()}::timestamptz, ${p.id})`;
}

function jsonRecord(row: JobRow) {
  return {
    id: row.id,
    endpoint: row.endpoint,
    documentId: row.documentId,
    metadata: row.metadata,
    result: row.response?.body ?? null,
    qualityScore: row.qualityScore,
    qualityGrade: row.qualityGrade,
    piiFindingsCount: row.piiFindingsCount,
    processingSummary: row.processingSummary,
    createdAt: row.createdAt.toISOString(),
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

const CSV_COLUMNS = Object.keys(jsonRecord({ createdAt: new Date(0) } as JobRow));

function csvLine(row: JobRow): string {
  const record = jsonRecord(row) as Record<string, unknown>;
  return `${CSV_COLUMNS.map((c) => csvCell(record[c])).join(',')}\n`;
}

// RFC 4180 quoting; objects as JSON. A leading =, +, - or @ is prefixed with ' so a
// spreadsheet does not run it as a formula (CSV injection).
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`docket-export.${payload}`).digest('base64url');
}

async function keySecret(db: Database, keyId: string): Promise<string | null> {
  const [row] = await db
    .select({ hash: apiKeys.keyHash })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)));
  return row?.hash ?? null;
}
