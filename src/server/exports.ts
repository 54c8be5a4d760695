// GET /exports/<token>: an export streamed as it is read, never held in memory whole.

import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { exportRows, verifyExport } from '../jobs/export.ts';
import type { Services } from '../services.ts';

export async function serveExport(services: Services, token: string, res: ServerResponse): Promise<void> {
  const request = await verifyExport(services.db, token.split('?')[0] ?? '');
  if (!request) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        errors: [{ message: 'export not found or expired', extensions: { code: 'NOT_FOUND' } }],
      }),
    );
    return;
  }
  const csv = request.format === 'CSV';
  res.writeHead(200, {
    'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
    'content-disposition': `attachment; filename="docket-jobs.${csv ? 'csv' : 'jsonl'}"`,
    'cache-control': 'no-store',
  });
  const closed = once(res, 'close').then(() => false);
  try {
    for await (const chunk of exportRows(services.db, request)) {
      // Respect a slow reader: wait for the socket to drain rather than buffering the export;
      // a reader that went away ends the export.
      if (!res.write(chunk) && !(await Promise.race([once(res, 'drain').then(() => true), closed]))) return;
    }
    res.end();
  } catch {
    res.destroy();
  }
}
