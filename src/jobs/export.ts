// Datasets from completed jobs: `exportJobs` hands out a download URL; GET /exports/<token>
// streams the organization's matching COMPLETED jobs as JSONL or CSV.
//
// The token is random and names an `exports` row (only its sha256 is stored): what to export,
// for which organization, through which key, until when. Nothing in the URL is trusted but the
// token itself, so a client cannot forge another organization's export or stretch its expiry,
// and any process can serve it. Revoking the key revokes its exports.
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { apiKeys, exports, type JobRow, jobs } from '../db/schema.ts';
import { ApiError } from './errors.ts';
import { filterConditions, type JobFilter } from './queries.ts';

export const EXPORT_FORMATS = ['JSONL', 'CSV'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** How long an export URL stays valid; the server's choice, never the client's. */
export const EXPORT_TTL_MS = 60 * 60 * 1000;

const TOKEN_SHAPE = /^ex_[A-Za-z0-9_-]{43}$/;

export interface ExportRequest {
  organizationId: string;
  keyId: string;
  filter: JobFilter | null;
  format: ExportFormat;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function signExport(db: Database, req: ExportRequest, now = Date.now()) {
  const expiresAt = new Date(now + EXPORT_TTL_MS);
  const token = `ex_${randomBytes(32).toString('base64url')}`;
  // Only through a live key of the organization: a key revoked mid-request makes no export.
  const inserted = await db
    .insert(exports)
    .select(
      db
        .select({
          tokenHash: sql<string>`${hashToken(token)}`.as('token_hash'),
          organizationId: apiKeys.organizationId,
          keyId: apiKeys.id,
          format: sql<string>`${req.format}`.as('format'),
          filter: sql`${req.filter ? JSON.stringify(req.filter) : null}::jsonb`.as('filter'),
          expiresAt: sql<Date>`${expiresAt.toISOString()}::timestamptz`.as('expires_at'),
          createdAt: sql<Date>`now()`.as('created_at'),
        })
        .from(apiKeys)
        .where(
          and(
            eq(apiKeys.id, req.keyId),
            eq(apiKeys.organizationId, req.organizationId),
            isNull(apiKeys.revokedAt),
          ),
        ),
    )
    .returning({ tokenHash: exports.tokenHash });
  if (inserted.length === 0) throw new ApiError('UNAUTHENTICATED', 'the API key was revoked');
  return { token, expiresAt };
}

/** The export a token names, or null when it is unknown, expired, or its key revoked or not the organization's. */
export async function verifyExport(
  db: Database,
  token: string,
  now = Date.now(),
): Promise<ExportRequest | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db
    .select({
      organizationId: exports.organizationId,
      keyId: exports.keyId,
      format: exports.format,
      filter: exports.filter,
    })
    .from(exports)
    .innerJoin(apiKeys, eq(apiKeys.id, exports.keyId))
    .where(
      and(
        eq(exports.tokenHash, hashToken(token)),
        eq(apiKeys.organizationId, exports.organizationId),
        isNull(apiKeys.revokedAt),
        gt(exports.expiresAt, new Date(now)),
      ),
    );
  if (!row) return null;
  const q = row.filter as (JobFilter & { createdAfter?: unknown; createdBefore?: unknown }) | null;
  const filter = q
    ? {
        ...q,
        createdAfter: q.createdAfter ? new Date(String(q.createdAfter)) : null,
        createdBefore: q.createdBefore ? new Date(String(q.createdBefore)) : null,
      }
    : null;
  return {
    organizationId: row.organizationId,
    keyId: row.keyId,
    format: row.format as ExportFormat,
    filter,
  };
}

/** Forgets expired exports (their links already answer 404). */
export async function deleteExpiredExports(db: Database, now = new Date()): Promise<number> {
  const rows = await db
    .delete(exports)
    .where(lte(exports.expiresAt, now))
    .returning({ t: exports.tokenHash });
  return rows.length;
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
    warnings: row.warnings,
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
