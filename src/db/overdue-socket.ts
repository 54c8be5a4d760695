import net from 'node:net';

/**
 * A socket factory for postgres.js that destroys a connection whose answer is overdue.
 *
 * postgres.js bounds the connect but not a query: when the path to the database turns into a
 * black hole (a dead NAT, a firewall dropping packets, a frozen server) a query waits for good,
 * and so does every query pipelined behind it (npm run fault:half-open). TCP keepalive does
 * not help while the peer's kernel still answers probes. So: from the first write after the
 * last complete answer, the server must send something within `timeoutMs`; otherwise the
 * socket is destroyed, postgres.js fails the waiting queries with CONNECTION_CLOSED and the
 * pool connects afresh. An answer is complete when a chunk ends with ReadyForQuery; any other
 * bytes restart the clock. Bytes that arrive with nothing asked (LISTEN's notifications) are
 * not answers and change nothing.
 *
 * Plain TCP only: under TLS, node's TLS layer writes to the socket's handle, not through
 * `write`, so the bound is never armed (postgres.js then behaves as without it; pg-boss's own
 * query_timeout still applies). The `tls` flag below keeps it from misreading encrypted bytes.
 */
export function overdueSocket(timeoutMs: number) {
  return (options: { host: string[]; port: number[]; path?: string }): net.Socket => {
    const socket = options.path
      ? net.connect(options.path)
      : net.connect(options.port[0] as number, options.host[0] as string);
    let waitingSince: number | null = null;
    let sawData = false;
    let tls = false;

    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      waitingSince ??= Date.now();
      return write(...args);
    }) as typeof socket.write;
    socket.on('data', (chunk: Buffer) => {
      // The first answer of a connection that asked for TLS is the single byte 'S'.
      if (!sawData && chunk.length === 1 && chunk[0] === 0x53) tls = true;
      sawData = true;
      if (waitingSince === null) return;
      waitingSince = tls || endsWithReadyForQuery(chunk) ? null : Date.now();
    });

    const check = setInterval(
      () => {
        if (waitingSince !== null && Date.now() - waitingSince > timeoutMs) {
          socket.destroy(new Error(`no answer from the database in ${timeoutMs / 1000} s`));
        }
      },
      Math.min(1000, timeoutMs),
    );
    check.unref();
    socket.once('close', () => clearInterval(check));
    return socket;
  };
}

// ReadyForQuery: 'Z', length 5, transaction status byte.
function endsWithReadyForQuery(chunk: Buffer): boolean {
  const at = chunk.length - 6;
  return at >= 0 && chunk[at] === 0x5a && chunk.readInt32BE(at + 1) === 5;
}
