// Where the CLI finds its server and key. The CLI is a client program, not the server, so it
// reads its own environment here (src/config.ts stays the server's only env reader).
import { readFileSync } from 'node:fs';
import { DocketError } from '../client/index.ts';

export const DEFAULT_URL = 'http://localhost:4000/graphql';
export const KEY_FILE = '.data/api-key';

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = { ok: 0, failures: 1, usage: 2, connection: 3, interrupted: 130 } as const;

const CONNECTION_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'NETWORK_ERROR', 'CONNECTION_CLOSED'];

export function resolveSettings(flags: { url?: string | undefined; key?: string | undefined }): {
  url: string;
  apiKey: string;
} {
  const url = flags.url ?? process.env.DOCKET_URL ?? DEFAULT_URL;
  let apiKey = flags.key ?? process.env.DOCKET_API_KEY;
  if (!apiKey) {
    try {
      apiKey = readFileSync(KEY_FILE, 'utf8').trim();
    } catch {
      // no key file: reported below
    }
  }
  if (!apiKey) {
    throw new DocketError(
      'UNAUTHENTICATED',
      `no API key: pass --key, set DOCKET_API_KEY, or run where ${KEY_FILE} exists`,
    );
  }
  return { url, apiKey };
}

/** The exit code and message for an error that ends a command. */
export function describeFailure(err: unknown): { code: number; message: string } {
  if (err instanceof UsageError) return { code: EXIT.usage, message: err.message };
  if (err instanceof DocketError) {
    if (CONNECTION_CODES.includes(err.code) || err.code.startsWith('HTTP_')) {
      const hint =
        err.code === 'UNAUTHENTICATED' || err.code === 'FORBIDDEN'
          ? ' (check --key or DOCKET_API_KEY)'
          : ' (check --url or DOCKET_URL, and that Docket is running)';
      return { code: EXIT.connection, message: `${err.code}: ${err.message}${hint}` };
    }
    if (err.code === 'BAD_USER_INPUT') return { code: EXIT.usage, message: `${err.code}: ${err.message}` };
    return { code: EXIT.failures, message: `${err.code}: ${err.message}` };
  }
  return { code: EXIT.failures, message: err instanceof Error ? err.message : String(err) };
}
