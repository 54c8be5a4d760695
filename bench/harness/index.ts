// The one harness of bench/ and bench/faults/: Postgres clusters (cluster.ts), Docket processes
// (processes.ts), clients of them (clients.ts), statistics (stats.ts), how a script reports
// (report.ts) and what a bench scenario is (scenario.ts).
export * from './clients.ts';
export * from './cluster.ts';
export * from './processes.ts';
export * from './report.ts';
export * from './scenario.ts';
export * from './stats.ts';
