// Where a job's document comes from: an upload, a data: URL or an http(s) URL fetched
// by the server (through outbound/client.ts, which guards and bounds it). Every path is
// bounded by MAX_UPLOAD_BYTES while it streams.
import { type OutboundResponse, send } from '../outbound/client.ts';
import { OutboundError } from '../outbound/errors.ts';
import type { AddressPolicy } from '../outbound/url-guard.ts';
import { ApiError, badInput } from './errors.ts';

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
  const bytes = await fetchDocument(parsed, limits);
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

/** GETs the document through the outbound client and words its failures for the API. */
async function fetchDocument(url: URL, limits: SourceLimits): Promise<Buffer> {
  const timeoutMs = limits.timeoutMs ?? FETCH_TIMEOUT_MS;
  let answer: OutboundResponse;
  try {
    answer = await send(url, {
      policy: limits,
      timeoutMs,
      maxBytes: limits.maxBytes,
      read: 'whole',
      maxRedirects: MAX_REDIRECTS,
    });
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    if (err.kind === 'too_large') throw tooLarge(limits.maxBytes);
    if (err.kind === 'timeout') throw badInput(`fetching url took longer than ${timeoutMs / 1000} s`);
    if (err.kind === 'failed') throw badInput(`fetching url failed: ${err.message}`);
    throw badInput(err.message);
  }
  if (answer.status < 200 || answer.status >= 300) {
    throw badInput(`fetching url answered HTTP ${answer.status}`);
  }
  return answer.body;
}
