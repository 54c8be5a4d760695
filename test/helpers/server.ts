// A real Docket (api + worker) on a random port over its own database, with two
// organizations' keys, and clients that speak to it the way users do.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import type { DestinationStream } from 'pino';
import { type Docket, type Role, startDocket } from '../../src/app.ts';
import { createKey } from '../../src/auth/keys.ts';
import { loadConfig } from '../../src/config.ts';
import { connect } from '../../src/db/client.ts';
import { createLogger } from '../../src/log.ts';
import { createTestDatabase } from './database.ts';
import { openTestServers } from './open-servers.ts';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: string[] }[];
}

export interface TestServer {
  url: string;
  wsUrl: string;
  databaseUrl: string;
  keyA: string;
  keyB: string;
  docket: Docket;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<GqlResult<T>>;
  upload<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown>,
    file: { bytes: Uint8Array; name: string; type?: string },
    key?: string,
  ): Promise<GqlResult<T>>;
  subscribe(query: string, variables?: Record<string, unknown>, key?: string): Subscription;
  close(): Promise<void>;
}

export interface Subscription {
  events: Record<string, any>[];
  errors: unknown[];
  /** Resolves when the server completes the subscription. */
  done: Promise<void>;
  /** Resolves once `predicate` holds for some event. */
  until(predicate: (event: Record<string, any>) => boolean): Promise<Record<string, any>>;
  stop(): void;
}

export async function startTestServer(
  opts: {
    role?: Role;
    env?: Record<string, string>;
    databaseUrl?: string;
    /** Where the server's log lines go (default stdout, at TEST_LOG_LEVEL). */
    logDestination?: DestinationStream;
    /** Preset the default organization's key in GraphiQL, as the embedded setup does. */
    presetKey?: boolean;
  } = {},
): Promise<TestServer> {
  const db = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => {} } : await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'docket-test-'));
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    WORKER_CONCURRENCY: '2',
    // Every test server would spend seconds of CPU starting OCR engines most tests never use.
    PIPELINE_WARM_UP: 'false',
    ...opts.env,
  });
  const docket = await startDocket(
    config,
    opts.role ?? 'all',
    createLogger(config.LOG_LEVEL, opts.logDestination),
    null,
    opts.presetKey,
  );
  const admin = connect(db.url, { max: 1 });
  const keyA = (await createKey(admin.db, 'org-a')).key;
  const keyB = (await createKey(admin.db, 'org-b')).key;
  await admin.sql.end();
  const url = `http://127.0.0.1:${docket.port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${docket.port}/graphql`;
  const subscriptions = new Set<Subscription>();

  const server: TestServer = {
    url,
    wsUrl,
    databaseUrl: db.url,
    keyA,
    keyB,
    docket,
    async gql(query, variables = {}, key = keyA) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResult<any>;
    },
    async upload(query, variables, file, key = keyA) {
      const res = await postMultipart(url, query, variables, file, key);
      return (await res.json()) as GqlResult<any>;
    },
    subscribe(query, variables = {}, key = keyA) {
      const sub = subscribeWs(wsUrl, query, variables, key);
      subscriptions.add(sub);
      return sub;
    },
    async close() {
      openTestServers.delete(server);
      for (const sub of subscriptions) sub.stop();
      await docket.close(2000);
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  openTestServers.add(server);
  return server;
}

/** The GraphQL multipart request spec, as a browser or curl sends it. */
export function postMultipart(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  file: { bytes: Uint8Array; name: string; type?: string },
  key: string | null,
): Promise<Response> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set(
    '0',
    new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? 'application/octet-stream' }),
    file.name,
  );
  return fetch(url, {
    method: 'POST',
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'x-graphql-csrf': '1' },
    body: form,
  });
}

export function subscribeWs(
  wsUrl: string,
  query: string,
  variables: Record<string, unknown>,
  key: string | null,
): Subscription {
  const client = createClient({
    url: wsUrl,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
  const events: Record<string, any>[] = [];
  const errors: unknown[] = [];
  const waiters: {
    predicate: (e: Record<string, any>) => boolean;
    resolve: (e: Record<string, any>) => void;
  }[] = [];
  let resolveDone!: () => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolveDone = res;
    rejectDone = rej;
  });
  done.catch(() => {});
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        const data = value.data as Record<string, any> | undefined;
        const event = data ? Object.values(data)[0] : undefined;
        if (!event) return;
        events.push(event);
        for (const w of [...waiters]) {
          if (w.predicate(event)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
      },
      error: (err) => {
        errors.push(err);
        rejectDone(err);
        void client.dispose();
      },
      complete: () => {
        resolveDone();
        void client.dispose();
      },
    },
  );
  return {
    events,
    errors,
    done,
    until: (predicate) => {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    stop: () => {
      unsubscribe();
      void client.dispose();
    },
  };
}

/**
 * A subscription over Server-Sent Events (yoga's "distinct connections" mode): one POST
 * whose response streams `next` events until `complete`. Errors arrive as `next` events
 * carrying `errors`. `stop()` aborts the request, as a client dropping the stream does.
 */
export function subscribeSse(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  key: string | null,
): Subscription {
  const controller = new AbortController();
  const events: Record<string, any>[] = [];
  const errors: unknown[] = [];
  const waiters: {
    predicate: (e: Record<string, any>) => boolean;
    resolve: (e: Record<string, any>) => void;
  }[] = [];
  const done = (async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type === 'complete') return;
        if (type !== 'next' || !data) continue;
        const value = JSON.parse(data) as { data?: Record<string, any>; errors?: unknown[] };
        if (value.errors) errors.push(...value.errors);
        const event = value.data ? Object.values(value.data)[0] : undefined;
        if (!event) continue;
        events.push(event);
        for (const w of [...waiters]) {
          if (w.predicate(event)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
      }
    }
  })();
  done.catch(() => {});
  return {
    events,
    errors,
    done,
    until: (predicate) => {
      const found = events.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    stop: () => controller.abort(),
  };
}

/** `node src/main.ts --role worker` on the given database; resolves once its workers run. */
export function startWorkerProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['src/main.ts', '--role', 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '1',
      DATA_DIR: '.data/test-worker',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('workers started')) resolve(child);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}: ${out}`)));
  });
}
