// `npm run bench`: Docket's performance on the machine it runs on (issue #6). Each scenario
// starts Docket as child processes on a database of its own in a throwaway Postgres cluster,
// drives it from this process (the load generator, loopback only), measures a baseline in the
// same run on the same database, and reports median and p99 over at least 3 repetitions.
// Prints one table and writes bench/results/latest.json.
//
//   npm run bench                          # every scenario, the issue's sizes (≈15 min on 2 cores)
//   npm run bench -- --quick               # small sizes, to check that it all runs
//   npm run bench -- --only latency,listing --reps 5 --latency-jobs 100
//   npm run bench -- --only fanout --merge  # re-run one scenario, keep the others' rows in the file
//
// Sizes: --latency-jobs --throughput-jobs --clients --subscribers --fanout-jobs --api-processes --listing-rows
// --listing-queries --isolation-queries --text-pages --ocr-pages; --topology all|split (Docket as
// one `all` process or an api and a worker process, for latency and throughput).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  type BenchContext,
  FULL,
  type Options,
  progress,
  QUICK,
  type Row,
  startBenchCluster,
} from './harness/index.ts';
import { documents } from './scenarios/documents.ts';
import { fanout } from './scenarios/fanout.ts';
import { isolation } from './scenarios/isolation.ts';
import { latency } from './scenarios/latency.ts';
import { listing } from './scenarios/listing.ts';
import { queuePosition } from './scenarios/queue-position.ts';
import { throughput } from './scenarios/throughput.ts';

const SCENARIOS = [
  'latency',
  'throughput',
  'fanout',
  'isolation',
  'documents',
  'listing',
  'queue-position',
] as const;
type Name = (typeof SCENARIOS)[number];

export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const sizeFlags = Object.keys(FULL).map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      reps: { type: 'string' },
      topology: { type: 'string', default: 'all' },
      out: { type: 'string' },
      merge: { type: 'boolean', default: false },
      ...Object.fromEntries(sizeFlags.map((f) => [f, { type: 'string' as const }])),
    },
    strict: true,
  });
  const v = values as Record<string, string | boolean | undefined>;
  const quick = v.quick === true;
  const base = quick ? QUICK : FULL;
  const opts = { quick, reps: Number(v.reps ?? 3), ...base } as Options;
  for (const [key, flag] of Object.keys(FULL).map((k, i) => [k, sizeFlags[i] as string] as const)) {
    if (v[flag] !== undefined) (opts as unknown as Record<string, number>)[key] = Number(v[flag]);
  }
  if (!(opts.reps >= 1)) throw new Error('--reps must be a positive number');
  const only = typeof v.only === 'string' ? (v.only.split(',') as Name[]) : [...SCENARIOS];
  for (const n of only)
    if (!SCENARIOS.includes(n)) throw new Error(`unknown scenario ${n}: ${SCENARIOS.join(', ')}`);
  const topology = v.topology === 'split' ? 'split' : 'all';

  const load = loadavg()[0] as number;
  const started = Date.now();
  progress(`scenarios: ${only.join(', ')}${quick ? ' (quick)' : ''}; load average ${load.toFixed(2)}`);
  const cluster = await startBenchCluster();
  const ctx: BenchContext = { opts, cluster };
  // --merge keeps the other scenarios' rows of the file being written: one scenario re-run.
  const previous = v.merge === true ? readPrevious(out(v, quick)) : null;
  const rows: Row[] = (previous?.rows ?? []).filter((r) => !only.some((n) => LABELS[n] === r.scenario));
  const commands: string[] = previous ? [...(previous.commands ?? [previous.command])] : [];
  // The machine's 1-minute load average as each scenario starts and ends: figures taken while
  // other work shares the cores are noisy, and the report says how noisy.
  const loadBy: Record<string, [number, number]> = { ...(previous?.loadAverage ?? {}) };
  const file = out(v, quick);
  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: cluster.version,
    loadAverageAtStart: Number(load.toFixed(2)),
  };
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
  const report = (complete: boolean) => ({
    date: new Date().toISOString(),
    commit: `${commit}${dirty ? '+changes' : ''}`,
    command,
    ...(previous ? { commands: [...commands, command] } : {}),
    complete,
    seconds: Math.round((Date.now() - started) / 1000),
    machine,
    loadAverage: loadBy,
    options: opts,
    rows,
  });
  // Written after every scenario, so a run cut short keeps what it measured.
  const save = (complete: boolean) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(report(complete), null, 2)}\n`);
  };
  try {
    for (const name of only) {
      const t = Date.now();
      const before = loadavg()[0] as number;
      if (name === 'latency') rows.push(...(await latency(ctx, topology)));
      if (name === 'throughput') rows.push(...(await throughput(ctx, topology)));
      if (name === 'fanout') rows.push(...(await fanout(ctx)));
      if (name === 'isolation') rows.push(...(await isolation(ctx)));
      if (name === 'documents') rows.push(...(await documents(ctx)));
      if (name === 'listing') rows.push(...(await listing(ctx)));
      if (name === 'queue-position') rows.push(...(await queuePosition(ctx)));
      loadBy[name] = [Number(before.toFixed(2)), Number((loadavg()[0] as number).toFixed(2))];
      progress(`${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
      save(false);
    }
  } finally {
    await cluster.close();
  }
  save(true);
  console.log(formatTable(report(true)));
  progress(`wrote ${file}`);
}

