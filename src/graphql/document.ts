import type { DocumentInfo } from '../jobs/queries.ts';
import { getDocument } from '../jobs/queries.ts';
import { builder } from './builder.ts';
import { orgOf } from './context.ts';
import { NodeInterface } from './node.ts';

export const DocumentType = builder.objectRef<DocumentInfo>('Document').implement({
  interfaces: [NodeInterface],
  fields: (t) => ({
    id: t.exposeID('id'),
    filename: t.exposeString('filename'),
    mimeType: t.exposeString('mimeType', { description: 'Detected from the bytes, not the name' }),
    sizeBytes: t.exposeInt('sizeBytes'),
    sha256: t.exposeString('sha256'),
    pageCount: t.exposeInt('pageCount', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('document', (t) =>
  t.field({
    type: DocumentType,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => getDocument(ctx.services.db, orgOf(ctx), id),
  }),
);
