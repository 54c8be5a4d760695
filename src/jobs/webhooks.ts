// Webhooks: an organization registers endpoints and each gets a signed POST when one of its
// jobs reaches a terminal status. This module is the registry (create, list, delete, the
// delivery log) and the enqueue that the lifecycle calls inside the terminal transition's
// transaction; worker/deliver-webhook.ts makes the POSTs.
import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { postgresErrorOf } from '../db/errors.ts';
import { isId, newId } from '../db/ids.ts';
import {
  type JobRow,
  WEBHOOK_EVENTS,
  type WebhookDeliveryRow,
  type WebhookEvent,
  type WebhookRow,
  webhookDeliveries,
  webhooks,
} from '../db/schema.ts';
import { OutboundError } from '../outbound/errors.ts';
import { type AddressPolicy, checkPublicHost } from '../outbound/url-guard.ts';
import { badInput, notFound } from './errors.ts';
import { type DocumentInfo, decodeCursor, PAGE_DEFAULT, PAGE_MAX } from './queries.ts';
import { publicRequest } from './request.ts';

/** Endpoints one organization may register. */
export const MAX_WEBHOOKS = 20;
export const MAX_URL_LENGTH = 2048;
export const DEFAULT_EVENTS: readonly WebhookEvent[] = WEBHOOK_EVENTS;

/** A webhook as the API shows it: never the secret. */
export type Webhook = Omit<WebhookRow, 'secret'>;
const publicColumns = {
  id: webhooks.id,
  organizationId: webhooks.organizationId,
  url: webhooks.url,
  events: webhooks.events,
  createdAt: webhooks.createdAt,
};

/** The event a job's terminal status sends, or null for a status that sends none. */
export function eventOf(status: JobRow['status']): WebhookEvent | null {
  const event = `job.${status.toLowerCase()}`;
  return (WEBHOOK_EVENTS as readonly string[]).includes(event) ? (event as WebhookEvent) : null;
}

export async function createWebhook(
  db: Database,
  policy: AddressPolicy,
  organizationId: string,
  input: { url: string; events?: readonly string[] | null | undefined },
): Promise<{ webhook: Webhook; secret: string }> {
  const url = await validateUrl(input.url, policy);
  const events = validateEvents(input.events);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  return db.transaction(async (tx) => {
    // Two concurrent creations must not both pass the count: one at a time per organization.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`webhooks:${organizationId}`}))`);
    const [existing] = await tx
      .select({ n: count() })
      .from(webhooks)
      .where(eq(webhooks.organizationId, organizationId));
    const n = existing?.n ?? 0;
    if (n >= MAX_WEBHOOKS) {
      throw badInput(
        `the organization has ${n} webhooks; at most ${MAX_WEBHOOKS} are allowed (delete one first)`,
      );
    }
    const [row] = await tx
      .insert(webhooks)
      .values({ id: newId('webhook'), organizationId, url, events, secret, createdAt: new Date() })
      .returning(publicColumns);
    if (!row) throw new Error('webhook insert returned no row');
    return { webhook: row, secret };
  });
}

async function validateUrl(input: string, policy: AddressPolicy): Promise<string> {
  if (input.length > MAX_URL_LENGTH) {
    throw badInput(`url has ${input.length} characters; at most ${MAX_URL_LENGTH} are allowed`);
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw badInput('url must be an absolute http(s) URL, e.g. https://example.com/hooks/docket');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw badInput(`url scheme ${url.protocol} is not allowed; use http: or https:`);
  }
  // Credentials in the URL would be shown in every listing; authenticate with the signature.
  if (url.username || url.password) throw badInput('url must not carry a user name or password');
  url.hash = '';
  // Checked now for a clear answer, and again at each delivery on the address connected to.
  await checkPublicHost(url, policy, 'url').catch((err: unknown) => {
    throw err instanceof OutboundError ? badInput(err.message) : err;
  });
  return url.toString();
}

function validateEvents(input: readonly string[] | null | undefined): WebhookEvent[] {
  if (input == null) return [...DEFAULT_EVENTS];
  const allowed = WEBHOOK_EVENTS.join(', ');
  if (input.length === 0) throw badInput(`events is empty; name at least one of ${allowed}`);
  const unknown = input.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length > 0) {
    throw badInput(`unknown event ${JSON.stringify(unknown[0]?.slice(0, 64))}; allowed: ${allowed}`);
  }
  return WEBHOOK_EVENTS.filter((e) => input.includes(e));
}

export async function listWebhooks(db: Database, organizationId: string): Promise<Webhook[]> {
  return db
    .select(publicColumns)
    .from(webhooks)
    .where(eq(webhooks.organizationId, organizationId))
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id));
}

