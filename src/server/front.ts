// The HTTP port opens before the database answers: while a process waits for Postgres at boot
// (src/db/wait.ts), an orchestrator sees it alive (/healthz 200) and not ready (/readyz 503),
// and a client gets a clear 503 instead of a refused connection. The API is mounted once the
// process can serve it (npm run fault:db-at-boot).
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpFront {
  server: Server;
  port: number;
  /** From now on every request goes to `handler`. */
  mount(handler: RequestListener): void;
  close(): Promise<void>;
}

export async function openHttpFront(port: number, host: string): Promise<HttpFront> {
  let handler: RequestListener | null = null;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    req.resume();
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') return sendJson(res, 503, { status: 'starting' });
    res.setHeader('retry-after', '5');
    sendError(
      res,
      503,
      'INTERNAL_SERVER_ERROR',
      'Docket is starting: the database is not reachable yet; retry shortly',
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    mount: (h) => {
      handler = h;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A refusal outside GraphQL execution, as a GraphQL error body with the contract's code. */
export function sendError(
  res: import('node:http').ServerResponse,
  status: number,
  code: string,
  message: string,
  extensions: Record<string, unknown> = {},
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...extensions } }] });
}
