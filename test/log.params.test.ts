// A failed query is logged without its parameters (issue 11 item 9): drizzle's error carries
// them in its message, stack and `params`, and they hold what clients sent (a PDF password).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../src/db/client.ts';
import { errorWithoutParameters } from '../src/log.ts';
import { createTestDatabase } from './helpers/database.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let conn: ReturnType<typeof connect>;
beforeAll(async () => {
  database = await createTestDatabase();
  conn = connect(database.url, { max: 1 });
});
afterAll(async () => {
  await conn?.sql.end();
  await database?.drop();
});

it('keeps the SQL and the cause, drops every parameter', async () => {
  const secret = 'hunter2: the, password';
  const err = await conn.db
    .execute(sql`select ${secret}::text, ${JSON.stringify({ password: secret, bad: '\u0000' })}::jsonb`)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(Error);
  // The raw error does carry the secret (what pino's own serializer logged).
  expect(JSON.stringify({ message: (err as Error).message, stack: (err as Error).stack })).toContain(
    'hunter2',
  );
  const logged = JSON.stringify(errorWithoutParameters(err));
  expect(logged).not.toContain('hunter2');
  expect(logged).not.toContain('params:');
  expect(logged).not.toContain('"params"');
  expect(logged).toContain('select $1::text, $2::jsonb');
  expect(logged).toMatch(/unsupported Unicode escape sequence|invalid input syntax/);
});
