// The bound on a request body's bytes, in place of yoga's own (its maxRequestBodySize).
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * yoga bounds a body by piping every request through a TransformStream into a new Request: a
 * stream pipeline, an AbortController aborted with a DOMException when it ends, for every
 * request, ~15 % of the api's CPU on a small createJob (docs/performance.md). A body with a
 * Content-Length needs none of it: the route refuses one over the limit unread (http.ts), and
 * Node's HTTP parser never reads a body past its declared length. Only a body sent without one
 * (chunked) is counted as it streams, the way yoga counts it, with the same error.
 */
export function useBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      // Node's parser answers a malformed Content-Length with 400 itself; the route has checked
      // a well-formed one against the limit.
      if (requestParser == null || request.body == null || request.headers.has('content-length')) return;
      setRequestParser((req) => requestParser(counted(req, limit, fetchAPI)));
    },
  };
}

interface Fetch {
  Request: typeof Request;
  TransformStream: typeof TransformStream;
}

function counted(request: Request, limit: number, fetchAPI: Fetch): Request {
  const body = request.body;
  if (!body) return request;
  // whatwg-node's body is its own ReadableStream, which pipes only into its own TransformStream.
  const Transform = body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
  let bytes = 0;
  const limited = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit)
          return controller.error(
            createGraphQLError('Request body too large', {
              extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
            }),
          );
        controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: limited,
    // @ts-expect-error: a streamed body needs it; TypeScript's RequestInit does not know it
    duplex: 'half',
  });
}
