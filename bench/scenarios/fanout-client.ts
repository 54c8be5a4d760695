// Load generator of the fan-out scenario, forked by fanout.ts: opens COUNT graphql-ws
// connections to one api process, each with one filter subscription, and records for every
// COMPLETED event how long after the job's completedAt it arrived. Talks to its parent over IPC:
//   parent → { type: 'report' }   child → { type: 'report', delays: number[], errors: number }
//   parent → { type: 'close' }    child disposes its clients and exits
// It exits by itself when its parent goes away.
//
//   node bench/scenarios/fanout-client.ts URL KEY COUNT
import { performance } from 'node:perf_hooks';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, key, countArg] = process.argv.slice(2);
if (!url || !key || !countArg || !process.send) {
  console.error('usage: forked by bench/scenarios/fanout.ts with URL KEY COUNT');
  process.exit(2);
}
const count = Number(countArg);
const send = process.send.bind(process);
const QUERY = 'subscription { jobUpdated(filter: { status: [COMPLETED] }) { id completedAt } }';

let delays: number[] = [];
let errors = 0;
const clients: Client[] = [];
const connected = new Set<Client>();

/** Resolves with whether the connection was acknowledged; a refused or dropped one is disposed. */
function open(): Promise<boolean> {
  return new Promise((resolve) => {
    const client: Client = createClient({
      url: url as string,
      connectionParams: { authorization: `Bearer ${key}` },
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      keepAlive: 0,
      // A handshake the loaded server did not answer in time: counted, opened again below.
      onNonLazyError: () => {},
      on: {
        connected: () => {
          connected.add(client);
          resolve(true);
        },
        closed: () => {
          connected.delete(client);
          resolve(false);
        },
      },
    });
    clients.push(client);
    client.subscribe(
      { query: QUERY },
      {
        next: (value) => {
          const at = performance.timeOrigin + performance.now();
          const job = (value.data as any)?.jobUpdated as { completedAt: string } | undefined;
          if (job?.completedAt) delays.push(at - Date.parse(job.completedAt));
          else errors++;
        },
        error: () => {
          errors++;
        },
        complete: () => {},
      },
    );
  });
}

// Connect a few hundred at a time: a single api process accepting 5,000 handshakes at once is
// a thundering herd, not the steady state being measured.
let refused = 0;
for (let pass = 0; pass < 3 && connected.size < count; pass++) {
  const missing = count - connected.size;
  for (let i = 0; i < missing; i += 200) {
    const ok = await Promise.all(Array.from({ length: Math.min(200, missing - i) }, open));
    refused += ok.filter((o) => !o).length;
  }
}
send({ type: 'connected', count: connected.size, refused });

process.on('message', (msg: { type: string }) => {
  if (msg.type === 'report') {
    send({ type: 'report', delays, errors });
    delays = [];
    errors = 0;
  }
  if (msg.type === 'close') {
    void Promise.all(clients.map((c) => c.dispose())).finally(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
