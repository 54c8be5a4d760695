// Clients of a running Docket: GraphQL over HTTP, subscriptions over graphql-ws, the metrics
// page, and the small concurrency and polling helpers the scripts drive them with.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Sql } from '../../src/db/client.ts';
import { TERMINAL_STATUSES } from '../../src/db/schema.ts';
import { wallNow } from './stats.ts';

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

/** The terminal statuses (docs/glossary.md), as the server defines them. */
export const TERMINAL: readonly string[] = TERMINAL_STATUSES;

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
