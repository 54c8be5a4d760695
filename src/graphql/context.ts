import type { PgBoss } from 'pg-boss';
import type { Principal } from '../auth/keys.ts';
import type { Config } from '../config.ts';
import type { Database, Sql } from '../db/client.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { JobEventHub } from '../events/hub.ts';
import { ApiError } from '../jobs/errors.ts';
import type { Loaders } from './loaders.ts';

/** Long-lived parts every request shares. */
export interface Services {
  config: Config;
  db: Database;
  sql: Sql;
  boss: PgBoss;
  hub: JobEventHub;
  /** Shares commits between concurrent writes (job creation, the rate limit). */
  commits: GroupCommit;
}

export interface Context {
  services: Services;
  principal: Principal | null;
  loaders: Loaders;
  /** Where this request reached the server (scheme://host), for links it hands out. */
  baseUrl: string;
}

/** The caller's organization; every resolver that touches data starts here. */
export function orgOf(ctx: Context): string {
  if (!ctx.principal) {
    throw new ApiError('UNAUTHENTICATED', 'a valid API key is required: Authorization: Bearer dk_…');
  }
  return ctx.principal.organizationId;
}
