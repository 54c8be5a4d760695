import type { WebhookDeliveryRow } from '../db/schema.ts';
import {
  createWebhook,
  deleteWebhook,
  listDeliveries,
  listWebhooks,
  type Webhook,
} from '../jobs/webhooks.ts';
import { builder } from './builder.ts';
import { connectionType } from './connection.ts';
import { orgOf } from './context.ts';
import { NodeInterface } from './node.ts';

const WebhookDeliveryType = builder.objectRef<WebhookDeliveryRow>('WebhookDelivery').implement({
  description: 'One attempt to deliver one event to a webhook',
  fields: (t) => ({
    id: t.exposeID('id'),
    jobId: t.exposeID('jobId'),
    event: t.exposeString('event', { description: 'job.completed, job.failed or job.cancelled' }),
    attempt: t.exposeInt('attempt', { description: '1 for the first try, +1 per retry' }),
    statusCode: t.exposeInt('statusCode', {
      nullable: true,
      description: 'The receiver’s HTTP status; null when no answer came',
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why the attempt failed' }),
    responseBody: t.exposeString('responseBody', {
      nullable: true,
      description: 'The first 1024 bytes of the receiver’s answer',
    }),
    durationMs: t.exposeInt('durationMs'),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the attempt started' }),
    deliveredAt: t.expose('deliveredAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a 2xx answer arrived; null for a failed attempt',
    }),
  }),
});

const WebhookDeliveryConnection = connectionType('WebhookDelivery', WebhookDeliveryType);

export const WebhookType = builder.objectRef<Webhook>('Webhook').implement({
  description: 'An endpoint that gets a signed POST when one of the organization’s jobs ends',
  interfaces: [NodeInterface],
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.exposeStringList('events'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveries: t.field({
      type: WebhookDeliveryConnection,
      description: 'Delivery attempts, newest first; page on with after: endCursor',
      args: { first: t.arg.int({ description: 'Default 20, at most 100' }), after: t.arg.string() },
      resolve: async (hook, args, ctx) => {
        const page = await listDeliveries(ctx.services.db, orgOf(ctx), hook.id, args);
        return { ...page, items: page.deliveries };
      },
    }),
  }),
});

const WebhookCreated = builder.objectRef<{ webhook: Webhook; secret: string }>('WebhookCreated').implement({
  fields: (t) => ({
    webhook: t.field({ type: WebhookType, resolve: (c) => c.webhook }),
    secret: t.exposeString('secret', {
      description: 'Signs every delivery (Docket-Signature); shown this once, never again',
    }),
  }),
});

builder.queryField('webhooks', (t) =>
  t.field({
    type: [WebhookType],
    description: 'The organization’s webhooks, newest first',
    resolve: (_root, _args, ctx) => listWebhooks(ctx.services.db, orgOf(ctx)),
  }),
);

builder.mutationField('createWebhook', (t) =>
  t.field({
    type: WebhookCreated,
    description:
      'Registers an http(s) endpoint (public addresses only unless ALLOW_PRIVATE_URLS=true); at most 20 per organization',
    args: {
      url: t.arg.string({ required: true }),
      events: t.arg.stringList({
        description: 'Default: job.completed, job.failed, job.cancelled',
      }),
    },
    resolve: (_root, args, ctx) => {
      const { db, config } = ctx.services;
      return createWebhook(db, { allowPrivateUrls: config.ALLOW_PRIVATE_URLS }, orgOf(ctx), args);
    },
  }),
);

builder.mutationField('deleteWebhook', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Deletes a webhook and its delivery log; nothing more is sent to it',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => deleteWebhook(ctx.services.db, orgOf(ctx), id),
  }),
);
