// Where a job's document comes from: an upload, a data: URL or an http(s) URL fetched
// by the server. Every path is bounded by MAX_UPLOAD_BYTES while it streams.
import http from 'node:http';
import https from 'node:https';
import { ApiError, badInput } from './errors.ts';
import { type AddressPolicy, guardedLookup, privateLiteral } from './url-guard.ts';

export interface FetchedDocument {
  bytes: Buffer;
  filename: string;
}

export interface SourceLimits extends AddressPolicy {
  maxBytes: number;
  /** Budget of a whole URL fetch, redirects and body included. */
  timeoutMs?: number;
}

export function tooLarge(maxBytes: number): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', `the document is larger than the ${maxBytes} bytes allowed`, {
    maxBytes,
  });
}

/** Reads a stream to the end, refusing it the moment it passes `maxBytes`. */
export async function readBounded(stream: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function fromUrl(url: string, filename: string | null | undefined, limits: SourceLimits) {
  if (url.startsWith('data:')) return fromDataUrl(url, filename, limits.maxBytes);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput('url must be a data: URL or an http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw badInput(`url scheme ${parsed.protocol} is not allowed; use data:, http: or https:`);
  }
  const bytes = await fetchBounded(parsed, limits, 0, Date.now() + (limits.timeoutMs ?? FETCH_TIMEOUT_MS));
  const fallback = decodeURIComponent(parsed.pathname.split('/').pop() || '') || 'document';
  return { bytes, filename: filename || fallback };
}

function fromDataUrl(url: string, filename: string | null | undefined, maxBytes: number): FetchedDocument {
  const comma = url.indexOf(',');
  if (comma < 0) throw badInput('data: URL has no comma before its data');
  const header = url.slice(5, comma);
  const data = url.slice(comma + 1);
  // Base64 inflates by 4/3: refuse before decoding anything that cannot fit.
  if (data.length > Math.ceil((maxBytes * 4) / 3) + 4) throw tooLarge(maxBytes);
  let bytes: Buffer;
  if (header.endsWith(';base64')) {
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(data.replaceAll(/\s/g, '')))
      throw badInput('data: URL is not valid base64');
    bytes = Buffer.from(data, 'base64');
  } else {
    try {
      bytes = Buffer.from(decodeURIComponent(data), 'utf8');
    } catch {
      throw badInput('data: URL is not valid percent-encoding');
    }
  }
  if (bytes.length > maxBytes) throw tooLarge(maxBytes);
  return { bytes, filename: filename || 'document' };
}

const MAX_REDIRECTS = 3;
const FETCH_TIMEOUT_MS = 15_000;

function fetchBounded(url: URL, limits: SourceLimits, redirects: number, deadline: number): Promise<Buffer> {
  const budgetMs = limits.timeoutMs ?? FETCH_TIMEOUT_MS;
  const timedOut = () => badInput(`fetching url took longer than ${budgetMs / 1000} s`);
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(timedOut());
  const literal = privateLiteral(url, limits);
  if (literal) {
    return Promise.reject(
      badInput(`url host ${literal} is a private address; only public addresses are fetched`),
    );
  }
  const lookup = guardedLookup(limits);

  return new Promise<Buffer>((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    // The socket's idle timeout and a deadline on the whole fetch: a server dripping a byte at
    // a time never goes idle.
    const signal = AbortSignal.timeout(remaining);
    const failed = (err: Error) =>
      reject(
        err instanceof ApiError
          ? err
          : signal.aborted
            ? timedOut()
            : badInput(`fetching url failed: ${err.message}`),
      );
    const req = get(url, { lookup, timeout: remaining, signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS)
          return reject(badInput(`url redirected more than ${MAX_REDIRECTS} times`));
        let next: URL;
        try {
          next = new URL(res.headers.location, url);
        } catch {
          return reject(badInput('url redirected to an invalid location'));
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:') {
          return reject(badInput('url redirected to a scheme other than http(s)'));
        }
        return resolve(fetchBounded(next, limits, redirects + 1, deadline));
      }
      if (status < 200 || status >= 300) {
        res.resume();
        return reject(badInput(`fetching url answered HTTP ${status}`));
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        res.destroy();
        return reject(tooLarge(limits.maxBytes));
      }
      readBounded(res, limits.maxBytes).then(resolve, (err: Error) => {
        res.destroy();
        failed(err);
      });
    });
    req.on('timeout', () => req.destroy(timedOut()));
    req.on('error', failed);
  });
}
