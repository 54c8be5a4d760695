// Docket as users run it: `node src/main.ts --role …` children of the script, their output,
// their CPU and memory, their logs.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

export interface DocketProcess {
  child: ChildProcess;
  role: 'all' | 'api' | 'worker';
  /** The api's GraphQL URL (http), null for a worker. */
  url: string | null;
  /** Everything the process wrote, for the report when something goes wrong. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM and wait, SIGKILL after `ms`. */
  stop(ms?: number): Promise<void>;
}

// A script that fails half-way must not leave Docket processes running behind it.
const spawned = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of spawned) child.kill('SIGKILL');
});

/** `node src/main.ts --role ROLE`; resolves once it is serving (api, all) or its workers run. */
export function startDocketProcess(
  role: 'all' | 'api' | 'worker',
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<DocketProcess> {
  // e.g. DOCKET_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the Docket processes
  // (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = process.env.DOCKET_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts', '--role', role], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '1',
      // The per-organization limit is the security section's subject: bursts here are the load.
      RATE_LIMIT_PER_MINUTE: '1000000',
      DATA_DIR: `.data/fault-${role}-${process.pid}`,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.add(child);
  child.on('exit', () => spawned.delete(child));
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      // Only the head is needed to know it is up; keep the tail for diagnosis without growing forever.
      if (out.length > 200_000) out = out.slice(-100_000);
      const port = /GraphiQL http:\/\/[^\s:]+:(\d+)\/graphql/.exec(out)?.[1];
      // API_PROCESSES=N: serving once all N are (the first may answer while the others start).
      const processes = Number(env.API_PROCESSES ?? process.env.API_PROCESSES ?? 1);
      const ready =
        role === 'worker'
          ? out.includes('workers started')
          : port !== undefined && (processes <= 1 || out.includes('api processes started'));
      if (ready) {
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (c: Buffer) => {
          out = (out + c.toString()).slice(-100_000);
        });
        resolve({
          child,
          role,
          url: port ? `http://127.0.0.1:${port}/graphql` : null,
          output: () => out,
          exited,
          stop: async (ms = 20_000) => {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), ms);
            await exited;
            clearTimeout(t);
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-100_000);
    });
    void exited.then((code) => reject(new Error(`${role} exited with ${code}: ${out.slice(-4000)}`)));
  });
}

/**
 * Environment of every Docket child: no rate limit (the load is the point); otherwise Docket's
 * defaults, as a user runs it (WORKER_CONCURRENCY 16 runs in flight, PIPELINE_THREADS = cores).
 */
export function docketEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    RATE_LIMIT_PER_MINUTE: '100000000',
    WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '16',
    DATA_DIR: `.data/bench/docket-${process.pid}`,
    ...extra,
  };
}

export function startDocket(role: 'all' | 'api' | 'worker', url: string, env: Record<string, string> = {}) {
  return startDocketProcess(role, url, docketEnv(env));
}

/** How a row names the topology: `role all` or `api + worker`, and API_PROCESSES when set above 1. */
export function topologyLabel(topology: 'all' | 'split'): string {
  const processes = Number(process.env.API_PROCESSES ?? 1);
  return (
    (topology === 'all' ? 'role all' : 'api + worker') + (processes > 1 ? `, API_PROCESSES=${processes}` : '')
  );
}

/** Docket as the scenario's topology: one `all` process, or an api and a worker process. */
export async function startTopology(
  topology: 'all' | 'split',
  url: string,
): Promise<{ apiUrl: string; api: DocketProcess; processes: DocketProcess[]; stop(): Promise<void> }> {
  const processes =
    topology === 'all'
      ? [await startDocket('all', url)]
      : [await startDocket('api', url), await startDocket('worker', url)];
  const api = processes[0] as DocketProcess;
  return {
    apiUrl: api.url as string,
    api,
    processes,
    stop: async () => {
      await Promise.all(processes.map((p) => p.stop(5000)));
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc/PID/stat (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  return cpuOfStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

/** User + system CPU seconds in a /proc/PID/stat line: fields 14 and 15, after the parenthesised command name. */
function cpuOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * CPU seconds used so far by every process on the machine named `postgres` (the bench's server:
 * its postmaster, backends, WAL writer, checkpointer …), from /proc (Linux). On a machine whose
 * other Postgres servers are idle, the difference over a run is what that run cost Postgres.
 */
export async function postgresCpuSeconds(): Promise<number> {
  let total = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const open = stat.indexOf('(');
    if (open < 0 || stat.slice(open + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    total += cpuOfStat(stat);
  }
  return total;
}

/** Resident set size of a process, from /proc/PID/status (Linux). */
export function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) * 1024;
}

/** The same in MB. */
export async function rssMb(pid: number): Promise<number> {
  return rssBytes(pid) / 1024 / 1024;
}

// USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK).
const CLOCK_TICKS = 100;

/** The pino JSON lines a process wrote, parsed; other lines are skipped. */
export function logLines(output: string): Record<string, any>[] {
  const lines: Record<string, any>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line));
    } catch {
      // a line cut by the output's size cap
    }
  }
  return lines;
}

/** Collects every pino JSON line a process writes from now on. */
export function collectLogs(proc: DocketProcess): Record<string, any>[] {
  const lines: Record<string, any>[] = [];
  let partial = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const cut = text.lastIndexOf('\n');
    partial = text.slice(cut + 1);
    if (cut >= 0) lines.push(...logLines(text.slice(0, cut)));
  });
  return lines;
}
