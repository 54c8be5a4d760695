// After each test file: nothing it opened may outlive it (graphile-worker's "failed to
// release" check, graphql-ws's self-disposing test servers). A test server not closed, a
// thread still running (pipeline pools), or a socket, server, pipe or child process beyond
// what the file started with fails the file, naming what was left. Subscriptions end with
// their server or their client's socket, so they show up as one of those.
import { syncBuiltinESMExports } from 'node:module';
import workerThreads from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';
import { openTestServers } from './open-servers.ts';

// Every thread started from here on, until it exits. Patched on the builtin module before the
// test file imports anything, so Piscina's `require('worker_threads').Worker` is this one too.
const liveThreads = new Set<workerThreads.Worker>();
const Original = workerThreads.Worker;
class TrackedWorker extends Original {
  constructor(...args: ConstructorParameters<typeof Original>) {
    super(...args);
    liveThreads.add(this);
    this.once('exit', () => liveThreads.delete(this));
  }
}
(workerThreads as { Worker: typeof Original }).Worker = TrackedWorker;
syncBuiltinESMExports();

// Timers are left out: libraries keep short ones (keep-alive, retries) that end by themselves.
const counted = (kind: string) => kind !== 'Timeout' && kind !== 'Immediate';

function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo().filter(counted)) {
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

let baseline = new Map<string, number>();
beforeAll(() => {
  baseline = resources();
});

function leaks(): string[] {
  const found: string[] = [];
  if (openTestServers.size > 0) found.push(`${openTestServers.size} test server(s) not closed`);
  if (liveThreads.size > 0) found.push(`${liveThreads.size} thread(s) still running`);
  for (const [kind, n] of resources()) {
    const extra = n - (baseline.get(kind) ?? 0);
    if (extra > 0) found.push(`${extra} × ${kind}`);
  }
  return found;
}

afterAll(async () => {
  // Closing is asynchronous on the far side too (a socket's FIN, a thread's exit): give what
  // is on its way out a moment before calling it a leak.
  const until = Date.now() + 5000;
  let found = leaks();
  while (found.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    found = leaks();
  }
  if (found.length > 0) throw new Error(`the test file left open: ${found.join(', ')}`);
});
