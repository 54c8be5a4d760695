// Statistics and the row every bench scenario reports.
import { performance } from 'node:perf_hooks';

/** One figure of the table. Rates report their worst repetition where latencies report p99. */
export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  median: number;
  /** p99 of the samples (latencies) or the worst repetition (rates, sizes). */
  p99: number | null;
  samples: number;
  reps: number;
  baseline?: { name: string; median: number; p99?: number | null } | undefined;
  /** median / baseline median */
  ratio?: number | undefined;
  goal?: string | undefined;
  met?: boolean | null | undefined;
  note?: string | undefined;
}

/**
 * Nearest-rank quantile: the ceil(q·n)-th smallest value (index ceil(q·n) − 1), so p99 of 100
 * samples is the 99th value and p50 of 4 the 2nd. The one definition the bench and the fault
 * scripts use.
 */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
export const median = (values: number[]) => quantile(values, 0.5);
export const p99 = (values: number[]) => quantile(values, 0.99);

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with timestamps other processes write. */
export const wallNow = () => performance.timeOrigin + performance.now();

export function latencyRow(
  scenario: string,
  metric: string,
  samples: number[],
  reps: number,
  extra: Partial<Row> = {},
): Row {
  return {
    scenario,
    metric,
    unit: 'ms',
    median: median(samples),
    p99: p99(samples),
    samples: samples.length,
    reps,
    ...extra,
  };
}

/** A rate measured once per repetition: median of the reps, worst rep in the p99 column. */
export function rateRow(
  scenario: string,
  metric: string,
  unit: string,
  perRep: number[],
  extra: Partial<Row> = {},
): Row {
  return {
    scenario,
    metric,
    unit,
    median: median(perRep),
    p99: Math.min(...perRep),
    samples: perRep.length,
    reps: perRep.length,
    ...extra,
  };
}

export function against(
  name: string,
  value: number,
  baselineValues: number[],
  kind: 'latency' | 'rate',
): Pick<Row, 'baseline' | 'ratio'> {
  const m = median(baselineValues);
  return {
    baseline: {
      name,
      median: m,
      p99: kind === 'latency' ? p99(baselineValues) : Math.min(...baselineValues),
    },
    ratio: value / m,
  };
}
