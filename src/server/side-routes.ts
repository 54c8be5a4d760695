// The routes beside GraphQL that need no key: /metrics and the dashboard's static files (the
// dashboard itself asks for the key and sends it with each GraphQL call).
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../services.ts';
import { createMetrics } from './metrics.ts';

interface Asset {
  type: string;
  body: Buffer;
}

const DASHBOARD_FILES: Record<string, [file: string, type: string]> = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/dashboard.js': ['dashboard.js', 'text/javascript; charset=utf-8'],
  '/dashboard.css': ['dashboard.css', 'text/css; charset=utf-8'],
};

/** Returns a handler that answers its routes and returns false for any other request. */
export function sideRoutes(services: Services): (req: IncomingMessage, res: ServerResponse) => boolean {
  const metrics = services.config.METRICS ? createMetrics(services) : null;
  // Read once at start: the page cannot change under a running server.
  const assets = new Map<string, Asset>();
  for (const [route, [file, type]] of Object.entries(DASHBOARD_FILES)) {
    assets.set(route, { type, body: readFileSync(new URL(`./dashboard/${file}`, import.meta.url)) });
  }
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/metrics' && metrics) {
      void metrics.serve(res);
      return true;
    }
    const asset = assets.get(path);
    if (!asset) return false;
    res.writeHead(200, {
      'content-type': asset.type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      // The page talks only to this origin; nothing inline runs.
      'content-security-policy':
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'",
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return true;
  };
}