/** The table's scenario label of each scenario name. */
const LABELS: Record<Name, string> = {
  latency: 'latency',
  throughput: 'throughput',
  fanout: 'fan-out',
  isolation: 'isolation',
  documents: 'documents',
  listing: 'listing',
  'queue-position': 'queue-position',
};

function out(v: Record<string, unknown>, quick: boolean): string {
  return typeof v.out === 'string' ? v.out : quick ? '.data/bench-quick.json' : 'bench/results/latest.json';
}

interface Previous {
  command: string;
  commands?: string[];
  loadAverage?: Record<string, [number, number]>;
  rows: Row[];
}

function readPrevious(file: string): Previous | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Previous;
  } catch {
    return null;
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function num(x: number | null | undefined, unit = ''): string {
  if (x == null || Number.isNaN(x)) return '—';
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return `${x.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

export function formatTable(report: {
  date: string;
  commit: string;
  command: string;
  machine: Record<string, unknown>;
  loadAverage: Record<string, [number, number]>;
  rows: Row[];
}): string {
  const m = report.machine;
  const lines = [
    `Docket bench — ${report.date.slice(0, 16)}Z, commit ${report.commit}, \`${report.command}\``,
    `machine: ${m.cpu} ×${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${String(m.postgres).split(' on ')[0]}`,
    `1-minute load average (start → end): ${Object.entries(report.loadAverage)
      .map(([k, [a, b]]) => `${k} ${a} → ${b}`)
      .join(', ')}`,
    '',
  ];
  const header = [
    'scenario',
    'metric',
    'median',
    'p99 / worst rep',
    'baseline (same run): median',
    'ratio',
    'goal',
    'met',
  ];
  const body = report.rows.map((r) => [
    r.scenario,
    r.metric,
    num(r.median, r.unit),
    num(r.p99, r.unit),
    r.baseline ? `${r.baseline.name}: ${num(r.baseline.median, r.unit)}` : '',
    r.ratio != null ? `${r.ratio.toFixed(2)}×` : '',
    r.goal ?? '',
    r.met == null ? '' : r.met ? 'met' : 'SHORT',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  lines.push(fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(fmt));
  const notes = report.rows.filter((r) => r.note && r.note !== 'baseline');
  for (const r of notes) lines.push(`  ${r.scenario} / ${r.metric}: ${r.note}`);
  return lines.join('\n');
}

if (import.meta.main) {
  main().then(
    // Idle sockets and client timers must not hold a finished bench open.
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
