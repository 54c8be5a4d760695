// Job events travel as Postgres NOTIFY on one channel. Payloads are small (ids, version and
// status; NOTIFY caps at 8000 bytes): each process loads the job once per event, only when a
// subscriber of its own wants that job, and shares the row with all of them.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { z } from 'zod';
import type { Database, Sql } from '../db/client.ts';
import {
  JOB_STATUSES,
  type JobRow,
  type JobStatus,
  jobEvents,
  jobs,
  organizations,
  TERMINAL_STATUSES,
} from '../db/schema.ts';

export const JOB_EVENTS_CHANNEL = 'docket_job_events';
/** Events loaded in one query at most. */
const LOAD_BATCH = 500;
/** How often the LISTEN connection is proven alive. */
const LISTEN_CHECK_MS = 3000;

const payloadSchema = z.object({
  j: z.string(),
  o: z.string(),
  v: z.number().int(),
  s: z.enum(JOB_STATUSES),
});

export interface JobEventRef {
  jobId: string;
  organizationId: string;
  version: number;
  status: JobStatus;
}

/** The job as one event left it, with that event's place in the organization's stream. */
export type JobSnapshot = JobRow & { seq: number };

/** The NOTIFY payload of an event on JOB_EVENTS_CHANNEL. */
export function eventPayload(ref: JobEventRef): string {
  return JSON.stringify({ j: ref.jobId, o: ref.organizationId, v: ref.version, s: ref.status });
}

/**
 * The jobs as they were at the given versions, in the order asked: each row, with the
 * lifecycle fields taken from that version's event. Results appear only in the version that
 * finished the job. Refs whose job or event is gone are left out.
 */
export async function loadEventSnapshots(db: Database, refs: readonly JobEventRef[]): Promise<JobSnapshot[]> {
  if (refs.length === 0) return [];
  const keys = refs.map((r) => sql`(${r.jobId}, ${r.version}::int, ${r.organizationId})`);
  const rows = await db
    .select({ job: jobs, event: jobEvents })
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(
      sql`(${jobEvents.jobId}, ${jobEvents.version}, ${jobEvents.organizationId}) in (${sql.join(keys, sql`, `)})`,
    );
  const byKey = new Map(rows.map((r) => [`${r.event.jobId}/${r.event.version}`, snapshot(r.job, r.event)]));
  return refs.flatMap((r) => byKey.get(`${r.jobId}/${r.version}`) ?? []);
}

/** Events of a job after `afterVersion`, oldest first, as snapshots. */
export function loadJobEventsAfter(
  db: Database,
  organizationId: string,
  jobId: string,
  afterVersion: number,
): Promise<JobSnapshot[]> {
  return loadSnapshots(db, organizationId, jobId, gt(jobEvents.version, afterVersion));
}

/** The job as it is now, with its latest event's seq. */
export async function loadCurrentJob(
  db: Database,
  organizationId: string,
  jobId: string,
): Promise<JobSnapshot | null> {
  const [job] = await loadSnapshots(db, organizationId, jobId, eq(jobEvents.version, jobs.version));
  return job ?? null;
}

/** The organization's events after `afterSeq`, in seq order, at most `limit`, as snapshots. */
export async function loadOrgEventsAfter(
  db: Database,
  organizationId: string,
  afterSeq: number,
  limit: number,
): Promise<JobSnapshot[]> {
  const rows = await db
    .select({ job: jobs, event: jobEvents })
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(and(eq(jobEvents.organizationId, organizationId), gt(jobEvents.seq, afterSeq)))
    .orderBy(asc(jobEvents.seq))
    .limit(limit);
  return rows.map((r) => snapshot(r.job, r.event));
}

/** The seq of the organization's latest event (0 before its first). */
export async function currentSeq(db: Database, organizationId: string): Promise<number> {
  const [row] = await db
    .select({ seq: organizations.eventSeq })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return row?.seq ?? 0;
}

async function loadSnapshots(
  db: Database,
  organizationId: string,
  jobId: string,
  versions: SQL,
): Promise<JobSnapshot[]> {
  const rows = await db
    .select({ job: jobs, event: jobEvents })
    .from(jobEvents)
    .innerJoin(jobs, eq(jobs.id, jobEvents.jobId))
    .where(and(eq(jobEvents.jobId, jobId), eq(jobEvents.organizationId, organizationId), versions))
    .orderBy(jobEvents.version);
  return rows.map((r) => snapshot(r.job, r.event));
}

