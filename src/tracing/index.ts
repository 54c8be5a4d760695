// OpenTelemetry tracing, off unless an OTLP endpoint is configured. This module is the switch and
// the face the rest of Docket uses; the OpenTelemetry SDK is imported (by ./otel.ts) only once
// tracing is on, so a process without it loads none of it.
//
// One trace covers a job: the GraphQL operation that creates it (continuing a caller's
// `traceparent` header), then each worker run of it, with a span per pipeline stage. The run
// finds its parent through the traceparent stored in its queue task.
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';

export interface RunAttributes {
  jobId: string;
  organizationId: string;
  endpoint: string;
  attempt: number;
}

/** One run of a job: a span with a child span per stage. */
export interface RunSpan {
  /** The run entered `stage`: the previous stage's span ends and this one's starts. */
  stage(stage: string): void;
  /** The run failed, with a pipeline failure or an error it will be retried for. */
  fail(reason: unknown): void;
  end(): void;
}

export interface Tracer {
  /** The active span as a W3C traceparent, to store with work that continues elsewhere. */
  traceparent(): string | undefined;
  /** A span per GraphQL query and mutation, active while its resolvers run. */
  yogaPlugin(): Plugin;
  startRun(traceparent: string | undefined, attributes: RunAttributes): RunSpan;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

const NO_RUN: RunSpan = { stage() {}, fail() {}, end() {} };

let tracer: Tracer | null = null;

/** Starts tracing when OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set; once per process. */
export async function startTracing(config: Config, log: Logger): Promise<void> {
  const url =
    config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (config.OTEL_EXPORTER_OTLP_ENDPOINT
      ? `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
      : undefined);
  if (!url || tracer) return;
  const { createTracer } = await import('./otel.ts');
  tracer = createTracer({ url, serviceName: config.OTEL_SERVICE_NAME, log });
  log.info({ url }, 'OpenTelemetry tracing on: spans go to %s', url);
}

export async function stopTracing(): Promise<void> {
  const t = tracer;
  tracer = null;
  await t?.shutdown();
}

export function currentTraceparent(): string | undefined {
  return tracer?.traceparent();
}

export function tracingPlugins(): Plugin[] {
  return tracer ? [tracer.yogaPlugin()] : [];
}

export function startRunSpan(traceparent: string | undefined, attributes: RunAttributes): RunSpan {
  return tracer ? tracer.startRun(traceparent, attributes) : NO_RUN;
}
