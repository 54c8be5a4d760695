// Subscribers that stop reading. Their events do not pile up in memory: graphql-ws waits for
// each message's write before taking the next event (live events written straight to a socket,
// ./shared-fanout.ts, go that way too once 64 KiB wait on it), yoga's SSE stream waits for `drain`, and
// the event streams behind them (src/events/watch.ts) keep at most SUBSCRIBER_BUFFER events
// before reading back from job_events. What is left to bound is the socket itself: one that
// accepts nothing for SLOW_CONSUMER_SECONDS is disconnected, and a WebSocket with more than
// MAX_BUFFERED_BYTES waiting (many subscriptions on one socket each have a message in flight)
// is closed at once. Either way the client can resume with jobUpdated(since:).
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** The WebSocket close code for a slow consumer (graphql-ws clients retry it). */
export const SLOW_CONSUMER_CLOSE_CODE = 4008;
/** Bytes a WebSocket may have waiting to be sent before it is closed as a slow consumer. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Calls `disconnect` once `socket` has had output waiting without the peer taking a byte of
 * it for `seconds`. Returns the function that stops watching.
 */
export function watchStall(socket: Socket, seconds: number, disconnect: () => void): () => void {
  const checkMs = (seconds * 1000) / 4;
  let sent = -1;
  let stalledChecks = 0;
  const timer = setInterval(() => {
    // bytesWritten counts what is still buffered too; what the kernel took is the rest.
    const nowSent = socket.bytesWritten - socket.writableLength;
    stalledChecks = socket.writableLength > 0 && nowSent === sent ? stalledChecks + 1 : 0;
    sent = nowSent;
    if (stalledChecks >= 4) {
      clearInterval(timer);
      disconnect();
    }
  }, checkMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Closes a WebSocket as a slow consumer; its close frame cannot get through, so it is cut soon after. */
export function closeSlowWebSocket(socket: WebSocket): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.close(SLOW_CONSUMER_CLOSE_CODE, 'slow consumer: the socket is not reading its events');
  setTimeout(() => socket.terminate(), 1000).unref();
}
