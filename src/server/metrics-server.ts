// /metrics and /healthz for a `--role worker` process, which serves no API: its stage durations
// live in its own registry, so without this they would never reach Prometheus. Off unless
// METRICS_PORT is set.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Services } from '../services.ts';
import { sendError } from './front.ts';
import { createMetrics } from './metrics.ts';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(
  services: Services,
  log: Logger,
  port: number,
  host: string,
): Promise<MetricsServer> {
  const metrics = createMetrics(services);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') return void metrics.serve(res);
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"status":"ok"}');
    }
    sendError(res, 404, 'NOT_FOUND', 'nothing here: this port serves /metrics and /healthz');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  log.info({ port: bound }, `worker metrics on http://localhost:${bound}/metrics`);
  return {
    port: bound,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
