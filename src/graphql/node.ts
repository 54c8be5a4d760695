// Global ids are prefixed (`job_…`, `doc_…`, `fb_…`, `wh_…`): the prefix picks the type.
import { ID_PREFIXES, isId } from '../db/ids.ts';
import { getFeedback } from '../jobs/feedback.ts';
import { getDocument, getJob } from '../jobs/queries.ts';
import { getWebhook } from '../jobs/webhooks.ts';
import { builder } from './builder.ts';
import { orgOf } from './context.ts';

export const NodeInterface = builder.interfaceRef<{ id: string }>('Node').implement({
  description: 'An object with a global id',
  fields: (t) => ({ id: t.exposeID('id') }),
  resolveType: (value) => {
    if (value.id.startsWith(ID_PREFIXES.job)) return 'Job';
    if (value.id.startsWith(ID_PREFIXES.document)) return 'Document';
    if (value.id.startsWith(ID_PREFIXES.webhook)) return 'Webhook';
    return 'Feedback';
  },
});

builder.queryField('node', (t) =>
  t.field({
    type: NodeInterface,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const org = orgOf(ctx);
      const { db } = ctx.services;
      if (isId('job', id)) return getJob(db, org, id);
      if (isId('document', id)) return getDocument(db, org, id);
      if (isId('webhook', id)) return getWebhook(db, org, id);
      if (isId('feedback', id)) return getFeedback(db, org, id);
      return null;
    },
  }),
);
