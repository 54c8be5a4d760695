// pg-boss queues: one registry of names, each with the zod schema of its payload, checked
// when a task is sent and again when it is received.
import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import { PgBoss, type SendOptions } from 'pg-boss';
import { insertJobs, notifyChannelSql } from 'pg-boss/dist/plans.js';
import { z } from 'zod';
import type { Executor } from '../db/client.ts';
import { bossDatabase, oncePer } from '../db/prepared.ts';
import { type JobPriority, WEBHOOK_EVENTS } from '../db/schema.ts';

export const QUEUES = {
  /** Runs a job's pipeline. */
  run: {
    name: 'docket-run',
    payload: z.object({
      jobId: z.string(),
      organizationId: z.string(),
      /** The creating request's W3C trace context, when tracing is on: the run joins its trace. */
      traceparent: z.string().max(256).optional(),
      /** Attempts the job had when retryJob sent this task; its attempts number on from there. */
      attemptBase: z.number().int().min(0).optional(),
    }),
  },
  /** Where a run lands after its last attempt died: the job is failed there. */
  dead: { name: 'docket-run-dead', payload: z.object({ jobId: z.string(), organizationId: z.string() }) },
  /** Expires terminal jobs past their expiresAt (a schedule). */
  retention: { name: 'docket-retention', payload: z.object({}).passthrough() },
  /** POSTs one terminal event of a job to one webhook; retried with back-off on failure. */
  webhook: {
    name: 'docket-webhook',
    payload: z.object({
      webhookId: z.string(),
      organizationId: z.string(),
      jobId: z.string(),
      event: z.enum(WEBHOOK_EVENTS),
    }),
  },
} as const;
export type QueueKey = keyof typeof QUEUES;
export type Payload<K extends QueueKey> = z.infer<(typeof QUEUES)[K]['payload']>;

/** pg-boss fetches higher `priority` first (then older first); NORMAL is its default, 0. */
export const QUEUE_PRIORITY: Record<JobPriority, number> = { LOW: -1, NORMAL: 0, HIGH: 1 };

/** pg-boss's schema in the database. */
export const BOSS_SCHEMA = 'pgboss';

/** Attempts a run gets in all (docs/contract.md, "Lifecycle"). */
export const MAX_ATTEMPTS = 3;

export interface BossOptions {
  url: string;
  heartbeatSeconds: number;
  jobTimeoutSeconds: number;
  /** Start maintenance and schedules (the worker role). */
  supervise: boolean;
  webhooks?: WebhookRetryPolicy;
  /** A pg-boss query unanswered this long fails and its connection is dropped; 0: never. */
  answerTimeoutMs?: number;
}

export interface WebhookRetryPolicy {
  /** Attempts a delivery gets in all (default 10). */
  attempts: number;
  /** First retry delay in seconds, doubled (with jitter) per retry up to an hour (default 30). */
  retryDelaySeconds: number;
  /** One attempt's time budget (default 10 s). */
  timeoutMs: number;
}
export const WEBHOOK_RETRY_DEFAULTS: WebhookRetryPolicy = {
  attempts: 10,
  retryDelaySeconds: 30,
  timeoutMs: 10_000,
};

export async function startBoss(opts: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: opts.url,
    schema: BOSS_SCHEMA,
    application_name: 'docket-queue',
    max: 6,
    // node-postgres's own bound on a query (pg-boss passes its options to pg.Pool; not in its
    // types): without it a fetch on a black-holed connection waits for good (fault:half-open).
    ...(opts.answerTimeoutMs ? { query_timeout: opts.answerTimeoutMs } : {}),
    useListenNotify: true,
    supervise: opts.supervise,
    schedule: opts.supervise,
    // A dead worker's job must be noticed within seconds, not pg-boss's default minute: a pass
    // runs every max(supervise, monitor) seconds, so a stale heartbeat is failed within
    // heartbeat + 2 s (npm run fault:dead-worker).
    superviseIntervalSeconds: 2,
    monitorIntervalSeconds: 2,
    // The backlog count that keeps workers fetching back to back is read from this cache.
    queueCacheIntervalSeconds: 2,
  });
  boss.on('error', () => {
    // pg-boss reports connection trouble here and recovers by itself; the health check and
    // the caller's logs say when the database is really gone.
  });
  await boss.start();
  await boss.createQueue(QUEUES.dead.name, { notify: true });
  await boss.createQueue(QUEUES.run.name, {
    notify: true,
    retryLimit: MAX_ATTEMPTS - 1,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 30,
    heartbeatSeconds: opts.heartbeatSeconds,
    // Past its time budget plus a margin, a run is expired and retried elsewhere.
    expireInSeconds: opts.jobTimeoutSeconds + 60,
    deadLetter: QUEUES.dead.name,
  });
  await boss.createQueue(QUEUES.retention.name, { retryLimit: 0 });
  const hooks = opts.webhooks ?? WEBHOOK_RETRY_DEFAULTS;
  const webhookPolicy = {
    notify: true,
    retryLimit: hooks.attempts - 1,
    retryDelay: hooks.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: Math.ceil(hooks.timeoutMs / 1000) + 60,
  };
  await boss.createQueue(QUEUES.webhook.name, webhookPolicy);
  // createQueue keeps an existing queue as it was: apply this start's configuration.
  await boss.updateQueue(QUEUES.webhook.name, webhookPolicy);
  return boss;
}

