// What a bench scenario is given (options, the cluster) and returns (rows).
import type { BenchCluster } from './cluster.ts';
import type { Row } from './stats.ts';

export interface Options {
  quick: boolean;
  reps: number;
  latencyJobs: number;
  throughputJobs: number;
  clients: number;
  subscribers: number;
  fanoutJobs: number;
  /** Api processes the fan-out's subscribers are spread over. */
  apiProcesses: number;
  listingRows: number;
  listingQueries: number;
  isolationQueries: number;
  textPages: number;
  ocrPages: number;
}

export const FULL: Omit<Options, 'quick' | 'reps'> = {
  latencyJobs: 200,
  throughputJobs: 5000,
  clients: 32,
  subscribers: 10_000,
  fanoutJobs: 20,
  apiProcesses: 1,
  listingRows: 1_000_000,
  listingQueries: 20,
  isolationQueries: 200,
  textPages: 40,
  ocrPages: 6,
};

export const QUICK: Omit<Options, 'quick' | 'reps'> = {
  latencyJobs: 20,
  throughputJobs: 200,
  clients: 8,
  subscribers: 200,
  fanoutJobs: 5,
  apiProcesses: 1,
  listingRows: 20_000,
  listingQueries: 5,
  isolationQueries: 40,
  textPages: 10,
  ocrPages: 2,
};

export interface BenchContext {
  opts: Options;
  cluster: BenchCluster;
}

export type Scenario = (ctx: BenchContext) => Promise<Row[]>;
