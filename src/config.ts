// Every environment variable Docket reads, parsed once. Nothing else reads process.env.
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

// "collector:4318" parses as a URL with scheme "collector:"; an exporter would fail on it quietly.
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const schema = z.object({
  /** Postgres to use; without it Docket starts an embedded PostgreSQL under DATA_DIR/postgres. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the embedded database and the first API key live. */
  DATA_DIR: z.string().default('.data'),
  /** Port of the embedded PostgreSQL. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /**
   * Address to listen on. Unset: 127.0.0.1 with the embedded database (a developer's machine),
   * 0.0.0.0 with DATABASE_URL (a container or server); HOST=0.0.0.0 listens on all interfaces.
   */
  HOST: z.string().optional(),
  /** `production` turns GraphiQL and introspection off unless GRAPHIQL / INTROSPECTION say otherwise. */
  NODE_ENV: z.string().optional(),
  /** all | api | worker; the --role flag wins. */
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  /**
   * API processes on this box (node:cluster, one shared port) in roles api and all; the worker
   * side stays one process. 1 serves the API from the process itself.
   */
  API_PROCESSES: z.coerce.number().int().min(1).max(256).default(1),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(50 * 1024 * 1024),
  MAX_PAGES: z.coerce.number().int().positive().default(500),
  /** Decoded image pixels allowed per page (decompression-bomb guard). */
  MAX_IMAGE_PIXELS: z.coerce.number().int().positive().default(100_000_000),
  /** Per-attempt time budget of a job's pipeline run. */
  JOB_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(300),
  RETENTION_DAYS: z.coerce.number().positive().default(7),
  /**
   * Jobs one worker process runs at once. Most of a small job is waiting on the database, so
   * this is well above the cores; the CPU-bound part queues for PIPELINE_THREADS.
   */
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(16),
  /** Pipeline threads per worker process (parsing, rendering, OCR); defaults to the cores. */
  PIPELINE_THREADS: z.coerce.number().int().positive().optional(),
  /**
   * Heap (V8 old generation, MB) a pipeline thread may use; a run past it ends its thread and
   * fails its job with document_too_large while the process goes on.
   */
  PIPELINE_MAX_HEAP_MB: z.coerce.number().int().min(32).default(2048),
  /**
   * Start the pipeline threads and their OCR engines when a worker starts, and keep them, so a
   * job retried on a freshly started worker does not pay a cold start (about 4 s).
   */
  PIPELINE_WARM_UP: bool.default(true),
  /**
   * A database connection whose answer is this late is dropped and made afresh, failing the
   * queries waiting on it (a black-holed network path); 0 turns the bound off.
   */
  DB_ANSWER_TIMEOUT_SECONDS: z.coerce.number().min(0).default(30),
  /** pg-boss heartbeat: a job whose worker stops touching it this long is retried elsewhere. */
  HEARTBEAT_SECONDS: z.coerce.number().int().min(10).default(10),
  /** Let createJob fetch, and webhooks POST to, URLs on private, loopback and link-local addresses. */
  ALLOW_PRIVATE_URLS: bool.default(false),
  /** GraphiQL on GET /graphql; default on, off with NODE_ENV=production. */
  GRAPHIQL: bool.optional(),
  /**
   * Schema introspection (__schema); off, a query asking for it is refused with a clear error.
   * Default on, off with NODE_ENV=production.
   */
  INTROSPECTION: bool.optional(),
  /** Operation limits, checked before anything runs (HTTP and WebSocket alike). */
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().positive().default(15),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().positive().default(20),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().default(2000),
  /** Armor's weights; 20,000 lets a 100-row page of a Relay or Apollo list through (test/fixtures/operations). */
  GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(20_000),
  /** Operations in one batched HTTP request; 1 turns batching off. */
  GRAPHQL_MAX_BATCH: z.coerce.number().int().positive().default(1),
  /** Comma-separated origins allowed to call the API from a browser; empty: same origin only. */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Mutations one organization may run per minute, across all API processes. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Open subscriptions one organization may hold on one API process; past it, RATE_LIMITED. */
  MAX_SUBSCRIPTIONS_PER_ORG: z.coerce.number().int().positive().default(1000),
  /** How often an open subscription re-checks that its key is still valid. */
  KEY_RECHECK_SECONDS: z.coerce.number().positive().default(30),
  /** A subscriber's socket that takes none of its waiting output this long is disconnected. */
  SLOW_CONSUMER_SECONDS: z.coerce.number().positive().default(30),
  /** Time budget of fetching a createJob URL (connect, each read, in total). */
  URL_FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /** Attempts a webhook delivery gets in all (the first and its retries). */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
  /** First webhook retry delay; doubled (with jitter) per retry, capped at an hour. */
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Time budget of one webhook POST (connect, send, answer). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(120_000).default(10_000),
  /** Prometheus GET /metrics (unauthenticated, like /healthz). */
  METRICS: bool.default(true),
  /** Where a --role worker process serves /metrics and /healthz (it has no API port); unset: nowhere. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * OpenTelemetry tracing, off unless one is set: an OTLP/HTTP collector's base URL (traces go to
   * its /v1/traces), or the full traces URL. The standard variables' names and meaning.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.optional(),
  OTEL_SERVICE_NAME: z.string().default('docket'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Optional OpenAI-compatible server for EXTRACT. */
  LLM_BASE_URL: z.string().url().optional(),
  LLM_MODEL: z.string().optional(),
  LLM_API_KEY: z.string().optional(),
});

// The defaults that depend on other variables.
const withDefaults = schema.transform((c) => {
  const production = c.NODE_ENV === 'production';
  return {
    ...c,
    HOST: c.HOST ?? (c.DATABASE_URL ? '0.0.0.0' : '127.0.0.1'),
    GRAPHIQL: c.GRAPHIQL ?? !production,
    INTROSPECTION: c.INTROSPECTION ?? !production,
  };
});

export type Config = z.infer<typeof withDefaults>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = withDefaults.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

// An exported-but-empty variable means "not set", as in most shells' intent.
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
