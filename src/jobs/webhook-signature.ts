// How a webhook delivery is signed (Stripe's scheme): `Docket-Signature: t=<unix seconds>,v1=<hex>`
// where v1 is HMAC-SHA256, keyed with the webhook's secret, of "<t>.<body>". The timestamp is
// signed too, so a receiver that checks it against its clock refuses replays of old deliveries.
// The SDK's verifyWebhookSignature (src/client/webhooks.ts) is the other half.
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Docket-Signature';
export const EVENT_HEADER = 'Docket-Event';

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
