// Stage durations of pipeline runs, in the process-wide prom-client registry: an api process
// that also runs workers (role all) shows them on /metrics.
import { Histogram, register } from 'prom-client';
import type { RunSpan } from '../tracing/index.ts';

const stageDuration = new Histogram({
  name: 'docket_stage_duration_seconds',
  help: 'Time a job run spent in each pipeline stage',
  labelNames: ['endpoint', 'stage'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [register],
});

/**
 * Times one run's stages: `enter` at each stage change, `end` when the run stops. Each stage
 * also becomes a span of the run's trace (a no-op when tracing is off).
 */
export function stageTimer(
  endpoint: string,
  first: string,
  span: Pick<RunSpan, 'stage'>,
): { enter(stage: string): void; end(): void } {
  let stage: string | null = first;
  let since = performance.now();
  span.stage(first);
  const close = (): void => {
    if (stage === null) return;
    stageDuration.observe({ endpoint, stage }, (performance.now() - since) / 1000);
  };
  return {
    enter(next) {
      if (next === stage) return;
      close();
      stage = next;
      since = performance.now();
      span.stage(next);
    },
    end() {
      close();
      stage = null;
    },
  };
}
