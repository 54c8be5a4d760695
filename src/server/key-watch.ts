// Long-lived connections outlive the key check at their start. A revocation heard over NOTIFY
// ends a key's subscriptions at once; and every KEY_RECHECK_SECONDS one query re-checks the keys
// behind this process's open subscriptions (WebSocket and SSE alike), for a NOTIFY that was lost:
// a revoked or deleted key's subscriptions end and its sockets are closed with 4403.
import type { ExecutionResult } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { validKeyIds } from '../auth/keys.ts';
import type { Database } from '../db/client.ts';
import type { Context } from '../graphql/context.ts';

interface Watched {
  holders: number;
  revoked: Promise<void>;
  revoke(): void;
}

export interface KeyLease {
  /** Settles once the key is found revoked; never, if it stays valid. */
  revoked: Promise<void>;
  release(): void;
}

export class KeyWatch {
  readonly #db: Database;
  readonly #log: Logger;
  readonly #keys = new Map<string, Watched>();
  readonly #timer: NodeJS.Timeout;

  constructor(db: Database, log: Logger, intervalSeconds: number) {
    this.#db = db;
    this.#log = log;
    this.#timer = setInterval(() => void this.check(), intervalSeconds * 1000);
    this.#timer.unref();
  }

  watch(keyId: string): KeyLease {
    let entry = this.#keys.get(keyId);
    if (!entry) {
      let revoke!: () => void;
      const revoked = new Promise<void>((resolve) => (revoke = resolve));
      entry = { holders: 0, revoked, revoke };
      this.#keys.set(keyId, entry);
    }
    entry.holders++;
    const held = entry;
    let released = false;
    return {
      revoked: held.revoked,
      release: () => {
        if (released) return;
        released = true;
        held.holders--;
        if (held.holders === 0 && this.#keys.get(keyId) === held) this.#keys.delete(keyId);
      },
    };
  }

  async check(): Promise<void> {
    const ids = [...this.#keys.keys()];
    if (ids.length === 0) return;
    try {
      const stillValid = await validKeyIds(this.#db, ids);
      for (const id of ids) if (!stillValid.has(id)) this.revoked(id);
    } catch (err) {
      // A database hiccup keeps connections open until the next check rather than dropping them.
      this.#log.warn({ err }, 'could not re-check the keys of open subscriptions');
    }
  }

  /** The key was revoked (heard over NOTIFY): its subscriptions end now, not at the next check. */
  revoked(keyId: string): void {
    const entry = this.#keys.get(keyId);
    if (!entry) return;
    this.#keys.delete(keyId);
    entry.revoke();
    this.#log.info({ keyId }, 'key revoked: closing its subscriptions');
  }

  close(): void {
    clearInterval(this.#timer);
  }
}

/** Ends every subscription (SSE or WebSocket) whose key is revoked, with an UNAUTHENTICATED error. */
export function useKeyRevocation(watch: KeyWatch): Plugin {
  return {
    onSubscribe({ args }) {
      const principal = (args.contextValue as unknown as Context).principal;
      if (!principal) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (!(Symbol.asyncIterator in result)) return;
          setResult(endOnRevoke(result, watch.watch(principal.keyId)));
        },
      };
    },
  };
}

/**
 * `source`, ended with an UNAUTHENTICATED error once the key is revoked. A plain iterator
 * rather than a Repeater racing each step against a revocation promise: that race left one
 * reaction on the never-settling promise per event, which grew for as long as the
 * subscription lived (npm run bench -- --only fanout).
 */
function endOnRevoke(
  source: AsyncIterable<ExecutionResult>,
  lease: KeyLease,
): AsyncGenerator<ExecutionResult> {
  const it = source[Symbol.asyncIterator]();
  const done = { done: true, value: undefined } as const;
  const revokedStep = {
    done: false,
    value: {
      errors: [
        createGraphQLError('the API key of this subscription was revoked', {
          extensions: { code: 'UNAUTHENTICATED' },
        }),
      ],
    },
  } as const;
  let state: 'open' | 'revoked' | 'ended' = 'open';
  // Settles the next() in flight, if any, when the key is found revoked.
  let settleWaiting: ((step: IteratorResult<ExecutionResult>) => void) | null = null;
  const end = () => {
    if (state === 'ended') return;
    state = 'ended';
    lease.release();
    void it.return?.();
  };
  void lease.revoked.then(() => {
    if (state !== 'open') return;
    state = 'revoked';
    if (settleWaiting) {
      settleWaiting(revokedStep);
      settleWaiting = null;
      end();
    }
  });
  const wrapped: AsyncGenerator<ExecutionResult> = {
    next: () => {
      if (state === 'ended') return Promise.resolve(done);
      if (state === 'revoked') {
        end();
        return Promise.resolve(revokedStep);
      }
      return new Promise((resolve, reject) => {
        settleWaiting = resolve;
        it.next().then(
          (step) => {
            settleWaiting = null;
            if (step.done) end();
            resolve(step.done ? done : step);
          },
          (err: unknown) => {
            settleWaiting = null;
            end();
            reject(err);
          },
        );
      });
    },
    return: () => {
      end();
      return Promise.resolve(done);
    },
    throw: (err: unknown) => {
      end();
      return Promise.reject(err);
    },
    [Symbol.asyncIterator]: () => wrapped,
    [Symbol.asyncDispose]: async () => end(),
  };
  return wrapped;
}
