// What the bench scenarios share: options, a throwaway Postgres cluster with one database per
// scenario, Docket child processes, a COMPLETED watcher over graphql-ws, statistics and the row
// every scenario reports. The bench process is the load generator; Docket runs as
// `node src/main.ts --role …` children; everything stays on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createKey } from '../../src/auth/keys.ts';
import { connect, type Database, type Sql } from '../../src/db/client.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { freePort, withDatabase } from '../../test/global-setup.ts';
import { type DocketProcess, startDocketProcess } from './clients.ts';

export interface Options {
  quick: boolean;
  reps: number;
  latencyJobs: number;
  throughputJobs: number;
  clients: number;
  subscribers: number;
  fanoutJobs: number;
  listingRows: number;
  listingQueries: number;
  isolationQueries: number;
  textPages: number;
  ocrPages: number;
}

export const FULL: Omit<Options, 'quick' | 'reps'> = {
  latencyJobs: 200,
  throughputJobs: 5000,
  clients: 32,
  subscribers: 10_000,
  fanoutJobs: 20,
  listingRows: 1_000_000,
  listingQueries: 20,
  isolationQueries: 200,
  textPages: 40,
  ocrPages: 6,
};

export const QUICK: Omit<Options, 'quick' | 'reps'> = {
  latencyJobs: 20,
  throughputJobs: 200,
  clients: 8,
  subscribers: 200,
  fanoutJobs: 5,
  listingRows: 20_000,
  listingQueries: 5,
  isolationQueries: 40,
  textPages: 10,
  ocrPages: 2,
};

/** One figure of the table. Rates report their worst repetition where latencies report p99. */
export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  median: number;
  /** p99 of the samples (latencies) or the worst repetition (rates, sizes). */
  p99: number | null;
  samples: number;
  reps: number;
  baseline?: { name: string; median: number; p99?: number | null } | undefined;
  /** median / baseline median */
  ratio?: number | undefined;
  goal?: string | undefined;
  met?: boolean | null | undefined;
  note?: string | undefined;
}

export interface BenchContext {
  opts: Options;
  cluster: BenchCluster;
}

export type Scenario = (ctx: BenchContext) => Promise<Row[]>;

export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Statistics

/** Nearest-rank quantile. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
export const median = (values: number[]) => quantile(values, 0.5);
export const p99 = (values: number[]) => quantile(values, 0.99);

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with timestamps other processes write. */
export const wallNow = () => performance.timeOrigin + performance.now();

export function latencyRow(
  scenario: string,
  metric: string,
  samples: number[],
  reps: number,
  extra: Partial<Row> = {},
): Row {
  return {
    scenario,
    metric,
    unit: 'ms',
    median: median(samples),
    p99: p99(samples),
    samples: samples.length,
    reps,
    ...extra,
  };
}

/** A rate measured once per repetition: median of the reps, worst rep in the p99 column. */
export function rateRow(
  scenario: string,
  metric: string,
  unit: string,
  perRep: number[],
  extra: Partial<Row> = {},
): Row {
  return {
    scenario,
    metric,
    unit,
    median: median(perRep),
    p99: Math.min(...perRep),
    samples: perRep.length,
    reps: perRep.length,
    ...extra,
  };
}

export function against(
  name: string,
  value: number,
  baselineValues: number[],
  kind: 'latency' | 'rate',
): Pick<Row, 'baseline' | 'ratio'> {
  const m = median(baselineValues);
  return {
    baseline: {
      name,
      median: m,
      p99: kind === 'latency' ? p99(baselineValues) : Math.min(...baselineValues),
    },
    ratio: value / m,
  };
}

// ---------------------------------------------------------------------------------------------
// Database

export interface BenchDatabase {
  name: string;
  url: string;
  sql: Sql;
  db: Database;
  keyA: string;
  orgA: string;
  keyB: string;
  orgB: string;
  drop(): Promise<void>;
}

export interface BenchCluster {
  adminUrl: string;
  version: string;
  /** A fresh database, migrated, with two organizations and a key each. */
  database(name: string): Promise<BenchDatabase>;
  close(): Promise<void>;
}