/** Sends a task; with `tx` it commits (or rolls back) with the caller's transaction. */
export async function sendTask<K extends QueueKey>(
  boss: PgBoss,
  key: K,
  payload: Payload<K>,
  options: SendOptions & { tx?: Executor } = {},
): Promise<string> {
  const { tx, ...rest } = options;
  const data = QUEUES[key].payload.parse(payload);
  const id = await boss.send(QUEUES[key].name, data, tx ? { ...rest, db: bossDatabase(tx) } : rest);
  if (!id) throw new Error(`pg-boss refused a task on ${QUEUES[key].name}`);
  return id;
}

/**
 * pg-boss's own insert of one task, to be a CTE of a statement of ours (createJob's, so that the
 * job and its queue entry are one statement: src/jobs/create.ts), and its wake-up of the
 * queue's workers. It is pg-boss's text (plans.insertJobs, what boss.send runs) with its one
 * parameter, the tasks as JSON, given by `tasks` (`taskJson` makes the value).
 */
export async function taskInsert(
  boss: PgBoss,
  key: QueueKey,
  tasks: SQL,
): Promise<{ insert: SQL; wake: SQL }> {
  const name = QUEUES[key].name;
  const queue = await queueOf(boss, name);
  const [before, after, ...more] = insertJobs(BOSS_SCHEMA, {
    table: queue.table,
    name,
    returnId: true,
  }).split('$1');
  if (after === undefined || more.length > 0) throw new Error("pg-boss's task insert changed its parameters");
  return {
    insert: sql`${sql.raw(before as string)}${tasks}${sql.raw(after)}`,
    wake: queue.notify ? sql.raw(`pg_notify(${notifyChannelSql(BOSS_SCHEMA)}, '${name}')`) : sql`null`,
  };
}

/**
 * pg-boss's completion of one task, as an UPDATE to be a CTE of a statement of ours (a run's end,
 * src/jobs/lifecycle.ts), in place of the statement pg-boss runs after the handler returns: the
 * same change as its completeJobs, fenced the same way, to the claim that fetched the task
 * (`retryCount`). The handler then returns TASK_SETTLED (patches/pg-boss+12.38.0.patch).
 */
export async function taskComplete(
  boss: PgBoss,
  key: QueueKey,
  id: Placeholder,
  retryCount: Placeholder,
): Promise<SQL> {
  const name = QUEUES[key].name;
  const { table } = await queueOf(boss, name);
  const t = sql.raw(`${BOSS_SCHEMA}.${table}`);
  return sql`update ${t} set completed_on = ${sql.raw(BOSS_SCHEMA)}.job_now(), state = 'completed', output = null
    where name = ${sql.raw(`'${name}'`)} and id = ${id}::uuid and state = 'active' and retry_count = ${retryCount}::int
    returning id`;
}

/** What a handler that completed its task itself returns to pg-boss (see taskComplete). */
export const TASK_SETTLED = Symbol.for('docket.pg-boss.settled-by-handler');

/** The JSON `taskInsert`'s parameter takes: one task, as boss.send would give it. */
export function taskJson<K extends QueueKey>(
  key: K,
  payload: Payload<K>,
  options: { id: string; priority: number; group: { id: string } },
): string {
  const data = QUEUES[key].payload.parse(payload);
  return JSON.stringify([{ id: options.id, data, priority: options.priority, groupId: options.group.id }]);
}

/** Each queue's table and notify setting, as pg-boss's own cache keeps them (fixed once created). */
const queuesOf = oncePer((_boss: PgBoss) => new Map<string, Promise<{ table: string; notify: boolean }>>());
function queueOf(boss: PgBoss, name: string): Promise<{ table: string; notify: boolean }> {
  const queues = queuesOf(boss);
  let info = queues.get(name);
  if (!info) {
    info = boss.getQueue(name).then((q) => {
      if (!q?.table) throw new Error(`pg-boss queue ${name} does not exist`);
      return { table: q.table, notify: q.notify === true };
    });
    info.catch(() => queues.delete(name));
    queues.set(name, info);
  }
  return info;
}

export function parsePayload<K extends QueueKey>(key: K, data: unknown): Payload<K> {
  return QUEUES[key].payload.parse(data) as Payload<K>;
}
