// Waiting for the database at start: a Docket started before its Postgres (a reboot, a
// compose file without ordering) comes up when the database does, without a restart.
import type { Logger } from 'pino';
import type { Sql } from './client.ts';

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

/** Retries `select 1` with back-off (0.5 s doubling to 5 s) until it answers. */
export async function waitForDatabase(sql: Sql, log: Logger): Promise<void> {
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`;
      if (attempt > 1) log.info({ attempt }, 'database reachable');
      return;
    } catch (err) {
      log.warn({ err, attempt, retryInMs: delay }, 'database not reachable; retrying');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