function snapshot(job: JobRow, event: typeof jobEvents.$inferSelect): JobSnapshot {
  if (event.version === job.version) return { ...job, seq: event.seq };
  const finished = TERMINAL_STATUSES.includes(event.status);
  return {
    ...job,
    seq: event.seq,
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

type Listener = (event: JobSnapshot) => void;

/**
 * One LISTEN per process, fanned out in memory to the subscribers of each organization.
 * A (re)connected LISTEN calls the resync listeners so subscribers can catch up on what
 * they may have missed while it was down.
 */
/** Subscribers woken per turn of the event loop when one event fans out. */
const FANOUT_SLICE = 64;

export class JobEventHub {
  readonly #db: Database;
  readonly #sql: Sql;
  /** Organization-wide listeners, by organization id. */
  readonly #byOrg = new Map<string, Set<Listener>>();
  /** One job's listeners, by "organizationId/jobId". */
  readonly #byJob = new Map<string, Set<Listener>>();
  readonly #statusByJob = new Map<string, Set<(ref: JobEventRef) => void>>();
  readonly #loads = new Batcher<JobEventRef>((refs) => this.#deliver(refs), LOAD_BATCH);
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
        else this.#dispatch(raw);
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
    for (const set of this.#byJob.values()) n += set.size;
    return n;
  }

  /**
   * Listens to one organization's job events, or only to one job's with `jobId`; returns the
   * unsubscribe function. `onResync` is called when the LISTEN reconnected.
   */
  subscribe(
    organizationId: string,
    listener: Listener,
    opts: { jobId?: string; onResync?: () => void } = {},
  ): () => void {
    const { jobId, onResync } = opts;
    const [map, key] =
      jobId === undefined ? [this.#byOrg, organizationId] : [this.#byJob, `${organizationId}/${jobId}`];
    const off = addTo(map, key, listener);
    if (onResync) this.#resync.add(onResync);
    return () => {
      off();
      if (onResync) this.#resync.delete(onResync);
    };
  }

  /** The status of each new version of one job, straight from the notification: no database read. */
  watchStatus(jobId: string, listener: (ref: JobEventRef) => void): () => void {
    return addTo(this.#statusByJob, jobId, listener);
  }

  #dispatch(raw: string): void {
    let p: z.infer<typeof payloadSchema>;
    try {
      p = payloadSchema.parse(JSON.parse(raw));
    } catch {
      return;
    }
    const ref: JobEventRef = { jobId: p.j, organizationId: p.o, version: p.v, status: p.s };
    for (const fn of [...(this.#statusByJob.get(ref.jobId) ?? [])]) fn(ref);
    if (this.#byOrg.has(ref.organizationId) || this.#byJob.has(`${ref.organizationId}/${ref.jobId}`)) {
      this.#loads.push(ref);
    }
  }

  /** Loads a batch of events (whatever arrived while the previous batch loaded) and fans them out in order. */
  async #deliver(refs: JobEventRef[]): Promise<void> {
    const rows = await loadEventSnapshots(this.#db, refs).catch(() => []);
    for (const job of rows) {
      const listeners = [
        ...(this.#byOrg.get(job.organizationId) ?? []),
        ...(this.#byJob.get(`${job.organizationId}/${job.id}`) ?? []),
      ];
      for (let i = 0; i < listeners.length; i++) {
        // A woken subscriber runs its execution and write as microtasks, which hold off all
        // I/O until they are done: thousands at once stalled every other organization's
        // requests for seconds. Between slices the event loop takes I/O in.
        if (i > 0 && i % FANOUT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
        listeners[i]?.(job);
      }
    }
  }
}

function addTo<T>(map: Map<string, Set<T>>, key: string, item: T): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(item);
  return () => {
    set.delete(item);
    if (set.size === 0 && map.get(key) === set) map.delete(key);
  };
}

/**
 * Runs `work` on everything pushed: at once when idle, otherwise on all that arrived while
 * the previous run was busy, in one batch (at most `max`). No delay at low load, one query
 * for many events at high load, and batches in arrival order.
 */
export class Batcher<T> {
  readonly #work: (items: T[]) => Promise<void>;
  readonly #max: number;
  #pending: T[] = [];
  #busy = false;

  constructor(work: (items: T[]) => Promise<void>, max: number) {
    this.#work = work;
    this.#max = max;
  }

  push(item: T): void {
    this.#pending.push(item);
    if (!this.#busy) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, this.#max);
        await this.#work(batch).catch(() => {});
      }
    } finally {
      this.#busy = false;
    }
  }
}

function within<T>(ms: number, promise: Promise<T> | undefined): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
