// The Docket SDK, published as @docket/client (`npm run sdk:pack`; inside this repository also
// `docket/client`). It imports nothing of the server, only graphql-ws's client and web standards
// (fetch, FormData, Blob, WebSocket), so it runs on Node >= 20 and in browsers alike.

import type { UsageQuery } from './generated.ts';
import { Jobs } from './jobs.ts';
import * as ops from './operations.ts';
import { Transport } from './transport.ts';
import { Webhooks } from './webhooks.ts';

export interface DocketClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql; ws(s):// is derived from it. */
  url: string;
  /** A `dk_…` key; sent as `Authorization: Bearer` and in the socket's connection_init. */
  apiKey: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** A WebSocket constructor; defaults to the global one (Node 24 and browsers have it). */
  webSocketImpl?: unknown;
}

export class DocketClient {
  readonly jobs: Jobs;
  readonly webhooks: Webhooks;
  readonly #transport: Transport;

  constructor(opts: DocketClientOptions) {
    this.#transport = new Transport(opts);
    this.jobs = new Jobs(this.#transport);
    this.webhooks = new Webhooks(this.#transport);
  }

  /** The organization's usage over whole UTC days (default: the last 30 days). */
  async usage(range: { from?: Date | string; to?: Date | string } = {}): Promise<Usage> {
    const iso = (d: Date | string | undefined) => (d instanceof Date ? d.toISOString() : d);
    const variables = {
      ...(range.from ? { from: iso(range.from) } : {}),
      ...(range.to ? { to: iso(range.to) } : {}),
    };
    return (await this.#transport.request(ops.USAGE, variables)).usage;
  }

  /** Closes the subscription socket, if one is open. */
  close(): Promise<void> {
    return this.#transport.close();
  }
}

export type Usage = UsageQuery['usage'];

export { type ApiErrorEntry, DocketError, JobTimeoutError } from './errors.ts';
export type * from './generated.ts';
export {
  type CancelJobsResult,
  type CreateJobsResult,
  type Feedback,
  isTerminal,
  type Job,
  type JobDetail,
  type JobEvent,
  type JobList,
  type JobPage,
  type ListParams,
  TERMINAL_STATUSES,
  type UploadOptions,
  type WaitOptions,
  type WatchAllOptions,
} from './jobs.ts';
export {
  type VerifyOptions,
  verifyWebhookSignature,
  type Webhook,
  type WebhookCreated,
  type WebhookDeliveryPage,
} from './webhooks.ts';
