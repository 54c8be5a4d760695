// `npm run keys -- create --org NAME | revoke KEY_OR_ID | list`
import { parseArgs } from 'node:util';
import { createKey, listKeys, revokeKey } from '../auth/keys.ts';
import { loadConfig } from '../config.ts';
import { connect } from '../db/client.ts';
import { type EmbeddedDatabase, EmbeddedPostgresError, startEmbeddedPostgres } from '../db/embedded.ts';
import { runMigrations } from '../db/migrate.ts';

const USAGE = `usage:
  npm run keys -- create --org NAME     make a key for organization NAME (created if new)
  npm run keys -- revoke KEY_OR_ID      revoke a key (the key itself, or its key_… id)
  npm run keys -- list                  list keys (prefixes only)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { org: { type: 'string' }, json: { type: 'boolean' } },
});
const [command, arg] = positionals;
if (!command || !['create', 'revoke', 'list'].includes(command)) {
  console.error(USAGE);
  process.exit(2);
}

const config = loadConfig();
// The server's own cluster when it runs (found by its postmaster.pid, on whatever port it took);
// started for this command otherwise, and then stopped again unless a server came to use it.
let embedded: EmbeddedDatabase | null = null;
try {
  embedded = config.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dir: `${config.DATA_DIR}/postgres`,
        port: config.EMBEDDED_PG_PORT,
        log: (m) => console.error(m),
      });
} catch (err) {
  console.error(err instanceof EmbeddedPostgresError ? err.message : err);
  process.exit(1);
}
const { db, sql } = connect(config.DATABASE_URL ?? (embedded?.url as string), { max: 2 });
let exitCode = 0;
try {
  await runMigrations(sql, db);
  if (command === 'create') {
    const org = values.org?.trim();
    if (!org || org.length > 100) {
      console.error('create needs --org NAME (1 to 100 characters)');
      exitCode = 2;
    } else {
      const made = await createKey(db, org);
      if (values.json) console.log(JSON.stringify({ organization: org, key: made.key, id: made.keyId }));
      else
        console.log(
          `Created a key for organization "${org}" (id ${made.keyId}). It is shown only now:\n\n  ${made.key}\n`,
        );
    }
  } else if (command === 'revoke') {
    if (!arg) {
      console.error('revoke needs the key or its key_… id');
      exitCode = 2;
    } else if (await revokeKey(db, arg)) console.log('revoked');
    else {
      console.error('no such active key');
      exitCode = 1;
    }
  } else {
    const keys = await listKeys(db);
    if (values.json) console.log(JSON.stringify(keys));
    else
      for (const k of keys) {
        console.log(
          `${k.id}  ${k.prefix}…  ${k.organization}  ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}`,
        );
      }
  }
} finally {
  await sql.end({ timeout: 2 });
  await embedded?.stop();
}
process.exit(exitCode);
