// A TCP proxy on 127.0.0.1 that a test puts between clients and a server to cut the network
// (after pg-boss's halfOpenProxy test helper): it forwards, refuses, or black-holes — accepts
// and keeps connections open but passes nothing, the way a dead network path looks.
import net from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'blackhole';

export interface TcpProxy {
  port: number;
  /** How connections made from now on are treated; existing ones follow `blackhole` too. */
  setMode(mode: ProxyMode): void;
  /** Destroys every open connection (both sides), as a dropped network does to a client. */
  cut(): void;
  /** Client connections open now. */
  connections(): number;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    // Data is passed on by hand rather than piped, so a black-holed pair can drop it.
    client.on('data', (chunk) => {
      if (mode !== 'blackhole') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode !== 'blackhole') client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    setMode: (next) => {
      mode = next;
    },
    cut: () => {
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    connections: () => pairs.size,
    close: async () => {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
