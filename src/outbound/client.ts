// The one HTTP client for addresses a user gave us (createJob document URLs, webhook
// deliveries). Every hop goes through the URL guard on the address it connects to, redirects
// (when followed) are re-checked per hop, the body is counted while it streams, and one deadline
// covers the whole exchange: a server dripping a byte at a time never goes idle, so a socket
// idle timeout alone would not bound it. Never throws anything but an OutboundError.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { OutboundError } from './errors.ts';
import { type AddressPolicy, guardedLookup, PUBLIC_ONLY, privateLiteral } from './url-guard.ts';

export interface OutboundRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  policy: AddressPolicy;
  /** Budget of the whole exchange: every hop and the body. */
  timeoutMs: number;
  /** The most bytes of the answer's body that are read. */
  maxBytes: number;
  /**
   * 'whole': a 2xx body past maxBytes (declared or counted) fails with too_large, and one cut
   * short fails; any other status comes back without its body. 'snippet': the first maxBytes of
   * any answer are kept and the rest is not read; a body that stalls or breaks after the status
   * line is kept as far as it came (the status is the answer).
   */
  read: 'whole' | 'snippet';
  /** Redirects followed, each re-checked; with 0 a 3xx is the answer. */
  maxRedirects: number;
}

export interface OutboundResponse {
  status: number;
  body: Buffer;
}

export async function send(target: URL, req: OutboundRequest): Promise<OutboundResponse> {
  const deadline = Date.now() + req.timeoutMs;
  let url = target;
  for (let hops = 0; ; hops++) {
    const answer = await hop(url, req, deadline);
    if (!('location' in answer)) return answer;
    if (hops >= req.maxRedirects) {
      throw new OutboundError('redirect', `url redirected more than ${req.maxRedirects} times`);
    }
    try {
      url = new URL(answer.location, url);
    } catch {
      throw new OutboundError('redirect', 'url redirected to an invalid location');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OutboundError('redirect', 'url redirected to a scheme other than http(s)');
    }
  }
}

/** One request to one address: an answer, or a redirect to follow. */
function hop(
  url: URL,
  req: OutboundRequest,
  deadline: number,
): Promise<OutboundResponse | { location: string }> {
  const timedOut = () => new OutboundError('timeout', `no answer within ${req.timeoutMs} ms`);
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(timedOut());
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new OutboundError('refused', `url scheme ${url.protocol} is not allowed`));
  }
  const literal = privateLiteral(url, req.policy);
  if (literal) {
    return Promise.reject(
      new OutboundError('refused', `url host ${literal} is a private address; ${PUBLIC_ONLY}`),
    );
  }
  return new Promise((resolve, reject) => {
    const signal = AbortSignal.timeout(remaining);
    let idle = false;
    // Once the status line is in, the body's reader owns the outcome (a snippet outlives a stall).
    let answered = false;
    const failed = (err: Error) =>
      reject(
        err instanceof OutboundError
          ? err
          : signal.aborted || idle
            ? timedOut()
            : new OutboundError('failed', err.message),
      );
    const request = url.protocol === 'https:' ? https.request : http.request;
    const headers = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const outgoing = request(
      url,
      {
        method: req.method ?? 'GET',
        headers,
        lookup: guardedLookup(req.policy, 'url'),
        timeout: remaining,
        signal,
      },
      (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (req.maxRedirects > 0 && status >= 300 && status < 400 && location) {
          res.destroy();
          return resolve({ location });
        }
        if (req.read === 'whole' && (status < 200 || status >= 300)) {
          res.destroy();
          return resolve({ status, body: Buffer.alloc(0) });
        }
        const declared = Number(res.headers['content-length']);
        if (req.read === 'whole' && Number.isFinite(declared) && declared > req.maxBytes) {
          res.destroy();
          return reject(tooLarge(req.maxBytes));
        }
        readBody(res, req).then((body) => resolve({ status, body }), failed);
      },
    );
    outgoing.on('timeout', () => {
      idle = true;
      outgoing.destroy(timedOut());
    });
    outgoing.on('error', (err) => answered || failed(err));
    outgoing.end(req.body);
  });
}

function tooLarge(maxBytes: number): OutboundError {
  return new OutboundError('too_large', `the answer is larger than the ${maxBytes} bytes allowed`);
}

async function readBody(res: IncomingMessage, req: OutboundRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size < req.maxBytes) continue;
      if (req.read === 'snippet') break;
      if (size > req.maxBytes) throw tooLarge(req.maxBytes);
    }
  } catch (err) {
    if (req.read === 'whole') throw err;
  } finally {
    res.destroy();
  }
  return Buffer.concat(chunks).subarray(0, req.maxBytes);
}
