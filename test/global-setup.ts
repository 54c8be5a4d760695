// Once per test run: a Postgres (DATABASE_URL's, or an embedded one) and a template
// database with every migration and pg-boss's schema applied. Each test file clones it.
import type { TestProject } from 'vitest/node';
import { connect } from '../src/db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { startBoss } from '../src/jobs/queue.ts';
import { freePort, withDatabase } from '../testkit/net.ts';

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
