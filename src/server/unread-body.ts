// What happens to the part of a request body the API stops reading (an upload refused at the
// file limit while it streams).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Past this much unread body the connection is cut instead of read to its end. */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * When busboy stops at the file limit, yoga answers 413 and whatwg-node destroys the request.
 * Node then neither read the rest of the body nor closed the socket, so the client's next request
 * on that keep-alive connection hung until the socket timed out, and got ECONNRESET. Now an answer
 * sent before the body ended says `Connection: close`, the rest of the body is read and dropped,
 * and the socket closes once the client has sent it all (a lingering close, as nginx does:
 * closing on a client still writing resets the connection, and the client may lose our answer).
 * A body that goes on past DRAIN_LIMIT_BYTES more is cut off with the connection.
 */
export function closeAfterUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  const destroy = req.destroy.bind(req);
  let draining = false;
  const drain = () => {
    if (draining) return;
    draining = true;
    req.unpipe();
    let dropped = 0;
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DRAIN_LIMIT_BYTES) destroy();
    });
    // The reader that stopped has reported its error to yoga; the stream itself ends cleanly.
    req.on('error', () => {});
    req.resume();
  };
  // whatwg-node destroys it, more than once (from its pipeline and from its stream's error).
  req.destroy = (error?: Error) => {
    if (req.complete || req.destroyed) return destroy(error);
    drain();
    return req;
  };
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    if (!req.complete) {
      res.shouldKeepAlive = false;
      lingerOnClose(req, res);
      drain();
    }
    return writeHead(...args);
  }) as typeof res.writeHead;
}

/** Node closes a `Connection: close` socket once the answer is written; this waits for the body. */
function lingerOnClose(req: IncomingMessage, res: ServerResponse): void {
  // whatwg-node may have cut the request from its socket already (a chunked body over the limit).
  const socket = req.socket ?? res.socket;
  if (!socket) return;
  const destroySoon = socket.destroySoon.bind(socket);
  socket.destroySoon = () => {
    if (req.complete) return destroySoon();
    socket.end();
    req.once('end', () => socket.destroy());
  };
}
