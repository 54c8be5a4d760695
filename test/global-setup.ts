// Once per test run: a Postgres (DATABASE_URL's, or an embedded one) and a template
// database with every migration and pg-boss's schema applied. Each test file clones it.
import { type AddressInfo, createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { connect } from '../src/db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { startBoss } from '../src/jobs/queue.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
  }
}

let embedded: EmbeddedDatabase | null = null;

export async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({
      dir: '.data/test-postgres',
      port: await freePort(),
      database: 'postgres',
      log: (m) => console.log(m),
    });
    adminUrl = embedded.url;
  }
  const templateDb = `docket_template_${process.pid}`;
  const admin = connect(adminUrl, { max: 1 });
  await admin.sql.unsafe(`drop database if exists ${templateDb}`);
  await admin.sql.unsafe(`create database ${templateDb}`);
  const templateUrl = withDatabase(adminUrl, templateDb);
  const template = connect(templateUrl, { max: 2 });
  await runMigrations(template.sql, template.db);
  const boss = await startBoss({
    url: templateUrl,
    heartbeatSeconds: 10,
    jobTimeoutSeconds: 60,
    supervise: false,
  });
  await boss.stop({ graceful: false, close: true });
  await template.sql.end();
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    await admin.sql.unsafe(`drop database if exists ${templateDb} with (force)`).catch(() => {});
    await admin.sql.end();
    await embedded?.stop();
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
