// The pg-boss handler that POSTs one terminal event to one webhook. Every attempt is logged in
// webhook_deliveries; a non-2xx answer, a timeout or a refused address throws, and pg-boss
// retries with exponential back-off (WEBHOOK_ATTEMPTS, WEBHOOK_RETRY_DELAY_SECONDS).
import type { Job as BossTask } from 'pg-boss';
import type { Logger } from 'pino';
import { Counter, register } from 'prom-client';
import type { Database } from '../db/client.ts';
import { getDocument, getJob } from '../jobs/queries.ts';
import { parsePayload } from '../jobs/queue.ts';
import { EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from '../jobs/webhook-signature.ts';
import { deliveryBody, getWebhookTarget, recordDelivery } from '../jobs/webhooks.ts';
import { send } from '../outbound/client.ts';
import { OutboundError } from '../outbound/errors.ts';
import type { AddressPolicy } from '../outbound/url-guard.ts';

/** The most of a receiver's answer that is read and kept. */
export const SNIPPET_BYTES = 1024;

const deliveries = new Counter({
  name: 'docket_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: delivered (2xx), http_error (any other answer), no_answer',
  labelNames: ['outcome'] as const,
  registers: [register],
});

export interface DeliverDeps {
  db: Database;
  log: Logger;
  policy: AddressPolicy;
  timeoutMs: number;
}

class DeliveryFailed extends Error {
  override name = 'DeliveryFailed';
}

export async function deliverWebhook(deps: DeliverDeps, task: BossTask<unknown>): Promise<void> {
  const { webhookId, organizationId, jobId, event } = parsePayload('webhook', task.data);
  const attempt = task.retryCount + 1;
  const log = deps.log.child({ webhookId, organizationId, jobId, event, attempt });
  const hook = await getWebhookTarget(deps.db, organizationId, webhookId);
  if (!hook) return; // deleted since: nothing more is sent to it
  const job = await getJob(deps.db, organizationId, jobId);
  if (!job) return;
  const document = await getDocument(deps.db, organizationId, job.documentId);
  const body = deliveryBody(event, job, document);

  const createdAt = new Date();
  const started = performance.now();
  const answer = await post(
    hook.url,
    body,
    {
      'content-type': 'application/json',
      'user-agent': 'Docket-Webhooks/1',
      [EVENT_HEADER]: event,
      [SIGNATURE_HEADER]: signatureHeader(hook.secret, body, Math.floor(createdAt.getTime() / 1000)),
    },
    deps,
  );
  const ok = answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
  const error = ok
    ? null
    : (answer.error ??
      (answer.statusCode !== null && answer.statusCode >= 300 && answer.statusCode < 400
        ? `HTTP ${answer.statusCode}: redirects are not followed`
        : `HTTP ${answer.statusCode}`));
  await recordDelivery(deps.db, {
    webhookId,
    organizationId,
    jobId,
    event,
    attempt,
    statusCode: answer.statusCode,
    error,
    responseBody: answer.snippet,
    durationMs: Math.round(performance.now() - started),
    createdAt,
    deliveredAt: ok ? new Date() : null,
  });
  deliveries.inc({ outcome: ok ? 'delivered' : answer.statusCode === null ? 'no_answer' : 'http_error' });
  if (ok) {
    log.info({ statusCode: answer.statusCode }, 'webhook delivered');
    return;
  }
  log.warn(
    { statusCode: answer.statusCode, error },
    'webhook delivery failed; pg-boss retries it with back-off',
  );
  throw new DeliveryFailed(error ?? 'delivery failed');
}

interface Answer {
  statusCode: number | null;
  snippet: string | null;
  error: string | null;
}

/** One POST through the outbound client, no redirects followed, within the time budget; never throws. */
async function post(
  target: string,
  body: string,
  headers: Record<string, string>,
  deps: { policy: AddressPolicy; timeoutMs: number },
): Promise<Answer> {
  try {
    const answer = await send(new URL(target), {
      method: 'POST',
      headers,
      body,
      policy: deps.policy,
      timeoutMs: deps.timeoutMs,
      maxBytes: SNIPPET_BYTES,
      read: 'snippet',
      maxRedirects: 0,
    });
    return { statusCode: answer.status, snippet: answer.body.toString('utf8') || null, error: null };
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    return { statusCode: null, snippet: null, error: err.message };
  }
}
