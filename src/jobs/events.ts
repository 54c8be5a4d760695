// Job events travel as Postgres NOTIFY on one channel. Payloads are small (ids and the
// version; NOTIFY caps at 8000 bytes): each api process loads the job once per event and
// shares it with all its subscribers.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, type SQL, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { z } from 'zod';
import type { Database, Executor, Sql } from '../db/client.ts';
import { type JobRow, jobEvents, jobs } from '../db/schema.ts';

export const JOB_EVENTS_CHANNEL = 'docket_job_events';
/** How often the LISTEN connection is proven alive. */
const LISTEN_CHECK_MS = 3000;

const payloadSchema = z.object({ j: z.string(), o: z.string(), v: z.number().int() });

export interface JobEventRef {
  jobId: string;
  organizationId: string;
  version: number;
}

export async function notifyJobEvent(tx: Executor, ref: JobEventRef): Promise<void> {
  const payload = JSON.stringify({ j: ref.jobId, o: ref.organizationId, v: ref.version });
  await tx.execute(sql`select pg_notify(${JOB_EVENTS_CHANNEL}, ${payload})`);
}

/**
 * The job as it was at `version`: the row, with the lifecycle fields taken from that
 * version's event. Results appear only in the version that finished the job.
 */
export async function loadJobAtVersion(
  db: Database,
  organizationId: string,
  jobId: string,
  version: number,
): Promise<JobRow | null> {
  const [job] = await loadSnapshots(db, organizationId, jobId, eq(jobEvents.version, version));
  return job ?? null;
}

/** Events of a job after `afterVersion`, oldest first, as snapshots. */
export function loadJobEventsAfter(
  db: Database,
  organizationId: string,
  jobId: string,
  afterVersion: number,
): Promise<JobRow[]> {
  return loadSnapshots(db, organizationId, jobId, gt(jobEvents.version, afterVersion));
}

/**
 * The organization's events since `since`, oldest first, as snapshots, at most `limit`:
 * what an organization-wide subscriber may have missed while the LISTEN was down.
 */
export async function loadOrgEventsSince(
  db: Database,
  organizationId: string,
  since: Date,
  limit: number,
): Promise<JobRow[]> {
  const rows = await db
    .select({ job: jobs, event: jobEvents })
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(and(eq(jobEvents.organizationId, organizationId), gt(jobEvents.createdAt, since)))
    .orderBy(jobEvents.createdAt, jobEvents.version)
    .limit(limit);
  return rows.map((r) => snapshot(r.job, r.event));
}

async function loadSnapshots(
  db: Database,
  organizationId: string,
  jobId: string,
  versions: SQL,
): Promise<JobRow[]> {
  const rows = await db
    .select({ job: jobs, event: jobEvents })
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(and(eq(jobEvents.jobId, jobId), eq(jobEvents.organizationId, organizationId), versions))
    .orderBy(jobEvents.version);
  return rows.map((r) => snapshot(r.job, r.event));
}

function snapshot(job: JobRow, event: typeof jobEvents.$inferSelect): JobRow {
  if (event.version === job.version) return job;
  const finished = event.status === 'COMPLETED' || event.status === 'FAILED' || event.status === 'CANCELLED';
  return {
    ...job,
    version: event.version,
    status: event.status,
    stage: event.stage,
    progress: event.progress,
    attempts: event.attempts,
    updatedAt: event.createdAt,
    // A later EXPIRED dropped these; an earlier version had not produced them yet.
    ...(finished
      ? {}
      : {
          response: null,
          error: null,
          qualityScore: null,
          qualityGrade: null,
          piiFindings: null,
          piiFindingsCount: null,
          privacyApplied: false,
          processingSummary: null,
          completedAt: null,
        }),
  };
}

type Listener = (event: JobRow) => void;

/**
 * One LISTEN per process, fanned out in memory to the subscribers of each organization.
 * A (re)connected LISTEN calls the resync listeners so subscribers can catch up on what
 * they may have missed while it was down.
 */
