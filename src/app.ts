// Assembles a Docket process from its roles: api, worker, or both.
import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { bootstrapDefaultKey } from './auth/bootstrap.ts';
import type { Config } from './config.ts';
import { connect } from './db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.ts';
import { runMigrations } from './db/migrate.ts';
import { waitForDatabase } from './db/wait.ts';
import { JobEventHub } from './events/hub.ts';
import { startBoss } from './jobs/queue.ts';
import { type HttpFront, openHttpFront } from './server/front.ts';
import { type ApiServer, startApi } from './server/http.ts';
import { type MetricsServer, startMetricsServer } from './server/metrics-server.ts';
import { createServices } from './services.ts';
import { startTracing, stopTracing } from './tracing/index.ts';
import { startWorkers, type Workers } from './worker/index.ts';

export type Role = 'all' | 'api' | 'worker';

export interface Docket {
  port: number | null;
  /** The key made on first start, when this start made it. */
  createdKey: string | null;
  /** Graceful: stop taking work, drain running jobs up to `drainMs`, close sockets and the database. */
  close(drainMs?: number): Promise<void>;
}

/**
 * `front`: the port the caller already opened (src/main.ts opens it before loading this module).
 * `presetKey`: preset the default organization's key in GraphiQL as with the embedded database
 * (tests, which run on DATABASE_URL).
 */
export async function startDocket(
  config: Config,
  role: Role,
  log: Logger,
  front: HttpFront | null = null,
  presetKey = false,
): Promise<Docket> {
  // Before the API's plugins are assembled; a no-op without an OTLP endpoint.
  await startTracing(config, log);
  // The port opens first: /healthz answers and /readyz says 503 while the database is awaited.
  front ??= role === 'worker' ? null : await openHttpFront(config.PORT, config.HOST);
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: `${config.DATA_DIR}/postgres`,
      port: config.EMBEDDED_PG_PORT,
      log: (m) => log.info(m),
    });
    url = embedded.url;
    log.info({ dataDir: embedded.dataDir, port: embedded.port }, 'using the embedded PostgreSQL');
  }
  const answerTimeoutMs = config.DB_ANSWER_TIMEOUT_SECONDS * 1000;
  const { db, sql } = connect(url, { answerTimeoutMs });
  await waitForDatabase(sql, log);
  // A connection of their own, without the answer bound: an index build may be long and quiet.
  const migrator = connect(url, { max: 2 }); // one holds the lock, one migrates
  await runMigrations(migrator.sql, migrator.db).finally(() => migrator.sql.end({ timeout: 5 }));
  const createdKey = await bootstrapDefaultKey(db, config.DATA_DIR);
  const boss = await startBoss({
    url,
    heartbeatSeconds: config.HEARTBEAT_SECONDS,
    jobTimeoutSeconds: config.JOB_TIMEOUT_SECONDS,
    supervise: role !== 'api',
    answerTimeoutMs,
    webhooks: {
      attempts: config.WEBHOOK_ATTEMPTS,
      retryDelaySeconds: config.WEBHOOK_RETRY_DELAY_SECONDS,
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    },
  });
  const hub = new JobEventHub(db, sql, url);
  await hub.start();

  let workers: Workers | null = null;
  let api: ApiServer | null = null;
  const services = createServices({ config, db, sql, boss, hub });
  if (role !== 'api') workers = await startWorkers({ ...services, log });
  let metrics: MetricsServer | null = null;
  if (role === 'worker' && config.METRICS && config.METRICS_PORT !== undefined) {
    metrics = await startMetricsServer(services, log, config.METRICS_PORT, config.HOST);
  }
  if (front) {
    api = await startApi({
      services,
      front,
      log,
      // The local, embedded setup is a developer's own machine: preset the key in GraphiQL.
      devKey: embedded || presetKey ? await readDevKey(config.DATA_DIR, createdKey) : undefined,
    });
  }

  return {
    port: api?.port ?? null,
    createdKey,
    close: async (drainMs = 20_000) => {
      await api?.close();
      await metrics?.close();
      // pg-boss stops fetching, waits for running handlers, then aborts their signals so
      // unfinished runs are handed back for another attempt.
      await boss.stop({ graceful: true, timeout: drainMs, close: true }).catch(() => {});
      await workers?.close();
      await hub.stop();
      await sql.end({ timeout: 5 });
      await embedded?.stop();
      await stopTracing();
    },
  };
}

async function readDevKey(dataDir: string, created: string | null): Promise<string | undefined> {
  if (created) return created;
  return readFile(`${dataDir}/api-key`, 'utf8')
    .then((s) => s.trim())
    .catch(() => undefined);
}
