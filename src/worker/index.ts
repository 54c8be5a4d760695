// The worker role: pg-boss handlers for runs, the dead-letter queue, webhook deliveries and retention.
import { availableParallelism } from 'node:os';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { JobEventHub } from '../events/hub.ts';
import { deleteExpiredExports } from '../jobs/export.ts';
import { QUEUES } from '../jobs/queue.ts';
import { expireDueJobs } from '../jobs/retention.ts';
import { createPipelinePool } from '../pipeline/pool.ts';
import { deliverWebhook } from './deliver-webhook.ts';
import { failAbandonedJob, runJob } from './run-job.ts';

export interface Workers {
  /** Frees the pipeline threads; pg-boss's graceful stop has drained the handlers before. */
  close(): Promise<void>;
}

export async function startWorkers(deps: {
  config: Config;
  db: Database;
  commits: GroupCommit;
  boss: PgBoss;
  hub: JobEventHub;
  log: Logger;
}): Promise<Workers> {
  const { config, db, commits, boss, hub, log } = deps;
  const concurrency = config.WORKER_CONCURRENCY;
  const threads = config.PIPELINE_THREADS ?? Math.max(1, availableParallelism());
  const pool = createPipelinePool({
    threads,
    warmUp: config.PIPELINE_WARM_UP,
    maxHeapMb: config.PIPELINE_MAX_HEAP_MB,
  });
  const warming = performance.now();
  void pool.warm.then((warmed) => {
    if (config.PIPELINE_WARM_UP) {
      log.info({ threads, warmed, ms: Math.round(performance.now() - warming) }, 'pipeline threads warm');
    }
  });
  const limits = {
    maxPages: config.MAX_PAGES,
    maxPixels: config.MAX_IMAGE_PIXELS,
    timeoutMs: config.JOB_TIMEOUT_SECONDS * 1000,
  };

  const llm =
    config.LLM_BASE_URL && config.LLM_MODEL
      ? {
          baseUrl: config.LLM_BASE_URL,
          model: config.LLM_MODEL,
          ...(config.LLM_API_KEY ? { apiKey: config.LLM_API_KEY } : {}),
        }
      : undefined;
  await boss.work(
    QUEUES.run.name,
    {
      localConcurrency: concurrency,
      // Jobs are grouped by organization (src/jobs/create.ts): one organization's backlog may
      // take every slot but one, so another's job starts within one job's time instead of
      // waiting behind the whole backlog (npm run fault:fairness).
      localGroupConcurrency: Math.max(1, concurrency - 1),
      // NOTIFY wakes us the moment a job is sent. A retry after a dead worker comes back
      // without a NOTIFY, so the backstop poll stays short.
      pollingIntervalSeconds: 2,
      notifyPollingIntervalSeconds: 2,
      // With a backlog, fetch again the moment a job is done rather than after the poll delay
      // (NOTIFYs only arrive while jobs are being sent, not while a backlog drains).
      burstWhenReadyExceeds: 1,
    },
    // runJob's TASK_SETTLED goes back to pg-boss: the job's end completed the task already.
    async ([task]) => (task ? runJob({ commits, boss, hub, pool, limits, llm, log }, task) : undefined),
  );
  await boss.work(QUEUES.dead.name, { pollingIntervalSeconds: 2 }, async ([task]) => {
    if (task) await failAbandonedJob({ db, boss }, task);
  });
  const webhookDeps = {
    db,
    log,
    policy: { allowPrivateUrls: config.ALLOW_PRIVATE_URLS },
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
  };
  await boss.work(
    QUEUES.webhook.name,
    // Deliveries wait on other servers, not on our CPU: several at once per process. A retry
    // becomes due without a NOTIFY, so the backstop poll stays short (pg-boss's default is 30 s).
    { localConcurrency: 8, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 2 },
    async ([task]) => {
      if (task) await deliverWebhook(webhookDeps, task);
    },
  );
  await boss.work(QUEUES.retention.name, { pollingIntervalSeconds: 5 }, async () => {
    const n = await expireDueJobs(db);
    if (n > 0) log.info({ expired: n }, 'expired jobs past retention');
    await deleteExpiredExports(db);
  });
  await boss.schedule(QUEUES.retention.name, '* * * * *');
  log.info({ concurrency, threads }, 'workers started');

  return { close: () => pool.close() };
}