export class JobEventHub {
  readonly #db: Database;
  readonly #sql: Sql;
  readonly #byOrg = new Map<string, Set<Listener>>();
  readonly #resync = new Set<() => void>();
  readonly #listenUrl: string;
  #listener: Sql | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #watchdog: ReturnType<typeof setInterval> | null = null;
  #ping: string | null = null;
  #checking = false;

  constructor(db: Database, sql: Sql, listenUrl: string) {
    this.#db = db;
    this.#sql = sql;
    this.#listenUrl = listenUrl;
  }

  async start(): Promise<void> {
    await this.#listen();
    // postgres.js re-issues LISTEN once when its connection closes and silently drops the
    // channel if that one attempt fails (the database still down): events would stop for
    // good. A ping through our own channel proves the LISTEN alive; an unanswered one
    // means listening again (which resyncs the subscribers).
    this.#watchdog = setInterval(() => void this.#checkListen(), LISTEN_CHECK_MS);
    this.#watchdog.unref();
  }

  async stop(): Promise<void> {
    if (this.#watchdog) clearInterval(this.#watchdog);
    this.#watchdog = null;
    await this.#unlisten?.().catch(() => {});
    this.#unlisten = null;
    await this.#listener?.end({ timeout: 1 }).catch(() => {});
    this.#listener = null;
  }

  async #listen(): Promise<void> {
    // A connection of our own, not postgres.js's shared listen connection: when a write is
    // lost on it as the database drops it (porsager/postgres#1208), every later query on it
    // waits forever, so a dead one is thrown away and replaced.
    this.#listener ??= postgres(this.#listenUrl, {
      max: 1,
      onnotice: () => {},
      connect_timeout: 10,
      connection: { application_name: 'docket-listen' },
    });
    const { unlisten } = await this.#listener.listen(
      JOB_EVENTS_CHANNEL,
      (raw) => {
        if (raw === this.#ping) this.#ping = null;
        else void this.#dispatch(raw);
      },
      () => {
        for (const fn of this.#resync) fn();
      },
    );
    this.#unlisten = unlisten;
  }

  async #checkListen(): Promise<void> {
    if (this.#checking || !this.#watchdog) return;
    this.#checking = true;
    try {
      if (this.#ping !== null) {
        const dead = this.#listener;
        this.#listener = null;
        this.#unlisten = null;
        await within(LISTEN_CHECK_MS, dead?.end({ timeout: 0 })).catch(() => {});
        await within(LISTEN_CHECK_MS, this.#listen());
      }
      const ping = `ping:${randomUUID()}`;
      this.#ping = ping;
      // Bounded: a query on a connection the database dropped mid-write can hang.
      await within(LISTEN_CHECK_MS, this.#sql`select pg_notify(${JOB_EVENTS_CHANNEL}, ${ping})`);
    } catch {
      // The database is unreachable: the ping stays unanswered and the next check listens again.
    } finally {
      this.#checking = false;
    }
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.#byOrg.values()) n += set.size;
    return n;
  }

  /** Listens to one organization's job events; returns the unsubscribe function. */
  subscribe(organizationId: string, listener: Listener, onResync?: () => void): () => void {
    let set = this.#byOrg.get(organizationId);
    if (!set) {
      set = new Set();
      this.#byOrg.set(organizationId, set);
    }
    set.add(listener);
    if (onResync) this.#resync.add(onResync);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#byOrg.delete(organizationId);
      if (onResync) this.#resync.delete(onResync);
    };
  }

  async #dispatch(raw: string): Promise<void> {
    let ref: z.infer<typeof payloadSchema>;
    try {
      ref = payloadSchema.parse(JSON.parse(raw));
    } catch {
      return;
    }
    const listeners = this.#byOrg.get(ref.o);
    if (!listeners || listeners.size === 0) return;
    const job = await loadJobAtVersion(this.#db, ref.o, ref.j, ref.v).catch(() => null);
    if (!job) return;
    for (const listener of [...listeners]) listener(job);
  }
}

function within<T>(ms: number, promise: Promise<T> | undefined): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
