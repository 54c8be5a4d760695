import { EXPORT_FORMATS, signExport } from '../jobs/export.ts';
import { parseFilter } from '../jobs/queries.ts';
import { builder } from './builder.ts';
import { orgOf } from './context.ts';
import { JobFilterInput } from './job-inputs.ts';

const ExportFormat = builder.enumType('ExportFormat', { values: EXPORT_FORMATS });

const ExportType = builder.objectRef<{ url: string; expiresAt: Date }>('Export').implement({
  description: 'A download of completed jobs’ results',
  fields: (t) => ({
    url: t.exposeString('url', {
      description: 'GET it (no key needed: the URL holds a random token); valid until expiresAt',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
  }),
});

builder.mutationField('exportJobs', (t) =>
  t.field({
    type: ExportType,
    description:
      'A dataset of the organization’s COMPLETED jobs matching the filter, streamed as JSONL or CSV',
    args: {
      filter: t.arg({ type: JobFilterInput }),
      format: t.arg({ type: ExportFormat, defaultValue: 'JSONL' }),
    },
    resolve: async (_root, args, ctx) => {
      const organizationId = orgOf(ctx);
      const filter = args.filter ? parseFilter(args.filter as never) : null;
      const { token, expiresAt } = await signExport(ctx.services.db, {
        organizationId,
        keyId: ctx.principal?.keyId as string,
        filter,
        format: args.format ?? 'JSONL',
      });
      return { url: `${ctx.baseUrl}/exports/${token}`, expiresAt };
    },
  }),
);
