// Webhooks in the SDK: register, list and delete endpoints, read their delivery log, and
// verify a delivery's signature on the receiving side (Web Crypto, so it runs in Node 24,
// browsers and edge runtimes alike).
import type { CreateWebhookMutation, WebhookDeliveriesQuery, WebhookFieldsFragment } from './generated.ts';
import * as ops from './operations.ts';
import type { Transport } from './transport.ts';

export type Webhook = WebhookFieldsFragment;
export type WebhookCreated = CreateWebhookMutation['createWebhook'];
export type WebhookDeliveryPage = Extract<
  NonNullable<WebhookDeliveriesQuery['node']>,
  { deliveries: unknown }
>['deliveries'];

export class Webhooks {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Registers `url`; the answer's `secret` is shown this once: keep it to verify deliveries. */
  async create(url: string, events?: string[]): Promise<WebhookCreated> {
    return (await this.#transport.request(ops.CREATE_WEBHOOK, { url, ...(events ? { events } : {}) }))
      .createWebhook;
  }

  async list(): Promise<Webhook[]> {
    return (await this.#transport.request(ops.LIST_WEBHOOKS, {})).webhooks;
  }

  /** Deletes a webhook; a DocketError NOT_FOUND when the organization has none with that id. */
  async delete(id: string): Promise<boolean> {
    return (await this.#transport.request(ops.DELETE_WEBHOOK, { id })).deleteWebhook;
  }

  /** One page of a webhook's delivery attempts, newest first; null for an unknown webhook. */
  async deliveries(
    id: string,
    page: { first?: number; after?: string } = {},
  ): Promise<WebhookDeliveryPage | null> {
    const node = (await this.#transport.request(ops.WEBHOOK_DELIVERIES, { id, ...page })).node;
    return node && 'deliveries' in node ? node.deliveries : null;
  }
}

export interface VerifyOptions {
  /** The raw request body, exactly as received (a re-serialized object will not verify). */
  payload: string | Uint8Array;
  /** The `Docket-Signature` header: `t=<unix seconds>,v1=<hex>` (several v1 are allowed). */
  header: string | null | undefined;
  /** The webhook's `whsec_…` secret. */
  secret: string;
  /** Oldest signature accepted, in seconds (default 300); 0 turns the check off. */
  toleranceSeconds?: number;
  /** Unix seconds; defaults to the clock. */
  now?: number;
}

/**
 * True when `header` is Docket's HMAC-SHA256 of "<t>.<payload>" under `secret` and `t` is
 * within the tolerance of now (replayed old deliveries are refused).
 */
export async function verifyWebhookSignature(opts: VerifyOptions): Promise<boolean> {
  if (!opts.header) return false;
  let t: number | null = null;
  const signatures: string[] = [];
  for (const part of opts.header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) t = Number(value);
    else if (key === 'v1' && value) signatures.push(value.toLowerCase());
  }
  if (t === null || signatures.length === 0) return false;
  const tolerance = opts.toleranceSeconds ?? 300;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (tolerance > 0 && Math.abs(now - t) > tolerance) return false;
  const encoder = new TextEncoder();
  const body = typeof opts.payload === 'string' ? encoder.encode(opts.payload) : opts.payload;
  const prefix = encoder.encode(`${t}.`);
  const signed = new Uint8Array(prefix.length + body.length);
  signed.set(prefix);
  signed.set(body, prefix.length);
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(opts.secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  for (const hex of signatures) {
    if (!/^[0-9a-f]{64}$/.test(hex)) continue;
    const mac = new Uint8Array(hex.match(/../g)?.map((b) => Number.parseInt(b, 16)) ?? []);
    // subtle.verify compares in constant time.
    if (await crypto.subtle.verify('HMAC', key, mac, signed)) return true;
  }
  return false;
}
