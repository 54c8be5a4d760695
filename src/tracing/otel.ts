// The OpenTelemetry side of ./index.ts, imported only when tracing is on: the SDK's tracer
// provider with a batching OTLP/HTTP (JSON) exporter, W3C trace-context propagation and an
// AsyncLocalStorage context manager, registered process-wide.
//
// The GraphQL spans come from a plugin of our own rather than @envelop/opentelemetry: that one
// (9.2) still depends on the 1.x SDK, whose @opentelemetry/api range stops below the 1.10 the
// current SDK needs, and it neither reads an incoming traceparent nor names spans by root field.
import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { type DocumentNode, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { RunAttributes, RunSpan, Tracer } from './index.ts';

const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

export function createTracer(opts: { url: string; serviceName: string; log: Logger }): Tracer {
  const provider = new TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': opts.serviceName })),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: opts.url }) })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const tracer = trace.getTracer('docket');

  return {
    traceparent() {
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      return carrier.traceparent;
    },

    yogaPlugin(): Plugin {
      return {
        onExecute({ args, executeFn, setExecuteFn }) {
          const op = getOperationAST(args.document as DocumentNode, args.operationName);
          if (!op) return;
          const first = op.selectionSet.selections[0];
          // The root field, as in the metrics: what the operation does, whatever the client named it.
          const field = first?.kind === 'Field' ? first.name.value : 'unknown';
          // Over HTTP yoga's context carries the request: a caller's traceparent continues here.
          const request = (args.contextValue as { request?: Request }).request;
          const parent = request
            ? propagation.extract(context.active(), request.headers, headerGetter)
            : context.active();
          const span = tracer.startSpan(
            `${op.operation} ${field}`,
            {
              kind: SpanKind.SERVER,
              attributes: {
                'graphql.operation.type': op.operation,
                'graphql.operation.root_field': field,
                ...(op.name ? { 'graphql.operation.name': op.name.value } : {}),
              },
            },
            parent,
          );
          const active = trace.setSpan(parent, span);
          setExecuteFn((execArgs) => context.with(active, () => executeFn(execArgs)));
          return {
            onExecuteDone({ result }) {
              if (Symbol.asyncIterator in result) {
                span.end();
                return;
              }
              const errors = result.errors ?? [];
              if (errors.length > 0) {
                const codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
                span.setStatus({ code: SpanStatusCode.ERROR, message: [...new Set(codes)].join(', ') });
              }
              span.end();
            },
          };
        },
      };
    },

    startRun(traceparent: string | undefined, a: RunAttributes): RunSpan {
      const parent: Context = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
      const run = tracer.startSpan(
        `run ${a.endpoint}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'docket.job.id': a.jobId,
            'docket.organization.id': a.organizationId,
            'docket.job.endpoint': a.endpoint,
            'docket.job.attempt': a.attempt,
          },
        },
        parent,
      );
      const inRun = trace.setSpan(parent, run);
      let stage: Span | null = null;
      return {
        stage(name) {
          stage?.end();
          stage = tracer.startSpan(name, { attributes: { 'docket.stage': name } }, inRun);
        },
        fail(reason) {
          const code = (reason as { code?: unknown })?.code;
          const message = typeof code === 'string' ? code : reason instanceof Error ? reason.name : 'error';
          stage?.setStatus({ code: SpanStatusCode.ERROR, message });
          run.setStatus({ code: SpanStatusCode.ERROR, message });
        },
        end() {
          stage?.end();
          stage = null;
          run.end();
        },
      };
    },

    async shutdown() {
      await provider.shutdown().catch((err: unknown) => opts.log.warn({ err }, 'tracing shutdown failed'));
    },
  };
}
