// Postgres's errors as they reach our code: postgres.js's own, or drizzle's wrapping of one (its
// `cause`). What callers branch on is the SQLSTATE `code` and, for our own RAISEs, the message.

export interface PostgresError {
  code: string;
  message: string;
}

/** The Postgres error in `err` (itself or its `cause`), or null when it is none. */
export function postgresErrorOf(err: unknown): PostgresError | null {
  for (const e of [err, (err as { cause?: unknown } | null)?.cause]) {
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return { code, message: String((e as { message?: unknown }).message ?? '') };
    }
  }
  return null;
}
