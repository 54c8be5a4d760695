// The pg-boss handler that runs one attempt of a job through the pipeline.
import type { Job as BossTask, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { JobErrorRecord, JobRow } from '../db/schema.ts';
import type { JobEventHub } from '../events/hub.ts';
import { completeRun, startRun, transition } from '../jobs/lifecycle.ts';
import { MAX_ATTEMPTS, parsePayload, TASK_SETTLED } from '../jobs/queue.ts';
import { withOptionDefaults } from '../pipeline/options.ts';
import type { PipelinePool } from '../pipeline/pool.ts';
import {
  type Checkpoint,
  type Endpoint,
  PipelineError,
  type PipelineInput,
  type PipelineLimits,
  type PipelineOptions,
  type PipelineResult,
  type Stage,
} from '../pipeline/types.ts';
import { startRunSpan } from '../tracing/index.ts';
import { progressWriter } from './progress.ts';

import { stageTimer } from './stage-metrics.ts';

type Checkpointed = Parameters<Checkpoint>[0];

/**
 * What a started run writes, it writes only while the job is IN_PROGRESS: a job cancelled and
 * then retried (QUEUED again, on the same attempt count) is no longer the stopped run's to touch.
 */
const RUNNING = ['IN_PROGRESS'] as const;

export interface RunDeps {
  /** Job changes of concurrent runs share commits. */
  commits: GroupCommit;
  /** Terminal transitions queue webhook deliveries with it, and a completed run ends its task. */
  boss: PgBoss;
  hub: JobEventHub;
  pool: PipelinePool;
  limits: PipelineLimits;
  llm?: PipelineInput['llm'];
  log: Logger;
}

/** Thrown to pg-boss so it retries the attempt with back-off. */
class TransientFailure extends Error {
  override name = 'TransientFailure';
}

/**
 * Runs the task's attempt. Returns TASK_SETTLED when the job's end completed the task itself (the
 * handler passes it on to pg-boss, which then has nothing left to do), otherwise nothing.
 */
export async function runJob(
  deps: RunDeps,
  task: BossTask<unknown>,
): Promise<typeof TASK_SETTLED | undefined> {
  const { jobId, organizationId, traceparent, attemptBase = 0 } = parsePayload('run', task.data);
  // Attempts number on across retryJob: its task starts from the attempts the job had.
  const queueAttempt = task.retryCount + 1;
  const attempt = attemptBase + queueAttempt;
  const log = deps.log.child({ jobId, organizationId, attempt });
  // Only a QUEUED job, or an IN_PROGRESS one on an earlier attempt (a retry), starts; the
  // statement that starts it reads the document's bytes.
  const started = await deps.commits.runStatement(organizationId, (exec) => startRun(exec, jobId, attempt));
  if (!started) return; // cancelled, finished, or a later attempt runs it
  const { job } = started;
  log.info({ endpoint: job.endpoint }, 'job started');

  const abort = new AbortController();
  // pg-boss aborts its signal when it stops waiting for us (shutdown past its timeout), and
  // also after every handler that returned: the listener goes with the run (finally below).
  const onShutdown = () => abort.abort(new TransientFailure('worker is shutting down'));
  task.signal.addEventListener('abort', onShutdown);
  // A cancel reaches this process as an event; stop the run at once rather than at the next page.
  // Only a version after the start counts: the job's QUEUED event may reach this process's LISTEN
  // after the start has committed (the start is one quick statement), and is no cancel.
  const unsubscribe = deps.hub.watchStatus(jobId, (event) => {
    if (event.version > job.version && event.status !== 'IN_PROGRESS') abort.abort(new Cancelled());
  });

  const span = startRunSpan(traceparent, { jobId, organizationId, endpoint: job.endpoint, attempt });
  const timer = stageTimer(job.endpoint, 'VALIDATION', span);
  /** Where the run is, for the error of a failure (JobError.stage). */
  let stage: Stage = 'VALIDATION';
  try {
    const bytes = started.content;
    if (!bytes) throw new PipelineError('invalid_request', 'the document bytes are gone');
    const progress = progressWriter<Checkpointed>(async ({ stage, progress }) => {
      const row = await deps.commits.runStatement(organizationId, (exec) =>
        transition(exec, jobId, 'IN_PROGRESS', { stage, progress }, { attempt, from: RUNNING }),
      );
      if (!row) abort.abort(new Cancelled());
    });
    let result: PipelineResult;
    try {
      result = await deps.pool.run(
        {
          bytes,
          endpoint: job.endpoint as Endpoint,
          options: optionsOf(job),
          limits: limitsOf(job, deps.limits),
          llm: deps.llm,
        },
        {
          signal: abort.signal,
          onCheckpoint: (at) => {
            stage = at.stage;
            timer.enter(at.stage);
            progress.push(at);
          },
        },
      );
    } finally {
      await progress.close();
    }
    const done = await deps.commits.runStatement(organizationId, (exec) =>
      completeRun(
        exec,
        jobId,
        {
          stage: null,
          progress: 1,
          response: { statusCode: 200, body: result.body },
          qualityScore: result.qualityScore,
          qualityGrade: result.qualityGrade,
          piiFindings: result.piiFindings,
          piiFindingsCount: result.piiFindings.length,
          privacyApplied: result.privacyApplied,
          processingSummary: result.processingSummary,
          warnings: result.warnings,
          completedAt: new Date(),
        },
        {
          attempt,
          boss: deps.boss,
          pageCount: result.pageCount,
          task: { id: task.id, retryCount: task.retryCount },
        },
      ),
    );
    log.info({ status: done.job ? 'COMPLETED' : 'superseded', pages: result.pageCount }, 'job finished');
    return done.settled ? TASK_SETTLED : undefined;
  } catch (err) {
    const reason = abort.signal.aborted ? abort.signal.reason : err;
    if (reason instanceof Cancelled) {
      log.info('job run stopped: cancelled or superseded');
      return;
    }
    span.fail(reason);
    if (reason instanceof PipelineError) {
      await fail(deps, { jobId, organizationId }, attempt, {
        code: reason.code,
        message: reason.message,
        stage,
        ...details(reason),
      });
      log.info({ code: reason.code }, 'job failed');
      return;
    }
    if (queueAttempt >= MAX_ATTEMPTS) {
      await fail(deps, { jobId, organizationId }, attempt, {
        code: 'internal_error',
        message: `the job failed ${queueAttempt} times; giving up`,
        stage,
      });
      log.error({ err: reason }, 'job failed for good');
      return;
    }
    log.warn({ err: reason }, 'job attempt failed; it will be retried');
    // The attempt's end goes into the history now; the reason stays in our logs (it may name
    // internals), the client sees that it failed and is retried.
    await deps.commits.runStatement(organizationId, (exec) =>
      transition(
        exec,
        jobId,
        'IN_PROGRESS',
        {},
        {
          attempt,
          from: RUNNING,
          endsAttempt: {
            outcome: 'FAILED',
            error: {
              code: 'internal_error',
              message: 'the attempt failed unexpectedly; it is retried',
              stage,
            },
          },
        },
      ),
    );
    throw reason instanceof Error ? reason : new TransientFailure(String(reason));
  } finally {
    task.signal.removeEventListener('abort', onShutdown);
    timer.end();
    span.end();
    unsubscribe();
  }
}

/** The dead-letter handler: every attempt died (the worker was killed, or hung) so the job fails. */
export async function failAbandonedJob(
  deps: { db: Database; boss: PgBoss },
  task: BossTask<unknown>,
): Promise<void> {
  const { jobId } = parsePayload('dead', task.data);
  await transition(
    deps.db,
    jobId,
    'FAILED',
    {
      stage: null,
      completedAt: new Date(),
      error: { code: 'internal_error', message: `the job's worker stopped ${MAX_ATTEMPTS} times; giving up` },
    },
    { boss: deps.boss, endsAttempt: { outcome: 'LOST' } },
  );
}

class Cancelled extends Error {
  override name = 'Cancelled';
}

async function fail(
  { commits, boss }: { commits: GroupCommit; boss: PgBoss },
  { jobId, organizationId }: { jobId: string; organizationId: string },
  attempt: number,
  error: JobErrorRecord,
): Promise<void> {
  await commits.runStatement(organizationId, (exec) =>
    transition(
      exec,
      jobId,
      'FAILED',
      { stage: null, completedAt: new Date(), error },
      { attempt, boss, from: RUNNING },
    ),
  );
}

function details(err: PipelineError): { details?: Record<string, unknown> } {
  return err.details ? { details: err.details } : {};
}

function optionsOf(job: JobRow): PipelineOptions {
  const { timeoutSeconds: _, ...options } = (job.request?.options ?? {}) as Partial<PipelineOptions> & {
    timeoutSeconds?: number;
  };
  return withOptionDefaults(options);
}

/** The job's own timeoutSeconds, when it asked for one, narrows JOB_TIMEOUT_SECONDS. */
function limitsOf(job: JobRow, limits: PipelineLimits): PipelineLimits {
  const seconds = (job.request?.options as { timeoutSeconds?: unknown } | undefined)?.timeoutSeconds;
  if (typeof seconds !== 'number') return limits;
  return { ...limits, timeoutMs: Math.min(limits.timeoutMs, seconds * 1000) };
}
