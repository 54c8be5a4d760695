// A request exactly as written: fetch() would normalise a path like /exports/%ZZ, this does not.
import { request } from 'node:http';
import type { Readable } from 'node:stream';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Rejects if no answer comes within `timeoutMs` (a hanging route). */
export function rawRequest(
  base: string,
  opts: {
    path: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer | Readable;
    timeoutMs?: number;
  },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(
        new Error(`${opts.method ?? 'GET'} ${opts.path}: no answer within ${opts.timeoutMs ?? 15_000} ms`),
      );
    }, opts.timeoutMs ?? 15_000);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    const body = opts.body;
    if (body && typeof body === 'object' && 'pipe' in body) {
      body.on('error', () => req.destroy());
      body.pipe(req);
    } else req.end(body);
  });
}
