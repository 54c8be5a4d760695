// `docket webhooks create|list|deliveries|delete`
import type { DocketClient } from '../client/index.ts';
import { table } from './format.ts';
import { EXIT, UsageError } from './settings.ts';
import { positiveInt } from './upload.ts';

export interface WebhooksFlags {
  events?: string | undefined;
  first?: string | undefined;
  json?: boolean | undefined;
}

export async function webhooks(client: DocketClient, args: string[], flags: WebhooksFlags): Promise<number> {
  const [sub, arg] = args;
  const print = (value: unknown, text: () => string) =>
    console.log(flags.json ? JSON.stringify(value, null, 2) : text());
  if (sub === 'create') {
    if (!arg) throw new UsageError('webhooks create needs a URL');
    const events = flags.events?.split(',').map((e) => e.trim());
    const created = await client.webhooks.create(arg, events);
    print(created, () =>
      [
        `id      ${created.webhook.id}`,
        `url     ${created.webhook.url}`,
        `events  ${created.webhook.events.join(', ')}`,
        `secret  ${created.secret}`,
        '',
        'The secret is shown this once: keep it to verify the Docket-Signature of each delivery.',
      ].join('\n'),
    );
    return EXIT.ok;
  }
  if (sub === 'list') {
    const hooks = await client.webhooks.list();
    print(hooks, () =>
      table(
        ['ID', 'EVENTS', 'CREATED', 'URL'],
        hooks.map((h) => [h.id, h.events.join(','), h.createdAt.slice(0, 19), h.url]),
      ),
    );
    return EXIT.ok;
  }
  if (sub === 'deliveries') {
    if (!arg) throw new UsageError('webhooks deliveries needs a webhook id');
    const page = await client.webhooks.deliveries(arg, {
      first: positiveInt(flags.first ?? '20', '--first'),
    });
    if (!page) {
      if (flags.json) console.log('null');
      console.error(`docket: no webhook ${arg}`);
      return EXIT.failures;
    }
    print(page, () =>
      table(
        ['AT', 'EVENT', 'JOB', 'ATTEMPT', 'STATUS', 'MS', 'ERROR'],
        page.nodes.map((d) => [
          d.createdAt.slice(0, 19),
          d.event,
          d.jobId,
          String(d.attempt),
          d.statusCode === null ? '' : String(d.statusCode),
          String(d.durationMs),
          d.error ?? '',
        ]),
      ),
    );
    return EXIT.ok;
  }
  if (sub === 'delete') {
    if (!arg) throw new UsageError('webhooks delete needs a webhook id');
    await client.webhooks.delete(arg);
    print(true, () => `deleted ${arg}`);
    return EXIT.ok;
  }
  throw new UsageError(
    `unknown webhooks command "${sub ?? ''}": create URL, list, deliveries ID or delete ID`,
  );
}