export async function getWebhook(db: Database, organizationId: string, id: string): Promise<Webhook | null> {
  if (!isId('webhook', id)) return null;
  const [row] = await db
    .select(publicColumns)
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.organizationId, organizationId)));
  return row ?? null;
}

/** Deletes a webhook and its delivery log; deliveries still queued for it are dropped when due. */
/** Where a delivery goes and the secret it is signed with; null once the webhook is deleted. */
export async function getWebhookTarget(
  db: Database,
  organizationId: string,
  id: string,
): Promise<{ url: string; secret: string } | null> {
  const [hook] = await db
    .select({ url: webhooks.url, secret: webhooks.secret })
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.organizationId, organizationId)));
  return hook ?? null;
}

/** Logs one delivery attempt; nothing when the webhook was deleted meanwhile (its log went with it). */
export async function recordDelivery(
  db: Database,
  attempt: Omit<typeof webhookDeliveries.$inferInsert, 'id'>,
): Promise<void> {
  await db
    .insert(webhookDeliveries)
    .values({ id: newId('webhookDelivery'), ...attempt })
    .catch((err: unknown) => {
      // A foreign key violation: the webhook is gone.
      if (postgresErrorOf(err)?.code === '23503') return;
      throw err;
    });
}

export async function deleteWebhook(db: Database, organizationId: string, id: string): Promise<true> {
  const deleted = isId('webhook', id)
    ? await db
        .delete(webhooks)
        .where(and(eq(webhooks.id, id), eq(webhooks.organizationId, organizationId)))
        .returning({ id: webhooks.id })
    : [];
  if (deleted.length === 0) throw notFound('webhook', id);
  return true;
}

export interface DeliveryPage {
  deliveries: WebhookDeliveryRow[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => Promise<number>;
}

/** A webhook's delivery attempts, newest first, paged by a keyset cursor like `jobs`. */
export async function listDeliveries(
  db: Database,
  organizationId: string,
  webhookId: string,
  args: { first?: number | null | undefined; after?: string | null | undefined },
): Promise<DeliveryPage> {
  const limit = args.first ?? PAGE_DEFAULT;
  if (limit < 0 || limit > PAGE_MAX) throw badInput(`first must be between 0 and ${PAGE_MAX}`);
  const scope = and(
    eq(webhookDeliveries.webhookId, webhookId),
    eq(webhookDeliveries.organizationId, organizationId),
  ) as SQL;
  const where = [scope];
  if (args.after != null) {
    const pos = decodeCursor(args.after, 'after', 'webhookDelivery');
    const t = new Date(pos.t).toISOString();
    where.push(
      sql`(${webhookDeliveries.createdAt}, ${webhookDeliveries.id}) < (${t}::timestamptz, ${pos.i})`,
    );
  }
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit + 1);
  return {
    deliveries: rows.slice(0, limit),
    hasNextPage: rows.length > limit,
    hasPreviousPage: args.after != null,
    totalCount: async () => {
      const [row] = await db.select({ n: count() }).from(webhookDeliveries).where(scope);
      return row?.n ?? 0;
    },
  };
}

/**
 * What a delivery POSTs: `{ event, job }`, the job as the API shows it (dates in ISO-8601,
 * its document's metadata, no feedback, no PDF password). Built when the delivery is made, so a retry of a job
 * that expired meanwhile carries the expired job.
 */
export function deliveryBody(event: WebhookEvent, job: JobRow, document: DocumentInfo | null): string {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return JSON.stringify({
    event,
    job: {
      id: job.id,
      endpoint: job.endpoint,
      status: job.status,
      stage: job.stage,
      progress: job.progress,
      version: job.version,
      document: document && {
        id: document.id,
        filename: document.filename,
        mimeType: document.mimeType,
        sizeBytes: document.sizeBytes,
        sha256: document.sha256,
        pageCount: document.pageCount,
        createdAt: iso(document.createdAt),
      },
      request: publicRequest(job.request),
      response: job.response,
      error: job.error,
      metadata: job.metadata,
      attempts: job.attempts,
      qualityScore: job.qualityScore,
      qualityGrade: job.qualityGrade,
      piiFindingsCount: job.piiFindingsCount,
      piiFindings: job.piiFindings,
      privacyApplied: job.privacyApplied,
      processingSummary: job.processingSummary,
      warnings: job.warnings,
      createdAt: iso(job.createdAt),
      updatedAt: iso(job.updatedAt),
      startedAt: iso(job.startedAt),
      completedAt: iso(job.completedAt),
      expiresAt: iso(job.expiresAt),
    },
  });
}
