// Prometheus /metrics: process defaults, stage durations (fed by the worker), GraphQL operation
// durations, and gauges read on scrape (jobs by status and endpoint, queue depth, subscribers).
import type { ServerResponse } from 'node:http';
import type { DefinitionNode, DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Gauge, Histogram, Registry, register } from 'prom-client';
import { countJobsByStatus } from '../jobs/queries.ts';
import { QUEUES } from '../jobs/queue.ts';
import type { Services } from '../services.ts';

// Process-wide: once per process, however many servers it starts.
let defaultsCollected = false;

const operationDuration = new Histogram({
  name: 'docket_graphql_operation_duration_seconds',
  help: 'GraphQL query and mutation execution time, by operation type and root field',
  labelNames: ['type', 'field', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [register],
});

/** Times each query and mutation; a subscription's life is not an operation's duration. */
export function useOperationMetrics(): Plugin {
  return {
    onExecute({ args }) {
      const op = (args.document as DocumentNode).definitions.find(
        (d: DefinitionNode) => d.kind === 'OperationDefinition',
      );
      if (op?.kind !== 'OperationDefinition' || op.operation === 'subscription') return;
      // The root field, not the client's operation name: bounded by the schema, not by callers.
      const first = op.selectionSet.selections[0];
      const field = first?.kind === 'Field' ? first.name.value : 'unknown';
      const start = performance.now();
      return {
        onExecuteDone({ result }) {
          const failed = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
          operationDuration.observe(
            { type: op.operation, field, outcome: failed ? 'error' : 'ok' },
            (performance.now() - start) / 1000,
          );
        },
      };
    },
  };
}

export interface Metrics {
  serve(res: ServerResponse): Promise<void>;
}

export function createMetrics(services: Services): Metrics {
  if (!defaultsCollected) {
    collectDefaultMetrics({ register, prefix: 'docket_' });
    defaultsCollected = true;
  }
  // This server's own gauges: they read its database, queue and hub.
  const own = new Registry();
  new Gauge({
    name: 'docket_jobs',
    help: 'Jobs stored, by status and endpoint (all organizations)',
    labelNames: ['status', 'endpoint'] as const,
    registers: [own],
    async collect() {
      const rows = await countJobsByStatus(services.db);
      this.reset();
      for (const r of rows) this.set({ status: r.status, endpoint: r.endpoint }, r.n);
    },
  });
  new Gauge({
    name: 'docket_queue_tasks',
    help: 'pg-boss tasks per queue and state (from its cached counts)',
    labelNames: ['queue', 'state'] as const,
    registers: [own],
    async collect() {
      this.reset();
      for (const { name } of Object.values(QUEUES)) {
        const q = await services.boss.getQueue(name);
        if (!q) continue;
        this.set({ queue: name, state: 'queued' }, q.queuedCount);
        this.set({ queue: name, state: 'deferred' }, q.deferredCount);
        this.set({ queue: name, state: 'active' }, q.activeCount);
      }
    },
  });
  new Gauge({
    name: 'docket_subscribers',
    help: 'Open jobUpdated subscriptions in this process',
    registers: [own],
    collect() {
      this.set(services.hub.subscriberCount);
    },
  });

  // Unauthenticated: concurrent scrapes share the one set of queries in flight.
  let inFlight: Promise<string> | null = null;
  const render = (): Promise<string> => {
    inFlight ??= Promise.all([register.metrics(), own.metrics()])
      .then(([a, b]) => `${a}\n${b}`)
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  return {
    async serve(res) {
      try {
        const body = await render();
        res.writeHead(200, { 'content-type': register.contentType });
        res.end(body);
      } catch {
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('metrics unavailable\n');
      }
    },
  };
}
