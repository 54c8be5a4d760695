// One LISTEN per process on the job events channel (jobs/lifecycle.ts writes it), on a
// connection of its own, proven alive by a ping and replaced when dead; each event is loaded
// once, only when a subscriber of this process wants that job, and shared with all of them.
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { Batcher } from '../db/batcher.ts';
import type { Database, Sql } from '../db/client.ts';
import { JOB_EVENTS_CHANNEL, type JobEventRef, readEventPayload } from '../jobs/lifecycle.ts';
import { type JobSnapshot, loadEventSnapshots } from './snapshots.ts';

/** Events loaded in one query at most. */
const LOAD_BATCH = 500;
/** How often the LISTEN connection is proven alive. */
const LISTEN_CHECK_MS = 3000;

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
    const ref = readEventPayload(raw);
    if (!ref) return;
    for (const fn of [...(this.#statusByJob.get(ref.jobId) ?? [])]) fn(ref);
    if (this.#byOrg.has(ref.organizationId) || this.#byJob.has(`${ref.organizationId}/${ref.jobId}`)) {
      this.#loads.push(ref);
    }
  }

  /** Loads a batch of events (whatever arrived while the previous batch loaded) and fans them out in order. */
  async #deliver(refs: JobEventRef[]): Promise<void> {
    const rows = await loadEventSnapshots(this.#db, refs).catch(() => null);
    if (rows === null) {
      // The database did not answer: rather than lose these events, every subscriber reads back
      // what it missed (as after a LISTEN that reconnected).
      for (const fn of this.#resync) fn();
      return;
    }
    for (const job of rows) {
      const listeners = [
        ...(this.#byOrg.get(job.organizationId) ?? []),
        ...(this.#byJob.get(`${job.organizationId}/${job.id}`) ?? []),
      ];
      for (let i = 0; i < listeners.length; i++) {
        // A subscriber's delivery (a frame written straight to its socket, or its stream woken
        // to execute and write as microtasks) holds off all I/O until it is done: thousands at
        // once stalled every other organization's requests for seconds. Between slices the
        // event loop takes I/O in, and the frames of the slice leave (server/shared-fanout.ts).
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

function within<T>(ms: number, promise: Promise<T> | undefined): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
