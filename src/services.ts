// The long-lived parts of a Docket process, built once and shared by its api and its workers.
import type { PgBoss } from 'pg-boss';
import type { Config } from './config.ts';
import type { Database, Sql } from './db/client.ts';
import { GroupCommit } from './db/group-commit.ts';
import type { JobEventHub } from './events/hub.ts';

export interface Services {
  config: Config;
  db: Database;
  /** The same pool as `db`, for db/ functions that speak postgres.js. */
  sql: Sql;
  boss: PgBoss;
  hub: JobEventHub;
  /**
   * The process's one group commit (db/group-commit.ts): job creation, the rate limit and
   * the worker's job changes share commits, api and worker alike in role `all`.
   */
  commits: GroupCommit;
}

export function createServices(parts: Omit<Services, 'commits'>): Services {
  return { ...parts, commits: new GroupCommit(parts.db) };
}