/** DATABASE_URL (an admin URL of a server to create databases on) or an embedded cluster of our own. */
export async function startCluster(): Promise<BenchCluster> {
  let stop = async () => {};
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = path.resolve('.data/bench/postgres');
    await rm(path.dirname(dir), { recursive: true, force: true });
    const embedded = await startEmbeddedPostgres({ dir, port: await freePort(), database: 'postgres' });
    adminUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
      await rm(path.dirname(dir), { recursive: true, force: true });
    };
  }
  const admin = connect(adminUrl, { max: 1 });
  const [{ version }] = (await admin.sql`select version()`) as unknown as [{ version: string }];
  return {
    adminUrl,
    version,
    database: async (name) => {
      const dbName = `bench_${name}_${process.pid}`;
      await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.sql.unsafe(`create database ${dbName}`);
      const url = withDatabase(adminUrl, dbName);
      const { db, sql } = connect(url, { max: 4 });
      await runMigrations(sql, db);
      const a = await createKey(db, 'bench-a');
      const b = await createKey(db, 'bench-b');
      return {
        name: dbName,
        url,
        sql,
        db,
        keyA: a.key,
        orgA: a.organizationId,
        keyB: b.key,
        orgB: b.organizationId,
        drop: async () => {
          await sql.end({ timeout: 2 }).catch(() => {});
          await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
        },
      };
    },
    close: async () => {
      await admin.sql.end({ timeout: 2 }).catch(() => {});
      await stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Docket

/** Environment of every Docket child: no rate limit (the load is the point), workers = cores. */
export function docketEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    RATE_LIMIT_PER_MINUTE: '100000000',
    WORKER_CONCURRENCY: String(availableParallelism()),
    DATA_DIR: `.data/bench/docket-${process.pid}`,
    ...extra,
  };
}

export function startDocket(role: 'all' | 'api' | 'worker', url: string, env: Record<string, string> = {}) {
  return startDocketProcess(role, url, docketEnv(env));
}

/** Docket as the scenario's topology: one `all` process, or an api and a worker process. */
export async function startTopology(
  topology: 'all' | 'split',
  url: string,
): Promise<{ apiUrl: string; api: DocketProcess; processes: DocketProcess[]; stop(): Promise<void> }> {
  const processes =
    topology === 'all'
      ? [await startDocket('all', url)]
      : [await startDocket('api', url), await startDocket('worker', url)];
  const api = processes[0] as DocketProcess;
  return {
    apiUrl: api.url as string,
    api,
    processes,
    stop: async () => {
      await Promise.all(processes.map((p) => p.stop(5000)));
    },
  };
}

/** Resident set size of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

export const CREATE_JOB =
  'mutation($input: CreateJobInput!) { createJob(input: $input) { id status createdAt } }';

/**
 * Terminal events of one organization over one graphql-ws connection
 * (`jobUpdated(filter: { status: [COMPLETED, FAILED] })`), with the wall time each arrived.
 */
export interface CompletionWatch {
  /** Resolves with the arrival time of the job's terminal event, and its status. */
  wait(id: string, timeoutMs?: number): Promise<{ at: number; status: string }>;
  arrived: Map<string, { at: number; status: string }>;
  close(): Promise<void>;
}

export async function watchCompletions(apiUrl: string, key: string): Promise<CompletionWatch> {
  const arrived = new Map<string, { at: number; status: string }>();
  const waiting = new Map<string, (v: { at: number; status: string }) => void>();
  const client = createClient({
    url: apiUrl.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${key}` },
    webSocketImpl: WebSocket,
    retryAttempts: 0,
  });
  let acknowledged!: () => void;
  const ready = new Promise<void>((resolve) => {
    acknowledged = resolve;
  });
  let failed: unknown = null;
  client.subscribe(
    {
      query: 'subscription { jobUpdated(filter: { status: [COMPLETED, FAILED] }) { id status } }',
    },
    {
      next: (value) => {
        const at = wallNow();
        const job = (value.data as any)?.jobUpdated as { id: string; status: string } | undefined;
        if (!job) return;
        const event = { at, status: job.status };
        arrived.set(job.id, event);
        waiting.get(job.id)?.(event);
        waiting.delete(job.id);
      },
      error: (err) => {
        failed = err;
      },
      complete: () => {},
    },
  );
  client.on('connected', () => acknowledged());
  await ready;
  // The subscription is registered on the server a moment after the connection is acknowledged.
  await new Promise((r) => setTimeout(r, 200));
  return {
    arrived,
    wait: (id, timeoutMs = 60_000) => {
      const seen = arrived.get(id);
      if (seen) return Promise.resolve(seen);
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`no terminal event for ${id} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (v) => {
          clearTimeout(timer);
          resolve(v);
        });
      });
    },
    close: () => client.dispose() as Promise<void>,
  };
}

/**
 * Why a job's terminal event did not arrive: the job's row as the database has it. A job
 * COMPLETED in the database whose event never reached the subscriber is a lost event; one still
 * QUEUED was never picked up.
 */
export async function jobState(sql: Sql, id: string): Promise<string> {
  const [row] = (await sql`
    select status, started_at, completed_at, (select count(*) from job_events where job_id = ${id})::int as events
    from jobs where id = ${id}
  `) as unknown as { status: string; started_at: Date | null; completed_at: Date | null; events: number }[];
  if (!row) return `${id}: no such job`;
  return `${id}: ${row.status} in the database, started ${row.started_at ? new Date(row.started_at).toISOString() : '-'}, completed ${row.completed_at ? new Date(row.completed_at).toISOString() : '-'}, ${row.events} events`;
}
